"""Personas used across the suite: owner/member of org A, outsider of org B, staff, expert, …"""

import os

import pytest
from django.db import connection
from django.test import Client
from hypothesis import Phase
from hypothesis import settings as hypothesis_settings

from core.security.testing import force_login_verified
from orgs.models import MemberRole
from orgs.roles import Role
from tests.factories import (
    GovernmentFactory,
    OrganizationFactory,
    UserFactory,
    add_member,
    default_department,
)

pytest_plugins = ["tests.database_share"]

# Outcomes must not depend on machine load: no per-example time limit.
hypothesis_settings.register_profile("gongyi", deadline=None)
# HYPOTHESIS_PROFILE=triage: report every failing fuzz target quickly, without shrinking examples.
hypothesis_settings.register_profile(
    "triage", deadline=None, phases=[Phase.explicit, Phase.generate]
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "gongyi"))


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Each test stores files in its own folders, so leftovers can be counted."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "private"


@pytest.fixture(autouse=True)
def _fresh_account_mail_limits():
    """Account e-mails are limited per address and client in the cache (orgs.verification): a
    test must not inherit the counts of the tests (and fuzz examples) before it."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _second_person(request, monkeypatch):
    """Two-person approvals (经办/审核, `core.approvals`) are on by default. The suite's tests of
    what a decision, a 公示, an award, a payment, an acceptance or a publication does call those
    actions directly, as a bureau with a single officer does once it switched the second person
    off (a supported setting); tests marked `two_person` run with the real settings (default:
    every action needs an approver), which is where the rule itself is proved."""
    if request.node.get_closest_marker("two_person"):
        return
    from core import approvals
    from core.models import TwoPersonRule

    monkeypatch.setattr(
        approvals,
        "rule_for",
        lambda key: TwoPersonRule(action=key, required=False, reason="单人办理（测试）"),
    )


@pytest.fixture(autouse=True)
def _holiday_arrangements_known(request, monkeypatch):
    """A 公示 reaching into a year without the official holiday arrangement needs a staff
    confirmation (`core.workdays`, issue 18.9). Whether the next year is known depends on the day
    the suite runs (late December: only once an administrator enters it), so the suite counts
    every year as known; tests marked `calendar_coverage` run with the real coverage."""
    if request.node.get_closest_marker("calendar_coverage"):
        return
    from core import workdays

    monkeypatch.setattr(workdays, "uncovered_years", lambda start, end: [])


@pytest.fixture(autouse=True)
def _force_login_completes_two_factor(request, monkeypatch):
    """Staff, experts, evaluators and admins must pass two-factor authentication on every session.

    In tests, `client.force_login(user)` stands for a complete sign-in: for such users it also
    marks the session verified with a confirmed device (`core.security.testing`), the test
    equivalent of typing the authenticator code. Tests marked `real_2fa` get the plain
    force_login, a session that is signed in but not verified, to prove the enforcement.
    """
    if request.node.get_closest_marker("real_2fa"):
        return
    plain = Client.force_login

    def force_login(self, user, backend=None):
        force_login_verified(self, user, backend, force_login=plain)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def private_dir(_private_media):
    return _private_media


@pytest.fixture
def org_a(db):
    return OrganizationFactory(name="阳光社工服务中心")


@pytest.fixture
def org_b(db):
    return OrganizationFactory(name="彩虹社区服务中心")


@pytest.fixture
def owner(org_a):
    user = UserFactory(real_name="张伟", email="owner@example.cn")
    add_member(user, org_a, MemberRole.ADMIN)
    return user


@pytest.fixture
def member(org_a):
    user = UserFactory(real_name="刘洋", email="member@example.cn")
    add_member(user, org_a, MemberRole.MEMBER)
    return user


@pytest.fixture
def outsider(org_b):
    user = UserFactory(real_name="陈静", email="outsider@example.cn")
    add_member(user, org_b, MemberRole.ADMIN)
    return user


@pytest.fixture
def staff(db):
    return UserFactory(real_name="赵科员", email="staff@example.cn", roles=[Role.STAFF])


@pytest.fixture
def expert(db):
    return UserFactory(real_name="孙教授", email="expert@example.cn", roles=[Role.EXPERT])


@pytest.fixture
def evaluator(db):
    return UserFactory(real_name="周评估", email="evaluator@example.cn", roles=[Role.EVALUATOR])


@pytest.fixture
def incubator_manager(db):
    return UserFactory(
        real_name="吴主任", email="incubator@example.cn", roles=[Role.INCUBATOR_MANAGER]
    )


@pytest.fixture
def approver(db):
    """审核人: programme staff who also holds the approver role (经办/审核, `core.approvals`)."""
    return UserFactory(
        real_name="钱审核", email="approver@example.cn", roles=[Role.STAFF, Role.APPROVER]
    )


@pytest.fixture
def admin_user(db):
    return UserFactory(
        real_name="系统管理员", email="root@example.cn", is_superuser=True, is_staff=True
    )


def pytest_collection_modifyitems(config, items):
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(skip_pg)
        # A transactional test flushes the database when it ends, taking the data migrations
        # created (groups, site root) with it; such tests run in their own serial pass.
        db = item.get_closest_marker("django_db")
        if db and db.kwargs.get("transaction"):
            item.add_marker(pytest.mark.serial)


@pytest.fixture(scope="session")
def _serialized_database(django_db_setup, django_db_blocker):
    """The test database's serialized copy, taken at session start (see `demo_site`)."""
    from django.db import connection

    return getattr(connection, "_test_serialized_contents", None)


@pytest.fixture
def restored_migration_rows(_serialized_database):
    """The rows data migrations create (role groups, the site root, shipped schemes …).

    After an earlier transactional test flushed the database, they are not always back when the
    next transactional test starts in the same run (seen on PostgreSQL); restore them from the
    test database's serialized copy first.
    """
    import json

    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    from orgs.roles import Role

    if not Group.objects.filter(name=Role.STAFF.value).exists():
        contents = _serialized_database or getattr(connection, "_test_serialized_contents", None)
        assert contents, "the test database was not serialized (serialized_rollback=True missing?)"
        # Content types first: saving other rows may look them up (and create them if absent).
        rows = sorted(json.loads(contents), key=lambda r: r["model"] != "contenttypes.contenttype")
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        ContentType.objects.clear_cache()
        connection.creation.deserialize_db_from_string(json.dumps(rows))
        # The rows came back with their ids; on PostgreSQL the flush restarted the sequences.
        from django.apps import apps
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(sql)


# --- Departments (issue 21) -------------------------------------------------------------------


@pytest.fixture
def tree(db):
    """深圳市民政局 above 南山区 (the default department, where the staff personas work) and
    福田区: (city, nanshan, futian)."""
    city = GovernmentFactory(name="深圳市民政局", jurisdiction_code="440300")
    nanshan = default_department()
    nanshan.parent_department = city
    nanshan.save()
    futian = GovernmentFactory(
        name="深圳市福田区民政局", jurisdiction_code="440304", parent_department=city
    )
    return city, nanshan, futian


@pytest.fixture
def futian_staff(tree):
    """民政工作人员 of another district: the first department's records are not theirs."""
    return UserFactory(real_name="林科员", roles=[Role.STAFF], departments=[tree[2]])


@pytest.fixture
def city_staff(tree):
    """民政工作人员 of the city bureau: reads the districts' records, acts on none of them."""
    return UserFactory(real_name="市局科员", roles=[Role.STAFF], departments=[tree[0]])
