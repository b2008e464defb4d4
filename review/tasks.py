"""Background tasks of the review app: thin wrappers around domain functions."""

from django_tasks import task

from review.archive import store_version_pdf


@task()
def store_version_pdf_task(*, version_id: int) -> int:
    """Lay out and keep the archived PDF of a published 公示 or result; returns its size."""
    return len(store_version_pdf(version_id))
