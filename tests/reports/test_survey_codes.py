"""Survey codes: generation, the printed sheet (HTML and PDF, read back), SMS through the console
backend and a custom one, and a satisfaction score made only of answers that consumed a code."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.cache import cache
from pypdf import PdfReader

from core import sms
from core.audit import history
from reports.actions import assign_evaluators
from reports.models import CodeChannel, SurveyCode, SurveyResponse
from reports.scoring import satisfaction_rate
from reports.surveys import ALPHABET, MAX_BATCH, SurveyRefused, generate_codes
from tests.reports.conftest import commission

pytestmark = pytest.mark.django_db

ANSWER = {"q1": "5", "q2": "5", "q3": "5", "q4": "5", "q5": "5", "comment": ""}


@pytest.fixture
def started(project, midterm_scheme, agency, staff, agency_admin, agency_evaluator):
    from core.workflow import perform_transition

    cache.clear()
    sms.outbox.clear()
    evaluation = commission(project, midterm_scheme, agency, staff)
    assign_evaluators(evaluation, [agency_evaluator], by=agency_admin)
    return perform_transition(evaluation, "start", by=agency_evaluator)


def test_generated_codes_are_unique_unambiguous_and_bounded(started, agency_evaluator):
    codes = generate_codes(started.survey, count=MAX_BATCH, by=agency_evaluator)
    values = [c.code for c in codes]
    assert len(set(values)) == MAX_BATCH
    assert all(len(v) == 8 and set(v) <= set(ALPHABET) for v in values)
    assert not set("01OI") & set(ALPHABET) and len(ALPHABET) == 32  # 40 bits a code
    assert all(c.used_at is None and c.channel == CodeChannel.PRINTED for c in codes)
    with pytest.raises(SurveyRefused, match="1 至 300"):
        generate_codes(started.survey, count=MAX_BATCH + 1, by=agency_evaluator)
    summary = history(started).first().data["summary"]
    assert "生成满意度调查码 300 个" in summary and values[0] not in summary
    started.survey.is_open = False
    started.survey.save()
    with pytest.raises(SurveyRefused, match="调查已结束"):
        generate_codes(started.survey, count=1, by=agency_evaluator)


def test_evaluator_generates_codes_and_prints_the_sheet(client, started, agency_evaluator):
    client.force_login(agency_evaluator)
    base = f"/portal/evaluations/{started.pk}/survey/"
    assert client.post(f"{base}codes/", {"count": "0"}).status_code == 302
    assert not SurveyCode.objects.exists()
    response = client.post(f"{base}codes/", {"count": "5"})
    assert response["Location"] == f"{base}codes/sheet/"
    codes = list(started.survey.codes.all())
    SurveyResponse.objects.create(survey=started.survey, code=codes[0], answers={}, score=100)
    codes[0].used_at = codes[0].created_at
    codes[0].save()
    sheet = client.get(f"{base}codes/sheet/").content.decode()
    assert sheet.count('<svg width="110" height="110" role="img"') == 4
    link = f"http://testserver/evaluations/survey/{started.survey.token}/?code="
    for code in codes[1:]:
        assert str(code) in sheet and f'aria-label="调查码 {code}"' in sheet
    assert str(codes[0]) not in sheet  # used: not printed again
    pdf = client.get(f"{base}codes/sheet/", {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    assert "服务满意度调查卡" in text and "长者关爱计划" in text
    compact = re.sub(r"\s+", "", text)
    assert all(str(code) in compact for code in codes[1:]) and str(codes[0]) not in compact
    assert link.replace("?code=", "") in compact
    # The QR codes are drawn as vector paths: one filled path group per slip at least.
    page = PdfReader(BytesIO(pdf.content)).pages[0]
    assert page.get_contents().get_data().count(b" re") >= 4


def test_the_qr_link_fills_in_the_code(client, started, agency_evaluator):
    code = generate_codes(started.survey, count=1, by=agency_evaluator)[0]
    page = client.get(f"/evaluations/survey/{started.survey.token}/?code={code.code}")
    assert f'value="{code.code}"' in page.content.decode()


def test_codes_by_sms_through_the_console_backend(
    client, started, agency_evaluator, settings, django_capture_on_commit_callbacks
):
    assert settings.SMS_BACKEND == "core.sms.ConsoleBackend"
    client.force_login(agency_evaluator)
    url = f"/portal/evaluations/{started.pk}/survey/sms/"
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(url, {"phones": "13800138000\n0755-26600000\n电话"}, follow=True)
    assert "以下不是11位手机号码：0755-26600000、电话" in refused.content.decode()
    assert not SurveyCode.objects.exists() and sms.outbox == []
    phones = "138 0013 8000\n+86 139-0013-9000\n13800138000"  # the repeat gets one code
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"phones": phones}, follow=True)
    assert "已向 2 个手机号码发送调查码" in response.content.decode()
    assert [phone for phone, _text in sms.outbox] == ["13800138000", "13900139000"]
    codes = list(started.survey.codes.order_by("pk"))
    assert [c.channel for c in codes] == [CodeChannel.SMS] * 2
    for (_phone, text), code in zip(sms.outbox, codes, strict=True):
        assert str(code) in text and f"?code={code.code}" in text and "长者关爱计划" in text
    # SMS codes are not printed on the sheet.
    assert str(codes[0]) not in client.get(f"{url[:-4]}codes/sheet/").content.decode()


class RecordingBackend:
    sent: list = []

    def send(self, phone, text):
        self.sent.append((phone, text))


def test_sms_backend_is_pluggable_and_numbers_are_checked(settings):
    settings.SMS_BACKEND = f"{__name__}.RecordingBackend"
    sms.send_sms("+86 138-0013-8000", "提醒：报告将于下周五截止。")
    assert RecordingBackend.sent == [("13800138000", "提醒：报告将于下周五截止。")]
    for phone in ("0755-26600000", "12345"):
        with pytest.raises(sms.SmsError, match="11位手机号码"):
            sms.send_sms(phone, "x")
    with pytest.raises(sms.SmsError, match="过长"):
        sms.send_sms("13800138000", "长" * (sms.MAX_LENGTH + 1))
    assert len(RecordingBackend.sent) == 1


def test_satisfaction_counts_only_answers_with_consumed_codes(client, started, agency_evaluator):
    # An answer from before codes existed (migrated): kept, shown as 未验证, not scored.
    SurveyResponse.objects.create(survey=started.survey, answers={}, score=Decimal("20"))
    assert satisfaction_rate(started) is None
    code = generate_codes(started.survey, count=1, by=agency_evaluator)[0]
    client.post(f"/evaluations/survey/{started.survey.token}/", {**ANSWER, "code": code.code})
    assert satisfaction_rate(started) == Decimal("100.00")
    client.force_login(agency_evaluator)
    page = client.get(f"/portal/evaluations/{started.pk}/").content.decode()
    assert "已收到 1 份答卷" in page and "另有 1 份启用调查码之前收到的答卷（未验证）" in page
