"""Background tasks of the projects app: thin wrappers around domain functions."""

from django_tasks import task

from projects.agreement import store_agreement_pdf


@task()
def store_agreement_pdf_task(*, project_id: int) -> int:
    """Lay out and keep the confirmed agreement of a project; returns the PDF's size."""
    return len(store_agreement_pdf(project_id))


@task()
def store_payment_notice_pdf_task(*, notice_id: int) -> int:
    """Lay out and keep a payment notice (拨付通知); returns the PDF's size."""
    from projects.notices import store_payment_notice_pdf

    return len(store_payment_notice_pdf(notice_id))
