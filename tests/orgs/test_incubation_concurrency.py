"""Concurrency on PostgreSQL: the base row lock keeps the last desk for exactly one admission."""

import threading

import pytest
from django.db import connection

from core.workflow import TransitionRefused
from orgs.incubation import actions
from orgs.models import Incubation, User
from tests.orgs.incubation_support import make_base, move, new_org_with_admin, org_application, pdf

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_together(workers):
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


def test_two_admissions_for_the_last_desk_exactly_one_succeeds(incubator_manager):
    base = make_base(managers=[incubator_manager], desks=1)
    waiting = []
    for name in ("甲社工服务中心", "乙社工服务中心"):
        org, admin = new_org_with_admin(name)
        incubation = move(org_application(base, org, admin), "submit", by=admin)
        waiting.append(move(incubation, "start_review", by=incubator_manager))

    def admit(pk, desk):
        def work():
            return actions.admit(
                incubation=Incubation.objects.get(pk=pk),
                by=User.objects.get(pk=incubator_manager.pk),
                placement="physical",
                desk_number=desk,
                agreement=pdf(),
            )

        return work

    results = run_together([admit(waiting[0].pk, "A-01"), admit(waiting[1].pk, "A-02")])
    admitted = [r for r in results if isinstance(r, Incubation)]
    refused = [r for r in results if isinstance(r, TransitionRefused)]
    assert len(admitted) == 1 and len(refused) == 1, results
    assert refused[0].reasons == [
        "该基地实体孵化工位已满，不能再以实体孵化方式入驻（可改为虚拟孵化）"
    ]
    assert base.occupied_desks() == 1
    assert Incubation.objects.filter(state="reviewing").count() == 1
