"""Every form that takes user input, and every upload endpoint, in one place.

The fuzz tests (`test_fuzz_forms.py`) post hostile data to each `FormTarget` and hostile files
(`hostile.HOSTILE_FILES`) to each `UploadTarget`. When an app adds a form or an upload, add it
here: `url` names a world key (an object whose pk fills `{pk}`), `role` the user who may submit.
Fields are read from the rendered form (`page`), or listed in `fields` for POST-only endpoints.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class FormTarget:
    name: str
    role: str  # a key of World.users, or "anonymous"
    url: str  # a path; "{x}" is replaced by the pk of world object "x"
    page: str = ""  # where the form is rendered (default: url)
    fields: dict = field(default_factory=dict)  # fields and defaults, for POST-only forms
    method: str = "post"
    json: bool = False  # the answer is JSON (autosave)
    # The form saves its valid sections as a draft and reports the others (the application form:
    # nothing typed is lost), so a refusal of one section may still change rows of another.
    sectional: bool = False


FORMS = [
    FormTarget("register", "anonymous", "/accounts/register/"),
    FormTarget("login", "anonymous", "/accounts/login/"),
    FormTarget("password reset", "anonymous", "/accounts/password/reset/"),
    FormTarget("password change", "member_a", "/accounts/password/change/"),
    FormTarget("organization create", "member_b", "/portal/orgs/new/"),
    FormTarget("organization edit", "member_a", "/portal/orgs/{org_a}/edit/"),
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
    FormTarget("incubation apply", "member_b", "/portal/incubation/bases/{base}/apply/"),
    FormTarget("incubation admit", "incubator_manager", "/portal/incubation/{incubation}/admit/"),
    FormTarget("incubation extend", "incubator_manager", "/portal/incubation/{incubation}/extend/"),
    FormTarget("incubation exit", "incubator_manager", "/portal/incubation/{incubation}/exit/"),
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
    ),
    FormTarget("cms search", "anonymous", "/search/", fields={"q": "养老"}, method="get"),
    FormTarget("public need submission", "anonymous", "/needs/submit/"),
    FormTarget(
        "publicity objection",
        "anonymous",
        "/publicity/{publicity}/",
        fields={
            "application": "1",
            "name": "张先生",
            "contact": "13800000000",
            "content": "评分有误",
            "website": "",
            "token": "x",
        },
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
]


@dataclass
class UploadTarget:
    name: str
    role: str
    url: str
    file_field: str
    data: dict  # the other fields, valid
    model: str  # "app_label.Model" whose rows must not grow


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
]


def fill(template: str, world) -> str:
    import re

    return re.sub(r"\{(\w+)\}", lambda m: str(world[m.group(1)].pk), template)


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
