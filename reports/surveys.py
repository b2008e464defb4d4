"""Answering a satisfaction survey without identity: one answer per person as far as can be
checked, rate-limited, and the results feeding the satisfaction indicator.

No name, phone or raw IP is kept. Two salted hashes recognise a repeat:
* the browser key — a random id in a signed cookie, set on the first answer;
* the network key — hash of IP + User-Agent, so clearing cookies in the same browser on the
  same network is still caught. (People sharing one phone or one Wi-Fi with the same browser
  build may be refused; the page says so and points to the organization's paper form.)
Each IP may submit at most RATE_LIMIT answers per hour across all surveys.
"""

import hashlib
import io
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from reports.grading import q
from reports.models import SurveyResponse

COOKIE = "gongyi_survey"
COOKIE_SALT = "reports.survey"
RATE_LIMIT = 20
RATE_WINDOW = 3600


class SurveyRefused(Exception):
    pass


def _hash(*parts) -> str:
    text = "|".join([settings.SECRET_KEY, *map(str, parts)])
    return hashlib.sha256(text.encode()).hexdigest()


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def browser_id(request) -> tuple[str, bool]:
    """The signed cookie's random id, or a new one (True when it must be set)."""
    value = request.get_signed_cookie(COOKIE, default=None, salt=COOKIE_SALT)
    if value:
        return value, False
    return secrets.token_urlsafe(16), True


def keys(request, survey, browser: str) -> tuple[str, str]:
    ua = request.META.get("HTTP_USER_AGENT", "")
    return _hash(survey.pk, "browser", browser), _hash(survey.pk, "net", client_ip(request), ua)


def already_answered(request, survey) -> bool:
    browser, _new = browser_id(request)
    browser_key, network_key = keys(request, survey, browser)
    return (
        SurveyResponse.objects.filter(survey=survey)
        .filter(models_q(browser_key=browser_key) | models_q(network_key=network_key))
        .exists()
    )


def models_q(**kwargs):
    from django.db.models import Q

    return Q(**kwargs)


def check_rate(request) -> None:
    key = f"survey-rate:{_hash(client_ip(request))}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    if count > RATE_LIMIT:
        raise SurveyRefused(_("提交过于频繁，请稍后再试。"))


def score_of(answers: dict) -> Decimal:
    """Mean rating (1–5) mapped to 0–100: 5 → 100, 1 → 20."""
    values = list(answers.values())
    return q(Decimal(sum(values)) / Decimal(len(values)) * Decimal(20))


def record_response(
    request, survey, *, answers: dict, comment: str, browser: str
) -> SurveyResponse:
    """Store one anonymous answer; SurveyRefused if closed, repeated or too frequent."""
    if not survey.is_open:
        raise SurveyRefused(_("该调查已结束。"))
    check_rate(request)
    browser_key, network_key = keys(request, survey, browser)
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(
                survey=survey,
                answers=answers,
                score=score_of(answers),
                comment=comment.strip(),
                browser_key=browser_key,
                network_key=network_key,
            )
    except IntegrityError as exc:
        raise SurveyRefused(_("您已提交过本调查，感谢参与。")) from exc


def qr_png(url: str) -> bytes:
    import qrcode

    image = qrcode.make(url, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
