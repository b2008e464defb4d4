"""Receivers of signals from lower apps (connected in `NeedsConfig.ready()`)."""

from needs.actions import satisfy_needs_of


def on_application_awarded(sender, *, application, by=None, **kwargs):
    """An application was funded: the needs it answers become 已满足, linked to it."""
    satisfy_needs_of(application, by=by)
