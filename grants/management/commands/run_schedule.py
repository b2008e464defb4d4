"""Run the time-driven transitions that are due (call opening and closing, and the jobs of
`grants.schedule.EXTRA_JOBS`) and text the deadline reminders (`grants.reminders`). Idempotent:
schedule it every minute from cron or a systemd timer; running it twice changes nothing twice."""

from django.core.management.base import BaseCommand

from grants.reminders import remind_closing_drafts
from grants.schedule import run_due_transitions


class Command(BaseCommand):
    help = "Perform timed transitions that are due now (calls opening and closing)."

    def handle(self, *args, **options):
        done = run_due_transitions()
        for call, name in done:
            self.stdout.write(f"{call.pk}\t{name}\t{call.title}")
        self.stdout.write(self.style.SUCCESS(f"{len(done)} transition(s) performed."))
        reminded = remind_closing_drafts()
        self.stdout.write(f"{len(reminded)} deadline reminder(s) sent.")
