"""Purchases announced on the public site without a call in the platform: a live 项目公告 page no
purchase call points at (by `Call.announcement_page`, or by the call's title, which is how
`cms.contract_publishing` finds it) is one OCDS process, `ocid` `<prefix>-notice-<page id>`.

Its events are the pages themselves: the 项目公告 (tender), each live 成交结果公告 (award) and
合同公告 (contract). Only the fields that describe the purchase are read — never the contact
person, telephone or address, nor the review summary (which may name experts).
"""

from collections import defaultdict

from opendata import identifiers as ids
from opendata.records import catalogue_entries, page_url


def announced_processes(calls, *, year=None, department=None) -> list[dict]:
    """Releases of the purchases announced by pages only (constant queries)."""
    from cms.models import (
        ContractAnnouncementPage,
        PurchaseAnnouncementPage,
        ResultAnnouncementPage,
    )
    from orgs.models import Organization

    linked = {c.announcement_page_id for c in calls if c.announcement_page_id}
    titles = {c.title for c in calls}
    pages = [
        p
        for p in PurchaseAnnouncementPage.objects.live().public().order_by("pk")
        if p.pk not in linked and p.title not in titles
    ]
    if department:
        name = Organization.objects.filter(pk=department).values_list("name", flat=True).first()
        pages = [p for p in pages if name and p.purchaser == name]
    if not pages:
        return []
    results, contracts = defaultdict(list), defaultdict(list)
    for page in (
        ResultAnnouncementPage.objects.live().public().filter(purchase__in=pages).order_by("pk")
    ):
        results[page.purchase_id].append(page)
    for page in (
        ContractAnnouncementPage.objects.live().public().filter(purchase__in=pages).order_by("pk")
    ):
        contracts[page.purchase_id].append(page)
    names = {p.purchaser for p in pages}
    names |= {r.provider for rows in (*results.values(), *contracts.values()) for r in rows}
    orgs = {o.name: o for o in Organization.objects.filter(name__in=names - {""})}
    entries = catalogue_entries([p.catalogue_entry_id for p in pages])
    out = []
    for page in pages:
        awarded = results[page.pk]
        moment = awarded[0].decided_on or awarded[0].date if awarded else page.date
        if year and moment.year != int(year):
            continue
        out.extend(_process(page, awarded, contracts[page.pk], orgs, entries))
    return out


def _party(name, role, orgs) -> dict:
    org = orgs.get(name)
    if org is None:
        return {"id": ids.name_identifier(name), "name": name, "roles": [role]}
    party = {"id": ids.org_identifier(org), "name": org.name, "roles": [role]}
    if org.uscc:
        party["identifier"] = {"scheme": ids.USCC_SCHEME, "id": org.uscc, "legalName": org.name}
    return party


def _when(page):
    return page.first_published_at or page.date


def _value(amount):
    return {"amount": ids.amount(amount), "currency": ids.CURRENCY} if amount is not None else None


def _process(page, results, contracts, orgs, entries) -> list[dict]:
    ocid = f"{ids.ocid_prefix()}-notice-{page.pk}"
    buyer = _party(page.purchaser or page.title, "buyer", orgs)
    ref = {"id": buyer["id"], "name": buyer["name"]}

    def release(event, date, tag, parties, **sections):
        return {
            "ocid": ocid,
            "id": f"{ocid}-{event}",
            "date": ids.moment(date),
            "tag": [tag],
            "initiationType": "tender",
            "language": "zh",
            "parties": [buyer, *parties],
            "buyer": ref,
            **sections,
        }

    tender = {
        "id": f"notice-{page.pk}",
        "title": page.title,
        "description": page.service_content,
        "status": "complete" if results else "active",
        "procuringEntity": ref,
        "mainProcurementCategory": "services",
        "procurementMethodDetails": page.get_purchase_method_display(),
        "documents": [
            {
                "id": f"page-{page.pk}",
                "documentType": "tenderNotice",
                "title": page.title,
                "url": page_url(page),
                "language": "zh",
            }
        ],
    }
    if page.budget is not None:
        tender["value"] = _value(page.budget)
    if page.term_start and page.term_end:
        tender["contractPeriod"] = {
            "startDate": ids.moment(page.term_start),
            "endDate": ids.moment(page.term_end),
        }
    entry = entries.get(page.catalogue_entry_id)
    if entry:
        tender["items"] = ids.catalogue_items(entry)
    out = [release("tender", _when(page), "tender", [], tender=tender)]
    award_ids = []
    for result in results:
        supplier = _party(result.provider, "supplier", orgs)
        award = {
            "id": f"result-{result.pk}",
            "title": result.title,
            "status": "active",
            "date": ids.moment(result.decided_on or result.date),
            "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
            "documents": [
                {
                    "id": f"page-{result.pk}",
                    "documentType": "awardNotice",
                    "title": result.title,
                    "url": page_url(result),
                    "language": "zh",
                }
            ],
        }
        if result.amount is not None:
            award["value"] = _value(result.amount)
        award_ids.append(award["id"])
        out.append(
            release(f"result-{result.pk}", _when(result), "award", [supplier], awards=[award])
        )
    for contract_page in contracts:
        supplier = _party(contract_page.provider, "supplier", orgs)
        contract = {
            "id": f"contract-page-{contract_page.pk}",
            # A contract announced before its result names the tender as its award.
            "awardID": award_ids[0] if award_ids else f"notice-{page.pk}",
            "title": contract_page.title,
            "status": "active",
            "documents": [
                {
                    "id": f"page-{contract_page.pk}",
                    "documentType": "contractNotice",
                    "title": contract_page.title,
                    "url": page_url(contract_page),
                    "language": "zh",
                }
            ],
        }
        if contract_page.price is not None:
            contract["value"] = _value(contract_page.price)
        if contract_page.signed_on:
            contract["dateSigned"] = ids.moment(contract_page.signed_on)
        if contract_page.term_start and contract_page.term_end:
            contract["period"] = {
                "startDate": ids.moment(contract_page.term_start),
                "endDate": ids.moment(contract_page.term_end),
            }
        out.append(
            release(
                f"contract-page-{contract_page.pk}",
                _when(contract_page),
                "contract",
                [supplier],
                contracts=[contract],
            )
        )
    return sorted(out, key=lambda r: r["date"])
