"""A founding team registers during incubation; its record then links to the organization.

Two routes, by the kind the team became (docs/domain.md §1):

* a legal person (社会团体, 社会服务机构, 基金会) has a Unified Social Credit Code, checked by the
  organization model's USCC validation;
* a filed community group (备案类社区社会组织) is not a legal person and has no USCC: it is known by
  the filing number (备案编号) the street office gave it, and may name the registered organization
  that hosts it (挂靠单位), through which it applies for calls.
"""

import re
import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.audit import log_event
from orgs import uscc
from orgs.incubation import permissions as perms
from orgs.models import Incubation, MemberRole, Membership, Organization, OrgKind

# Street offices word filing numbers their own way ("南山备字〔2024〕第015号", "NSJD-2024-015"):
# only the characters such numbers are made of are accepted, and at least one digit.
FILING_CHARS = re.compile(r"^[0-9A-Z\u4e00-\u9fff()\[\]〔〕【】\-_/]+$")
FILING_MIN, FILING_MAX = 4, 50


def normalize_filing_number(value: str) -> str:
    """Full-width to half-width, upper case, no spaces: the same number however it was typed."""
    text = unicodedata.normalize("NFKC", value or "").upper()
    return re.sub(r"\s+", "", text)


def validate_filing_number(value: str) -> str:
    """The normalized filing number, or ValidationError with a Chinese message."""
    number = normalize_filing_number(value)
    if not number:
        raise ValidationError(_("请填写备案编号"))
    if not FILING_MIN <= len(number) <= FILING_MAX:
        raise ValidationError(
            _("备案编号应为%(min)d至%(max)d个字符") % {"min": FILING_MIN, "max": FILING_MAX}
        )
    if not FILING_CHARS.match(number) or not re.search(r"[0-9]", number):
        raise ValidationError(
            _("备案编号只能由汉字、字母、数字、括号和连字符组成，且须含数字，请按备案证明填写")
        )
    return number


def _host(host_code: str):
    """The registered organization named as host by its USCC, or None when none was given."""
    code = uscc.normalize(host_code or "")
    if not code:
        return None
    host = Organization.objects.filter(uscc=code).first()
    if host is None or not host.is_legal_person:
        raise ValidationError(
            {
                "host_organization": _(
                    "未找到统一社会信用代码为%(code)s的已登记组织，请核对挂靠单位的代码"
                )
                % {"code": code}
            }
        )
    return host


def _existing(code: str, filing_number: str, community: bool):
    if community:
        return Organization.objects.filter(
            kind=OrgKind.COMMUNITY_GROUP, filing_number=filing_number
        ).first()
    return Organization.objects.filter(uscc=code).first() if code else None


def link_registration(
    *,
    incubation,
    by,
    code: str = "",
    name: str = "",
    kind: str = "",
    filing_number: str = "",
    host_code: str = "",
):
    """Link a founding team's record to the organization it registered (or filed) as.

    A legal person is identified by `code` (USCC); a filed community group by `filing_number`
    (and optionally its host's USCC, `host_code`). An organization already known by that
    identifier is linked only for its own members or the base; otherwise a new organization
    record is created with the applicant as its account admin, to be verified like any other.

    Side effects: the organization (if new) and its admin membership; audit entries on both.
    """
    _check(perms.can_link_registration(incubation, by))
    kind = kind or incubation.intended_kind
    community = kind == OrgKind.COMMUNITY_GROUP
    code = uscc.normalize(code or "")
    if community:
        if code:
            raise ValidationError(
                {"uscc": _("备案类社区社会组织不是法人，没有统一社会信用代码，请填写备案编号")}
            )
        try:
            filing_number = validate_filing_number(filing_number)
        except ValidationError as error:
            raise ValidationError({"filing_number": error.messages}) from error
    try:
        with transaction.atomic():
            locked = Incubation.objects.select_for_update().get(pk=incubation.pk)
            _check(perms.can_link_registration(locked, by))
            org = _existing(code, filing_number, community)
            if org is not None:
                if not (perms.is_member(org, by) or perms.can_manage_base(locked.base, by)[0]):
                    raise PermissionDenied(
                        _("该备案编号已由其他账号登记，请由该组织的账号管理员办理关联")
                        if community
                        else _("该统一社会信用代码已由其他账号登记，请由该组织的账号管理员办理关联")
                    )
            else:
                org = Organization(
                    uscc=None if community else code,
                    filing_number=filing_number if community else "",
                    host_organization=_host(host_code) if community else None,
                    name=name or locked.team_name,
                    kind=kind,
                    created_by=by,
                )
                org.full_clean()
                org.save()
                Membership.objects.create(
                    user=locked.applicant, organization=org, role=MemberRole.ADMIN
                )
                log_event(org, user=by, summary=_("筹备团队登记后在孵化记录中登记组织信息"))
            locked.organization = org
            locked.save(update_fields=["organization", "updated_at"])
            log_event(
                locked,
                user=by,
                summary=_("关联登记后的组织：%(name)s（%(code)s）")
                % {"name": org.name, "code": org.uscc or org.filing_number},
            )
    except IntegrityError as exc:
        raise ValidationError(_("该统一社会信用代码已被登记，请重试。")) from exc
    return locked


def _check(decision):
    allowed, reason = decision
    if not allowed:
        raise PermissionDenied(reason)
