"""Concurrent first submissions to one call on PostgreSQL: the locked counter row hands out
distinct, consecutive 申报编号."""

import pytest

from grants import actions
from grants.models import Application
from orgs.models import MemberRole, User
from tests.factories import ApplicationFactory, OrganizationFactory, UserFactory, add_member
from tests.grants.test_concurrency import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_ten_organizations_submitting_at_once_get_distinct_consecutive_numbers(call):
    drafts = []
    for i in range(10):
        org = OrganizationFactory(name=f"第{i}号社工服务中心")
        user = UserFactory()
        add_member(user, org, MemberRole.ADMIN)
        drafts.append((ApplicationFactory(call=call, organization=org, complete=True).pk, user.pk))

    def submit(application_pk, user_pk):
        def work():
            return actions.submit_application(
                application=Application.objects.get(pk=application_pk),
                by=User.objects.get(pk=user_pk),
            )

        return work

    results = run_together([submit(*pair) for pair in drafts])
    assert [r for r in results if not isinstance(r, Application)] == []
    numbers = sorted(
        Application.objects.filter(call=call).values_list("submission_number", flat=True)
    )
    assert [n[-4:] for n in numbers] == [f"{i:04d}" for i in range(1, 11)]
    assert Application.objects.filter(call=call, receipts__sequence=1).count() == 10
