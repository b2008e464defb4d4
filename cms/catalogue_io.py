"""Import and export of a guiding catalogue as a spreadsheet (XLSX or CSV).

One row per entry: level, code, parent code, name, description and the item fields. An import is
all or nothing: every row is checked first and every problem is reported with its row number;
only a clean file is written, inside one transaction. Entries are matched by code, so importing
the same file again updates entries instead of duplicating them.
"""

import csv
import datetime
import io
import itertools
import re
import zipfile
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from wagtail.actions.move_page import MovePageAction

from cms.models import CatalogueEntryPage, CataloguePage, PurchaseMethod
from cms.models.catalogue import MAX_LEVEL, normalize_code
from cms.search import deferred_indexing
from core.spreadsheets import append_row, workbook_bytes

# (key, header written on export); headers are matched case-insensitively, English keys also work.
COLUMNS = [
    ("level", "层级"),
    ("code", "编码"),
    ("parent_code", "上级编码"),
    ("name", "名称"),
    ("description", "说明"),
    ("service_content", "服务内容"),
    ("service_standard", "服务标准"),
    ("beneficiaries", "服务对象"),
    ("provider_requirements", "承接主体资格条件"),
    ("purchase_method", "购买方式"),
    ("performance_standard", "绩效评价标准"),
    ("valid_from", "有效期起"),
    ("valid_to", "有效期止"),
    ("issuing_department", "发布部门"),
]
REQUIRED_COLUMNS = ("level", "code", "parent_code", "name")
TEXT_FIELDS = (
    "description",
    "service_content",
    "service_standard",
    "beneficiaries",
    "provider_requirements",
    "performance_standard",
    "issuing_department",
)
MAX_ROWS = 5000
# Spreadsheet bombs: a real catalogue of MAX_ROWS rows unpacks to a few MB, so a file that unpacks
# to more is refused before openpyxl opens it (zipfile never inflates past the sizes declared).
# Only this many columns are read, whatever width the sheet declares.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_COLUMNS = 2 * len(COLUMNS)
MAX_LENGTHS = {"code": 50, "name": 255, "issuing_department": 100}
_HEADERS = {h.lower(): key for key, h in COLUMNS} | {key: key for key, _h in COLUMNS}
_METHODS = {str(label): value for value, label in PurchaseMethod.choices} | {
    value: value for value in PurchaseMethod.values
}


class CatalogueFileError(Exception):
    """The file cannot be imported; `errors` lists every problem, each naming its row."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Row:
    number: int  # as the spreadsheet shows it: the header is row 1
    data: dict


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    codes: list = field(default_factory=list)


# --- reading -------------------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return str(value).strip()


def _decode(raw: bytes) -> str:
    # Excel in a Chinese locale saves CSV as GB18030 (GBK); everything else is UTF-8.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CatalogueFileError([_("无法识别 CSV 文件的编码，请另存为 UTF-8 编码。")])


def _table(fileobj, filename: str) -> list[list]:
    if filename.lower().endswith(".csv"):
        return list(csv.reader(io.StringIO(_decode(fileobj.read()))))
    unreadable = CatalogueFileError([_("无法读取 XLSX 文件，请确认文件未损坏。")])
    try:
        with zipfile.ZipFile(fileobj) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise unreadable from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise CatalogueFileError([_("XLSX 文件解压后过大，请检查文件内容。")])
    fileobj.seek(0)
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            merged = _merged_ranges(fileobj, sheet._worksheet_path)
            rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
            # One row past the limit is enough to refuse the file (read_rows).
            table = [list(r) for r in itertools.islice(rows, MAX_ROWS + 2)]
        finally:
            workbook.close()
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign sheet
        raise unreadable from exc
    if merged:
        # A merged cell keeps its text in the first cell only: the other rows would be read as
        # empty, and their entries imported without it.
        raise CatalogueFileError(
            [
                _("第%(row)s行：单元格 %(range)s 是合并单元格，请取消合并并逐行填写后再导入。")
                % {"row": first_row, "range": ref}
                for first_row, ref in merged
            ]
        )
    return table


_MERGE = re.compile(
    rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]{1,3}([0-9]{1,7}):[A-Z]{1,3}[0-9]{1,7})"'
)


def _merged_ranges(fileobj, worksheet_path: str) -> list[tuple[int, str]]:
    """(first row, range) of every merged range of the sheet (read-only mode does not list them;
    the sheet's size was bounded before opening it)."""
    fileobj.seek(0)
    with zipfile.ZipFile(fileobj) as archive:
        xml = archive.read(worksheet_path.lstrip("/"))
    return sorted((int(m.group(2)), m.group(1).decode()) for m in _MERGE.finditer(xml))


def read_rows(fileobj, filename: str) -> list[Row]:
    """The data rows of the file, keyed by column; blank rows are skipped."""
    table = _table(fileobj, filename)
    if not table:
        raise CatalogueFileError([_("文件是空的。")])
    keys = [_HEADERS.get(_cell(h).lower()) for h in table[0]]
    missing = [dict(COLUMNS)[k] for k in REQUIRED_COLUMNS if k not in keys]
    if missing:
        raise CatalogueFileError([_("第1行：缺少列：%(cols)s。") % {"cols": "、".join(missing)}])
    if len(table) - 1 > MAX_ROWS:
        raise CatalogueFileError([_("一次最多导入 %(n)s 行。") % {"n": MAX_ROWS}])
    rows = []
    for number, values in enumerate(table[1:], start=2):
        data = {key: _cell(v) for key, v in zip(keys, values, strict=False) if key}
        if any(data.values()):
            rows.append(Row(number, data))
    return rows


# --- checking ------------------------------------------------------------------------------------


def _parse_date(text: str):
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _check_row(row: Row) -> tuple[dict, list[str]]:
    data, errors, clean = row.data, [], {}
    try:
        clean["level"] = int(data.get("level", ""))
        if not 1 <= clean["level"] <= MAX_LEVEL:
            raise ValueError
    except ValueError:
        clean["level"] = None
        errors.append(_("层级必须是 1 到 %(max)s 的整数。") % {"max": MAX_LEVEL})
    for key, label in (("code", _("编码")), ("name", _("名称"))):
        clean[key] = data.get(key, "")
        if not clean[key]:
            errors.append(_("缺少%(col)s。") % {"col": label})
    clean["code"] = normalize_code(clean["code"])
    clean["parent_code"] = normalize_code(data.get("parent_code", ""))
    for key in TEXT_FIELDS:
        clean[key] = data.get(key, "")
    for key, limit in MAX_LENGTHS.items():
        if len(clean.get(key, "")) > limit:
            errors.append(_("%(col)s超过 %(n)s 个字符。") % {"col": dict(COLUMNS)[key], "n": limit})
    method = data.get("purchase_method", "")
    clean["purchase_method"] = _METHODS.get(method, "")
    if method and method not in _METHODS:
        allowed = "、".join(str(label) for label in PurchaseMethod.labels)
        errors.append(
            _("购买方式“%(v)s”无效，应为：%(allowed)s。") % {"v": method, "allowed": allowed}
        )
    for key in ("valid_from", "valid_to"):
        clean[key] = None
        if data.get(key):
            try:
                clean[key] = _parse_date(data[key])
            except ValueError:
                errors.append(
                    _("%(col)s“%(v)s”不是有效日期。") % {"col": dict(COLUMNS)[key], "v": data[key]}
                )
    if clean["valid_from"] and clean["valid_to"] and clean["valid_to"] < clean["valid_from"]:
        errors.append(_("有效期止不得早于有效期起。"))
    return clean, errors


def check_rows(rows: list[Row], catalogue: CataloguePage) -> list[dict]:
    """The cleaned rows, or CatalogueFileError listing every bad row."""
    existing = {e.code: e.level for e in CatalogueEntryPage.objects.descendant_of(catalogue)}
    errors, cleaned, first_row = [], [], {}
    for row in rows:
        clean, row_errors = _check_row(row)
        clean["row"] = row.number
        code = clean["code"]
        if code in first_row:
            row_errors.append(
                _("编码“%(code)s”与第%(row)s行重复。") % {"code": code, "row": first_row[code]}
            )
        elif code:
            first_row[code] = row.number
        cleaned.append((clean, row_errors))
    levels = dict(existing) | {c["code"]: c.get("level") for c, _e in cleaned if c["code"]}
    for clean, row_errors in cleaned:
        level, parent = clean.get("level"), clean["parent_code"]
        if level == 1 and parent:
            row_errors.append(_("一级条目不应填写上级编码。"))
        elif level and level > 1:
            if not parent:
                row_errors.append(_("缺少上级编码。"))
            elif parent not in levels:
                row_errors.append(_("上级编码“%(code)s”不存在。") % {"code": parent})
            elif levels[parent] and levels[parent] != level - 1:
                row_errors.append(
                    _("层级与上级不符：上级“%(code)s”为%(p)s级，本行应为%(n)s级。")
                    % {"code": parent, "p": levels[parent], "n": levels[parent] + 1}
                )
        if clean["code"] in existing and level and existing[clean["code"]] != level:
            row_errors.append(
                _("编码“%(code)s”已是%(old)s级条目，导入不能改变条目层级。")
                % {"code": clean["code"], "old": existing[clean["code"]]}
            )
        errors.extend(
            _("第%(row)s行：%(msg)s") % {"row": clean["row"], "msg": m} for m in row_errors
        )
    if errors:
        raise CatalogueFileError(errors)
    return [clean for clean, _e in cleaned]


# --- writing -------------------------------------------------------------------------------------


def _unique_slug(parent, code: str) -> str:
    base = slugify(code, allow_unicode=True) or "entry"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


ENTRY_FIELDS = (*TEXT_FIELDS, "purchase_method", "valid_from", "valid_to")


def import_rows(catalogue, rows: list[Row], *, user=None, progress=None) -> ImportResult:
    """Create or update the entries of `catalogue` from `rows`, all or nothing.

    Side effects: entries are created, updated or moved and published as new revisions by
    `user`; one audit event is written on the catalogue.
    """
    from core.audit import log_event

    cleaned = check_rows(rows, catalogue)
    result = ImportResult()
    with transaction.atomic(), deferred_indexing():
        by_code = {e.code: e for e in CatalogueEntryPage.objects.descendant_of(catalogue)}
        for clean in sorted(cleaned, key=lambda c: c["level"]):
            parent = catalogue if clean["level"] == 1 else by_code[clean["parent_code"]]
            entry = by_code.get(clean["code"])
            values = {"title": clean["name"], **{k: clean[k] for k in ENTRY_FIELDS}}
            if entry is None:
                parent.refresh_from_db(fields=["path", "depth", "numchild"])
                # Added as a draft (minimal validation), then published: one full validation.
                entry = CatalogueEntryPage(
                    code=clean["code"],
                    slug=_unique_slug(parent, clean["code"]),
                    live=False,
                    **values,
                )
                parent.add_child(instance=entry)
                result.created += 1
            else:
                moved = entry.path[: -entry.steplen] != parent.path
                if moved:
                    MovePageAction(entry, parent, pos="last-child", user=user).execute(
                        skip_permission_checks=True
                    )
                    # Moving rewrites the paths of the subtree: reload what we hold.
                    by_code = {
                        e.code: e for e in CatalogueEntryPage.objects.descendant_of(catalogue)
                    }
                    entry = by_code[clean["code"]]
                changed = any(getattr(entry, k) != v for k, v in values.items())
                if not (changed or moved or entry.has_unpublished_changes or not entry.live):
                    result.unchanged += 1
                    by_code[entry.code] = entry
                    _tick(progress)
                    continue
                for key, value in values.items():
                    setattr(entry, key, value)
                entry.draft_title = entry.title
                result.updated += 1
            # Rows were checked above; publishing runs the model's full validation once. The
            # caller has checked cms.manage_catalogue, which is what authorises an import.
            revision = entry.save_revision(user=user, clean=False, log_action=True)
            revision.publish(user=user, skip_permission_checks=True)
            by_code[entry.code] = entry
            result.codes.append(entry.code)
            _tick(progress)
        log_event(
            catalogue,
            user=user,
            summary=_("导入目录条目：新增 %(c)s 条，更新 %(u)s 条，未变 %(n)s 条。")
            % {"c": result.created, "u": result.updated, "n": result.unchanged},
        )
    return result


def _tick(progress):
    if progress is not None:
        progress(1)


def import_file(catalogue, fileobj, filename: str, *, user=None, progress=None) -> ImportResult:
    return import_rows(catalogue, read_rows(fileobj, filename), user=user, progress=progress)


def export_rows(catalogue, *, live_only=False) -> list[list]:
    """Header plus one row per entry in tree order — the format `read_rows` reads back."""
    entries = CatalogueEntryPage.objects.descendant_of(catalogue).order_by("path")
    if live_only:
        entries = entries.live()
    entries = list(entries)
    code_of = {e.path: e.code for e in entries}
    methods = dict(PurchaseMethod.choices)
    rows = [[header for _key, header in COLUMNS]]
    for e in entries:
        rows.append(
            [
                e.level,
                e.code,
                code_of.get(e.path[: -e.steplen], ""),
                e.title,
                e.description,
                e.service_content,
                e.service_standard,
                e.beneficiaries,
                e.provider_requirements,
                str(methods.get(e.purchase_method, "")),
                e.performance_standard,
                e.valid_from.isoformat() if e.valid_from else "",
                e.valid_to.isoformat() if e.valid_to else "",
                e.issuing_department,
            ]
        )
    return rows


def export_xlsx(catalogue, *, live_only=False) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("指导性目录")
    for row in export_rows(catalogue, live_only=live_only):
        append_row(sheet, row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for letter, width in zip(
        "ABCDEFGHIJKLMN", (6, 12, 12, 28, 40, 40, 40, 30, 40, 12, 40, 12, 12, 20), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    return workbook_bytes(workbook)
