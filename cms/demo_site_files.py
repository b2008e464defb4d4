"""Demo site identity and the downloadable files of the demo call pages: a real 申报指南 PDF
(core.pdf) and a real 预算明细表 XLSX (core.spreadsheets), stored as Wagtail documents.

Idempotent: the identity is filled only where blank, a call page gets its contact only when it has
none, and a file only when the page has none with that label.
"""

from django.core.files.base import ContentFile
from openpyxl import Workbook
from openpyxl.styles import Font
from wagtail.documents import get_document_model
from wagtail.models import Site

from cms.models import CallGuidelineFile, SiteIdentity
from core.pdf import render_pdf
from core.spreadsheets import append_row, workbook_bytes

IDENTITY = {
    "site_code": "4403000001",
    "icp_number": "粤ICP备00000000号（演示数据）",
    "police_number": "粤公网安备44030002000001号（演示数据）",
    "contact_address": "示范市示范区民政路1号（演示数据）",
    "contact_phone": "0755-26600000",
    "contact_email": "mzj@example.gov.cn",
}
CONTACT_NAME = "陈老师（演示数据）"
CONTACT_PHONE = "0755-26600001"
GUIDE_LABEL = "申报指南（PDF）"
BUDGET_LABEL = "预算明细表模板（XLSX）"
BUDGET_HEADER = [
    "序号",
    "支出类别",
    "明细项目",
    "单价（元）",
    "数量",
    "单位",
    "金额（元）",
    "计算依据",
]
BUDGET_ROWS = [
    ["1", "人员费用", "项目社工劳务费", "", "", "人·月", "", "不超过总预算的50%"],
    ["2", "活动费用", "活动物料", "", "", "场", "", ""],
    ["3", "宣传费用", "宣传折页印制", "", "", "份", "", ""],
    ["4", "管理费用", "项目管理及财务审计", "", "", "项", "", "不超过总预算的10%"],
    ["", "合计", "", "", "", "", "", ""],
]


def seed_identity() -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    identity = SiteIdentity.for_site(site)
    changed = [name for name, value in IDENTITY.items() if not getattr(identity, name)]
    for name in changed:
        setattr(identity, name, IDENTITY[name])
    if changed:
        identity.save()


def budget_template(call) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "预算明细表"
    append_row(sheet, [f"{call.title} 项目预算明细表（演示数据）"])
    append_row(sheet, ["申报单位：", "", "项目名称：", "", "", "", "申报金额（元）：", ""])
    append_row(sheet, BUDGET_HEADER)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in BUDGET_ROWS:
        append_row(sheet, row)
    for column, width in zip("ABCDEFGH", [6, 12, 24, 12, 8, 8, 14, 24], strict=True):
        sheet.column_dimensions[column].width = width
    return workbook_bytes(book)


def guide_pdf(call) -> bytes:
    return render_pdf(
        "pdf/call_guide.html",
        {
            "title": f"{call.title}申报指南",
            "call": call,
            "contact_name": CONTACT_NAME,
            "contact_phone": CONTACT_PHONE,
        },
    )


def furnish_call_page(page) -> None:
    """Give a demo call page its contact and its two files, as one published revision."""
    call = page.call
    labels = set(page.guideline_files.values_list("title", flat=True))
    files = [
        (GUIDE_LABEL, f"{call.title}申报指南", guide_pdf, "guide.pdf"),
        (BUDGET_LABEL, f"{call.title}预算明细表", budget_template, "budget.xlsx"),
    ]
    missing = [f for f in files if f[0] not in labels]
    if page.contact_name and not missing:
        return
    if not page.contact_name:
        page.contact_name, page.contact_phone = CONTACT_NAME, CONTACT_PHONE
    for label, title, make, filename in missing:
        document = get_document_model().objects.create(
            title=title, file=ContentFile(make(call), filename)
        )
        page.guideline_files.add(CallGuidelineFile(document=document, title=label))
    page.save_revision().publish()
