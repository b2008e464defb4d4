"""Background tasks of the grants app: thin wrappers around domain functions."""

from django_tasks import task

from grants.schedule import run_due_transitions


@task()
def run_schedule() -> int:
    """The scheduler as a task; the same work as `manage.py run_schedule`."""
    return len(run_due_transitions())
