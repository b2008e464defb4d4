"""Turn refusals into messages shown on the next page."""

from django.contrib import messages


def flash_errors(request, source) -> None:
    """Show each error of a bound form, a ValidationError or a TransitionRefused."""
    if hasattr(source, "errors") and hasattr(source, "is_bound"):  # a form
        texts = [error for errors in source.errors.values() for error in errors]
    else:
        texts = getattr(source, "messages", None) or getattr(source, "reasons", [str(source)])
    for text in texts:
        messages.error(request, text)
