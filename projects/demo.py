"""Demo funded projects, idempotently.

The awards of the demo belong to the previous edition (2025年第四届), carried by grants' and
review's demos to a 公示 whose window has ended. Here staff set the call's project terms first,
then review's demo ends the 公示 as the scheduler does: the award sends
`grants.signals.application_awarded` and the funded projects are born from it, with their
tranches planned from the terms. Everything after that goes through the real services and the
one door: signed scan, confirmation, payments, reports with spending and a photo, review of
reports, mid-term result. The edition is then archived, as it was before the awards came in.
The other departments' editions (grants.demo.DEPARTMENT_EDITIONS) are awarded by their own
officers, and the first project of each is signed and under way.
"""

import datetime
from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from core import approvals
from core.workflow import perform_transition
from grants.demo import DEPARTMENT_EDITIONS, PREVIOUS_TITLE
from grants.models import Call, CallState
from orgs.demo import department_staff
from orgs.models import User
from orgs.roles import Role
from projects.agreement import confirm_agreement, upload_signed_scan
from projects.approvals import PAY, payment_data
from projects.budget_adjustment import adjustment_of, proportional_rows, save_adjustment_lines
from projects.entry import save_report
from projects.evaluation import record_evaluation_result
from projects.models import AdjustmentState, FundedProject, ProjectTerms, TrancheTemplate
from projects.photos import add_photo, set_photo_public
from review.demo import award, award_previous

D = datetime.date

# The funded projects of the previous edition (grants/demo.py hands them in): organization,
# project, and how far it has come: RUNNING (agreement confirmed, first tranche paid, reporting,
# mid-term passed: its final evaluation is under way, reports/demo.py) or IMPLEMENTED (its whole
# period is over: every report approved, mid-term passed, two tranches paid; reports/demo.py
# carries its final evaluation to a published report and closes it).
RUNNING, IMPLEMENTED = "running", "implemented"
PROJECTS = [
    ("南山区阳光长者综合服务中心", "“银龄同行”独居长者关爱计划", RUNNING),
    ("南山区彩虹社会工作服务中心", "“彩虹桥”困境儿童成长陪伴", IMPLEMENTED),
]
IMPLEMENTED_PERIOD = (D(2026, 2, 1), D(2026, 10, 31))


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


def pay(tranche, *, paid_on, voucher, staff, override=""):
    """经办/审核: staff@ enters the payment, approver@ approves it (core.approvals)."""
    approvals.approve(
        approvals.propose(
            PAY,
            tranche,
            by=staff,
            data=payment_data(paid_on=paid_on, voucher_number=voucher, override_reason=override),
        ),
        by=User.objects.get(email="approver@demo.gongyi.cn"),
    )


def _implement(project, *, owner, staff):
    """A project whose period is over: signed, every report handed in and approved (with
    spending and a public photo), the first two tranches paid and the mid-term passed."""
    starts, ends = IMPLEMENTED_PERIOD
    FundedProject.objects.filter(pk=project.pk).update(starts_on=starts, ends_on=ends)
    project.refresh_from_db()
    upload_signed_scan(project, _pdf(), by=owner)
    project = confirm_agreement(project, by=staff)
    lines = list(project.budget_lines.order_by("position"))
    reports = list(project.reports.order_by("due_on"))
    # About 96% of the award is spent, evenly over the reports and the first and last lines.
    share = (project.amount * Decimal("0.96") / len(reports) / 2).quantize(Decimal("0.01"))
    for i, report in enumerate(reports):
        save_report(
            report,
            by=owner,
            summary="开展困境儿童入户陪伴、课业辅导和亲子活动，志愿者结对服务稳定。",
            beneficiaries_reached=40 + 5 * i,
            problems="个别家庭搬迁，结对关系需重新安排。",
            activities=[
                {
                    "held_on": report.period_end - datetime.timedelta(days=5),
                    "place": "南山区彩虹社会工作服务中心活动室",
                    "participants": 25,
                    "description": "困境儿童成长小组与志愿者陪伴活动",
                }
            ],
            spending={lines[0]: share, lines[-1]: share},
        )
        if i == 0:
            photo = add_photo(report, _photo(), caption="困境儿童成长小组活动", by=owner)
            set_photo_public(photo, public=True, by=staff)
        report = perform_transition(report, "submit", by=owner)
        perform_transition(report, "approve", by=staff)
    pay(
        project.tranches.get(position=1),
        paid_on=D(2026, 2, 10),
        voucher="南民拨〔2026〕018",
        staff=staff,
    )
    record_evaluation_result(project, stage="midterm", passed=True, grade="良好", by=staff)
    pay(
        project.tranches.get(position=2),
        paid_on=D(2026, 6, 22),
        voucher="南民拨〔2026〕097",
        staff=staff,
    )


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
    pay(
        project.tranches.get(position=1),
        paid_on=D(2026, 3, 12),
        voucher="南民拨〔2026〕031",
        staff=staff,
        override=override,
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


def _department_projects(stdout) -> None:
    """The other departments' editions (grants.demo.DEPARTMENT_EDITIONS): their officers set
    the project terms and end the 公示 (经办/审核); the first funded project's agreement is
    signed and confirmed, the others wait for their signed scans."""
    for spec in DEPARTMENT_EDITIONS:
        call = Call.objects.filter(title=spec["title"]).first()
        staff = User.objects.filter(email=spec["staff"]).first()
        approver = department_staff(spec["department"], approver=True)
        if call is None or staff is None or approver is None:
            continue
        _terms(call)
        award(spec["title"], staff=staff, approver=approver)
        project = call.funded_projects.order_by("pk").first()
        if project is None or project.agreement_state != "generated":
            continue
        owner = project.organization.memberships.filter(role="admin").select_related("user")
        owner = owner.first().user if owner.exists() else staff
        _settle_budget(project, owner=owner, staff=staff)
        FundedProject.objects.filter(pk=project.pk).update(
            starts_on=D(2026, 3, 1), ends_on=D(2026, 12, 31)
        )
        project.refresh_from_db()
        upload_signed_scan(project, _pdf(), by=owner)
        confirm_agreement(project, by=staff)
        stdout.write(f"projects: {spec['department']}的演示资助项目已就绪")


def seed(stdout) -> None:
    _department_projects(stdout)
    call = Call.objects.filter(title=PREVIOUS_TITLE).first()
    staff = (
        User.objects.filter(email="staff@demo.gongyi.cn").first()
        or User.objects.filter(groups__name=Role.STAFF.value).first()
    )
    if call is None or staff is None:
        stdout.write("projects: 缺少演示征集或工作人员，跳过资助项目演示数据")
        return
    _terms(call)
    award_previous(stdout)
    made = 0
    for org_name, name, how in PROJECTS:
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
            if how == RUNNING:
                _run(project, owner=owner, staff=staff)
            else:
                _implement(project, owner=owner, staff=staff)
            made += 1
    if Call.objects.filter(pk=call.pk, state=CallState.DECIDED).exists():
        perform_transition(call, "archive", by=staff)
    stdout.write(f"projects: 演示资助项目已就绪（新建{made}个）")
