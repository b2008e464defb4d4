"""Background tasks of the reports app: thin wrappers around domain functions."""

from django_tasks import task

from reports.generation import run_generation


@task()
def generate_report_task(*, report_id: int, token: str) -> str:
    return run_generation(report_id, token)
