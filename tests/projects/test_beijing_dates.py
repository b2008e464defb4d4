"""Every date shown is the Beijing day: an agreement confirmed at 00:30 or 07:44 Beijing time is
still the previous day in UTC, and the public timeline and the contract facts must not say so."""

import datetime
import re
from pathlib import Path

import pytest

from projects.models import FundedProject
from projects.public import contract_facts, milestones

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
UTC = datetime.UTC


@pytest.mark.parametrize(
    ("moment_utc", "beijing_day"),
    [
        (datetime.datetime(2026, 12, 6, 16, 30, tzinfo=UTC), "2026-12-07"),  # 00:30 Beijing
        (datetime.datetime(2026, 12, 6, 23, 44, tzinfo=UTC), "2026-12-07"),  # 07:44 Beijing
        (datetime.datetime(2026, 12, 7, 15, 59, tzinfo=UTC), "2026-12-07"),  # 23:59 Beijing
    ],
)
def test_public_timeline_and_contract_show_the_beijing_day(
    client, running, moment_utc, beijing_day
):
    FundedProject.objects.filter(pk=running.pk).update(agreement_confirmed_at=moment_utc)
    running.refresh_from_db()
    day = datetime.date.fromisoformat(beijing_day)

    assert milestones(running)[0]["date"] == day
    assert contract_facts(running)["signed_on"] == day
    html = client.get(f"/projects/{running.pk}/").content.decode()
    chinese = f"{day.year}年{day.month}月{day.day}日"
    assert f'<time datetime="{beijing_day}">{chinese}</time>' in html


# A moment's `.date()` is its UTC day, and `date.today()` the server's: both are wrong from 00:00
# to 08:00 Beijing time. Application code says `core.formats.beijing_date(moment)` and
# `timezone.localdate()` instead.
UTC_DAY = re.compile(r"(_at|_on|now\(\))\.date\(\)|\bdate\.today\(\)")
APPS = ["config", "core", "orgs", "grants", "review", "projects", "needs", "reports", "cms"]


def test_no_application_code_takes_the_utc_or_server_day():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if UTC_DAY.search(line)
    ]
    assert offenders == []
