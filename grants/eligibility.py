"""May this organization apply to this call? Every failing rule is named with its reason.

`check_eligibility(org, call)` runs the rules the call switched on (see
`grants.models.call_rules.EligibilityRules`) and returns a `RuleFailure` for each one that fails;
an empty list means the organization may apply. The same list is shown before an application is
started and again, as the refusal of the submit transition, when it is submitted.

Two rules consult hooks registered by other parts of the platform (in their `AppConfig.ready()`),
so `grants` need not know them:
* `register_incubation_check(fn)`: `fn(org, on: date) -> bool` — is `org` incubated (or
  graduated) on `on`? With none registered nobody counts as incubated.
* `register_unfinished_project_check(fn)`: `fn(org, call, on: date) -> list[str]` — descriptions
  of earlier funded projects that bar `org`. The funded projects themselves answer it
  (`projects.eligibility.open_projects`: any project not closed out, in any call).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import regions
from grants.models import Application, ApplicationState
from grants.models.call_rules import in_regions
from orgs.models import OrgKind, OrgStatus, VerificationState
from orgs.sanctions import active_sanctions


@dataclass(frozen=True)
class RuleFailure:
    rule: str  # stable code, e.g. "min_grade"
    label: str  # the rule's name as people know it
    reason: str

    def __str__(self):
        return f"{self.label}：{self.reason}"


# --- Hooks ---------------------------------------------------------------------------------------

_incubation_checks: list[Callable] = []


def register_incubation_check(fn: Callable) -> Callable:
    if fn not in _incubation_checks:
        _incubation_checks.append(fn)
    return fn


def unregister_incubation_check(fn: Callable) -> None:
    if fn in _incubation_checks:
        _incubation_checks.remove(fn)


def is_incubated(org, on: date) -> bool:
    return any(check(org, on) for check in _incubation_checks)


_unfinished_project_checks: list[Callable] = []


def register_unfinished_project_check(fn: Callable) -> Callable:
    if fn not in _unfinished_project_checks:
        _unfinished_project_checks.append(fn)
    return fn


def unregister_unfinished_project_check(fn: Callable) -> None:
    if fn in _unfinished_project_checks:
        _unfinished_project_checks.remove(fn)


# --- Rules ---------------------------------------------------------------------------------------


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _kind_labels(kinds) -> str:
    labels = dict(OrgKind.choices)
    return "、".join(str(labels.get(k, k)) for k in kinds)


def _registration(org, call, on, application):
    """Always on: a deregistered or revoked organization no longer exists in law."""
    if org.status in (OrgStatus.DEREGISTERED, OrgStatus.REVOKED) or org.state in (
        VerificationState.DEREGISTERED,
        VerificationState.REVOKED,
    ):
        return _("组织已注销或被撤销登记，不得申报")


def _region_names(codes) -> str:
    return "、".join(regions.full_name(code) for code in codes)


def _region(org, call, on, application):
    if call.allowed_region_codes and not in_regions(org.region_code, call.allowed_region_codes):
        return _("本次征集限登记地为%(regions)s的组织申报，本组织登记地为%(own)s") % {
            "regions": _region_names(call.allowed_region_codes),
            "own": regions.full_name(org.region_code) or _("未填写"),
        }


def _org_kind(org, call, on, application):
    if call.allowed_org_kinds and org.kind not in call.allowed_org_kinds:
        return _("本次征集仅限%(allowed)s申报，本组织为%(kind)s") % {
            "allowed": _kind_labels(call.allowed_org_kinds),
            "kind": org.get_kind_display(),
        }


def _verified(org, call, on, application):
    if call.require_verified and not org.is_verified:
        return _("组织尚未通过平台认证（当前状态：%(state)s）") % {"state": org.get_state_display()}


def _years_registered(org, call, on, application):
    years = call.min_years_registered
    if not years or (call.admit_incubated and is_incubated(org, on)):
        return None
    if org.founded_on is None:
        return _("须成立满%(years)d年，组织登记信息缺少成立日期，无法核验") % {"years": years}
    due = _add_years(org.founded_on, years)
    if on < due:
        return _("须成立满%(years)d年（本组织成立于%(founded)s，%(due)s起方满%(years)d年）") % {
            "years": years,
            "founded": f"{org.founded_on.year}年{org.founded_on.month}月{org.founded_on.day}日",
            "due": f"{due.year}年{due.month}月{due.day}日",
        }


def _min_grade(org, call, on, application):
    wanted = call.min_grade
    if not wanted or (call.admit_incubated and is_incubated(org, on)):
        return None
    current = org.grade_on(on)
    if current is None or current < wanted:
        shown = f"{current}A" if current else _("无有效等级")
        return _("等级评估须达到%(wanted)dA（本组织当前：%(current)s）") % {
            "wanted": wanted,
            "current": shown,
        }


def _sanctions(org, call, on, application):
    if not call.exclude_sanctioned:
        return None
    reasons = []
    for sanction in active_sanctions(org, on, call.sanction_scope):
        until = (
            _("至%(day)s") % {"day": f"{sanction.ends_on:%Y-%m-%d}"}
            if sanction.ends_on
            else _("长期有效")
        )
        reasons.append(
            _("存在有效的限制申报措施：%(reason)s（%(ref)s，%(until)s）")
            % {"reason": sanction.reason, "ref": sanction.decision_ref, "until": until}
        )
    return reasons


def _dishonest(org, call, on, application):
    if call.exclude_dishonest and org.is_dishonest_on(on):
        return _("已被列入严重违法失信名单，不得申报")


def _per_org_limit(org, call, on, application):
    others = Application.objects.filter(call=call, organization=org).counted()
    if application is not None:
        # At submission only what was already handed in counts, not other drafts.
        others = others.exclude(pk=application.pk).exclude(state=ApplicationState.DRAFT)
    count = others.count()
    if count >= call.max_applications_per_org:
        return _("每个组织限报%(max)d项，已有%(count)d项") % {
            "max": call.max_applications_per_org,
            "count": count,
        }


def _previous_funding(org, call, on, application):
    previous = call.previous_call
    if not (call.exclude_previously_funded and previous):
        return None
    funded = Application.objects.filter(
        call=previous, organization=org, state=ApplicationState.FUNDED
    )
    return [
        _("上一届（%(call)s）已获资助：《%(name)s》，本届不得申报")
        % {"call": previous.title, "name": a.project_name}
        for a in funded
    ]


def _unfinished_projects(org, call, on, application):
    if not call.exclude_unfinished_projects:
        return None
    return [reason for check in _unfinished_project_checks for reason in check(org, call, on)]


RULES = [
    ("registration", _("登记状态"), _registration),
    ("region", _("登记地"), _region),
    ("org_kind", _("组织类型"), _org_kind),
    ("verified", _("平台认证"), _verified),
    ("years_registered", _("成立年限"), _years_registered),
    ("min_grade", _("评估等级"), _min_grade),
    ("sanction", _("限制申报"), _sanctions),
    ("dishonest", _("信用状况"), _dishonest),
    ("per_org_limit", _("申报数量"), _per_org_limit),
    ("previous_funding", _("上一届资助"), _previous_funding),
    ("unfinished_project", _("未结项目"), _unfinished_projects),
]


def check_eligibility(org, call, on=None, *, application=None) -> list[RuleFailure]:
    """Every rule of `call` that `org` fails on day `on` (default: today in Beijing).

    `application`: the application being submitted; it is not counted against the limit.
    """
    if on is None:
        on = timezone.localdate()
    elif not isinstance(on, date) or hasattr(on, "hour"):
        on = timezone.localdate(on)
    failures = []
    for code, label, check in RULES:
        result = check(org, call, on, application)
        reasons = result if isinstance(result, list) else [result] if result else []
        failures += [RuleFailure(code, str(label), str(reason)) for reason in reasons]
    return failures


def describe_rules(call) -> list[str]:
    """The call's eligibility rules in plain words, for the public call page."""
    lines = [_("依法登记且未被注销或撤销登记")]
    waived = _("（孵化基地在孵组织不受此限）") if call.admit_incubated else ""
    if call.allowed_region_codes:
        lines.append(
            _("登记地：%(regions)s") % {"regions": _region_names(call.allowed_region_codes)}
        )
    if call.allowed_org_kinds:
        lines.append(_("申报单位类型：%(kinds)s") % {"kinds": _kind_labels(call.allowed_org_kinds)})
    if call.require_verified:
        lines.append(_("已在本平台完成组织认证"))
    if call.min_years_registered:
        lines.append(_("成立满%(years)d年") % {"years": call.min_years_registered} + str(waived))
    if call.min_grade:
        lines.append(_("等级评估%(grade)dA及以上") % {"grade": call.min_grade} + str(waived))
    if call.exclude_sanctioned:
        lines.append(_("不处于限制申报期内"))
    if call.exclude_dishonest:
        lines.append(_("未被列入严重违法失信名单"))
    lines.append(_("每个组织限报%(max)d项") % {"max": call.max_applications_per_org})
    if call.exclude_previously_funded and call.previous_call:
        lines.append(_("上一届（%(call)s）已获资助的组织不得申报") % {"call": call.previous_call})
    if call.exclude_unfinished_projects:
        lines.append(_("有未结项或被终止的资助项目的组织不得申报"))
    return [str(line) for line in lines]


__all__ = [
    "RULES",
    "RuleFailure",
    "check_eligibility",
    "describe_rules",
    "is_incubated",
    "register_incubation_check",
    "register_unfinished_project_check",
]
