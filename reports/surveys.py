"""Answering a satisfaction survey with a single-use survey code (调查码).

The evaluators (or programme staff) generate codes and hand them to the people the project served:
printed one per slip with a QR code, or sent by SMS (`core.sms`). An answer consumes its code in
the same transaction, so one code gives one answer whatever the browser, cookie or network; the
evaluated organization never sees the codes, and its signed-in members are refused outright.

Codes are 8 characters of a 32-letter alphabet without 0/O/1/I (40 bits): with at most
FAILURE_LIMIT wrong codes per client address an hour (the address as `core.security.lockout`
reads it behind TRUSTED_PROXY_COUNT proxies), guessing one of a few hundred codes is hopeless.
Only failures count, so many respondents behind one proxy are never refused.

No name, phone or IP is kept with an answer.
"""

import logging
import secrets
from decimal import Decimal
from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.security import ratelimit
from core.sms import SmsError, mobile_number, send_sms
from reports.grading import q
from reports.models import CodeChannel, SurveyCode, SurveyResponse

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed from paper
CODE_LENGTH = 8
MAX_BATCH = 300  # codes per request (one printed sheet, one SMS list)
FAILURE_LIMIT = 30
FAILURE_WINDOW = 3600

logger = logging.getLogger(__name__)


class SurveyRefused(Exception):
    pass


class CodeRefused(SurveyRefused):
    """An unknown or used code: counted against the client's guessing allowance."""


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _i in range(CODE_LENGTH))


def normalize_code(text) -> str:
    """What the person typed, upper-case without spaces or dashes (ab2c-d3ef → AB2CD3EF)."""
    return "".join(c for c in str(text or "").upper() if c.isalnum())[: CODE_LENGTH * 2]


def answer_link(survey_url: str, code: SurveyCode) -> str:
    return f"{survey_url}?{urlencode({'code': code.code})}"


# --- Handing codes out ---------------------------------------------------------------------------


def generate_codes(survey, *, count: int, by, channel=CodeChannel.PRINTED) -> list[SurveyCode]:
    """Create `count` (1…MAX_BATCH) new unused codes for `survey`.

    Side effects: SurveyCode rows; an audit entry on the evaluation (the number, not the codes).
    """
    if not 1 <= count <= MAX_BATCH:
        raise SurveyRefused(_("每次可生成 1 至 %(n)s 个调查码") % {"n": MAX_BATCH})
    if not survey.is_open:
        raise SurveyRefused(_("该调查已结束。"))
    with transaction.atomic():
        taken = set(SurveyCode.objects.filter(survey=survey).values_list("code", flat=True))
        fresh: set[str] = set()
        while len(fresh) < count:
            code = new_code()
            if code not in taken:
                fresh.add(code)
        codes = SurveyCode.objects.bulk_create(
            SurveyCode(survey=survey, code=code, channel=channel, created_by=by)
            for code in sorted(fresh)
        )
        log_event(
            survey.evaluation,
            user=by,
            summary=_("生成满意度调查码 %(n)s 个（%(channel)s）")
            % {"n": count, "channel": CodeChannel(channel).label},
        )
    return codes


def parse_phones(text: str) -> list[str]:
    """Mobile numbers, one a line (commas and semicolons also separate); SurveyRefused naming
    the lines that are not mobiles. Duplicates are dropped: one code per person."""
    lines = [p.strip() for p in text.replace(",", "\n").replace("，", "\n").split("\n")]
    lines = [p for part in lines for p in part.replace(";", "\n").replace("；", "\n").split("\n")]
    numbers, wrong = [], []
    for line in filter(None, (p.strip() for p in lines)):
        number = mobile_number(line)
        if number is None:
            wrong.append(line[:30])
        elif number not in numbers:
            numbers.append(number)
    if wrong:
        raise SurveyRefused(_("以下不是11位手机号码：%(lines)s") % {"lines": "、".join(wrong[:10])})
    if not numbers:
        raise SurveyRefused(_("请填写至少一个手机号码"))
    if len(numbers) > MAX_BATCH:
        raise SurveyRefused(_("每次最多发送 %(n)s 条短信") % {"n": MAX_BATCH})
    return numbers


def send_codes_by_sms(survey, *, phones: list[str], survey_url: str, by) -> int:
    """One new code per mobile number, each texted with its link after commit.

    Side effects: SurveyCode rows (channel 短信, no phone kept); an audit entry; texts through
    `core.sms` once the codes are committed. A text the provider refuses leaves its code unused.
    """
    project = survey.evaluation.project.name
    with transaction.atomic():
        codes = generate_codes(survey, count=len(phones), by=by, channel=CodeChannel.SMS)
        messages = [
            (
                phone,
                _(
                    "您好！诚邀您参加“%(project)s”服务满意度调查（匿名）。"
                    "调查码 %(code)s，仅可使用一次：%(link)s"
                )
                % {"project": project, "code": code, "link": answer_link(survey_url, code)},
            )
            for phone, code in zip(phones, codes, strict=True)
        ]
        transaction.on_commit(lambda: _send_all(messages), robust=True)
    return len(codes)


def _send_all(messages) -> None:
    for phone, text in messages:
        try:
            send_sms(phone, text)
        except SmsError:
            # The code stays unused; the evaluator can send another. No number in the log.
            logger.warning("survey code SMS refused by the provider")


def sheet_context(evaluation, survey_url: str) -> dict:
    """The printable sheet: every unused printed code with its link and QR code."""
    from core.security.qr import qr_svg

    codes = evaluation.survey.codes.filter(used_at__isnull=True, channel=CodeChannel.PRINTED)
    slips = [
        {
            "code": str(code),
            "link": answer_link(survey_url, code),
            "qr": qr_svg(answer_link(survey_url, code), label=_("调查码 %s") % code, size_px=110),
        }
        for code in codes
    ]
    return {
        "title": _("服务满意度调查卡"),
        "evaluation": evaluation,
        "project": evaluation.project,
        "survey_url": survey_url,
        "slips": slips,
    }


# --- Answering -----------------------------------------------------------------------------------


def is_evaluated_member(survey, user) -> bool:
    """Any membership of the evaluated organization, whatever its role."""
    from orgs.models import Membership

    if not getattr(user, "is_authenticated", False):
        return False
    organization_id = survey.evaluation.project.organization_id
    return Membership.objects.filter(user=user, organization_id=organization_id).exists()


WRONG_CODES = ratelimit.Limit("survey-code-failures", FAILURE_LIMIT, FAILURE_WINDOW)


def check_guessing(request) -> None:
    """SurveyRefused when this client address has tried too many wrong codes lately."""
    if ratelimit.reached(request, WRONG_CODES):
        raise SurveyRefused(_("调查码错误次数过多，请一小时后再试。"))


def note_failure(request) -> None:
    ratelimit.count(request, WRONG_CODES)


def score_of(answers: dict) -> Decimal:
    """Mean rating (1–5) mapped to 0–100: 5 → 100, 1 → 20."""
    values = list(answers.values())
    return q(Decimal(sum(values)) / Decimal(len(values)) * Decimal(20))


def answer_survey(survey, *, code: str, answers: dict, comment: str, by=None) -> SurveyResponse:
    """Store one anonymous answer, consuming `code`.

    SurveyRefused when the survey is closed or `by` belongs to the evaluated organization;
    CodeRefused for an unknown or already used code. Two submissions racing with one code store
    one answer: the code is taken by a conditional UPDATE in the answer's transaction.
    Side effects: SurveyResponse row; the SurveyCode's used_at.
    """
    if not survey.is_open:
        raise SurveyRefused(_("该调查已结束。"))
    if is_evaluated_member(survey, by):
        raise SurveyRefused(_("您是被评估项目单位的成员，不能填写本项目的满意度调查。"))
    entry = SurveyCode.objects.filter(survey=survey, code=normalize_code(code)).first()
    if entry is None:
        raise CodeRefused(_("调查码不正确，请核对后重新输入（8位字母和数字，不含0、O、1、I）。"))
    used = CodeRefused(_("该调查码已经使用过，每个调查码只能提交一次答卷。"))
    try:
        with transaction.atomic():
            taken = SurveyCode.objects.filter(pk=entry.pk, used_at__isnull=True).update(
                used_at=timezone.now()
            )
            if not taken:
                raise used
            return SurveyResponse.objects.create(
                survey=survey,
                code=entry,
                answers=answers,
                score=score_of(answers),
                comment=comment.strip(),
            )
    except IntegrityError as exc:
        raise used from exc
