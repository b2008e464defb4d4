"""Flattened open data goes through the safe spreadsheet writer: text never becomes a formula
and amounts stay numbers."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from opendata import flat

GRANT = {
    "id": "360G-devgongyi-7",
    "title": '=HYPERLINK("http://example.com","点我")',
    "recipientOrganization": [{"id": "CN-USCC-52440300MJL000000X", "name": "+阳光社工"}],
    "fundingOrganization": [{"id": "360G-devgongyi-org-1", "name": "示范市民政局"}],
    "grantProgramme": [{"code": "call-1", "title": "2026年度公益创投"}],
    "amountAwarded": 120000.5,
    "awardDate": "2026-06-30",
    "url": "http://testserver/projects/7/",
}


def test_grant_rows_keep_formulas_as_text_in_csv():
    body = flat.csv_bytes(flat.GRANT_COLUMNS, flat.grant_rows([GRANT])).decode("utf-8-sig")
    row = body.splitlines()[1]
    assert row.startswith("360G-devgongyi-7,\"'=HYPERLINK(")
    assert ",'+阳光社工," in row
    assert ",120000.50," in row


def test_grant_rows_keep_formulas_as_text_in_xlsx():
    book = load_workbook(io.BytesIO(flat.xlsx_bytes([GRANT], [])))
    sheet = book["公益创投资助"]
    title = sheet.cell(row=2, column=2)
    assert (title.value, title.data_type) == (GRANT["title"], "s")
    money = sheet.cell(row=2, column=11)
    assert Decimal(str(money.value)) == Decimal("120000.50")
    assert money.number_format == "#,##0.00"
