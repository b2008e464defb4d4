"""Who may reach which URL: the expected outcome of every URL pattern for every role.

How to add an entry (a new URL without one fails `test_every_url_has_an_entry`, naming it):

1. Find the key: the URL name with its namespace (``"portal:org_detail"``, ``"calls:edit"``), or
   the route itself for an unnamed pattern. Add ``"key": Case(expect=..., kwargs=...)`` to
   `ENTRIES` below, in the block of its app.
2. `expect` maps each role of `tests.security.world.ROLES` to an outcome; build it with
   `roles(default, role=outcome, ...)`. Outcomes (tests.security.matrix): ``OK`` (2xx),
   ``DENIED`` (403/404), ``LOGIN`` (sent to sign in), ``REDIRECT`` (another redirect),
   ``NOT_ALLOWED`` (405: a POST-only URL asked with GET), ``BAD`` (400).
3. `kwargs` name objects of `tests.security.world.World` by key (their pk is used; build new
   objects there, owned by organization A); `Lit("submit")` passes a literal.
4. POST-only URLs: expect ``NOT_ALLOWED`` on GET for signed-in roles and give `post=` with the
   outcome for every role that must be refused (those roles POST an empty form; allowed roles
   are not posted, so nothing changes).
5. Wagtail's own admin URLs (names starting "wagtail", or unnamed) are covered by prefix rules
   in `GROUPS`; a viewset of ours under /admin/ needs exact entries (its pk means our objects):
   `_viewset(...)` writes the standard nine, `_transition(...)` the transition page.

6. `approver` and `other_staff` (民政工作人员 of a second department, issue 21) are not written:
   they answer as staff, except that `other_staff` must be refused (404) wherever staff reach a
   page about a record of the first department that is not open to everyone (a public 公示 stays
   public; `matrix.other_staff_expects`, proved exactly on the admin by
   `test_department_sweep.py`); `Case(other_staff=...)` states another outcome.

Zero unexpected 200s is the goal: never widen an entry to make the test pass — fix the view.
"""

from tests.security.matrix import (
    BAD,
    DENIED,
    ERROR,
    LOGIN,
    NOT_ALLOWED,
    OK,
    REDIRECT,
    WAGTAIL,
    Case,
    Lit,
)
from tests.security.world import ROLES


def roles(default, **overrides) -> dict:
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


EVERYONE = roles(OK)
SIGNED_IN = roles(OK, anonymous=LOGIN)
MEMBER_A_OR_STAFF = roles(DENIED, anonymous=LOGIN, member_a=OK, staff=OK)
# Incubation: the base's manager and programme staff (who may manage every base).
MANAGERS = roles(DENIED, anonymous=LOGIN, incubator_manager=OK, staff=OK)
TEAM_OR_MANAGERS = roles(DENIED, anonymous=LOGIN, member_a=OK, incubator_manager=OK, staff=OK)
NOBODY = roles(DENIED, anonymous=LOGIN)  # signed in or not, refused (state or ownership)
# POST-only: GET is refused to whoever is signed in; anonymous is sent to sign in first.
POST_ONLY = roles(NOT_ALLOWED, anonymous=LOGIN)
# Our admin viewsets. Without admin access Wagtail sends to the admin sign-in; the incubator
# manager has admin access (for the bases) and is bounced to the admin home (DENIED).
NO_ADMIN = {r: LOGIN for r in ROLES if r not in ("staff", "approver", "incubator_manager")}
STAFF_ADMIN = {**NO_ADMIN, "staff": OK, "incubator_manager": DENIED}
NOT_IN_ADMIN = {**NO_ADMIN, "staff": DENIED, "incubator_manager": DENIED}
BOTH_ADMIN = {**NO_ADMIN, "staff": OK, "incubator_manager": OK}
# Wagtail's own admin (pages, images, users …): no access without the admin permission.
WAGTAIL_ADMIN = {**NO_ADMIN, "staff": WAGTAIL, "incubator_manager": WAGTAIL}


def post_refused(*allowed, **outcomes):
    """POST outcomes of the roles that must be refused (all but `allowed`, who are not posted)."""
    refused = {r: DENIED for r in ROLES if r not in allowed}
    refused["anonymous"] = LOGIN
    refused.update(outcomes)
    return refused


ORG = {"pk": "org_a"}
APP = {"pk": "application"}
INC = {"pk": "incubation"}
DOC = {**ORG, "document_pk": "org_a_document"}
ATT = {**APP, "attachment_pk": "attachment"}
# Signed-in users are sent on from the sign-in and sign-up pages.
SIGNED_OUT_ONLY = roles(REDIRECT, anonymous=OK)
# Two-factor pages: users who need no second factor are sent on (REDIRECT).
NEEDS_2FA = (
    "expert_assigned",
    "expert_other",
    "evaluator",
    "incubator_manager",
    "staff",
    "approver",
)

ENTRIES = {
    # --- accounts and two-factor -----------------------------------------------------------
    "register": Case(SIGNED_OUT_ONLY),
    "register_done": Case(EVERYONE),
    "verification_status": Case(SIGNED_IN),
    # A link that is not (or no longer) valid answers 400 to anyone, signed in or not.
    "verify_email": Case(roles(BAD), kwargs={"uidb64": Lit("MQ"), "token": Lit("bad-token")}),
    "login": Case(
        roles(REDIRECT, anonymous=OK, staff=DENIED, approver=DENIED),
        note="signed in: sent on; staff to the back office (/admin/, classified like a bounce)",
    ),
    "logout": Case(roles(NOT_ALLOWED), note="signing out is a POST (Django's LogoutView)"),
    "password_reset": Case(EVERYONE),
    "password_reset_done": Case(EVERYONE),
    "password_reset_confirm": Case(
        EVERYONE, kwargs={"uidb64": Lit("MQ"), "token": Lit("bad-token")}
    ),
    "password_reset_complete": Case(EVERYONE),
    "password_change": Case(SIGNED_IN),
    # Enrolment when already verified leads back into the sign-in steps.
    "two_factor:setup": Case(roles(REDIRECT, anonymous=LOGIN, **dict.fromkeys(NEEDS_2FA, LOGIN))),
    "two_factor:verify": Case(roles(REDIRECT, anonymous=LOGIN)),
    "two_factor:backup_codes": Case(
        roles(REDIRECT, anonymous=LOGIN, **dict.fromkeys(NEEDS_2FA, OK))
    ),
    # --- portal: organizations ---------------------------------------------------------------
    "portal:home": Case(SIGNED_IN),
    "portal:org_create": Case(SIGNED_IN),
    "portal:org_detail": Case(MEMBER_A_OR_STAFF, kwargs=ORG),
    "portal:org_edit": Case(MEMBER_A_OR_STAFF, kwargs=ORG),
    # The payee account: the org admin only; staff read it on the admin page.
    "portal:org_bank_account": Case(roles(DENIED, anonymous=LOGIN, member_a=OK), kwargs=ORG),
    "portal:org_transition": Case(
        POST_ONLY, kwargs={**ORG, "name": Lit("submit")}, post=post_refused("member_a")
    ),
    "portal:member_invite": Case(POST_ONLY, kwargs=ORG, post=post_refused("member_a")),
    "portal:member_remove": Case(
        POST_ONLY, kwargs={**ORG, "membership_pk": "membership_a"}, post=post_refused("member_a")
    ),
    "portal:document_upload": Case(POST_ONLY, kwargs=ORG, post=post_refused("member_a", "staff")),
    "portal:document_download": Case(MEMBER_A_OR_STAFF, kwargs=DOC),
    "portal:document_thumbnail": Case(
        NOBODY, kwargs=DOC, note="a PDF has no thumbnail: 404 even for those who may see it"
    ),
    "portal:document_delete": Case(POST_ONLY, kwargs=DOC, post=post_refused("member_a", "staff")),
    "portal:invitation_accept": Case(
        SIGNED_IN,
        kwargs={"token": "invitation_token"},
        note="the unguessable token is the credential; accepting is a POST",
    ),
    # --- portal: incubation ------------------------------------------------------------------
    "portal:incubation_home": Case(SIGNED_IN),
    "portal:incubation_apply": Case(SIGNED_IN, kwargs={"base_pk": "base"}),
    "portal:incubation_base": Case(MANAGERS, kwargs={"base_pk": "base"}),
    "portal:incubation_detail": Case(TEAM_OR_MANAGERS, kwargs=INC),
    "portal:incubation_edit": Case(NOBODY, kwargs=INC, note="submitted: no longer editable"),
    "portal:incubation_transition": Case(
        POST_ONLY, kwargs={**INC, "name": Lit("withdraw")}, post=post_refused("member_a")
    ),
    "portal:incubation_document_upload": Case(
        POST_ONLY, kwargs=INC, post=post_refused("member_a", "incubator_manager", "staff")
    ),
    "portal:incubation_document": Case(
        TEAM_OR_MANAGERS, kwargs={**INC, "document_pk": "incubation_document"}
    ),
    "portal:incubation_link": Case(NOBODY, kwargs=INC, note="org A is already linked"),
    "portal:incubation_admit": Case(MANAGERS, kwargs=INC),
    "portal:incubation_extend": Case(MANAGERS, kwargs=INC),
    "portal:incubation_exit": Case(MANAGERS, kwargs=INC),
    "portal:incubation_assess": Case(NOBODY, kwargs=INC, note="only at mid-term or final"),
    "portal:incubation_support_new": Case(NOBODY, kwargs=INC, note="only while incubating"),
    # --- portal: calls and applications ------------------------------------------------------
    "portal:call_list": Case(SIGNED_IN),
    "portal:call_detail": [
        Case(SIGNED_IN, kwargs={"pk": "call"}),
        Case(roles(DENIED, anonymous=LOGIN, staff=OK), kwargs={"pk": "draft_call"}),
    ],
    "portal:application_start": Case(
        POST_ONLY, kwargs={"pk": "call"}, post=post_refused("member_a")
    ),
    "portal:application_list": Case(SIGNED_IN),
    "portal:application_detail": Case(MEMBER_A_OR_STAFF, kwargs=APP),
    "portal:application_edit": Case(
        roles(DENIED, anonymous=LOGIN, member_a=OK, staff=REDIRECT),
        kwargs=APP,
        note="staff may read a draft, and are sent to the read-only page",
    ),
    "portal:application_pdf": Case(MEMBER_A_OR_STAFF, kwargs=APP),
    "portal:application_receipt": Case(
        MEMBER_A_OR_STAFF, kwargs={"pk": "submitted", "sequence": Lit(1)}
    ),
    "portal:application_autosave": Case(
        roles(NOT_ALLOWED), kwargs=APP, post=post_refused("member_a")
    ),
    "portal:application_transition": Case(
        POST_ONLY, kwargs={**APP, "name": Lit("submit")}, post=post_refused("member_a")
    ),
    "portal:application_attachment_upload": Case(
        POST_ONLY, kwargs=APP, post=post_refused("member_a")
    ),
    "portal:application_attachment": Case(MEMBER_A_OR_STAFF, kwargs=ATT),
    "portal:application_attachment_delete": Case(
        POST_ONLY, kwargs=ATT, post=post_refused("member_a")
    ),
    # --- portal: expert review (review/) -------------------------------------------------------
    "portal:review_assignments": Case(
        roles(DENIED, anonymous=LOGIN, expert_assigned=OK, expert_other=OK)
    ),
    "portal:review_assignment": Case(
        roles(DENIED, anonymous=LOGIN, expert_assigned=OK), kwargs={"pk": "assignment"}
    ),
    "portal:review_assignment_declare": Case(
        POST_ONLY, kwargs={"pk": "assignment"}, post=post_refused("expert_assigned")
    ),
    "portal:review_sheet_save": Case(
        POST_ONLY, kwargs={"pk": "assignment"}, post=post_refused("expert_assigned")
    ),
    "portal:review_assignment_pdf": Case(
        NOBODY,
        kwargs={"pk": "assignment"},
        note="content only after declaring no conflict; the world's assignment is undeclared",
    ),
    "portal:review_seat_decline": Case(
        POST_ONLY, kwargs={"pk": "seat"}, post=post_refused("expert_assigned")
    ),
    # --- public site -------------------------------------------------------------------------
    "review_public:index": Case(EVERYONE),
    # The read-only API (/api/v1/): anonymous, only public records; a record that is not public
    # answers 404 whoever asks.
    "opendata_api:api-root": Case(EVERYONE),
    "opendata_api:openapi-json": Case(EVERYONE),
    "opendata_api:calls": Case(EVERYONE, query="?year=2026&page_size=10"),
    "opendata_api:call": Case(
        roles(DENIED), kwargs={"pk": "draft_call"}, note="a draft call is nobody's"
    ),
    "opendata_api:publicity_list": Case(EVERYONE, query="?state=decided"),
    "opendata_api:publicity": Case(EVERYONE, kwargs={"pk": "publicity"}),
    "opendata_api:evaluations": Case(EVERYONE, query="?region=440305"),
    "opendata_api:evaluation": Case(
        roles(DENIED), kwargs={"pk": "evaluation"}, note="an evaluation not yet published"
    ),
    "opendata_api:releases": Case(EVERYONE, query="?year=2026"),
    "opendata_api:grants": Case(EVERYONE, query="?page=1"),
    "review_public:publicity": Case(EVERYONE, kwargs={"pk": "publicity"}),
    "review_public:result": Case(EVERYONE, kwargs={"pk": "publicity"}),
    # The archived PDF of a published version: public, as the 公示 itself is.
    "review_public:version_pdf": Case(
        EVERYONE, kwargs={"pk": "publicity", "version_pk": "publicity_version"}
    ),
    "incubation_public:index": Case(
        roles(REDIRECT), note="old address: sends to the public incubation page of the CMS"
    ),
    "incubation_public:base": Case(EVERYONE, kwargs={"pk": "base"}),
    "cms:search": Case(EVERYONE, query="?q=养老"),
    "sitemap.xml": Case(EVERYONE),
    "opendata:index": Case(EVERYONE),
    # Any year has an OCDS file (possibly with no release); 360Giving needs a grant that year.
    "opendata:file": Case(
        EVERYONE, kwargs={"year": Lit(2026), "filename": Lit("ocds-releases-2026.json")}
    ),
    # A CSRF token for a form on a cached public page (core.public_cache): anybody's own.
    "csrf_token": Case(EVERYONE),
    "wagtail_serve": [
        Case(EVERYONE, url="/"),
        Case(EVERYONE, url="catalogues_url"),
        Case(EVERYONE, url="catalogue_url"),
        Case(roles(DENIED), url="draft_page_url", note="unpublished pages are nobody's"),
    ],
    "wagtailcore_authenticate_with_password": Case(
        roles(DENIED), kwargs={"page_view_restriction_id": Lit(999999), "page_id": "home"}
    ),
    "wagtailcore_login": Case(EVERYONE),
    "wagtaildocs_serve": Case(roles(DENIED), url="/documents/999999/none.pdf"),
    "wagtaildocs_authenticate_with_password": Case(
        roles(DENIED), kwargs={"restriction_id": Lit(999999)}
    ),
}

# --- admin: our viewsets ---------------------------------------------------------------------


def _viewset(prefix, obj, expect, **overrides):
    """The standard Wagtail ModelViewSet URLs of `prefix` on the world object `obj`.

    `expect` applies to every view; `overrides` maps a view name ("delete") to its own
    expectation, or to None when the viewset has no such view.
    """
    pk = {"pk": obj}
    views = {
        "index": {},
        "index_results": {},
        "add": {},
        "edit": pk,
        "delete": pk,
        "history": pk,
        "history_results": pk,
        "usage": pk,
        "inspect": pk,
    }
    entries = {}
    for view, kwargs in views.items():
        outcome = overrides.get(view, expect)
        if outcome is not None:
            entries[f"{prefix}:{view}"] = Case(outcome, kwargs=kwargs)
    return entries


def _transition(prefix, obj, name, expect):
    """A transition confirmation page (GET); its POST is refused to the roles without admin."""
    return {
        f"{prefix}:transition": Case(
            expect,
            kwargs={"pk": obj, "name": Lit(name)},
            post={r: o for r, o in expect.items() if o != OK and o != REDIRECT},
        )
    }


# Nothing may be deleted through the admin: records are kept (docs/development.md, audit).
ENTRIES |= _viewset("organizations", "org_a", STAFF_ADMIN, delete=NOT_IN_ADMIN)
ENTRIES |= _transition(
    "organizations",
    "org_a",
    "approve",
    {**STAFF_ADMIN, "staff": REDIRECT},  # org A is a draft: sent back with the reason
)
ENTRIES |= _viewset("sanctions", "sanction", STAFF_ADMIN, delete=NOT_IN_ADMIN, inspect=None)
ENTRIES |= _viewset("calls", "call", STAFF_ADMIN, delete=NOT_IN_ADMIN)
ENTRIES |= _transition("calls", "call", "close", STAFF_ADMIN)
# A draft application is the organization's own until handed in: staff see only the list.
ENTRIES |= _viewset("applications", "application", NOT_IN_ADMIN, index=STAFF_ADMIN)
ENTRIES["applications:index_results"] = Case(STAFF_ADMIN)
ENTRIES |= _transition(
    "applications", "application", "pass_screening", {**NOT_IN_ADMIN, "staff": REDIRECT}
)
ENTRIES |= _viewset(
    "incubation_bases",
    "base",
    STAFF_ADMIN,
    delete=NOT_IN_ADMIN,
    index=BOTH_ADMIN,
    index_results=BOTH_ADMIN,
    inspect=BOTH_ADMIN,
)
ENTRIES |= _viewset(
    "incubations",
    "incubation",
    NOT_IN_ADMIN,
    index=BOTH_ADMIN,
    index_results=BOTH_ADMIN,
    inspect=BOTH_ADMIN,
)
ENTRIES |= _transition("incubations", "incubation", "admit", NOT_IN_ADMIN)
ENTRIES |= {
    "organizations:document": Case(STAFF_ADMIN, kwargs=DOC),
    "sanctions:lift": Case(STAFF_ADMIN, kwargs={"pk": "sanction"}),
    "applications:attachment": [
        Case(NOT_IN_ADMIN, kwargs=ATT),
        Case(STAFF_ADMIN, kwargs={"pk": "submitted", "attachment_pk": "submitted_attachment"}),
    ],
    "applications:pdf": [
        Case(NOT_IN_ADMIN, kwargs=APP),
        Case(STAFF_ADMIN, kwargs={"pk": "submitted"}),
    ],
    # The catalogue tools need the catalogue permission of the CMS editors' group, which none
    # of the programme roles has.
    "cms_catalogue_tools": Case(NOT_IN_ADMIN),
    "cms_catalogue_import": Case(NOT_IN_ADMIN, kwargs={"page_id": "catalogue"}),
    "cms_catalogue_copy": Case(NOT_IN_ADMIN, kwargs={"page_id": "catalogue"}),
    "cms_catalogue_export": Case(NOT_IN_ADMIN, kwargs={"page_id": "catalogue"}),
    "wagtail_bulk_action": Case(
        STAFF_ADMIN,
        url="bulk_screening_url",
        note="our bulk screening of org A's application: a confirmation page on GET",
    ),
}
# Expert review: the expert pool and the per-call workbench (programme staff only).
ENTRIES |= _viewset("experts", "expert_profile", STAFF_ADMIN, delete=NOT_IN_ADMIN)
ENTRIES |= {
    "review_calls": Case(STAFF_ADMIN),
    "review_call": Case(STAFF_ADMIN, kwargs={"pk": "review_call"}),
    "review_plan": Case(STAFF_ADMIN, kwargs={"pk": "review_call"}),
    "review_call_action": Case(
        {**NO_ADMIN, "staff": NOT_ALLOWED, "incubator_manager": NOT_ALLOWED},
        kwargs={"pk": "review_call", "name": Lit("propose")},
        post={**NO_ADMIN, "incubator_manager": DENIED},
    ),
    "review_export": Case(STAFF_ADMIN, kwargs={"pk": "review_call", "kind": Lit("ranking.xlsx")}),
    "review_sheets": Case(
        STAFF_ADMIN, kwargs={"pk": "review_call", "application_pk": "review_application"}
    ),
    "review_objection_attachment": Case(
        STAFF_ADMIN, kwargs={"pk": "publicity_call", "objection_pk": "objection"}
    ),
}
ENTRIES["applications:inspect"] = [
    Case(NOT_IN_ADMIN, kwargs=APP),
    Case(STAFF_ADMIN, kwargs={"pk": "submitted"}),
]

# --- admin: Wagtail's own URLs, one rule per prefix --------------------------------------------
# Longest matching prefix wins. Non-admin roles must never get past the admin sign-in; what staff
# and incubator managers see inside is Wagtail's page/collection permission system (WAGTAIL:
# any outcome but a server error).
GROUPS = {
    "admin/": Case(WAGTAIL_ADMIN),
    "admin/login/": Case(roles(OK, staff=DENIED, approver=DENIED, incubator_manager=DENIED)),
    "admin/password_reset/": Case(EVERYONE),
    "admin/logout/": Case({**NO_ADMIN, "staff": NOT_ALLOWED, "incubator_manager": NOT_ALLOWED}),
    "admin/sprite/": Case(EVERYONE, note="the admin's icon sprite: a static asset"),
    "admin/jsi18n/": Case(EVERYONE, note="the admin's JavaScript translations: static"),
    "admin/failwhale/": Case(
        {**NO_ADMIN, "staff": ERROR, "incubator_manager": ERROR},
        note="Wagtail's deliberate error page for testing error reporting; admin users only",
    ),
}

# --- needs (issue #9): the world's need is a community's published need (no role belongs to the
# community), the meeting is published; org A's draft application may link the needs it answers.
NEED = {"pk": "need"}
STAFF_ONLY_PORTAL = roles(DENIED, anonymous=LOGIN, staff=OK)
ENTRIES |= {
    "portal:need_list": Case(SIGNED_IN),
    "portal:need_create": Case(NOBODY, note="only members of communities, streets, departments"),
    "portal:need_detail": Case(SIGNED_IN, kwargs=NEED, note="published: anyone signed in"),
    "portal:need_edit": Case(NOBODY, kwargs=NEED, note="published: no longer editable"),
    "portal:need_transition": Case(
        POST_ONLY, kwargs={**NEED, "name": Lit("close")}, post=post_refused("staff")
    ),
    "portal:need_attachment_upload": Case(POST_ONLY, kwargs=NEED, post=post_refused()),
    "portal:need_attachment": Case(
        STAFF_ONLY_PORTAL, kwargs={**NEED, "attachment_pk": "need_attachment"}
    ),
    "portal:need_attachment_delete": Case(
        POST_ONLY, kwargs={**NEED, "attachment_pk": "need_attachment"}, post=post_refused()
    ),
    "portal:need_interest": Case(
        POST_ONLY, kwargs=NEED, post=post_refused(), note="no role has a verified provider"
    ),
    "portal:need_answers": Case(MEMBER_A_OR_STAFF, kwargs={"application_pk": "application"}),
    "needs_public:board": Case(EVERYONE),
    "needs_public:detail": Case(EVERYONE, kwargs=NEED),
    "needs_public:submit": Case(EVERYONE),
    "needs_public:submitted": Case(EVERYONE),
    "needs_public:meetings": Case(EVERYONE),
    "needs_public:meeting": Case(EVERYONE, kwargs={"pk": "meeting"}),
    "needs:attachment": Case(STAFF_ADMIN, kwargs={**NEED, "attachment_pk": "need_attachment"}),
    "need_picture:index": Case(STAFF_ADMIN),
}
# Needs are written by their owners and the public: staff view, correct and move them.
ENTRIES |= _viewset("needs", "need", STAFF_ADMIN, delete=NOT_IN_ADMIN, add=NOT_IN_ADMIN)
ENTRIES |= _transition("needs", "need", "close", STAFF_ADMIN)
ENTRIES |= _viewset("need_meetings", "meeting", STAFF_ADMIN, delete=NOT_IN_ADMIN)
ENTRIES |= _transition("need_meetings", "meeting", "unpublish", STAFF_ADMIN)

from tests.reports.access import ENTRIES as REPORTS_ENTRIES  # noqa: E402

ENTRIES |= REPORTS_ENTRIES

from tests.projects.access import ENTRIES as PROJECTS_ENTRIES  # noqa: E402

ENTRIES |= PROJECTS_ENTRIES

# --- two-person approvals (经办/审核, core.approval_views): programme staff and approvers see the
# proposals; who may approve is the proposal's rule (tests/core/test_approvals.py); only system
# administrators change the settings.
ENTRIES |= {
    "approvals": Case(STAFF_ADMIN),
    "approval": Case(
        STAFF_ADMIN,
        kwargs={"pk": "approval"},
        post={r: o for r, o in STAFF_ADMIN.items() if o != OK},
        note="an empty POST by staff is an invalid form: nothing changes",
    ),
    "two_person_rules": Case(NOT_IN_ADMIN, post={r: o for r, o in NOT_IN_ADMIN.items() if o != OK}),
}

# --- the year's holiday arrangement (core.holiday_admin): system administrators only.
ENTRIES |= _viewset("holiday_arrangements", "holiday_arrangement", NOT_IN_ADMIN, inspect=None)

# --- administrative divisions for the region picker (core.regions): public data.
ENTRIES |= {
    "regions:root": Case(EVERYONE),
    "regions:children": Case(EVERYONE, kwargs={"code": Lit("440300")}),
}

# --- checking a published PDF (core.signing): anyone, signed in or not; nothing is stored.
ENTRIES |= {"verify:document": Case(EVERYONE)}

# --- messages in the platform (站内信, core.inbox): everyone reads only their own; a message of
# member_a is a 404 to every other role, in the portal and in the admin.
ENTRIES |= {
    "portal:messages": Case(SIGNED_IN),
    "portal:message": Case(roles(DENIED, anonymous=LOGIN, member_a=OK), kwargs={"pk": "message_a"}),
    "portal:messages_read_all": Case(
        POST_ONLY, post={"anonymous": LOGIN}, note="marks only the poster's own messages read"
    ),
    "inbox": Case(BOTH_ADMIN),
    "inbox_message": Case(NOT_IN_ADMIN, kwargs={"pk": "message_a"}),
    "inbox_read_all": Case(
        {**NO_ADMIN, "staff": NOT_ALLOWED, "incubator_manager": NOT_ALLOWED},
        post=dict(NO_ADMIN),
        note="marks only the poster's own messages read",
    ),
}

UNUSED = (BAD,)  # part of the vocabulary, not used by any entry yet
