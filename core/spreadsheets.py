"""The one way the platform writes spreadsheets: what users typed is never executed.

A project name such as `=HYPERLINK("http://…")` must reach staff and the public as text. In an
XLSX file openpyxl stores any string starting with "=" as a formula; every row written here is
therefore stored with text cells, which keeps the exact text and survives a re-import. A CSV file
has no cell types, so text starting with = + - @ or a tab or carriage return gets a leading
apostrophe, which spreadsheet programs show as text (the OWASP advice for CSV injection).

Money (any Decimal) is a number, not text: in XLSX a numeric cell shown as `#,##0.00`
(120,000.00, sums and sorts work); in CSV, which has no formats, the plain decimal with two places
(120000.00), which every spreadsheet program reads as a number. Never through float.
"""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import Cell

from core.money import cents

MONEY_FORMAT = "#,##0.00"

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def append_row(sheet, values) -> None:
    """Append one row to an openpyxl worksheet; no cell of it becomes a formula. The cells are
    made here (not looked up after appending: `max_row` scans the whole sheet, so large exports
    went quadratic)."""
    cells = []
    for value in values:
        cell = Cell(sheet, value=value)
        if cell.data_type == "f":
            cell.data_type = "s"
        elif isinstance(value, Decimal):
            cell.number_format = MONEY_FORMAT
        cells.append(cell)
    sheet.append(cells)


def workbook_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_value(value):
    """A value for a CSV cell: text that a spreadsheet program would run as a formula is quoted;
    an amount is its plain decimal with two places."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, Decimal):
        return f"{cents(value):f}"
    return value
