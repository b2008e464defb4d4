from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "needs"
    verbose_name = "需求库"

    def ready(self):
        from grants.signals import application_awarded
        from needs.admin.policies import register_needs_policies
        from needs.receivers import on_application_awarded

        register_needs_policies()
        application_awarded.connect(on_application_awarded, dispatch_uid="needs.satisfy_on_award")

        # Needs to moderate, on the staff to-do home (core.todo).
        from needs.todo import register_panels

        register_panels()
