"""Transition conditions that say exactly what is wrong.

`core.workflow` shows `str(condition.refusal)` for each unmet condition, right after calling the
condition on the object. An `@explained` condition returns a list of problems instead of a bool;
the wrapper remembers them (per thread / task context) so the refusal reads, for example,
"申报截止时间为2025年6月30日 17:00（北京时间），现已截止" or lists every failing eligibility rule.
The same problem lists feed the applicant's checklist, so a rule is written once.
"""

from contextvars import ContextVar
from functools import wraps

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_last_problems: ContextVar[dict | None] = ContextVar("grants_condition_problems", default=None)


class _Refusal:
    def __init__(self, key, default):
        self.key = key
        self.default = default

    def remember(self, problems):
        store = _last_problems.get()
        if store is None:
            store = {}
            _last_problems.set(store)
        store[self.key] = problems

    def __str__(self):
        problems = (_last_problems.get() or {}).get(self.key)
        return "；".join(str(p) for p in problems) if problems else str(self.default)


def explained(default_message):
    """Turn `func(obj) -> list[str]` into an fsm condition whose refusal lists the problems."""

    def decorate(func):
        refusal = _Refusal(func.__qualname__, default_message)

        @wraps(func)
        def check(obj) -> bool:
            problems = [str(p) for p in func(obj)]
            refusal.remember(problems)
            return not problems

        check.refusal = refusal
        check.problems = func
        return check

    return decorate


# --- Checks of later stages ---------------------------------------------------------------------
# Review (a higher app) registers what must hold before a call or an application moves on
# (`review.apps.ReviewConfig.ready`), so the generic admin transition page is refused exactly as
# the review workbench is: grants names the moment, review supplies the problems.
_STAGE_CHECKS: dict[str, list] = {}


def register_stage_check(moment: str, fn) -> None:
    """`fn(obj) -> list[str]`: problems refusing `moment` (e.g. "call.start_publicity")."""
    checks = _STAGE_CHECKS.setdefault(moment, [])
    if fn not in checks:
        checks.append(fn)


def stage_problems(moment: str, obj) -> list[str]:
    return [problem for fn in _STAGE_CHECKS.get(moment, ()) for problem in fn(obj)]


@explained(_("评审方案尚未就绪"))
def call_review_ready(call) -> list[str]:
    return stage_problems("call.start_review", call)


@explained(_("评审尚未结束"))
def call_review_closed(call) -> list[str]:
    return stage_problems("call.start_publicity", call)


@explained(_("不能重新评审"))
def call_rereview_ready(call) -> list[str]:
    return stage_problems("call.rereview", call)


@explained(_("尚有专家评分表未提交"))
def application_sheets_closed(application) -> list[str]:
    return stage_problems("application.finish_review", application)


# --- Calls --------------------------------------------------------------------------------------


@explained(_("征集设置不完整"))
def call_ready_to_publish(call) -> list[str]:
    return call.setup_problems()


@explained(_("尚有申报书未完成立项或取消"))
def call_awards_settled(call) -> list[str]:
    # Deciding the call must not skip the award: 拟资助 / 公示中 applications are settled first.
    from grants.models.states import ApplicationState as A

    waiting = call.applications.filter(state__in=(A.RECOMMENDED, A.PUBLICITY)).count()
    if waiting:
        return [
            _("尚有%(n)s份申报书处于拟资助或公示中，须待公示期满完成立项后再确定结果")
            % {"n": waiting}
        ]
    return []


@explained(_("征集截止时间未到"))
def call_deadline_passed(call) -> list[str]:
    if timezone.now() < call.closes_at:
        return [
            _("征集截止时间为%(when)s（北京时间），尚未到截止时间")
            % {"when": call.beijing("closes_at")}
        ]
    return []


# --- Applications -------------------------------------------------------------------------------


@explained(_("征集不在申报期内"))
def call_accepting(application) -> list[str]:
    """Submissions are accepted from opens_at until just before closes_at, server time."""
    return application.call.acceptance_problems(timezone.now())


@explained(_("补正截止时间已过"))
def completion_window_open(application) -> list[str]:
    call = application.call
    if timezone.now() >= call.completion_deadline:
        return [
            _("补正材料的截止时间为%(when)s（北京时间），现已过期，不能再提交")
            % {"when": call.beijing("completion_deadline")}
        ]
    return []


@explained(_("申报书尚未填写完整"))
def application_complete(application) -> list[str]:
    from grants.completeness import completeness_problems

    return completeness_problems(application)


@explained(_("预算不符合要求"))
def budget_consistent(application) -> list[str]:
    from grants.completeness import budget_problems

    return budget_problems(application)


@explained(_("不符合申报资格条件"))
def organization_eligible(application) -> list[str]:
    from grants.eligibility import check_eligibility

    return check_eligibility(application.organization, application.call, application=application)


SUBMIT_CONDITIONS = [call_accepting, organization_eligible, application_complete, budget_consistent]
RESUBMIT_CONDITIONS = [
    completion_window_open,
    organization_eligible,
    application_complete,
    budget_consistent,
]
