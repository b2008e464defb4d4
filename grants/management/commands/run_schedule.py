"""Run the time-driven transitions that are due (call opening and closing). Idempotent:
schedule it every minute from cron or a systemd timer; running it twice changes nothing twice."""

from django.core.management.base import BaseCommand

from grants.schedule import run_due_transitions


class Command(BaseCommand):
    help = "Perform timed transitions that are due now (calls opening and closing)."

    def handle(self, *args, **options):
        done = run_due_transitions()
        for call, name in done:
            self.stdout.write(f"{call.pk}\t{name}\t{call.title}")
        self.stdout.write(self.style.SUCCESS(f"{len(done)} transition(s) performed."))
