"""The printable 项目申报书 (grants.documents): a filled application read back from the PDF,
escaping, embedded fonts, the rendered first page, and who may download it."""

import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.conf import settings
from PIL import Image
from pypdf import PdfReader

from core.money import wan_yuan, yuan
from grants.documents import render_application_pdf
from grants.models import Application, Call, RequiredAttachment, TeamMember, snapshot_of
from tests.factories import ApplicationFactory, CallFactory, GovernmentFactory
from tests.grants.admin_support import add_line

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def filled(org_a, owner, member):
    """A submitted application with co-funding, two budget categories, a team and an answer."""
    org_a.registration_number = "粤南民证字第0088号"
    org_a.founded_on = date(2015, 3, 18)
    org_a.save()
    call = CallFactory(
        title="2025年南山区第三届公益创投",
        department=GovernmentFactory(name="深圳市南山区民政局"),
        extra_questions=[
            ("text", {"label": "项目创新点", "required": True, "help_text": "", "multiline": True}),
        ],
    )
    RequiredAttachment.objects.create(call=call, name="财务审计报告", required=True)
    application = ApplicationFactory(
        call=call, organization=org_a, project_name="长者关爱计划", complete=True
    )
    block_id = Call.objects.get(pk=call.pk).extra_questions[0].id
    Application.objects.filter(pk=application.pk).update(
        state="submitted",
        submitted_at=datetime(2025, 6, 30, 9, 0, tzinfo=UTC),
        org_snapshot=snapshot_of(org_a),
        objectives=f"服务200名长者。{SCRIPT}<b>粗体</b>",
        extra_answers={block_id: "“时间银行”互助"},
    )
    # 50,000.00 requested (two lines in two categories), 11,234.56 own, 0.30 other.
    application.budget_lines.all().delete()
    add_line(application, "30000.00", "requested", category="活动费", item="探访物资")
    add_line(application, "20000.00", "requested", category="人员费", item="社工补贴")
    add_line(application, "11234.56", "own", category="人员费", item="督导补贴")
    add_line(application, "0.30", "other", category="活动费", item="爱心捐赠")
    TeamMember.objects.create(
        application=application, name="李华", education="硕士", major="社会工作", position=1
    )
    return Application.objects.get(pk=application.pk)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


@pytest.fixture
def pdf(filled):
    return render_application_pdf(filled)


# --- formatting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text", "wan"),
    [
        (Decimal("12345.67"), "12,345.67 元", "1.23 万元"),
        (Decimal("50000.00"), "50,000.00 元", "5.00 万元"),
        (Decimal("1500000"), "1,500,000.00 元", "150.00 万元"),
        (Decimal("0.5"), "0.50 元", "0.00 万元"),
        (None, "—", "—"),
    ],
)
def test_money_formats_with_separators_and_wan_to_two_places(value, text, wan):
    assert yuan(value) == text
    assert wan_yuan(value) == wan


# --- content ------------------------------------------------------------------------------------


def test_pdf_names_the_implementation_region_not_its_code(pdf, filled):
    text = re.sub(r"\s+", "", "".join(page_texts(pdf)))
    assert "广东省深圳市南山区南头街道" in text
    assert "行政区划代码" not in text


def test_pdf_of_a_filled_application_reads_back(pdf, filled):
    texts = page_texts(pdf)
    text = "\n".join(texts)
    cover = texts[0]
    assert "南山区公益创投项目申报书" in cover
    assert "2025年南山区第三届公益创投" in cover
    assert "长者关爱计划" in cover
    assert "阳光社工服务中心" in cover
    assert "王芳" in cover and "13800000001" in cover  # project lead and phone
    assert "2025年6月30日" in cover  # submitted, Beijing date
    assert "深圳市南山区民政局制" in cover
    for heading in (
        "一、申报单位基本情况",
        "二、联系人信息",
        "三、机构简介",
        "四、项目团队",
        "五、项目计划",
        "（三）项目目标",
        "六、项目预算",
        "七、补充问题",
        "八、附件清单",
        "九、承诺与签章",
    ):
        assert heading in text, heading
    # The organization block, from the snapshot taken at submission.
    assert filled.org_snapshot["uscc"] in text
    assert "粤南民证字第0088号" in text
    assert "2015年3月18日" in text
    assert "5.00 万元（50,000.00 元）" in text
    assert "10个月" in text
    # Budget with category subtotals and totals in Chinese money format.
    assert "人员费小计" in text and "31,234.56" in text
    assert "活动费小计" in text and "30,000.30" in text
    assert "项目总预算 61,234.86 元" in text
    assert "其中：申请资助 50,000.00 元" in text
    assert "其中：自筹 11,234.56 元" in text
    assert "其中：其他来源 0.30 元" in text
    assert "李华" in text and "硕士 / 社会工作" in text
    assert "项目创新点" in text and "“时间银行”互助" in text
    assert "财务审计报告" in text and "承诺书.pdf" in text
    for box in ("法定代表人签字", "单位盖章", "日期"):
        assert box in texts[-1]


def test_pdf_prints_typed_html_literally(pdf):
    # Were it not escaped, the script element would print nothing and <b> would vanish.
    assert f"服务200名长者。{SCRIPT}<b>粗体</b>" in "\n".join(page_texts(pdf))


def test_pdf_contents_page_points_at_the_sections(pdf):
    texts = page_texts(pdf)
    toc = texts[1]
    assert "目录" in toc
    for heading in ("一、申报单位基本情况", "六、项目预算", "九、承诺与签章"):
        page = int(re.search(re.escape(heading) + r"\s*\.+\s*(\d+)", toc).group(1))
        assert heading in texts[page - 1], heading


def test_pdf_of_a_draft_says_so(org_a, owner):
    draft = ApplicationFactory(organization=org_a, project_name="尚未提交的项目", complete=True)
    cover = page_texts(render_application_pdf(draft))[0]
    assert "草稿：本申报书尚未提交，仅供核对" in cover
    assert "（尚未提交）" in cover


def test_pdf_embeds_subset_cjk_fonts(pdf):
    names = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]))
            if font["/Subtype"] == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font
    assert names
    assert all(re.match(r"^/[A-Z]{6}\+", name) for name in names), names
    assert any("Noto-Sans-CJK-SC" in name for name in names), names
    assert len(pdf) < 1_500_000


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pdf_first_page_rendered_to_png(pdf):
    folder = settings.BASE_DIR / "artifacts" / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "application.pdf"
    source.write_bytes(pdf)
    prefix = folder / "application-page1"
    command = [shutil.which("pdftoppm"), "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile"]
    subprocess.run(  # noqa: S603 - fixed tool, files this test wrote
        [*command, str(source), str(prefix)],
        check=True,
        capture_output=True,
    )
    with Image.open(prefix.with_suffix(".png")) as image:
        gray = image.convert("L")
        dark = sum(gray.histogram()[:128])
        width, height = gray.size
    assert (abs(width - 496), abs(height - 702)) <= (1, 1)  # A4 at 60 dpi
    assert 500 < dark < width * height // 8


# --- who may download it ------------------------------------------------------------------------


def _url(application):
    return f"/portal/applications/{application.pk}/pdf/"


def test_anonymous_is_sent_to_login(client, filled):
    response = client.get(_url(filled))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/portal/applications/{filled.pk}/pdf/"


@pytest.mark.parametrize("persona", ["outsider", "expert"])
def test_others_are_refused(request, client, filled, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(_url(filled))
    assert response.status_code == 403
    assert not response.content.startswith(b"%PDF")


def test_unknown_application_is_404(client, member):
    client.force_login(member)
    assert client.get("/portal/applications/999999/pdf/").status_code == 404


@pytest.mark.parametrize("persona", ["member", "owner", "staff"])
def test_members_and_staff_download_it(request, client, filled, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(_url(filled))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"document.pdf\"; filename*=UTF-8''"
        "%E9%95%BF%E8%80%85%E5%85%B3%E7%88%B1%E8%AE%A1%E5%88%92-"
        "%E9%A1%B9%E7%9B%AE%E7%94%B3%E6%8A%A5%E4%B9%A6.pdf"
    )
    assert "长者关爱计划" in page_texts(response.content)[0]


def test_staff_download_it_from_the_admin(client, staff, filled):
    client.force_login(staff)
    response = client.get(f"/admin/applications/inspect/{filled.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "阳光社工服务中心" in page_texts(response.content)[0]
    inspect = client.get(f"/admin/applications/inspect/{filled.pk}/").content.decode()
    assert f"/admin/applications/inspect/{filled.pk}/pdf/" in inspect
