"""E-mail base managers about assessments due soon and overdue answers. Idempotent per day:
schedule it daily (or more often); a base hears at most once a day."""

from django.core.management.base import BaseCommand

from orgs.incubation.reminders import send_reminders


class Command(BaseCommand):
    help = "Remind incubation base managers of assessments due and applications awaiting answer."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=14, help="Assessments due within this many days."
        )

    def handle(self, *args, days, **options):
        sent = send_reminders(days=days)
        for base, due in sent:
            self.stdout.write(
                f"{base.pk}\t{base.name}\t"
                f"assessments={len(due['assessments'])}\toverdue={len(due['overdue'])}"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(sent)} reminder(s) sent."))
