"""Two (or twenty) submissions with one survey code at the same instant store one answer: the
code is taken by a conditional UPDATE in the answer's transaction. Threads need PostgreSQL."""

import threading

import pytest
from django.db import connection

from reports.models import SurveyResponse
from reports.surveys import CodeRefused, answer_survey, generate_codes
from tests.reports.conftest import commission

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RACERS = 20


def test_one_code_submitted_at_once_stores_one_answer(
    restored_migration_rows, project, midterm_scheme, agency, staff
):
    survey = commission(project, midterm_scheme, agency, staff).survey
    code = generate_codes(survey, count=1, by=staff)[0].code
    barrier = threading.Barrier(RACERS)
    results = [None] * RACERS

    def run(index):
        barrier.wait(timeout=60)
        try:
            results[index] = answer_survey(
                survey, code=code, answers={"q1": 5, "q2": 5}, comment=""
            )
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    stored = [r for r in results if isinstance(r, SurveyResponse)]
    refused = [r for r in results if isinstance(r, CodeRefused)]
    assert (len(stored), len(refused)) == (1, RACERS - 1), results
    assert {str(r) for r in refused} == {"该调查码已经使用过，每个调查码只能提交一次答卷。"}
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
