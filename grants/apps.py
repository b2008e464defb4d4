from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = "征集与申报"

    def ready(self):
        from grants.eligibility import register_incubation_check
        from orgs.incubation import is_incubated

        # The "incubated organizations admitted" rule asks the incubation records.
        register_incubation_check(is_incubated)

        # Applications to screen and calls closing, on the staff to-do home (core.todo).
        from grants.todo import register_panels

        register_panels()
