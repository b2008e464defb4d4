import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.workflow import perform_transition
from orgs.incubation.public import funded_projects
from projects.entry import save_report
from projects.photos import add_photo, set_photo_public

pytestmark = pytest.mark.django_db

PRIVATE = [
    "探访物资",  # budget line item
    "社工补贴",  # budget line item
    "13800000001",  # lead phone
    "13800000002",  # contact phone
    "contact@example.cn",
    "王芳",  # project lead / team member
    "内部意见：台账不全",  # staff's return reason
    "凭证号",
    "记-031",
]


def jpeg(size=(2400, 1200)) -> SimpleUploadedFile:
    img = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0132] = "2026:03:20 10:00:00"  # DateTime
    out = BytesIO()
    img.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile("活动.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def reported(running, owner, staff):
    from projects.tranches import record_payment
    from tests.projects.conftest import on_day

    with on_day(datetime.date(2026, 3, 10)):
        record_payment(
            running.tranches.get(position=1),
            paid_on=datetime.date(2026, 3, 10),
            voucher_number="记-031",
            by=staff,
        )
    report = running.reports.order_by("due_on").first()
    save_report(
        report,
        by=owner,
        summary="开展长者探访",
        beneficiaries_reached=80,
        problems="",
        activities=[
            {
                "held_on": datetime.date(2026, 3, 20),
                "place": "红花园社区",
                "participants": 30,
                "description": "探访独居长者",
            }
        ],
        spending={running.budget_lines.get(position=1): Decimal("8000.00")},
    )
    report = perform_transition(report, "submit", by=owner)
    report = perform_transition(
        report, "return_for_revision", by=staff, reason="内部意见：台账不全"
    )
    report = perform_transition(report, "submit", by=owner)
    report = perform_transition(report, "approve", by=staff)
    shown = add_photo(report, jpeg(), caption="探访现场", by=owner)
    set_photo_public(shown, public=True, by=staff)
    hidden = add_photo(report, jpeg((800, 600)), caption="内部台账照片", by=owner)
    return running, shown, hidden


def test_photos_are_cleaned_and_resized(reported):
    _project, shown, _hidden = reported
    with shown.image.open("rb") as f:
        img = Image.open(BytesIO(f.read()))
        assert max(img.size) == 1600
        assert not img.getexif()


def test_public_directory_and_page_show_progress_without_private_data(client, reported):
    project, shown, hidden = reported
    listing = client.get("/projects/")
    assert listing.status_code == 200
    page = client.get(f"/projects/{project.pk}/")
    html = page.content.decode()
    assert project.name in html and "阳光社工服务中心" in html and "100,000.00" in html
    assert "2026年第1季度报告" in html  # approved report as a milestone
    assert f"/projects/photos/{shown.pk}/" in html
    assert f"/projects/photos/{hidden.pk}/" not in html and "内部台账照片" not in html
    for text in (listing.content.decode(), html):
        for secret in PRIVATE:
            assert secret not in text, secret


def test_public_photo_only_when_marked_public(client, reported):
    _project, shown, hidden = reported
    assert client.get(f"/projects/photos/{shown.pk}/").status_code == 200
    assert client.get(f"/projects/photos/{hidden.pk}/").status_code == 404


def test_project_awaiting_agreement_is_listed_but_has_no_page(client, project):
    # The 立项结果 published it, so the directory lists it (the figures count it); its page
    # opens once the agreement is signed.
    assert client.get(f"/projects/{project.pk}/").status_code == 404
    listing = client.get("/projects/").content.decode()
    assert f"<td>{project.name}</td>" in listing
    assert f"/projects/{project.pk}/" not in listing


def test_directory_filters_by_state_and_year(client, running):
    assert running.name in client.get("/projects/?state=in_progress&year=2026").content.decode()
    assert running.name not in client.get("/projects/?state=closed").content.decode()
    assert running.name not in client.get("/projects/?year=2025").content.decode()


def test_directory_query_count_is_flat(client, running, django_assert_max_num_queries):
    from tests.factories import make_funded_project

    for _i in range(5):
        p = make_funded_project(call=running.call)
        from projects.models import FundedProject

        FundedProject.objects.filter(pk=p.pk).update(state="in_progress")
    with django_assert_max_num_queries(12):
        client.get("/projects/")


def test_incubated_organization_page_lists_its_funded_projects(running, org_a):
    entries = funded_projects(org_a)
    assert entries == [
        {
            "title": running.name,
            "year": 2026,
            "amount": Decimal("100000.00"),
            "state": "实施中",
            "url": f"/projects/{running.pk}/",
        }
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["9" * 20, "9" * 5000, "٣", "²"])
def test_directory_ignores_numbers_no_row_can_have(client, number):
    response = client.get("/projects/", {"call": number, "year": number})
    assert response.status_code == 200
