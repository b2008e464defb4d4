"""Every admin inspect page and listing of ours shows date-times in Beijing time (TIME_ZONE
Asia/Shanghai).

Wagtail's generic inspect template renders `{{ field.value|localize }}`, which never converts an
aware date-time to local time; `core.admin.BeijingTimeInspectMixin` does it for every view. The
listings' date-time columns format with `iso_time` themselves (staff style, 2025-03-02 00:30).
"""

import datetime

import pytest

from orgs.models import OrgKind
from reports.models import EvaluationScheme
from tests.factories import ApplicationFactory, CallFactory, NeedFactory, OrganizationFactory
from tests.orgs.incubation_support import make_base, org_application
from tests.reports.conftest import MIDTERM_SCHEME, commission, make_running_project

# Late in the UTC evening: in Beijing (UTC+8) it is already the next day.
MOMENT = datetime.datetime(2025, 3, 1, 16, 30, tzinfo=datetime.UTC)
BEIJING_TEXT = "2025-03-02 00:30"
UTC_TEXTS = ("2025-03-01 16:30", "3月1日 16:30")


def _call(staff):
    return CallFactory(), "calls", "opens_at"


def _organization(staff):
    return OrganizationFactory(), "organizations", "verified_at"


def _incubation(staff):
    base = make_base(by=staff)
    org = OrganizationFactory()
    return org_application(base, org, staff), "incubations", "submitted_at"


def _evaluation(staff):
    agency = OrganizationFactory(kind=OrgKind.EVALUATION_AGENCY)
    scheme = EvaluationScheme.objects.get(name=MIDTERM_SCHEME)
    return commission(make_running_project(), scheme, agency, staff), "evaluations", "submitted_at"


def _report(staff):
    evaluation, _, _ = _evaluation(staff)
    return evaluation.report, "performance_reports", "reviewed_at"


CASES = {
    "call": _call,
    "organization": _organization,
    "incubation": _incubation,
    "evaluation": _evaluation,
    "report": _report,
}


def _shows_beijing_time(client, staff, obj, field, url):
    type(obj).objects.filter(pk=obj.pk).update(**{field: MOMENT})
    client.force_login(staff)

    response = client.get(url)

    assert response.status_code == 200
    content = response.content.decode()
    assert BEIJING_TEXT in content
    for text in UTC_TEXTS:
        assert text not in content


@pytest.mark.parametrize("case", CASES)
def test_inspect_page_shows_date_times_in_beijing_time(client, staff, case):
    obj, prefix, field = CASES[case](staff)
    _shows_beijing_time(client, staff, obj, field, f"/admin/{prefix}/inspect/{obj.pk}/")


def _submitted_application(staff):
    return ApplicationFactory(state="submitted"), "applications", "submitted_at"


def _submitted_need(staff):
    return NeedFactory(state="submitted"), "needs", "submitted_at"


LISTINGS = {
    "call": _call,
    "application": _submitted_application,
    "need": _submitted_need,
}


@pytest.mark.parametrize("case", LISTINGS)
def test_listing_shows_date_times_in_beijing_time(client, staff, case):
    obj, prefix, field = LISTINGS[case](staff)
    _shows_beijing_time(client, staff, obj, field, f"/admin/{prefix}/")


def test_staff_cannot_choose_another_time_zone_for_the_admin(client, staff):
    """The admin offers only Beijing time (WAGTAIL_USER_TIME_ZONES): template times ("Y-m-d
    H:i") are then in Beijing time for everyone."""
    client.force_login(staff)
    form = client.get("/admin/account/").text
    assert 'name="locale-preferred_language"' in form
    assert "current_time_zone" not in form
    application = ApplicationFactory(state="submitted")
    type(application).objects.filter(pk=application.pk).update(submitted_at=MOMENT)

    content = client.get(f"/admin/applications/inspect/{application.pk}/").text

    assert "2025-03-02 00:30" in content
    assert "2025-03-01 16:30" not in content
