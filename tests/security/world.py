"""The world the permission matrix requests: objects of organization A and one user per role.

Every call of the world is bought by the default department (深圳市南山区民政局), for which the
staff personas work; `other_staff` works for 深圳市福田区民政局 and must see none of it.

Everything the access table names by key (``"org_a"``, ``"application"`` …) is an attribute of the
`World` built here. When an app adds URLs that need objects of its own (a panel, a project, an
evaluation), build them in `build_world` — owned by organization A, so that "member of org B" and
"expert not assigned" prove the ownership checks — and name them in the table.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.models import Page

from cms.models import CatalogueIndexPage, CataloguePage, HomePage
from core.workflow import perform_transition
from grants.models.receipts import issue_receipt
from orgs.models import Invitation, MemberRole, OrganizationDocument, Sanction
from orgs.models.incubation.files import IncubationDocument
from orgs.roles import Role
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    GovernmentFactory,
    OrganizationFactory,
    UserFactory,
    add_member,
    make_attachment,
)
from tests.orgs.incubation_support import make_base, org_application

ROLES = (
    "anonymous",
    "member_a",
    "member_b",
    "expert_assigned",
    "expert_other",
    "evaluator",
    "incubator_manager",
    "staff",
    "approver",
    # 民政工作人员 of a second department (福田区): sees none of the first department's records.
    "other_staff",
)


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role -> User (no entry for "anonymous")
    objects: dict = field(default_factory=dict)  # key -> model instance or literal

    def __getitem__(self, key):
        """An object by key, or a role's user ("user_member_b")."""
        if key.startswith("user_") and key[5:] in self.users:
            return self.users[key[5:]]
        return self.objects[key]


def _pdf_bytes() -> bytes:
    from tests.hostile_files import make_pdf

    return make_pdf()


def build_world() -> World:
    world = World()
    o = world.objects
    staff = UserFactory(real_name="赵科员", email="staff@example.cn", roles=[Role.STAFF])
    world.users = {
        "member_a": UserFactory(real_name="张伟", email="owner@example.cn"),
        "member_b": UserFactory(real_name="陈静", email="outsider@example.cn"),
        "expert_assigned": UserFactory(
            real_name="孙教授", email="expert@example.cn", roles=[Role.EXPERT]
        ),
        "expert_other": UserFactory(
            real_name="钱教授", email="expert2@example.cn", roles=[Role.EXPERT]
        ),
        "evaluator": UserFactory(
            real_name="周评估", email="evaluator@example.cn", roles=[Role.EVALUATOR]
        ),
        "incubator_manager": UserFactory(
            real_name="吴主任", email="incubator@example.cn", roles=[Role.INCUBATOR_MANAGER]
        ),
        "staff": staff,
        # 审核人: programme staff who also holds the approver role (经办/审核).
        "approver": UserFactory(
            real_name="钱审核", email="approver@example.cn", roles=[Role.STAFF, Role.APPROVER]
        ),
        "other_staff": UserFactory(
            real_name="林科员",
            email="other-staff@example.cn",
            roles=[Role.STAFF],
            departments=[GovernmentFactory(name="深圳市福田区民政局", jurisdiction_code="440304")],
        ),
    }
    # Organization A: a draft its admin may still edit, with a document and a member to remove.
    org_a = OrganizationFactory(name="阳光社工服务中心")
    org_b = OrganizationFactory(name="彩虹社区服务中心")
    add_member(world.users["member_a"], org_a, MemberRole.ADMIN)
    add_member(world.users["member_b"], org_b, MemberRole.ADMIN)
    o["org_a"] = org_a
    o["org_b"] = org_b
    o["membership_a"] = add_member(
        UserFactory(real_name="刘洋", email="member@example.cn"), org_a, MemberRole.MEMBER
    )
    document = OrganizationDocument(
        organization=org_a,
        kind="certificate",
        title="登记证书",
        original_name="登记证书.pdf",
        content_type="application/pdf",
        size=10,
        sha256="a" * 64,
        uploaded_by=world.users["member_a"],
    )
    document.file.save("certificate.pdf", ContentFile(_pdf_bytes()), save=False)
    document.save()
    o["org_a_document"] = document
    o["invitation_a"] = Invitation.objects.create(
        organization=org_a,
        email="invitee@example.cn",
        role=MemberRole.MEMBER,
        invited_by=world.users["member_a"],
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )

    # An open call and org A's draft application with an attachment.
    call = CallFactory()
    o["call"] = call
    application = ApplicationFactory(
        call=call, organization=org_a, project_name="长者关爱计划", complete=True
    )
    o["application"] = application
    o["attachment"] = make_attachment(application, kind="other", title="补充材料")
    o["draft_call"] = CallFactory(state="draft")
    # A handed-in application of org A (to another call): what staff work on in the admin.
    submitted = ApplicationFactory(
        call=CallFactory(),
        organization=org_a,
        project_name="社区助残计划",
        state="submitted",
        complete=True,
        submitted_at=timezone.now(),
    )
    o["submitted"] = submitted
    o["submitted_attachment"] = make_attachment(submitted, kind="other", title="补充材料")
    submitted.submission_number = "2026-0001-0001"
    submitted.save(update_fields=["submission_number"])
    issue_receipt(submitted)

    # An incubation base managed by the incubator manager; org A's application under review.
    base = make_base(managers=[world.users["incubator_manager"]])
    o["base"] = base
    incubation = org_application(base, org_a, world.users["member_a"])
    incubation = perform_transition(incubation, "submit", by=world.users["member_a"])
    incubation = perform_transition(incubation, "start_review", by=world.users["incubator_manager"])
    o["incubation"] = incubation
    inc_doc = IncubationDocument(
        incubation=incubation,
        kind="application",
        title="申请材料",
        original_name="申请材料.pdf",
        content_type="application/pdf",
        size=10,
        sha256="b" * 64,
        uploaded_by=world.users["member_a"],
    )
    inc_doc.file.save("material.pdf", ContentFile(_pdf_bytes()), save=False)
    inc_doc.save()
    o["incubation_document"] = inc_doc

    # Public site: the tree the data migration leaves, plus one draft page nobody may read.
    home = HomePage.objects.get()
    o["home"] = home
    o["catalogues"] = CatalogueIndexPage.objects.get()
    draft = Page(title="未发布的页面", slug="draft-page", live=False)
    home.add_child(instance=draft)
    o["draft_page"] = draft
    o["draft_page_url"] = "/draft-page/"
    o["catalogues_url"] = o["catalogues"].url
    o["catalogue"] = _catalogue(o["catalogues"])
    o["catalogue_url"] = o["catalogue"].url
    o["invitation_token"] = o["invitation_a"].token
    # A message (站内信) of member_a: nobody else may open it, in the portal or the admin.
    from core.models import InboxMessage

    o["message_a"] = InboxMessage.objects.create(
        recipient=world.users["member_a"], kind="transition", subject="站内信", body="正文"
    )
    # The uid of a password-reset link for member_b (the fuzz tests follow one).
    o["reset_uid"] = urlsafe_base64_encode(force_bytes(world.users["member_b"].pk))
    o["sanction"] = Sanction.objects.create(
        organization=OrganizationFactory(name="受限社工服务中心"),
        reason="年检不合格",
        starts_on=timezone.localdate(),
        decision_ref="南民〔2025〕1号",
        created_by=staff,
    )
    o["bulk_screening_url"] = (
        f"/admin/bulk/grants/application/pass_screening/?id={application.pk}"
        "&next=/admin/applications/"
    )
    # Needs (issue #9): a community's published need with a private attachment, and a published
    # recommendation meeting. No role belongs to the community, so only staff see the private parts.
    from needs.models import NeedAttachment, RecommendationMeeting
    from tests.factories import NeedFactory

    need = NeedFactory(state="published", title="社区长者助餐服务")
    o["need"] = need
    need_file = NeedAttachment(
        need=need,
        title="现场照片",
        original_name="现场照片.pdf",
        content_type="application/pdf",
        size=10,
        sha256="c" * 64,
    )
    need_file.file.save("photo.pdf", ContentFile(_pdf_bytes()), save=False)
    need_file.save()
    o["need_attachment"] = need_file
    o["meeting"] = RecommendationMeeting.objects.create(
        title="南头街道项目推荐会",
        department=need.department,
        held_on=datetime.date(2026, 3, 12),
        place="党群服务中心",
        result_summary="达成对接1项",
        state="published",
    )
    assign_expert(world)
    from tests.reports.access import build_reports_world

    build_reports_world(world)
    from tests.projects.access import build_projects_world

    build_projects_world(world)
    return world


def _catalogue(index):
    page = CataloguePage(
        title="示范市政府购买服务指导性目录（2025年版）",
        slug="demo-2025",
        issuer="示范市民政局",
        year=2025,
        valid_from=datetime.date(2025, 1, 1),
        valid_to=datetime.date(2025, 12, 31),
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def assign_expert(world: World) -> None:
    """Make `expert_assigned` a panel member for org A's application under review; the other
    expert stays in the pool without a seat (the "expert not assigned" column)."""
    from core.workdays import working_day_span
    from review.draw import draw_panel, plan_for
    from review.models import ExpertProfile, Objection, Publicity, PublishedVersion, VersionKind

    o = world.objects
    staff = world.users["staff"]
    # Org A's application under review; only `expert_assigned` is in the pool when drawing.
    call = CallFactory(state="reviewing")
    plan_for(call)
    ApplicationFactory(
        call=call, organization=o["org_a"], project_name="社区议事计划", state="reviewing"
    )
    ExpertProfile.objects.create(user=world.users["expert_assigned"])
    panel = draw_panel(call=call, by=staff, size=1, seed=1)
    ExpertProfile.objects.create(user=world.users["expert_other"])
    o["review_call"] = call
    # A proposal of the call's decision by staff, waiting for an approver (经办/审核).
    from django.contrib.contenttypes.models import ContentType

    from core.models import Approval

    o["approval"] = Approval.objects.create(
        action="decide",
        content_type=ContentType.objects.get_for_model(call),
        object_id=str(call.pk),
        target_label=str(call),
        proposed_by=staff,
        department_ref=call.department_id,  # as `approvals.propose` records it
    )
    # A holiday arrangement for a year no test counts in (core.workdays; system admins only).
    from core.models import HolidayArrangement

    o["holiday_arrangement"] = HolidayArrangement.objects.create(
        year=2099,
        title="国务院办公厅关于2099年部分节假日安排的通知",
        issued_on=datetime.date(2098, 11, 1),
    )
    o["seat"] = panel.members.get()
    o["assignment"] = o["seat"].assignments.get()
    o["review_application"] = o["assignment"].application  # its score sheets page
    o["expert_profile"] = o["seat"].expert
    # A published 公示 with its result, and an objection with an attachment (staff only).
    # A 公示 lasts at least 5 working days from the day it is published (Publicity.save).
    first, last = working_day_span(timezone.localdate(), 5)
    publicity = Publicity.objects.create(
        call=CallFactory(state="decided"),
        starts_on=first,
        ends_on=last,
        objections_until=last,
        snapshot={"title": "拟资助项目公示", "entries": [_publicity_entry(o["submitted"])]},
        result_snapshot={"title": "立项结果", "entries": [], "total": "0.00"},
    )
    # Its archived first version, with the PDF already laid out (review.archive).
    version = PublishedVersion(
        publicity=publicity,
        kind=VersionKind.PUBLICITY,
        number=1,
        published_at=publicity.published_at,
        content={"snapshot": publicity.snapshot, "entries": publicity.snapshot["entries"]},
    )
    version.pdf.save("publicity.pdf", ContentFile(_pdf_bytes()), save=False)
    version.save()
    o["publicity_version"] = version
    objection = Objection(
        publicity=publicity, application=o["submitted"], name="张三", contact="138", content="异议"
    )
    objection.attachment.save("objection.pdf", ContentFile(_pdf_bytes()), save=False)
    objection.attachment_name = "objection.pdf"
    objection.attachment_type = "application/pdf"
    objection.save()
    o["publicity"] = publicity
    o["publicity_call"] = publicity.call
    o["objection"] = objection


def _publicity_entry(application) -> dict:
    """One line of a published list, as `review.publication` freezes it."""
    return {
        "application": application.pk,
        "position": 1,
        "project": application.project_name,
        "organization": application.organization.name,
        "category": "",
        "amount": "50000.00",
    }
