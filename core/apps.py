from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "平台基础"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core import admin_fields
        from core import checks as _base_url_check  # noqa: F401  (registers the deploy check)
        from core.models import HolidayArrangement, HolidayArrangementDay
        from core.regions import checks  # noqa: F401  (registers the town data check)
        from core.workdays import forget_arrangements

        admin_fields.register()
        # The approver's panel of the to-do home (core.todo); each app registers its own.
        from core.approval_todo import register_panels

        register_panels()
        # Working days are counted on the entered arrangements: any change drops the cached copy.
        for model in (HolidayArrangement, HolidayArrangementDay):
            for signal in (post_save, post_delete):
                signal.connect(
                    lambda **kwargs: forget_arrangements(),
                    sender=model,
                    weak=False,
                    dispatch_uid=f"workdays-{model.__name__}-{signal is post_save}",
                )

        # The public page cache: every write to a public table replaces its generation token.
        from core.public_cache import generation, signals

        generation.install()
        signals.connect()
