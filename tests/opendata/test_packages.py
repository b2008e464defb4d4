"""Every package the platform publishes for the demo validates against the official schemas,
its totals equal the public figures', and no personal data is in it."""

import io
import json
import re
from decimal import Decimal

import pytest

from tests.opendata.demo import seeded_module_data
from tests.opendata.schemas import errors, giving_validator, ocds_validator

pytestmark = pytest.mark.django_db

URI = "http://testserver/open-data/ocds.json"


def _collect(client):
    from grants.models import Application
    from opendata import bulk, giving360, ocds
    from orgs.models import Organization, User
    from projects import figures

    years = figures.award_years()
    data = {
        "years": years,
        "ocds": {y: ocds.release_package(ocds.releases(year=y), uri=URI) for y in [None, *years]},
        "giving": {y: giving360.grants(year=y) for y in [None, *years]},
        "figures": {
            y: (figures.project_count(y).value, figures.award_total(y).value) for y in years
        },
    }
    personal = set()
    for user in User.objects.all():
        personal |= {user.real_name, user.email, getattr(user, "phone", "") or ""}
    for org in Organization.objects.all():
        personal |= {
            org.legal_representative,
            org.contact_name,
            org.contact_email,
            org.contact_phone,
        }
    for app in Application.objects.all():
        personal |= {app.lead_name, app.lead_phone, app.contact_name, app.contact_phone}
        personal.add(app.contact_email)
    from cms.models import AnnouncementPage

    for page in AnnouncementPage.objects.all():
        personal |= {page.contact_name, page.contact_phone}
    data["personal"] = {p for p in personal if p and len(p) >= 2}
    data["queries"] = _queries()
    data["page"] = client.get("/open-data/").content.decode()
    data["files"] = {}
    for year in years:
        for key in bulk.KINDS:
            url = bulk.file_url(year, key)
            response = client.get(url)
            data["files"][(year, key)] = (
                response.status_code,
                response.get("Content-Type"),
                response.content,
            )
    return data


def _queries() -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opendata import giving360, ocds

    counts = {}
    for name, fn in (("ocds", ocds.releases), ("360giving", giving360.grants)):
        with CaptureQueriesContext(connection) as ctx:
            fn()
        counts[name] = len(ctx.captured_queries)
    return counts


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    return seeded_module_data(django_db_blocker, tmp_path_factory.mktemp("demo"), _collect)


def test_ocds_packages_of_the_demo_are_valid(demo):
    validator = ocds_validator()
    assert demo["ocds"][None]["releases"], "the demo publishes purchase announcements"
    for year, package in demo["ocds"].items():
        assert errors(validator, package) == [], year


def test_ocds_release_ids_are_unique_and_under_the_prefix(demo, settings):
    releases = demo["ocds"][None]["releases"]
    ids = [r["id"] for r in releases]
    assert len(ids) == len(set(ids))
    assert all(r["ocid"].startswith(settings.OCDS_OCID_PREFIX + "-") for r in releases)
    assert {t for r in releases for t in r["tag"]} >= {"tender", "award", "contract"}


def test_360giving_packages_of_the_demo_are_valid(demo):
    from opendata.giving360 import grant_package

    validator = giving_validator()
    assert demo["giving"][None], "the demo funds 公益创投 projects"
    for year, grants in demo["giving"].items():
        if grants:
            assert errors(validator, grant_package(grants)) == [], year


def test_360giving_identifiers_follow_the_prefix(demo, settings):
    for grant in demo["giving"][None]:
        assert grant["id"].startswith(settings.GIVING360_PREFIX + "-")
        for org in grant["recipientOrganization"] + grant["fundingOrganization"]:
            assert org["id"].startswith(("CN-USCC-", settings.GIVING360_PREFIX + "-org-"))


def _awards_of_funded_projects(package):
    """(count, total) of the awards of call-backed processes (the funded projects)."""
    awards = [a for r in package["releases"] if "-call-" in r["ocid"] for a in r.get("awards", [])]
    return len(awards), sum(Decimal(str(a["value"]["amount"])) for a in awards)


def test_open_data_totals_equal_the_public_figures(demo):
    assert demo["years"]
    for year in demo["years"]:
        count, total = demo["figures"][year]
        grants = demo["giving"][year]
        n_awards, awarded = _awards_of_funded_projects(demo["ocds"][year])
        assert len(grants) + n_awards == count, year
        granted = sum(Decimal(str(g["amountAwarded"])) for g in grants)
        assert granted + awarded == total, year


PHONE = re.compile(r"(?<![0-9A-Z])(1[3-9]\d{9}|\d{3,4}-\d{7,8})(?![0-9A-Z])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def test_no_personal_data_in_any_package(demo):
    from opendata.giving360 import grant_package

    packages = [demo["ocds"][None], grant_package(demo["giving"][None])]
    for package in packages:
        text = json.dumps(package, ensure_ascii=False)
        leaked = sorted(p for p in demo["personal"] if p in text)
        assert leaked == []
        assert not PHONE.search(text)
        assert not EMAIL.search(text)
        assert "某某" not in text  # the result announcement's review summary names its experts


def test_queries_do_not_grow_with_the_data(demo):
    # Several calls, projects, tranches and pages in the demo: one query each would show here.
    assert demo["queries"]["ocds"] <= 14
    assert demo["queries"]["360giving"] <= 4


def test_open_data_page_lists_every_year_and_the_licence(demo, settings):
    page = demo["page"]
    assert settings.OPEN_DATA_LICENSE["url"] in page
    for year in demo["years"]:
        assert f"/open-data/{year}/ocds-releases-{year}.json" in page
        assert f"/open-data/{year}/open-data-{year}.xlsx" in page


def test_bulk_files_read_back_as_published(demo):
    from openpyxl import load_workbook

    validator = ocds_validator()
    for year in demo["years"]:
        status, content_type, body = demo["files"][(year, "ocds")]
        assert (status, content_type) == (200, "application/json")
        package = json.loads(body)
        assert errors(validator, package) == []
        ids = sorted(r["id"] for r in package["releases"])
        assert ids == sorted(r["id"] for r in demo["ocds"][year]["releases"])
        grants = demo["giving"][year]
        status, _, body = demo["files"][(year, "grants-csv")]
        if grants:
            lines = body.decode("utf-8-sig").strip().splitlines()
            assert len(lines) == 1 + len(grants)
        status, _, body = demo["files"][(year, "xlsx")]
        assert status == 200
        book = load_workbook(io.BytesIO(body))
        sheet = book["公益创投资助"]
        assert sheet.max_row == 1 + len(grants)
        if grants:
            assert isinstance(sheet.cell(row=2, column=11).value, (int, float))
