"""Who may do what with needs, interest and recommendation meetings; each answer is
(allowed, reason).

Decisions:
* Needs are recorded by the organizations that know them: communities (居委会), street offices and
  departments, registered in the registry as 政府部门, 事业单位 or 其他 (`OWNER_KINDS`). Any member
  of such an organization may write and submit its needs; its account admin may also close them.
* The public submits through the public form only; such a need is a draft for the length of that
  request and the form submits it with no actor (`can_submit` admits that case and no other
  anonymous one).
* Programme staff moderate (publish / return / reject), link needs to calls and close them.
  A need becomes 已满足 when an application answering it is funded: the award signal moves it on
  behalf of the awarding user, or the system (`by=None`) when no user is named.
* Only **verified** organizations (`Organization.state == verified`) that are not government
  bodies may say "we can serve this". The need's owner and staff see who offered; the public does
  not, and never sees a need's contact.
"""

from django.utils.translation import gettext_lazy as _

from core.rules import ALLOWED, Decision, deny, rule
from core.scoping import department_visible
from needs.models.states import EDITABLE_STATES, OPEN_FOR_INTEREST, NeedSource
from orgs.models import OrgKind
from orgs.permissions import NOT_SIGNED_IN, is_member, is_org_admin
from orgs.roles import is_programme_staff

SYSTEM = None  # the actor when the award signal names nobody

OWNER_KINDS = (OrgKind.GOVERNMENT, OrgKind.PUBLIC_INSTITUTION, OrgKind.OTHER)

STAFF_ONLY = _("只有民政工作人员可以执行此操作")
NOT_OWNER = _("您不是提出该需求的单位的成员")


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def is_owner_member(need, user) -> bool:
    return need.organization_id is not None and is_member(need.organization, user)


def is_department_staff(need, user) -> bool:
    """Programme staff of the need's department or a department above it (issue 21)."""
    return is_programme_staff(user) and department_visible(need, user)


# --- Recording needs ----------------------------------------------------------------------------


def can_create_need(org, user) -> Decision:
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not is_member(org, user):
        return deny(_("您不是该单位的成员，不能以该单位名义提交需求"))
    if org.kind not in OWNER_KINDS:
        return deny(_("需求由社区、街道或政府部门提出；社会组织可在已公开的需求上表达承接意向"))
    return ALLOWED


def can_view_need(need, user) -> Decision:
    """The owner's members and its department's staff always; everyone else once staff
    published it."""
    if is_department_staff(need, user) or is_owner_member(need, user):
        return ALLOWED
    if need.is_public:
        return ALLOWED
    return deny(_("该需求尚未审核公开"))


def can_edit_need(need, user) -> Decision:
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not is_owner_member(need, user):
        return deny(NOT_OWNER)
    if need.state not in EDITABLE_STATES:
        return deny(_("需求当前状态为“%(state)s”，不能修改") % {"state": need.get_state_display()})
    return ALLOWED


def can_view_private(need, user) -> Decision:
    """Contact, attachments and the interested organizations: owner's members and the need's
    department's staff."""
    if is_department_staff(need, user) or is_owner_member(need, user):
        return ALLOWED
    return deny(_("联系方式、附件和承接意向仅对需求提出单位和民政工作人员可见"))


# --- Transition rules ---------------------------------------------------------------------------


@rule
def can_submit(need, user) -> Decision:
    if need.source == NeedSource.PUBLIC and need.organization_id is None:
        return ALLOWED  # only the public form holds such a draft, within its own request
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    return ALLOWED if is_owner_member(need, user) else deny(NOT_OWNER)


@rule
def can_moderate(need, user) -> Decision:
    return ALLOWED if is_programme_staff(user) else deny(STAFF_ONLY)


@rule
def can_close(need, user) -> Decision:
    if is_programme_staff(user):
        return ALLOWED
    if need.organization_id and is_org_admin(need.organization, user):
        return ALLOWED
    return deny(_("只有民政工作人员或需求提出单位的账号管理员可以关闭需求"))


@rule
def can_mark_satisfied(need, user) -> Decision:
    if user is SYSTEM or is_programme_staff(user):
        return ALLOWED
    return deny(STAFF_ONLY)


# --- Matching -----------------------------------------------------------------------------------


def can_express_interest(need, user, org) -> Decision:
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not is_member(org, user):
        return deny(_("您不是该组织的成员"))
    if org.kind == OrgKind.GOVERNMENT:
        return deny(_("政府部门不能作为承接方表达意向"))
    if not org.is_verified:
        return deny(_("只有已认证的组织可以表达承接意向，请先完成组织认证"))
    if need.state not in OPEN_FOR_INTEREST:
        return deny(_("该需求当前不接受承接意向"))
    if need.organization_id == org.pk:
        return deny(_("不能对本单位提出的需求表达承接意向"))
    return ALLOWED


def can_link_answers(application, user) -> Decision:
    """Which needs an application answers: its organization's members while they may edit it."""
    if is_programme_staff(user):
        return ALLOWED
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not is_member(application.organization, user):
        return deny(_("您不是申报单位的成员"))
    if application.state not in ("draft", "returned"):
        return deny(_("申报书已提交，所回应的需求不能再修改"))
    return ALLOWED


@rule
def can_manage_meeting(meeting, user) -> Decision:
    return ALLOWED if is_programme_staff(user) else deny(STAFF_ONLY)
