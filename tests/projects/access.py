"""The projects app's part of the permission matrix (tests/security): the objects it needs in the
world and the expected outcome of every projects URL for every role.

`build_projects_world(world)` is called from `tests.security.world.build_world`; `ENTRIES` is
merged into `tests.security.access_table.ENTRIES`.
"""

import datetime
from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.security.matrix import DENIED, LOGIN, NOT_ALLOWED, OK, Case, Lit
from tests.security.world import ROLES


def _jpeg() -> SimpleUploadedFile:
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (64, 48), (20, 120, 60)).save(out, "JPEG")
    return SimpleUploadedFile("p.jpg", out.getvalue())


def _pdf() -> SimpleUploadedFile:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    out = BytesIO()
    writer.write(out)
    return SimpleUploadedFile("scan.pdf", out.getvalue())


def build_projects_world(world) -> None:
    """A running funded project of organization A (signed scan, a due report with one private and
    one public photo, a payable tranche, a pending change request)."""
    from projects.agreement import confirm_agreement, upload_signed_scan
    from projects.changes import request_change
    from projects.models import FundedProject
    from projects.photos import add_photo, set_photo_public
    from tests.factories import make_funded_project

    o = world.objects
    staff, member = world.users["staff"], world.users["member_a"]
    project = make_funded_project(organization=o["org_a"], amount=Decimal("60000.00"))
    FundedProject.objects.filter(pk=project.pk).update(
        starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 12, 31)
    )
    project.refresh_from_db()
    upload_signed_scan(project, _pdf(), by=member)
    project = confirm_agreement(project, by=staff)
    report = project.reports.order_by("due_on").first()
    o["project"] = project
    o["project_report"] = report
    o["project_tranche"] = project.tranches.first()
    o["project_photo"] = add_photo(report, _jpeg(), caption="内部", by=member)
    public = add_photo(report, _jpeg(), caption="公开", by=member)
    o["project_public_photo"] = set_photo_public(public, public=True, by=staff)
    o["project_change"] = request_change(
        project,
        by=member,
        kind="activities",
        explanation="调整活动",
        new_activities="增加一次社区活动",
    )
    from projects.models import ProjectTerms

    o["project_terms"], _created = ProjectTerms.objects.get_or_create(call_id=project.call_id)
    # A reduced award of organization A waiting for its adjusted budget.
    reduced = make_funded_project(
        organization=o["org_a"], amount=Decimal("40000.00"), budget=Decimal("50000.00")
    )
    o["reduced_project"] = reduced
    o["budget_adjustment"] = reduced.budget_adjustment


def _roles(default, **overrides):
    return {role: overrides.get(role, default) for role in ROLES}


SIGNED_IN = _roles(OK, anonymous=LOGIN)
MEMBER_A_OR_STAFF = _roles(DENIED, anonymous=LOGIN, member_a=OK, staff=OK)
MEMBER_A_ONLY = _roles(DENIED, anonymous=LOGIN, member_a=OK)
POST_ONLY = _roles(NOT_ALLOWED, anonymous=LOGIN)
EVERYONE = _roles(OK)
NO_ADMIN = {r: LOGIN for r in ROLES if r not in ("staff", "incubator_manager")}
STAFF_ADMIN = {**NO_ADMIN, "staff": OK, "incubator_manager": DENIED}
NOT_IN_ADMIN = {**NO_ADMIN, "staff": DENIED, "incubator_manager": DENIED}


def post_refused(*allowed):
    refused = {r: DENIED for r in ROLES if r not in allowed}
    refused["anonymous"] = LOGIN
    return refused


P = {"pk": "project"}
REPORT = {**P, "report_pk": "project_report"}

ENTRIES = {
    # Portal: the funded organization (and staff, who may look).
    "portal:project_list": Case(SIGNED_IN),
    "portal:project_detail": Case(MEMBER_A_OR_STAFF, kwargs=P),
    "portal:project_agreement_pdf": Case(MEMBER_A_OR_STAFF, kwargs=P),
    "portal:project_agreement_upload": Case(POST_ONLY, kwargs=P, post=post_refused("member_a")),
    "portal:project_agreement_scan": Case(MEMBER_A_OR_STAFF, kwargs=P),
    "portal:project_report": Case(MEMBER_A_OR_STAFF, kwargs=REPORT),
    "portal:project_report_submit": Case(POST_ONLY, kwargs=REPORT, post=post_refused("member_a")),
    "portal:project_photo_upload": Case(POST_ONLY, kwargs=REPORT, post=post_refused("member_a")),
    "portal:project_photo": Case(MEMBER_A_OR_STAFF, kwargs={**P, "photo_pk": "project_photo"}),
    "portal:project_change_new": Case(MEMBER_A_ONLY, kwargs=P),
    "portal:project_budget_adjustment": Case(MEMBER_A_OR_STAFF, kwargs={"pk": "reduced_project"}),
    "portal:project_change_withdraw": Case(
        POST_ONLY, kwargs={**P, "change_pk": "project_change"}, post=post_refused("member_a")
    ),
    # Public directory.
    "projects_public:directory": Case(EVERYONE),
    "projects_public:detail": Case(EVERYONE, kwargs=P),
    "projects_public:photo": Case(EVERYONE, kwargs={"pk": "project_public_photo"}),
    # Staff back office.
    "funded_projects:dashboard": Case(STAFF_ADMIN),
    "funded_projects:action_payment": Case(
        STAFF_ADMIN, kwargs={**P, "tranche_pk": "project_tranche"}
    ),
    "funded_projects:action_report": Case(
        STAFF_ADMIN, kwargs={**P, "obj_pk": "project_report", "name": Lit("approve")}
    ),
    "funded_projects:action_change": Case(
        STAFF_ADMIN, kwargs={**P, "obj_pk": "project_change", "name": Lit("approve")}
    ),
    "funded_projects:action_photo_public": Case(
        {**STAFF_ADMIN, "staff": DENIED},  # POST only: GET is 404
        kwargs={**P, "photo_pk": "project_photo"},
        post={**NO_ADMIN, "incubator_manager": DENIED},
    ),
    "funded_projects:action_photo": Case(STAFF_ADMIN, kwargs={**P, "photo_pk": "project_photo"}),
    "funded_projects:action_scan": Case(STAFF_ADMIN, kwargs=P),
    "funded_projects:action_agreement": Case(STAFF_ADMIN, kwargs=P),
    "funded_projects:action_evaluation": Case(STAFF_ADMIN, kwargs=P),
    "funded_projects:action_terminate": Case(STAFF_ADMIN, kwargs=P),
    "funded_projects:action_refund": Case(STAFF_ADMIN, kwargs=P),
    "funded_projects:action_plan": Case(STAFF_ADMIN, kwargs=P),
    "funded_projects:action_adjustment": Case(
        STAFF_ADMIN,
        kwargs={"pk": "reduced_project", "obj_pk": "budget_adjustment", "name": Lit("confirm")},
    ),
    # The world's tranche is payable, not paid: no notice yet, so staff get 404 too (the notice
    # itself is downloaded in tests/projects/test_payment_notice.py).
    "funded_projects:action_notice": Case(
        {**STAFF_ADMIN, "staff": DENIED}, kwargs={**P, "tranche_pk": "project_tranche"}
    ),
    "funded_projects:transition": Case(
        STAFF_ADMIN,
        kwargs={**P, "name": Lit("suspend")},
        post={r: o for r, o in STAFF_ADMIN.items() if o != OK},
    ),
}


def _viewset(prefix, obj, expect, **overrides):
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
    return {
        f"{prefix}:{view}": Case(overrides.get(view, expect), kwargs=kwargs)
        for view, kwargs in views.items()
        if overrides.get(view, expect) is not None
    }


# Projects come from awards and are never deleted; staff view and edit them.
ENTRIES |= _viewset(
    "funded_projects", "project", STAFF_ADMIN, add=NOT_IN_ADMIN, delete=NOT_IN_ADMIN
)
ENTRIES |= _viewset(
    "project_terms", "project_terms", STAFF_ADMIN, delete=NOT_IN_ADMIN, inspect=None
)
