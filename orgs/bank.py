"""The organization's payee bank account (户名、开户行、账号), as printed in funding agreements
and payment notices. The first entry needs no reason; every later change needs one and the audit
entry keeps the old and new values, who changed them and why."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import log_event
from orgs.models import Organization

FIELDS = ("bank_account_name", "bank_name", "bank_account_number")
# Chinese bank account numbers (对公账号) run from 8 to 30 digits; people type them in groups.
ACCOUNT_NUMBER = re.compile(r"^[0-9]{8,30}$")


def normalize_account_number(value: str) -> str:
    """Full-width digits become ASCII, spaces and hyphens between groups go."""
    value = unicodedata.normalize("NFKC", value or "")
    return re.sub(r"[\s-]", "", value)


def clean_account(*, account_name: str, bank_name: str, account_number: str) -> dict:
    """The three values normalized, or ValidationError with a Chinese message."""
    account_name = (account_name or "").strip()
    bank_name = (bank_name or "").strip()
    number = normalize_account_number(account_number)
    errors = {}
    if not account_name:
        errors["bank_account_name"] = _("请填写户名")
    if not bank_name:
        errors["bank_name"] = _("请填写开户行")
    if not ACCOUNT_NUMBER.match(number):
        errors["bank_account_number"] = _("账号应为8至30位数字（可含空格分组）")
    if errors:
        raise ValidationError(errors)
    return {
        "bank_account_name": account_name,
        "bank_name": bank_name,
        "bank_account_number": number,
    }


def set_bank_account(
    org, *, by, account_name: str, bank_name: str, account_number: str, reason: str = ""
) -> Organization:
    """Enter or change the payee account of `org`. A change of an account already entered needs
    `reason`; unchanged values write nothing. Audited with old and new values."""
    values = clean_account(
        account_name=account_name, bank_name=bank_name, account_number=account_number
    )
    reason = (reason or "").strip()
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=org.pk)
        old = {field: getattr(org, field) for field in FIELDS}
        if old == values:
            return org
        first = not any(old.values())
        if not first and not reason:
            raise ValidationError({"reason": _("变更已登记的收款账户须填写变更原因")})
        Organization.objects.filter(pk=org.pk).update(**values)
        for field, value in values.items():
            setattr(org, field, value)
        log_event(
            org,
            user=by,
            summary=_("登记收款账户") if first else _("变更收款账户"),
            old=old,
            new=values,
            reason=reason,
        )
    return org
