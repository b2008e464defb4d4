"""Every form that takes user input, and every upload endpoint, in one place.

The fuzz tests (`test_fuzz_forms.py`) post hostile data to each `FormTarget` and hostile files
(`hostile.HOSTILE_FILES`) to each `UploadTarget`. When an app adds a form or an upload, add it
here: `url` names a world key (an object whose pk fills `{pk}`), `role` the user who may submit.
Fields are read from the rendered form (`page`), or listed in `fields` for POST-only endpoints.
A view that reads submitted data and has no target must be listed in `NOT_FUZZED` with the reason
(`test_fuzz_coverage.py` fails otherwise).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from tests.hostile_files import make_image, make_pdf
from tests.security import fuzz_setup as setup

PDF = ("材料.pdf", make_pdf, "application/pdf")
JPEG = ("活动照片.jpg", lambda: make_image("JPEG"), "image/jpeg")


@dataclass(kw_only=True)
class _Target:
    # Puts world objects in the state the form needs: `prepare(world, client)`, run once per test
    # inside its savepoint (see fuzz_setup).
    prepare: Callable | None = None
    # Settings for the test: spam guards (rate limits) must not stop the fuzzer before validation.
    settings: dict = field(default_factory=dict)


@dataclass
class FormTarget(_Target):
    name: str
    role: str  # a key of World.users, or "anonymous"
    url: str  # a path; "{x}" is replaced by the pk of world object "x"
    page: str = ""  # where the form is rendered (default: url)
    # Fields and defaults, for POST-only forms; a value may be "{x}" (a pk) or `f(world)`.
    fields: dict = field(default_factory=dict)
    method: str = "post"
    json: bool = False  # the answer is JSON (autosave)
    # The form saves its valid sections as a draft and reports the others (the application form:
    # nothing typed is lost), so a refusal of one section may still change rows of another.
    sectional: bool = False
    # A valid file sent with every example ({field: (name, make bytes, type)}), so the other
    # fields of an upload form reach validation.
    files: dict = field(default_factory=dict)
    # Every example comes from another visitor (address, no cookies): forms that take one answer
    # per person (the satisfaction survey) would otherwise stop validating after the first.
    each_visitor: bool = False
    # False: signed in with a password only, the second factor still due (two-factor pages).
    verified: bool = True
    # Posted with every example and never fuzzed: the button pressed, where the form has several
    # (the page editor validates fully only on "submit for moderation" or "publish").
    button: dict = field(default_factory=dict)


# A rate limit (submissions per window) that the fuzzer never reaches.
NO_LIMIT = 10**9

FORMS = [
    # --- accounts and two-factor -------------------------------------------------------------
    FormTarget("register", "anonymous", "/accounts/register/"),
    FormTarget("login", "anonymous", "/accounts/login/"),
    FormTarget("password reset", "anonymous", "/accounts/password/reset/"),
    FormTarget(
        "password reset new password",
        "anonymous",
        "/accounts/password/reset/{reset_uid}/set-password/",
        prepare=setup.password_reset_link,
    ),
    FormTarget("password change", "member_a", "/accounts/password/change/"),
    FormTarget("wagtail private-page login", "anonymous", "/_util/login/"),
    FormTarget("two-factor setup", "expert_other", "/accounts/2fa/setup/", verified=False),
    FormTarget(
        "two-factor verify",
        "expert_assigned",
        "/accounts/2fa/verify/",
        verified=False,
        prepare=setup.confirmed_device,
    ),
    # --- organizations -------------------------------------------------------------------------
    FormTarget("organization create", "member_b", "/portal/orgs/new/"),
    FormTarget("organization edit", "member_a", "/portal/orgs/{org_a}/edit/"),
    FormTarget("organization bank account", "member_a", "/portal/orgs/{org_a}/bank-account/"),
    FormTarget(
        "member invite",
        "member_a",
        "/portal/orgs/{org_a}/members/invite/",
        fields={"email": "new@example.cn", "role": "member"},
    ),
    FormTarget(
        "organization transition reason",
        "member_a",
        "/portal/orgs/{org_a}/transition/submit/",
        fields={"reason": "补充材料"},
    ),
    FormTarget(
        "organization document fields",
        "member_a",
        "/portal/orgs/{org_a}/documents/upload/",
        fields={"kind": "certificate", "title": "登记证书"},
        files={"file": PDF},
    ),
    # --- incubation ----------------------------------------------------------------------------
    FormTarget("incubation apply", "member_b", "/portal/incubation/bases/{base}/apply/"),
    FormTarget(
        "incubation edit",
        "member_a",
        "/portal/incubation/{incubation}/edit/",
        prepare=setup.incubation_draft,
    ),
    FormTarget(
        "incubation transition reason",
        "member_a",
        "/portal/incubation/{incubation}/transition/withdraw/",
        fields={"reason": "另行安排"},
        button={"confirmed": "1"},  # past the confirmation step, to the door
    ),
    FormTarget(
        "incubation document fields",
        "member_a",
        "/portal/incubation/{incubation}/documents/upload/",
        fields={"kind": "application", "title": "申请材料"},
        files={"file": PDF},
    ),
    FormTarget("incubation admit", "incubator_manager", "/portal/incubation/{incubation}/admit/"),
    FormTarget("incubation extend", "incubator_manager", "/portal/incubation/{incubation}/extend/"),
    FormTarget("incubation exit", "incubator_manager", "/portal/incubation/{incubation}/exit/"),
    FormTarget(
        "incubation assessment",
        "incubator_manager",
        "/portal/incubation/{incubation}/assess/",
        prepare=setup.incubation_midterm,
    ),
    FormTarget(
        "incubation support record",
        "incubator_manager",
        "/portal/incubation/{incubation}/support/new/",
        prepare=setup.incubation_incubating,
    ),
    FormTarget(
        "incubation registration link",
        "member_a",
        "/portal/incubation/{incubation}/register/",
        prepare=setup.incubation_founding_team,
    ),
    # --- applications --------------------------------------------------------------------------
    FormTarget(
        "application start",
        "member_a",
        "/portal/calls/{call}/apply/",
        fields={"organization": "{org_a}"},
    ),
    FormTarget(
        "application edit",
        "member_a",
        "/portal/applications/{application}/edit/",
        sectional=True,
    ),
    FormTarget(
        "application autosave",
        "member_a",
        "/portal/applications/{application}/autosave/",
        page="/portal/applications/{application}/edit/",
        json=True,
    ),
    FormTarget(
        "application transition reason",
        "member_a",
        "/portal/applications/{application}/transition/withdraw/",
        fields={"reason": "撤回"},
        button={"confirmed": "1"},  # past the confirmation step, to the door
    ),
    FormTarget(
        "application attachment fields",
        "member_a",
        "/portal/applications/{application}/attachments/upload/",
        fields={"slot": "commitment"},
        files={"file": PDF},
    ),
    # --- review: experts and the public 公示 ----------------------------------------------------
    FormTarget(
        "expert declaration",
        "expert_assigned",
        "/portal/review/assignments/{assignment}/declare/",
        fields={"declaration": "none", "reason": ""},
        button={"confirmed": "1"},  # past the confirmation of a recusal, to the door
    ),
    FormTarget(
        "expert score sheet",
        "expert_assigned",
        "/portal/review/assignments/{assignment}/sheet/",
        page="/portal/review/assignments/{assignment}/",
        prepare=setup.assignment_scoring,
    ),
    FormTarget(
        "expert seat decline",
        "expert_assigned",
        "/portal/review/seats/{seat}/decline/",
        fields={"reason": "时间冲突"},
    ),
    FormTarget(
        "publicity objection",
        "anonymous",
        "/publicity/{publicity}/",
        fields={
            "application": "{submitted}",
            "name": "张先生",
            "contact": "13800000000",
            "content": "评分有误",
            "website": "",
            "token": setup.objection_token,
        },
        files={"attachment": PDF},
        settings={"REVIEW_OBJECTION_RATE_LIMIT": NO_LIMIT},
        prepare=setup.publicity_open,
    ),
    # --- needs ---------------------------------------------------------------------------------
    FormTarget(
        "public need submission",
        "anonymous",
        "/needs/submit/",
        settings={"NEEDS_PUBLIC_RATE_LIMIT": NO_LIMIT},
    ),
    FormTarget("need create", "member_b", "/portal/needs/new/", prepare=setup.need_owner),
    FormTarget("need edit", "member_b", "/portal/needs/{need}/edit/", prepare=setup.need_owner),
    FormTarget(
        "need transition reason",
        "member_b",
        "/portal/needs/{need}/transition/submit/",
        fields={"reason": "请审核"},
        prepare=setup.need_owner,
    ),
    FormTarget(
        "need attachment fields",
        "member_b",
        "/portal/needs/{need}/attachments/upload/",
        fields={"title": "现场照片"},
        files={"file": PDF},
        prepare=setup.need_owner,
    ),
    FormTarget(
        "need interest",
        "member_b",
        "/portal/needs/{need}/interest/",
        page="/portal/needs/{need}/",
        prepare=setup.provider_verified,
    ),
    FormTarget(
        "needs an application answers",
        "member_a",
        "/portal/needs/answers/{application}/",
        prepare=setup.need_in_call,
    ),
    # --- funded projects -----------------------------------------------------------------------
    FormTarget(
        "project progress report",
        "member_a",
        "/portal/projects/{project}/reports/{project_report}/",
    ),
    FormTarget(
        "project photo fields",
        "member_a",
        "/portal/projects/{project}/reports/{project_report}/photos/",
        fields={"caption": "社区活动"},
        files={"image": JPEG},
    ),
    FormTarget("project change request", "member_a", "/portal/projects/{project}/changes/new/"),
    FormTarget(
        "project budget adjustment",
        "member_a",
        "/portal/projects/{reduced_project}/budget-adjustment/",
        button={"save": "1"},
    ),
    # --- evaluations ---------------------------------------------------------------------------
    FormTarget(
        "evaluation assign",
        "evaluator",
        "/portal/evaluations/{evaluation}/assign/",
        page="/portal/evaluations/{evaluation}/",
    ),
    FormTarget("evaluation scores", "evaluator", "/portal/evaluations/{evaluation}/scores/"),
    FormTarget("evaluation narrative", "evaluator", "/portal/evaluations/{evaluation}/narrative/"),
    FormTarget(
        "evaluation evidence fields",
        "evaluator",
        "/portal/evaluations/{evaluation}/evidence/",
        page="/portal/evaluations/{evaluation}/",
        files={"file": PDF},
    ),
    FormTarget(
        "evaluation field activity",
        "evaluator",
        "/portal/evaluations/{evaluation}/activities/",
        fields={"kind": "site_visit", "held_on": "2026-11-20", "place": "社区", "summary": "走访"},
    ),
    FormTarget(
        "evaluation offline survey",
        "evaluator",
        "/portal/evaluations/{evaluation}/survey/offline/",
        fields={"method": "paper", "held_on": "2026-11-20", "respondents": "3", "mean_score": "80"},
    ),
    FormTarget(
        "evaluation transition reason",
        "evaluator",
        "/portal/evaluations/{evaluation}/transition/submit/",
        fields={"reason": "评估完成"},
        prepare=setup.evaluation_computed,
    ),
    FormTarget(
        "satisfaction survey", "anonymous", "/evaluations/survey/{survey_token}/", each_visitor=True
    ),
    FormTarget(
        "satisfaction survey codes",
        "evaluator",
        "/portal/evaluations/{evaluation}/survey/codes/",
        page="/portal/evaluations/{evaluation}/survey/",
        fields={"count": "5"},
    ),
    FormTarget(
        "satisfaction survey codes by SMS",
        "evaluator",
        "/portal/evaluations/{evaluation}/survey/sms/",
        page="/portal/evaluations/{evaluation}/survey/",
        fields={"phones": "13800138000"},
    ),
    # --- public site ---------------------------------------------------------------------------
    # --- filters and searches (GET) ------------------------------------------------------------
    FormTarget(
        "cms search",
        "anonymous",
        "/search/",
        fields={"q": "养老", "kind": "", "year": ""},
        method="get",
    ),
    FormTarget(
        "announcement filter",
        "anonymous",
        "/announcements/",
        fields={"kind": "", "year": "2026", "page": "1"},
        method="get",
    ),
    FormTarget(
        "notice filter",
        "anonymous",
        "/notices/",
        fields={"year": "2026", "category": "", "issuer": "", "page": "1"},
        method="get",
    ),
    FormTarget(
        "catalogue compare",
        "anonymous",
        "{catalogues_url}compare/",
        fields={"old": "{catalogue}", "new": "{catalogue}"},
        method="get",
    ),
    FormTarget(
        "project directory filter",
        "anonymous",
        "/projects/",
        fields={
            "year": "2026",
            "call": "{evaluation_call}",
            "category": "养老服务",
            "region": "440305",
            "kind": "service_org",
            "state": "in_progress",
            "page": "1",
        },
        method="get",
    ),
    FormTarget(
        "need board filter",
        "anonymous",
        "/needs/",
        fields={
            "q": "长者",
            "category": "elderly",
            "region": "440305",
            "state": "published",
            "urgency": "urgent",
            "page": "1",
        },
        method="get",
    ),
    FormTarget(
        "figures year", "anonymous", "/evaluations/figures/", fields={"year": "2026"}, method="get"
    ),
    FormTarget(
        "incubation base filter",
        "incubator_manager",
        "/portal/incubation/bases/{base}/",
        fields={"state": "reviewing", "year": "2026"},
        method="get",
    ),
    # The open-data API: every filter of each list endpoint (a bad value is a 400, never a 500).
    *(
        FormTarget(
            f"api {name} filter",
            "anonymous",
            f"/api/v1/{name}/",
            fields={
                "year": "2026",
                "department": "示范市民政局",
                "category": "养老服务",
                "page": "1",
                "page_size": "50",
                **extra,
            },
            method="get",
            settings={"API_REQUESTS_PER_MINUTE": NO_LIMIT},
        )
        for name, extra in (
            ("calls", {"state": "published"}),
            ("publicity", {"state": "decided"}),
            ("evaluations", {"region": "440305"}),
            ("releases", {"region": "440305", "state": "in_progress"}),
            ("grants", {"region": "440305"}),
        )
    ),
]


@dataclass
class UploadTarget(_Target):
    name: str
    role: str
    url: str
    file_field: str
    data: dict  # the other fields, valid ("{x}" and `f(world)` as in FormTarget.fields)
    model: str  # "app_label.Model" whose stored files must not change
    stored: tuple = ("pk", "sha256")  # the fields that tell its stored files apart
    valid: tuple = PDF  # the control: a clean file this endpoint accepts
    name_field: str = "original_name"  # where the uploaded file's name is kept
    # False: the endpoint checks the file and answers, keeping nothing (/verify/).
    stores: bool = True


UPLOADS = [
    UploadTarget(
        "organization document",
        "member_a",
        "/portal/orgs/{org_a}/documents/upload/",
        "file",
        {"kind": "certificate", "title": "登记证书"},
        "orgs.OrganizationDocument",
    ),
    UploadTarget(
        "application attachment",
        "member_a",
        "/portal/applications/{application}/attachments/upload/",
        "file",
        {"slot": "commitment"},
        "grants.ApplicationAttachment",
    ),
    UploadTarget(
        "incubation document",
        "member_a",
        "/portal/incubation/{incubation}/documents/upload/",
        "file",
        {"kind": "application", "title": "申请材料"},
        "orgs.IncubationDocument",
    ),
    UploadTarget(
        "incubation agreement (admission)",
        "incubator_manager",
        "/portal/incubation/{incubation}/admit/",
        "agreement",
        {"placement": "physical", "desk_number": "A-01"},
        "orgs.IncubationDocument",
    ),
    UploadTarget(
        "publicity objection attachment",
        "anonymous",
        "/publicity/{publicity}/",
        "attachment",
        {
            "application": "{submitted}",
            "name": "张先生",
            "contact": "13800000000",
            "content": "评分有误",
            "website": "",
            "token": setup.objection_token,
        },
        "review.Objection",
        stored=("pk", "attachment"),
        name_field="attachment_name",
        settings={"REVIEW_OBJECTION_RATE_LIMIT": NO_LIMIT},
        prepare=setup.publicity_open,
    ),
    UploadTarget(
        "need attachment",
        "member_b",
        "/portal/needs/{need}/attachments/upload/",
        "file",
        {"title": "现场照片"},
        "needs.NeedAttachment",
        prepare=setup.need_owner,
    ),
    UploadTarget(
        "project agreement signed scan",
        "member_a",
        "/portal/projects/{project}/agreement/upload/",
        "file",
        {},
        "projects.FundedProject",
        stored=("pk", "signed_scan"),
        name_field="signed_scan_name",
        prepare=setup.project_awaiting_agreement,
    ),
    UploadTarget(
        "project report photo",
        "member_a",
        "/portal/projects/{project}/reports/{project_report}/photos/",
        "image",
        {"caption": "社区活动"},
        "projects.ReportPhoto",
        valid=JPEG,
        name_field="",
    ),
    UploadTarget(
        "document verification",
        "anonymous",
        "/verify/",
        "file",
        {},
        "core.IssuedDocument",
        name_field="",
        stores=False,
        settings={"VERIFY_RATE_LIMIT": NO_LIMIT},
    ),
    UploadTarget(
        "evaluation evidence",
        "evaluator",
        "/portal/evaluations/{evaluation}/evidence/",
        "file",
        {"title": "活动签到表"},
        "reports.Evidence",
    ),
]

# Views that read submitted data but are not fuzzed, with the reason. Names are URL names.
NOT_FUZZED = {
    "wagtailcore_authenticate_with_password": (
        "Wagtail's form for password-restricted pages; the site restricts none (always 404)"
    ),
    "logout": "no fields: signs the session out",
    "verify_email": "no fields: the signed token is in the URL (tested in tests/orgs)",
    "verification_status": "no fields: resends the signed-in person's own verification link",
    "two_factor:backup_codes": "no fields: issues new backup codes to a verified user",
    "portal:member_remove": "no fields: the membership is in the URL",
    "portal:messages_read_all": "no fields: marks the signed-in person's own messages read",
    "portal:document_delete": "no fields: the document is in the URL",
    "portal:invitation_accept": "no fields: the invitation token is in the URL",
    "portal:application_attachment_delete": "no fields: the attachment is in the URL",
    "portal:need_attachment_delete": "no fields: the attachment is in the URL",
    "portal:project_report_submit": "no fields: submits the saved report",
    "portal:project_change_withdraw": "no fields: the change request is in the URL",
}


def fill(template: str, world) -> str:
    """`template` with each "{x}" replaced by the pk of world object x (or x itself, a literal)."""
    import re

    def value(match):
        obj = world[match.group(1)]
        return str(getattr(obj, "pk", obj))

    return re.sub(r"\{(\w+)\}", value, template)


def field_defaults(fields: dict, world) -> dict:
    """A target's listed fields with their world references resolved."""
    return {
        name: value(world) if callable(value) else fill(value, world)
        for name, value in fields.items()
    }


class _FormParser(HTMLParser):
    """The fields of the POST forms of a page: {action: {name: default}}."""

    def __init__(self):
        super().__init__()
        self.forms: dict[str, dict] = {}
        self._current = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._current = self.forms.setdefault(a.get("action") or "", {})
        if self._current is None:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                self._current.setdefault(name, "")
                return
            self._current[name] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self._current[name] = ""
        elif tag == "select" and name:
            self._select = name
            self._current[name] = ""
        elif tag == "option" and self._select:
            if "selected" in a or not self._current[self._select]:
                self._current[self._select] = a.get("value", "")

    def handle_data(self, data):
        if self._textarea and self._current is not None:
            self._current[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_fields(html: str, action: str) -> dict:
    """Fields of the POST form posting to `action` (or to its own page), with their defaults."""
    parser = _FormParser()
    parser.feed(html)
    for key in (action, ""):
        if key in parser.forms:
            fields = dict(parser.forms[key])
            fields.pop("csrfmiddlewaretoken", None)
            return fields
    raise AssertionError(f"no POST form to {action} on the page; forms: {list(parser.forms)}")
