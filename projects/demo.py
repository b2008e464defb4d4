"""Demo funded projects, idempotently.

The awards of the demo belong to the previous edition (2025年第四届), carried by grants' and
review's demos to a 公示 whose window has ended. Here staff set the call's project terms first,
then review's demo ends the 公示 as the scheduler does: the award sends
`grants.signals.application_awarded` and the funded projects are born from it, with their
tranches planned from the terms. Everything after that goes through the real services and the
one door: signed scan, confirmation, payments, reports with spending and a photo, review of
reports, mid-term result. The edition is then archived, as it was before the awards came in.
"""

import datetime
from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from core import approvals
from core.workflow import perform_transition
from grants.demo import PREVIOUS_TITLE
from grants.models import Call, CallState
from orgs.models import User
from orgs.roles import Role
from projects.agreement import confirm_agreement, upload_signed_scan
from projects.approvals import PAY, payment_data
from projects.budget_adjustment import adjustment_of, proportional_rows, save_adjustment_lines
from projects.entry import save_report
from projects.evaluation import record_evaluation_result
from projects.models import AdjustmentState, FundedProject, ProjectTerms, TrancheTemplate
from projects.photos import add_photo, set_photo_public
from review.demo import award_previous

D = datetime.date

# The funded projects of the previous edition (grants/demo.py hands them in): organization,
# project, and whether it is running (agreement confirmed, paid, reporting) or only signed.
PROJECTS = [
    ("南山区阳光长者综合服务中心", "“银龄同行”独居长者关爱计划", True),
    ("南山区彩虹社会工作服务中心", "“彩虹桥”困境儿童成长陪伴", False),
]


def _pdf() -> SimpleUploadedFile:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    return SimpleUploadedFile("资助协议签署件.pdf", out.getvalue(), content_type="application/pdf")


def _photo() -> SimpleUploadedFile:
    img = Image.new("RGB", (1200, 800), (236, 226, 200))
    draw = ImageDraw.Draw(img)
    draw.rectangle((100, 150, 1100, 650), outline=(150, 90, 40), width=12)
    out = BytesIO()
    img.save(out, "JPEG")
    return SimpleUploadedFile("探访活动.jpg", out.getvalue(), content_type="image/jpeg")


def _terms(call):
    terms, created = ProjectTerms.objects.get_or_create(call=call)
    if created:
        for i, (title, share, trigger) in enumerate(
            [
                ("首期", "50", "agreement_signed"),
                ("二期", "40", "midterm_passed"),
                ("尾款", "10", "final_passed"),
            ]
        ):
            TrancheTemplate.objects.create(
                terms=terms, title=title, share=Decimal(share), trigger=trigger, sort_order=i
            )


def _settle_budget(project, *, owner, staff):
    """A reduced award: the organization scales its requested lines to the award, its admin
    submits and staff confirm, as the agreement requires (`projects.budget_adjustment`)."""
    adjustment = adjustment_of(project)
    if adjustment is None or adjustment.state == AdjustmentState.CONFIRMED:
        return
    if adjustment.state in (AdjustmentState.DRAFT, AdjustmentState.RETURNED):
        save_adjustment_lines(adjustment, proportional_rows(adjustment), by=owner)
        adjustment = perform_transition(adjustment, "submit", by=owner)
    perform_transition(adjustment, "confirm", by=staff)


def _run(project, *, owner, staff):
    FundedProject.objects.filter(pk=project.pk).update(
        starts_on=D(2026, 3, 1), ends_on=D(2026, 12, 31)
    )
    project.refresh_from_db()
    upload_signed_scan(project, _pdf(), by=owner)
    project = confirm_agreement(project, by=staff)
    # 经办/审核: staff@ enters the payment, approver@ approves it (core.approvals). The payment
    # was made in March, before any report was due; seeded today, the reports the demo leaves
    # open are overdue and stop payments, so the approval carries the approver's override.
    from projects.conditions import payment_stops

    override = "演示数据：2026年3月12日拨付时项目尚无到期报告" if payment_stops(project) else ""
    approvals.approve(
        approvals.propose(
            PAY,
            project.tranches.get(position=1),
            by=staff,
            data=payment_data(
                paid_on=D(2026, 3, 12),
                voucher_number="南民拨〔2026〕031",
                override_reason=override,
            ),
        ),
        by=User.objects.get(email="approver@demo.gongyi.cn"),
    )
    lines = list(project.budget_lines.order_by("position"))
    for report, spent in zip(
        project.reports.order_by("due_on")[:2],
        (Decimal("18000.00"), Decimal("21000.00")),
        strict=False,
    ):
        save_report(
            report,
            by=owner,
            summary="按计划开展入户探访和主题小组活动。",
            beneficiaries_reached=60,
            problems="部分长者白天外出，探访时间需调整。",
            activities=[
                {
                    "held_on": report.period_start + datetime.timedelta(days=10),
                    "place": "红花园社区党群服务中心",
                    "participants": 35,
                    "description": "长者健康讲座与互助小组",
                }
            ],
            spending={lines[0]: spent / 2, lines[-1]: spent / 2},
        )
        if report.kind == "quarterly" and report.period_end.month == 3:
            photo = add_photo(report, _photo(), caption="社区长者互助小组活动", by=owner)
            set_photo_public(photo, public=True, by=staff)
        report = perform_transition(report, "submit", by=owner)
        perform_transition(report, "approve", by=staff)
    record_evaluation_result(project, stage="midterm", passed=True, grade="合格", by=staff)


def seed(stdout) -> None:
    call = Call.objects.filter(title=PREVIOUS_TITLE).first()
    staff = User.objects.filter(groups__name=Role.STAFF.value).first()
    if call is None or staff is None:
        stdout.write("projects: 缺少演示征集或工作人员，跳过资助项目演示数据")
        return
    _terms(call)
    award_previous(stdout)
    made = 0
    for org_name, name, running in PROJECTS:
        project = FundedProject.objects.filter(
            call=call, organization__name=org_name, name=name
        ).first()
        if project is None:
            continue
        org = project.organization
        owner = org.memberships.filter(role="admin").select_related("user").first()
        owner = owner.user if owner else staff
        if project.agreement_state == "generated":
            _settle_budget(project, owner=owner, staff=staff)
            if running:
                _run(project, owner=owner, staff=staff)
            else:
                upload_signed_scan(project, _pdf(), by=owner)
            made += 1
    if Call.objects.filter(pk=call.pk, state=CallState.DECIDED).exists():
        perform_transition(call, "archive", by=staff)
    stdout.write(f"projects: 演示资助项目已就绪（新建{made}个）")
