"""Catalogue import: all or nothing, every bad row reported, re-import updates by code."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from wagtail.models import Revision

from cms import catalogue_io
from cms.catalogue_io import CatalogueFileError
from cms.models import CatalogueEntryPage
from tests.cms.conftest import make_catalogue

pytestmark = pytest.mark.django_db

HEADER = ["层级", "编码", "上级编码", "名称", "说明", "服务内容", "服务对象", "购买方式"]
GOOD = [
    HEADER,
    [1, "A", "", "公共服务", "基本公共服务", "", "", ""],
    [2, "A-4", "A", "社会保障服务", "", "", "", ""],
    [3, "A-4-1", "A-4", "居家养老上门服务", "", "助餐、助洁、助浴", "居家老年人", "竞争性磋商"],
    [4, "A-4-1-1", "A-4-1", "老年人助餐服务", "", "集中就餐和送餐", "老年人", "竞争性磋商"],
    [2, "A-9", "A", "社会治理服务", "", "", "", ""],
    [3, "A-9-1", "A-9", "社区矫正辅助服务", "", "教育帮扶、心理矫治", "社区矫正对象", "公开招标"],
]


def csv_bytes(rows, encoding="utf-8"):
    out = io.StringIO()
    for row in rows:
        out.write(",".join(str(c) for c in row) + "\n")
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def import_bytes(catalogue, data, name="catalogue.csv", **kwargs):
    return catalogue_io.import_file(catalogue, io.BytesIO(data), name, **kwargs)


def tree(catalogue):
    return [
        (e.level, e.code, e.title)
        for e in CatalogueEntryPage.objects.descendant_of(catalogue).order_by("path")
    ]


@pytest.fixture
def catalogue(site):
    return make_catalogue(site)


def test_import_good_csv_builds_the_tree(catalogue):
    result = import_bytes(catalogue, csv_bytes(GOOD))
    assert (result.created, result.updated, result.unchanged) == (6, 0, 0)
    assert tree(catalogue) == [
        (1, "A", "公共服务"),
        (2, "A-4", "社会保障服务"),
        (3, "A-4-1", "居家养老上门服务"),
        (4, "A-4-1-1", "老年人助餐服务"),
        (2, "A-9", "社会治理服务"),
        (3, "A-9-1", "社区矫正辅助服务"),
    ]
    item = CatalogueEntryPage.objects.get(code="A-4-1")
    assert (item.live, item.service_content, item.purchase_method) == (
        True,
        "助餐、助洁、助浴",
        "competitive_consultation",
    )
    assert item.slug == "a-4-1"
    assert item.get_latest_revision() is not None


def test_import_good_xlsx_and_gbk_csv(catalogue, site):
    import_bytes(catalogue, xlsx_bytes(GOOD), "目录.xlsx")
    assert len(tree(catalogue)) == 6
    other = make_catalogue(site, issuer="示范区民政局", slug="district")
    import_bytes(other, csv_bytes(GOOD, "gb18030"), "目录.csv")
    assert tree(other) == tree(catalogue)


def test_import_reports_every_bad_row_and_imports_nothing(catalogue):
    bad = [
        HEADER,
        [1, "A", "", "公共服务", "", "", "", ""],
        [2, "A-4", "A", "", "", "", "", ""],  # row 3: missing name
        [3, "A-4-1", "A-5", "居家养老上门服务", "", "", "", ""],  # row 4: unknown parent
        [2, "A-4", "A", "社会保障服务", "", "", "", ""],  # row 5: duplicate code
        [5, "A-4-2", "A-4", "层级错误", "", "", "", ""],  # row 6: bad level
        [3, "A-4-3", "A", "跳级", "", "", "", ""],  # row 7: level does not follow the parent
        [3, "A-4-4", "A-4", "购买方式错误", "", "", "", "拍卖"],  # row 8
    ]
    with pytest.raises(CatalogueFileError) as raised:
        import_bytes(catalogue, csv_bytes(bad))
    assert raised.value.errors == [
        "第3行：缺少名称。",
        "第4行：上级编码“A-5”不存在。",
        "第5行：编码“A-4”与第3行重复。",
        "第6行：层级必须是 1 到 4 的整数。",
        "第7行：层级与上级不符：上级“A”为1级，本行应为2级。",
        "第8行：购买方式“拍卖”无效，应为：公开招标、邀请招标、竞争性谈判、竞争性磋商、单一来源、询价、其他。",
    ]
    assert tree(catalogue) == []


def test_import_missing_columns_is_reported(catalogue):
    with pytest.raises(CatalogueFileError) as raised:
        import_bytes(catalogue, csv_bytes([["编码", "名称"], ["A", "公共服务"]]))
    assert raised.value.errors == ["第1行：缺少列：层级、上级编码。"]


def test_reimport_is_idempotent_and_updates_by_code(catalogue, moderator):
    import_bytes(catalogue, csv_bytes(GOOD))
    pages_before = list(CatalogueEntryPage.objects.values_list("pk", flat=True).order_by("pk"))
    revisions_before = Revision.objects.count()

    again = import_bytes(catalogue, csv_bytes(GOOD))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert list(CatalogueEntryPage.objects.values_list("pk", flat=True).order_by("pk")) == (
        pages_before
    )
    assert Revision.objects.count() == revisions_before

    changed = [list(r) for r in GOOD]
    changed[3][3] = "居家养老上门服务（含助急）"
    changed[6][2] = "A-4"  # 社区矫正辅助服务 moves under 社会保障服务
    result = import_bytes(catalogue, csv_bytes(changed), user=moderator)
    assert (result.created, result.updated, result.unchanged) == (0, 2, 4)
    assert tree(catalogue) == [
        (1, "A", "公共服务"),
        (2, "A-4", "社会保障服务"),
        (3, "A-4-1", "居家养老上门服务（含助急）"),
        (4, "A-4-1-1", "老年人助餐服务"),
        (3, "A-9-1", "社区矫正辅助服务"),
        (2, "A-9", "社会治理服务"),
    ]
    assert list(CatalogueEntryPage.objects.values_list("pk", flat=True).order_by("pk")) == (
        pages_before
    )


def test_reimport_cannot_change_a_level(catalogue):
    import_bytes(catalogue, csv_bytes(GOOD))
    moved_up = [HEADER, [2, "A-9-1", "A", "社区矫正辅助服务", "", "", "", ""]]
    with pytest.raises(CatalogueFileError) as raised:
        import_bytes(catalogue, csv_bytes(moved_up))
    assert raised.value.errors == ["第2行：编码“A-9-1”已是3级条目，导入不能改变条目层级。"]


def test_export_round_trips(catalogue, site):
    import_bytes(catalogue, csv_bytes(GOOD))
    data = catalogue_io.export_xlsx(catalogue)
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("层级", "编码", "上级编码", "名称")
    assert rows[3][:4] == (3, "A-4-1", "A-4", "居家养老上门服务")
    assert rows[3][9] == "竞争性磋商"
    copy = make_catalogue(site, issuer="示范区民政局", slug="district")
    import_bytes(copy, data, "export.xlsx")
    assert tree(copy) == tree(catalogue)


def test_import_command_with_issuer_and_year(catalogue, tmp_path):
    path = tmp_path / "catalogue.csv"
    path.write_bytes(csv_bytes(GOOD))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_catalogue", "示范市民政局/2025", str(path), stdout=out, stderr=err)
    assert "导入完成：新增 6 条，更新 0 条，未变 0 条。" in out.getvalue()
    assert "6/6" in err.getvalue()  # tqdm's progress bar
    assert len(tree(catalogue)) == 6


def test_import_command_reports_bad_rows(catalogue, tmp_path):
    path = tmp_path / "catalogue.csv"
    path.write_bytes(csv_bytes([HEADER, [2, "A-1", "X", "公共安全服务", "", "", "", ""]]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="文件有 1 处问题，未导入任何条目。"):
        call_command("import_catalogue", str(catalogue.pk), str(path), stderr=err)
    assert "第2行：上级编码“X”不存在。" in err.getvalue()


def test_admin_import_view(client, catalogue, moderator, editor):
    url = reverse("cms_catalogue_import", args=[catalogue.pk])
    client.force_login(editor)
    refused = client.get(url)  # Wagtail turns PermissionDenied into a redirect with a message
    assert (refused.status_code, refused.url) == (302, "/admin/")

    client.force_login(moderator)
    bad = SimpleUploadedFile("c.csv", csv_bytes([HEADER, [1, "A", "", "", "", "", "", ""]]))
    response = client.post(url, {"file": bad})
    assert response.status_code == 200
    assert "第2行：缺少名称。" in response.content.decode()
    assert tree(catalogue) == []

    good = SimpleUploadedFile("c.csv", csv_bytes(GOOD))
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    assert len(tree(catalogue)) == 6

    export = client.get(reverse("cms_catalogue_export", args=[catalogue.pk]))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(export.content)).active["D2"].value == "公共服务"


def test_export_keeps_a_formula_like_name_as_text_through_reimport(catalogue, site):
    import_bytes(catalogue, csv_bytes([HEADER, [1, "A", "", "=1+1", "", "", "", ""]]))
    data = catalogue_io.export_xlsx(catalogue)
    cell = load_workbook(io.BytesIO(data)).active["D2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")
    copy = make_catalogue(site, issuer="示范区民政局", slug="district")
    import_bytes(copy, data, "export.xlsx")
    assert tree(copy) == tree(catalogue) == [(1, "A", "=1+1")]


def test_merged_cells_are_refused_with_their_rows(catalogue):
    workbook = Workbook()
    sheet = workbook.active
    for row in GOOD:
        sheet.append(row)
    sheet.merge_cells("H4:H5")  # 购买方式 typed once for two rows
    sheet.merge_cells("E2:F2")
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(CatalogueFileError) as refused:
        import_bytes(catalogue, out.getvalue(), "目录.xlsx")
    assert refused.value.errors == [
        "第2行：单元格 E2:F2 是合并单元格，请取消合并并逐行填写后再导入。",
        "第4行：单元格 H4:H5 是合并单元格，请取消合并并逐行填写后再导入。",
    ]
    assert tree(catalogue) == []


@pytest.mark.parametrize("spelling", ["Ａ", " a ", "ａ", "A\u3000"])
def test_full_width_or_spaced_codes_update_the_same_entry(catalogue, spelling):
    import_bytes(catalogue, csv_bytes(GOOD[:3]))
    import_bytes(
        catalogue,
        csv_bytes([HEADER, [1, spelling, "", "公共服务（修订）"], [2, "Ａ－４", spelling, "社保"]]),
    )
    assert tree(catalogue) == [(1, "A", "公共服务（修订）"), (2, "A-4", "社保")]


def test_entry_form_code_is_normalised(catalogue):
    from cms.models.catalogue import normalize_code

    assert normalize_code("ａ－４－１") == "A-4-1"
    assert normalize_code(" B–2 ") == "B-2"
