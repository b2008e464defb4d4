"""The open data flattened for spreadsheets: one row per 360Giving grant and one per OCDS award,
read from the packages themselves so the three forms cannot disagree. Written only through
`core.spreadsheets` (text never becomes a formula; amounts are numbers)."""

import csv
import io
from decimal import Decimal

from openpyxl import Workbook

from core.spreadsheets import append_row, csv_value, workbook_bytes

GRANT_COLUMNS = [
    "标识（360Giving）",
    "项目名称",
    "承接组织",
    "承接组织标识",
    "资助部门",
    "资助部门标识",
    "征集（资助计划）",
    "分类",
    "实施地区划代码",
    "实施地",
    "资助金额（元）",
    "立项日期",
    "计划开始日期",
    "计划结束日期",
    "公开页面",
]
AWARD_COLUMNS = [
    "ocid",
    "授予标识",
    "项目名称",
    "购买主体",
    "购买主体标识",
    "承接主体",
    "承接主体标识",
    "成交金额（元）",
    "授予日期",
    "合同签订日期",
    "已拨付金额（元）",
]


def _money(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def grant_rows(grants) -> list[list]:
    rows = []
    for g in grants:
        recipient, funder = g["recipientOrganization"][0], g["fundingOrganization"][0]
        place = (g.get("beneficiaryLocation") or [{}])[0]
        planned = (g.get("plannedDates") or [{}])[0]
        rows.append(
            [
                g["id"],
                g["title"],
                recipient["name"],
                recipient["id"],
                funder["name"],
                funder["id"],
                g["grantProgramme"][0]["title"],
                "；".join(c["title"] for c in g.get("classifications", [])),
                place.get("geoCode", ""),
                place.get("name", ""),
                _money(g["amountAwarded"]),
                g["awardDate"],
                planned.get("startDate", ""),
                planned.get("endDate", ""),
                g["url"],
            ]
        )
    return rows


def award_rows(releases) -> list[list]:
    """One row per award, with its contract's signing day and what was paid on it."""
    signed, paid = {}, {}
    for release in releases:
        for contract in release.get("contracts", []):
            key = (release["ocid"], contract["awardID"])
            if contract.get("dateSigned"):
                signed[key] = contract["dateSigned"][:10]
            for t in contract.get("implementation", {}).get("transactions", []):
                paid[key] = paid.get(key, Decimal("0")) + _money(t["value"]["amount"])
    rows = []
    for release in releases:
        parties = {p["id"]: p for p in release["parties"]}
        for award in release.get("awards", []):
            key = (release["ocid"], award["id"])
            supplier = award["suppliers"][0] if award.get("suppliers") else {"id": "", "name": ""}
            value = award.get("value", {}).get("amount")
            rows.append(
                [
                    release["ocid"],
                    award["id"],
                    award.get("title", ""),
                    release["buyer"]["name"],
                    release["buyer"]["id"],
                    supplier["name"],
                    supplier["id"] if supplier["id"] in parties else "",
                    _money(value),
                    (award.get("date") or "")[:10],
                    signed.get(key, ""),
                    paid.get(key),
                ]
            )
    return rows


def csv_bytes(columns, rows) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_value("" if v is None else v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(grants, releases) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "公益创投资助"
    append_row(sheet, GRANT_COLUMNS)
    for row in grant_rows(grants):
        append_row(sheet, row)
    sheet = book.create_sheet("政府购买服务")
    append_row(sheet, AWARD_COLUMNS)
    for row in award_rows(releases):
        append_row(sheet, row)
    return workbook_bytes(book)
