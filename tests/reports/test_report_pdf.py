"""The performance report PDF: generated through the background path, read back with pypdf,
fonts checked, a page rendered to PNG (kept in artifacts/), and the public version redacted."""

import re
import shutil
import subprocess
from decimal import Decimal
from io import BytesIO

import pytest
from django.conf import settings
from PIL import Image
from pypdf import PdfReader

from core.workflow import perform_transition
from reports.actions import assign_evaluators, record_activity
from reports.generation import request_generation
from reports.models import JobState, PerformanceReport, ReportState
from tests.reports.conftest import commission, score_everything

pytestmark = pytest.mark.django_db

FIRST_LEVEL = ("项目实施", "人力和物资投入", "财务管理", "项目成效")
HEADINGS = (
    "一、基本概况",
    "二、绩效评价的组织实施情况",
    "三、绩效评价指标体系、评价标准和评价方法",
    "四、绩效目标的实现程度",
    "五、存在问题及原因分析",
    "六、评价结论及建议",
    "七、其他需要说明的问题",
)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


@pytest.fixture
def accepted(project, midterm_scheme, agency, staff, agency_admin, agency_evaluator):
    evaluation = commission(project, midterm_scheme, agency, staff)
    assign_evaluators(evaluation, [agency_evaluator], by=agency_admin)
    evaluation = perform_transition(evaluation, "start", by=agency_evaluator)
    record_activity(
        evaluation,
        by=agency_evaluator,
        kind="interview",
        held_on=evaluation.due_on,
        place="红花园社区党群服务中心",
        participants="服务对象李阿姨，电话13900001111",
        summary="访谈服务对象5名，反映服务及时。",
    )
    evaluation = score_everything(evaluation, by=agency_evaluator)
    evaluation = perform_transition(evaluation, "submit", by=agency_evaluator)
    return perform_transition(evaluation, "accept", by=staff)


@pytest.fixture
def generated(accepted, staff, django_capture_on_commit_callbacks):
    report = accepted.report
    with django_capture_on_commit_callbacks(execute=True):
        assert request_generation(report, by=staff)
    report = PerformanceReport.objects.get(pk=report.pk)
    assert (report.job_state, report.job_error) == (JobState.DONE, "")
    return report


def test_generated_report_contains_sections_project_grade_and_indicators(generated):
    assert generated.state == ReportState.GENERATED
    version = generated.current_version
    assert version.number == 1
    text = text_of(version.private_file.read())
    for heading in HEADINGS:
        assert heading in text
    assert "长者关爱计划" in text
    assert "评价等级：合格" in text
    for name in FIRST_LEVEL:
        assert name in text
    assert "阳光社工服务中心" in text
    assert "第 1 页 / 共" not in text  # the cover has no page number
    assert re.search(r"第 2 页 / 共 \d+ 页", text)


def test_public_version_omits_personal_data_and_internal_notes(generated):
    version = generated.current_version
    private = text_of(version.private_file.read())
    public = text_of(version.public_file.read())
    assert "13812345678" in private and "440305199001011234" in private
    assert "13900001111" in private and "内部备注" in private
    assert "13800138000" in private  # the organization's contact phone
    for secret in (
        "13812345678",
        "440305199001011234",
        "13900001111",
        "内部备注",
        "13800138000",
        "周评估",
    ):
        assert secret not in public
    assert "［电话已隐去］" in public
    assert "公开版（已隐去个人信息）" in public
    for heading in HEADINGS:
        assert heading in public


def test_regenerating_unchanged_report_makes_no_new_version(
    generated, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert request_generation(generated, by=staff)
    generated.refresh_from_db()
    assert generated.versions.count() == 1
    assert generated.job_state == JobState.DONE


def test_report_life_cycle_keeps_published_version(
    generated, staff, django_capture_on_commit_callbacks
):
    report = perform_transition(generated, "review", by=staff)
    report = perform_transition(report, "publish", by=staff)
    assert report.published_version.number == 1
    assert report.state == ReportState.PUBLISHED
    # Published reports are not regenerated.
    with django_capture_on_commit_callbacks(execute=True):
        assert not request_generation(report, by=staff)


def test_failure_is_shown_and_retry_succeeds(
    accepted, staff, django_capture_on_commit_callbacks, monkeypatch
):
    import reports.documents

    def broken(evaluation, *, public):
        raise OSError("字体文件缺失")

    monkeypatch.setattr(reports.documents, "render_report", broken)
    report = accepted.report
    with django_capture_on_commit_callbacks(execute=True):
        request_generation(report, by=staff)
    report.refresh_from_db()
    assert report.job_state == JobState.FAILED
    assert report.job_error == "OSError: 字体文件缺失"
    assert report.state == ReportState.DRAFT
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert request_generation(report, by=staff)
    report.refresh_from_db()
    assert (report.job_state, report.state, report.versions.count()) == (
        JobState.DONE,
        ReportState.GENERATED,
        1,
    )


def test_report_fonts_are_embedded_subsets(generated):
    pdf = generated.current_version.private_file.read()
    names = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            names.add(str(font["/BaseFont"]))
            if font["/Subtype"] == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font
    assert names and all(re.match(r"^/[A-Z]{6}\+", name) for name in names), names
    assert any("CJK" in name for name in names), names
    if shutil.which("pdffonts"):
        folder = settings.BASE_DIR / "artifacts" / "pdf"
        folder.mkdir(parents=True, exist_ok=True)
        source = folder / "performance-report.pdf"
        source.write_bytes(pdf)
        listing = subprocess.run(  # noqa: S603 - fixed tool, a file this test wrote
            [shutil.which("pdffonts"), str(source)], check=True, capture_output=True, text=True
        ).stdout.splitlines()[2:]
        assert listing
        # columns: name type encoding emb sub uni object ID
        assert all(line.split()[-5:-3] == ["yes", "yes"] for line in listing), listing


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_report_score_page_renders_glyphs(generated):
    folder = settings.BASE_DIR / "artifacts" / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "performance-report.pdf"
    source.write_bytes(generated.current_version.private_file.read())
    prefix = folder / "performance-report-page3"
    command = [shutil.which("pdftoppm"), "-r", "60", "-png", "-f", "3", "-l", "3", "-singlefile"]
    subprocess.run(  # noqa: S603 - fixed tool, files this test wrote
        [*command, str(source), str(prefix)],
        check=True,
        capture_output=True,
    )
    with Image.open(prefix.with_suffix(".png")) as image:
        gray = image.convert("L")
        width, height = gray.size
        dark = sum(gray.histogram()[:128])
        colours = len(image.convert("RGB").getcolors(maxcolors=100000) or [])
    assert (abs(width - 496), abs(height - 702)) <= (1, 1)  # A4 at 60 dpi
    # Text and the coloured chart: neither blank nor a page of tofu boxes (which are sparse,
    # uniform outlines with only black and white).
    assert 500 < dark < width * height // 4
    assert colours > 20


def test_score_table_lists_every_indicator_with_score(generated):
    text = text_of(generated.current_version.private_file.read())
    assert "附表：绩效评价指标得分表" in text
    assert "活动按计划推进" in text and "查阅资料：活动按计划推进符合要求" in text
    assert "资金到位率" in text and "系统计算" in text
    total = generated.evaluation.total_score
    assert f"{total}" in text and total == Decimal("74.50")


def test_call_summary_pdf_lists_grades_and_distribution(client, accepted, staff, owner):
    from reports.summary import render_call_summary

    text = text_of(render_call_summary(accepted.project.call))
    assert "绩效评价结果汇总" in text and "等级分布" in text
    assert "长者关爱计划" in text and "合格" in text and "74.50" in text
    client.force_login(staff)
    response = client.get(f"/admin/performance_reports/call/{accepted.project.call_id}/summary.pdf")
    assert response.content.startswith(b"%PDF-")
    client.force_login(owner)
    response = client.get(f"/admin/performance_reports/call/{accepted.project.call_id}/summary.pdf")
    assert not response.content.startswith(b"%PDF-")
