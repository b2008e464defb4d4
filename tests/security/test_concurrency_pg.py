"""Concurrency on PostgreSQL at the issue's scale (tests/grants/test_concurrency.py does 2 and 50).

* 50 threads fire the same transition of one object at the same instant → exactly one succeeds,
  the other 49 are refused, and the audit trail has one entry — for each kind of object whose
  transition people can race on (an application, an organization's verification, a call).
* 200 organizations submit to one call within the same minute, each with a double click
  (two requests at once) → 200 submitted applications, each stored exactly once.

Threads share nothing but the database; each uses (and closes) its own connection. The pool is
bounded (PostgreSQL allows 100 connections by default and other tests may be connected).
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from core.audit import history
from core.workflow import TransitionRefused, perform_transition
from grants import actions
from grants.models import Application, Call
from orgs.models import MemberRole, Organization, User
from orgs.roles import Role
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    OrganizationFactory,
    UserFactory,
    add_member,
    fill_application,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RACERS = 50
ORGANIZATIONS = 200
POOL = 40  # concurrent connections for the 200-organization minute


def _closing(work):
    def run():
        try:
            return work()
        except Exception as exc:
            return exc
        finally:
            connection.close()

    return run


def race(work, n=RACERS):
    """Run `work` in `n` threads released at the same instant by a barrier."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(index):
        barrier.wait(timeout=60)
        results[index] = _closing(work)()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return results


def _transition_race(model, pk, name, user_pk, act=None):
    def work():
        obj = model.objects.get(pk=pk)
        by = User.objects.get(pk=user_pk)
        if act:
            return act(obj, by)
        return perform_transition(obj, name, by=by)

    results = race(work)
    done = [r for r in results if isinstance(r, model)]
    refused = [r for r in results if isinstance(r, TransitionRefused | PermissionDenied)]
    others = [r for r in results if r not in done and r not in refused]
    return done, refused, others


def test_fifty_submits_of_one_application_exactly_one_succeeds():
    call = CallFactory()
    org = OrganizationFactory()
    owner = UserFactory()
    add_member(owner, org, MemberRole.ADMIN)
    application = ApplicationFactory(call=call, organization=org, complete=True)

    done, refused, others = _transition_race(
        Application,
        application.pk,
        "submit",
        owner.pk,
        act=lambda obj, by: actions.submit_application(application=obj, by=by),
    )
    assert (len(done), len(refused), others) == (1, RACERS - 1, [])
    assert {str(r.reasons[0]) for r in refused} == {"当前状态下不能执行此操作"}
    assert Application.objects.get(pk=application.pk).state == "submitted"
    assert history(application).filter(action="gongyi.transition").count() == 1


def test_fifty_staff_approving_one_organization_exactly_one_succeeds():
    org = OrganizationFactory()
    Organization.objects.filter(pk=org.pk).update(state="pending")
    staff = UserFactory(roles=[Role.STAFF])

    done, refused, others = _transition_race(Organization, org.pk, "approve", staff.pk)
    assert (len(done), len(refused), others) == (1, RACERS - 1, [])
    fresh = Organization.objects.get(pk=org.pk)
    assert fresh.state == "verified" and fresh.verified_at is not None
    assert history(org).filter(action="gongyi.transition").count() == 1


def test_fifty_closes_of_one_call_exactly_one_succeeds():
    now = timezone.now()
    call = CallFactory(opens_at=now - timedelta(days=30), closes_at=now - timedelta(minutes=1))
    staff = UserFactory(roles=[Role.STAFF])

    done, refused, others = _transition_race(Call, call.pk, "close", staff.pk)
    assert (len(done), len(refused), others) == (1, RACERS - 1, [])
    assert Call.objects.get(pk=call.pk).state == "closed"
    assert history(call).filter(action="gongyi.transition").count() == 1


def test_two_hundred_organizations_submitting_in_the_same_minute_stored_once():
    call = CallFactory(total_budget=Decimal("100000000.00"))
    people = []
    for i in range(ORGANIZATIONS):
        org = OrganizationFactory(name=f"第{i}号社会工作服务中心")
        user = UserFactory()
        add_member(user, org, MemberRole.ADMIN)
        people.append((org.pk, user.pk))

    def apply(org_pk, user_pk):
        def work():
            user = User.objects.get(pk=user_pk)
            org = Organization.objects.get(pk=org_pk)
            application = actions.start_application(
                call=Call.objects.get(pk=call.pk), org=org, by=user
            )
            fill_application(application)
            return application.pk

        return work

    def submit(application_pk, user_pk):
        def work():
            return actions.submit_application(
                application=Application.objects.get(pk=application_pk),
                by=User.objects.get(pk=user_pk),
            )

        return work

    started = time.monotonic()
    with ThreadPoolExecutor(POOL) as pool:
        drafts = list(pool.map(lambda p: _closing(apply(*p))(), people))
        assert [d for d in drafts if not isinstance(d, int)] == []
        # Every organization clicks "submit" twice at once: both requests race.
        jobs = [submit(pk, user_pk) for pk, (_o, user_pk) in zip(drafts, people, strict=True)]
        results = list(pool.map(lambda job: _closing(job)(), jobs + jobs))
    elapsed = time.monotonic() - started

    submitted = [r for r in results if isinstance(r, Application)]
    refused = [r for r in results if isinstance(r, TransitionRefused)]
    assert len(submitted) == ORGANIZATIONS, [r for r in results if isinstance(r, Exception)][:5]
    assert len(refused) == ORGANIZATIONS
    assert elapsed < 60, f"200 organizations took {elapsed:.1f}s, not the same minute"
    stored = Application.objects.filter(call=call)
    assert stored.count() == ORGANIZATIONS
    assert stored.filter(state="submitted").count() == ORGANIZATIONS
    assert sorted(stored.values_list("organization_id", flat=True)) == sorted(o for o, _ in people)
    for application in stored.order_by("?")[:20]:
        assert history(application).filter(action="gongyi.transition").count() == 1
