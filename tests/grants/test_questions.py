"""Extra questions: composed as a StreamField, answered through ordinary Django form fields."""

from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse

from core.workflow import TransitionRefused
from grants import actions
from grants.questions import extra_question_fields
from tests.factories import ApplicationFactory, CallFactory, make_attachment

pytestmark = pytest.mark.django_db

QUESTIONS = [
    (
        "text",
        {
            "label": "项目创新点",
            "required": True,
            "help_text": "不超过200字",
            "multiline": True,
            "max_length": 200,
        },
    ),
    (
        "number",
        {
            "label": "志愿者人数",
            "required": True,
            "help_text": "",
            "min_value": 0,
            "max_value": None,
            "decimal_places": 0,
        },
    ),
    (
        "choice",
        {
            "label": "服务对象",
            "required": False,
            "help_text": "",
            "choices": ["长者", "儿童", "残障人士"],
            "multiple": True,
        },
    ),
    ("date", {"label": "计划启动日期", "required": False, "help_text": ""}),
    ("file", {"label": "往年项目照片", "required": True, "help_text": "PDF、JPG或PNG"}),
]


@pytest.fixture
def asking_call(db):
    call = CallFactory()
    call.extra_questions = QUESTIONS
    call.save()
    return call


def ids(call):
    return [child.id for child in call.extra_questions]


def test_each_question_becomes_an_ordinary_form_field(asking_call):
    fields = extra_question_fields(asking_call)
    text, number, choice, day, upload = (fields[f"q_{i}"] for i in ids(asking_call))
    assert isinstance(text, forms.CharField) and isinstance(text.widget, forms.Textarea)
    assert (text.label, text.required, text.max_length, text.help_text) == (
        "项目创新点",
        True,
        200,
        "不超过200字",
    )
    assert isinstance(number, forms.DecimalField) and number.decimal_places == 0
    assert isinstance(choice, forms.MultipleChoiceField)
    assert choice.choices == [("长者", "长者"), ("儿童", "儿童"), ("残障人士", "残障人士")]
    assert isinstance(day, forms.DateField) and not day.required
    assert isinstance(upload, forms.FileField) and upload.required
    assert list(extra_question_fields(asking_call, include_files=False)) == [
        f"q_{i}" for i in ids(asking_call)[:4]
    ]


def test_answers_are_saved_as_json_and_shown_again(client, member, asking_call, org_a):
    text_id, number_id, choice_id, date_id, _file_id = ids(asking_call)
    application = ApplicationFactory(call=asking_call, organization=org_a)
    client.force_login(member)
    url = reverse("portal:application_edit", args=[application.pk])
    client.post(
        url,
        {
            f"q_{text_id}": "时间银行",
            f"q_{number_id}": "12",
            f"q_{choice_id}": ["长者", "儿童"],
            f"q_{date_id}": "2025-09-01",
            "team-TOTAL_FORMS": "0",
            "team-INITIAL_FORMS": "0",
            "budget-TOTAL_FORMS": "0",
            "budget-INITIAL_FORMS": "0",
        },
    )
    application.refresh_from_db()
    assert application.extra_answers == {
        text_id: "时间银行",
        number_id: "12",
        choice_id: ["长者", "儿童"],
        date_id: "2025-09-01",
    }
    html = client.get(url).content.decode()
    assert "时间银行</textarea>" in html and 'value="2025-09-01"' in html
    detail = client.get(reverse("portal:application_detail", args=[application.pk]))
    assert "长者、儿童" in detail.content.decode()
    assert date.fromisoformat(application.extra_answers[date_id]) == date(2025, 9, 1)
    assert Decimal(application.extra_answers[number_id]) == 12


def test_required_questions_are_checked_at_submission(asking_call, org_a, owner):
    text_id, _n, _c, _d, file_id = ids(asking_call)
    application = ApplicationFactory(call=asking_call, organization=org_a, complete=True)
    with pytest.raises(TransitionRefused) as refused:
        actions.submit_application(application=application, by=owner)
    assert refused.value.reasons == [
        "请回答补充问题：“项目创新点”；请回答补充问题：“志愿者人数”；请回答补充问题：“往年项目照片”"
    ]
    application.extra_answers = {text_id: "时间银行", ids(asking_call)[1]: "0"}
    application.save()
    make_attachment(application, kind="question", question_key=file_id, title="往年项目照片")
    assert actions.submit_application(application=application, by=owner).state == "submitted"
