"""Concurrency on PostgreSQL: row locks in the one door keep submissions exact."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from core.audit import history
from core.workflow import TransitionRefused
from grants import actions
from grants.models import Application, Call
from grants.schedule import run_due_transitions
from orgs.models import MemberRole, User
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


def run_together(workers):
    """Start every worker at the same instant; each thread uses (and closes) its own connection."""
    barrier = threading.Barrier(len(workers))
    results = [None] * len(workers)

    def run(index, work):
        try:
            barrier.wait(timeout=30)
            results[index] = work()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_two_concurrent_submits_of_one_application_exactly_one_succeeds(call, org_a, owner):
    application = ApplicationFactory(call=call, organization=org_a, complete=True)

    def submit():
        fresh = Application.objects.get(pk=application.pk)
        return actions.submit_application(application=fresh, by=User.objects.get(pk=owner.pk))

    results = run_together([submit, submit])
    succeeded = [r for r in results if isinstance(r, Application)]
    refused = [r for r in results if isinstance(r, TransitionRefused)]
    assert len(succeeded) == 1 and len(refused) == 1, results
    assert refused[0].reasons == ["当前状态下不能执行此操作"]
    assert Application.objects.get(pk=application.pk).state == "submitted"
    assert history(application).filter(action="gongyi.transition").count() == 1


def test_two_drafts_of_one_organization_cannot_both_pass_the_limit(call, org_a, owner):
    first = ApplicationFactory(call=call, organization=org_a, complete=True)
    second = ApplicationFactory(call=call, organization=org_a, complete=True)

    def submit(application):
        def work():
            fresh = Application.objects.get(pk=application.pk)
            return actions.submit_application(application=fresh, by=User.objects.get(pk=owner.pk))

        return work

    results = run_together([submit(first), submit(second)])
    refused = [r for r in results if isinstance(r, TransitionRefused)]
    assert len(refused) == 1, results
    assert refused[0].reasons == ["申报数量：每个组织限报1项，已有1项"]
    assert Application.objects.filter(call=call, state="submitted").count() == 1


def test_fifty_organizations_submitting_at_once(call):
    admins = []
    for i in range(50):
        org = OrganizationFactory(name=f"第{i}号社工服务中心")
        user = UserFactory()
        add_member(user, org, MemberRole.ADMIN)
        admins.append((org.pk, user.pk))

    def apply(org_pk, user_pk):
        def work():
            from orgs.models import Organization

            user = User.objects.get(pk=user_pk)
            org = Organization.objects.get(pk=org_pk)
            application = actions.start_application(
                call=Call.objects.get(pk=call.pk), org=org, by=user
            )
            fill_application(application)
            return actions.submit_application(application=application, by=user)

        return work

    results = run_together([apply(*pair) for pair in admins])
    failures = [r for r in results if not isinstance(r, Application)]
    assert failures == []
    submitted = Application.objects.filter(call=call, state="submitted")
    assert submitted.count() == 50
    assert sorted(submitted.values_list("organization_id", flat=True)) == sorted(
        o for o, _u in admins
    )
    assert Application.objects.filter(call=call).count() == 50


def test_scheduled_job_racing_itself_moves_each_call_once():
    now = timezone.now()
    calls = [
        CallFactory(
            state="draft",
            publish_automatically=True,
            opens_at=now - timedelta(hours=2),
            closes_at=now - timedelta(minutes=1),
            completion_deadline=now + timedelta(days=7),
        )
        for _ in range(3)
    ]
    results = run_together([run_due_transitions] * 4)
    assert not [r for r in results if isinstance(r, Exception)], results
    performed = sorted(name for result in results for _call, name in result)
    assert performed == ["close"] * 3 + ["publish"] * 3
    for call in calls:
        assert Call.objects.get(pk=call.pk).state == "closed"
        assert history(call).filter(action="gongyi.transition").count() == 2
    assert run_due_transitions() == []
