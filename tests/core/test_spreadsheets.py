"""What users typed never runs as a formula in a spreadsheet the platform writes, and keeps its
text (`core.spreadsheets`)."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from core.spreadsheets import append_row, csv_value, workbook_bytes

ROOT = Path(__file__).resolve().parents[2]
TYPED = ['=HYPERLINK("http://evil.example/","点我")', "+1+1", "-2+3", "@SUM(A1)", "=1+1"]


def read_back(data: bytes):
    sheet = load_workbook(io.BytesIO(data)).active
    return [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows()]


def test_xlsx_rows_keep_typed_text_as_text():
    book = Workbook()
    for text in TYPED:
        append_row(book.active, [text, 3])
    rows = read_back(workbook_bytes(book))
    assert [row[0] for row in rows] == [(text, "s") for text in TYPED]
    assert [row[1] for row in rows] == [(3, "n")] * len(TYPED)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+86 138", "'+86 138"),
        ("-5", "'-5"),
        ("@x", "'@x"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("阳光=社工", "阳光=社工"),
        (-5, -5),
        (None, None),
    ],
)
def test_csv_values_that_would_run_are_quoted(value, written):
    assert csv_value(value) == written


def test_figures_workbook_keeps_text():
    from reports.figures import workbook

    rows = read_back(workbook([("表", ["名称"], [["=1+1"], ["-2"]])]))
    assert rows == [[("名称", "s")], [("=1+1", "s")], [("-2", "s")]]


def test_admin_csv_export_quotes_formula_text():
    from core.admin import DisplayExportMixin

    written = []

    class Base:
        def write_csv_row(self, writer, row_dict):
            written.append(row_dict)

    class View(DisplayExportMixin, Base):
        pass

    View().write_csv_row(None, {"name": "=1+1", "amount": 5})
    assert written == [{"name": "'=1+1", "amount": 5}]


# Every workbook of the application is filled through `append_row`: a module that builds one
# must not append rows to a sheet itself.
RAW_APPEND = re.compile(r"\b(sheet|worksheet|ws)\w*\.append\(")


def test_every_workbook_is_written_through_append_row():
    offenders = []
    for app in ["core", "orgs", "grants", "review", "projects", "needs", "reports", "cms"]:
        for path in (ROOT / app).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if "Workbook(" in text and path.name != "spreadsheets.py":
                if "append_row" not in text or RAW_APPEND.search(text):
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == [], "write rows with core.spreadsheets.append_row"


def test_amounts_are_numbers_shown_with_separators_in_xlsx_and_plain_in_csv():
    from decimal import Decimal

    book = Workbook()
    append_row(book.active, ["资助金额", Decimal("120000"), Decimal("-0.5"), 3])
    sheet = load_workbook(io.BytesIO(workbook_bytes(book))).active
    cells = next(iter(sheet.iter_rows()))
    assert [(c.value, c.data_type) for c in cells[1:]] == [(120000, "n"), (-0.5, "n"), (3, "n")]
    assert [c.number_format for c in cells[1:]] == ["#,##0.00", "#,##0.00", "General"]
    assert csv_value(Decimal("120000")) == "120000.00"
    assert csv_value(Decimal("2.675")) == "2.68"
