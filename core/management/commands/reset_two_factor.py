"""manage.py reset_two_factor <e-mail> — forget someone's authenticator and backup codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.audit import log_event
from core.security.devices import remove_all_devices


class Command(BaseCommand):
    help = (
        "Remove every two-factor device of a user who lost both phone and backup codes; at the "
        "next sign-in they enrol a new authenticator. Check the person's identity first."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        User = get_user_model()
        try:
            user = User._default_manager.get(email__iexact=email.strip())
        except User.DoesNotExist as exc:
            raise CommandError(f"No user with e-mail {email}.") from exc
        removed = remove_all_devices(user)
        log_event(user, user=None, summary="重置两步验证", removed=removed)
        self.stdout.write(f"Removed {removed} two-factor device(s) of {user.email}.")
