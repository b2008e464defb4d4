"""申报编号 and 申报回执: numbered per call on first submission, never reused; one receipt per
submission with a digest of the content, as a PDF only the organization and staff can fetch."""

from datetime import datetime, timedelta
from io import BytesIO

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from core.formats import BEIJING
from core.workflow import perform_transition
from grants.documents import application_document
from grants.models import Application, SubmissionReceipt
from grants.models.receipts import content_digest
from tests.factories import ApplicationFactory, CallFactory, OrganizationFactory
from tests.grants.admin_support import INDEX

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(body)).pages)


def submitted(application, by):
    return perform_transition(application, "submit", by=by)


def test_numbers_count_per_call_with_the_year_the_call_opens(call, org_a, org_b, owner, outsider):
    # 00:30 on New Year's Day in Beijing is still the old year in UTC: the Beijing year counts.
    other_call = CallFactory(opens_at=datetime(2026, 1, 1, 0, 30, tzinfo=BEIJING))
    first = submitted(ApplicationFactory(call=call, organization=org_a, complete=True), owner)
    second = submitted(ApplicationFactory(call=call, organization=org_b, complete=True), outsider)
    elsewhere = submitted(
        ApplicationFactory(call=other_call, organization=org_a, complete=True), owner
    )
    year = call.opens_at.astimezone(BEIJING).year
    assert first.submission_number == f"{year}-{call.pk:04d}-0001"
    assert second.submission_number == f"{year}-{call.pk:04d}-0002"
    assert elsewhere.submission_number == f"2026-{other_call.pk:04d}-0001"


def test_a_number_can_not_be_given_twice(call, org_a, owner, draft):
    number = submitted(draft, owner).submission_number
    other = ApplicationFactory(call=call, organization=org_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=other.pk).update(submission_number=number)


def test_withdrawn_number_is_never_reused(call, org_a, owner, draft):
    first = submitted(draft, owner)
    perform_transition(first, "withdraw", by=owner, reason="项目负责人离职")
    again = submitted(ApplicationFactory(call=call, organization=org_a, complete=True), owner)
    assert Application.objects.get(pk=first.pk).submission_number.endswith("-0001")
    assert again.submission_number.endswith("-0002")


def test_resubmission_after_return_keeps_the_number_and_gives_receipt_two(
    draft, owner, staff, django_capture_on_commit_callbacks
):
    first = submitted(draft, owner)
    returned = perform_transition(first, "return_for_completion", by=staff, reason="承诺书未盖章")
    Application.objects.filter(pk=returned.pk).update(summary="补正后的项目概述")
    again = perform_transition(Application.objects.get(pk=returned.pk), "resubmit", by=owner)
    assert again.submission_number == first.submission_number
    receipts = list(again.receipts.order_by("sequence"))
    assert [r.sequence for r in receipts] == [1, 2]
    assert {r.number for r in receipts} == {first.submission_number}
    assert receipts[0].digest != receipts[1].digest
    assert receipts[1].digest == content_digest(again)
    assert receipts[1].submitted_at == again.submitted_at


def test_digest_covers_attachment_files(draft, owner):
    application = submitted(draft, owner)
    before = content_digest(application)
    assert application.attachments.exists()
    application.attachments.update(sha256="f" * 64)
    assert content_digest(application) != before


def test_receipt_pdf_states_number_time_call_organization_and_digest(client, draft, owner):
    application = submitted(draft, owner)
    receipt = application.receipts.get()
    client.force_login(owner)
    url = reverse("portal:application_receipt", args=(application.pk, 1))
    text = pdf_text(client.get(url))
    local = receipt.submitted_at.astimezone(BEIJING)
    assert "申报回执" in text
    assert receipt.number in text
    assert f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}" in text
    assert "2025年南山区公益创投" in text
    assert application.org_snapshot["name"] in text
    assert application.org_snapshot["uscc"] in text
    # A long hex string may be wrapped in the table cell.
    assert receipt.digest in text.replace("\n", "").replace(" ", "")
    assert "第1次提交" in text
    assert SubmissionReceipt.objects.get(pk=receipt.pk).pdf  # kept after the first download


def test_receipt_is_not_found_for_another_organization(client, draft, owner, outsider, staff):
    application = submitted(draft, owner)
    url = reverse("portal:application_receipt", args=(application.pk, 1))
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(staff)
    assert client.get(url).status_code == 200
    assert (
        client.get(reverse("portal:application_receipt", args=(application.pk, 2))).status_code
        == 404
    )


def test_number_shown_on_portal_list_detail_and_application_pdf(client, draft, owner):
    application = submitted(draft, owner)
    client.force_login(owner)
    number = application.submission_number
    assert number in client.get(reverse("portal:application_list")).content.decode()
    detail = client.get(reverse("portal:application_detail", args=(application.pk,)))
    assert number in detail.content.decode()
    assert (
        reverse("portal:application_receipt", args=(application.pk, 1)) in detail.content.decode()
    )
    assert ("申报编号", number) in application_document(application)["cover_rows"]


def test_staff_list_shows_and_searches_the_number(
    client, call, org_b, outsider, draft, owner, staff
):
    mine = submitted(draft, owner)
    theirs = submitted(ApplicationFactory(call=call, organization=org_b, complete=True), outsider)
    client.force_login(staff)
    assert mine.submission_number in client.get(INDEX).content.decode()
    found = client.get(INDEX, {"q": theirs.submission_number})
    assert [a.pk for a in found.context["object_list"]] == [theirs.pk]
    inspect = client.get(f"{INDEX}inspect/{mine.pk}/")
    assert mine.submission_number in inspect.content.decode()


def test_submission_mail_names_the_number(
    draft, owner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted(draft, owner)
    assert f"申报编号：{application.submission_number}" in mailoutbox[0].body


def test_many_submissions_get_consecutive_distinct_numbers(call, owner, org_a):
    numbers = []
    for _i in range(5):
        org = OrganizationFactory()
        from orgs.models import MemberRole
        from tests.factories import add_member

        add_member(owner, org, MemberRole.ADMIN)
        numbers.append(
            submitted(
                ApplicationFactory(call=call, organization=org, complete=True), owner
            ).submission_number
        )
    assert [n[-4:] for n in numbers] == ["0001", "0002", "0003", "0004", "0005"]
    assert len(set(numbers)) == 5


def test_data_migration_numbers_earlier_submissions_in_order(call, org_a, org_b):
    from importlib import import_module

    from django.apps import apps
    from django.utils import timezone

    migration = import_module("grants.migrations.0008_submission_numbers_and_receipts")
    now = timezone.now()
    later = ApplicationFactory(
        call=call,
        organization=org_a,
        state="screening",
        complete=True,
        submitted_at=now,
        first_submitted_at=now,
    )
    earlier = ApplicationFactory(
        call=call,
        organization=org_b,
        state="returned",
        complete=True,
        submitted_at=now - timedelta(days=1),
        first_submitted_at=now - timedelta(days=1),
    )
    migration.number_submitted(apps, None)
    later.refresh_from_db()
    earlier.refresh_from_db()
    assert earlier.submission_number.endswith("-0001")
    assert later.submission_number.endswith("-0002")
    assert later.receipts.get().digest == content_digest(later)
    assert not earlier.receipts.exists()  # edited since it was returned
