"""Service purchases (政府购买服务) as Open Contracting Data Standard 1.1.5 releases.

One contracting process (one `ocid`) per purchase, one release per event the public already saw:

| event (public) | release tag | from |
|---|---|---|
| 项目公告 / the call published | tender | `grants.Call` (kind purchase) and its 购买公告 page |
| 立项结果 (result of the 公示) | award | the call's funded projects (`projects.figures.counted`) |
| contract confirmed (合同公告) | contract | a project's confirmed agreement |
| a tranche paid | implementation | `projects.Tranche` in state 已拨付 |
| the final evaluation decided | implementation | the project's 结项等级 and published report |

A purchase announced on the site without a call in the platform (a 项目公告 page no call points
at) is its own process, read from its 成交结果公告 and 合同公告 pages.

Identifiers (docs/open-data.md): `ocid` = `<OCDS_OCID_PREFIX>-call-<call id>` or
`<prefix>-notice-<page id>`; release `id` = `<ocid>-<event>[-<record id>]`, so a release keeps
its id when the data are regenerated. Nothing here reads contacts, people, budgets lines,
review comments or bank details: only what the public pages print.
"""

from collections import defaultdict

from django.utils import timezone

from opendata import identifiers as ids
from opendata.records import (
    catalogue_entries,
    final_reports,
    org_party,
    page_url,
    purchase_projects,
)

VERSION = "1.1"
EXTENSIONS: list[str] = []
# 购买方式 → OCDS procurementMethod (closed codelist); the others are named in the details only.
METHODS = {
    "open_tender": "open",
    "invited_tender": "selective",
    "single_source": "direct",
}
CONTRACT_STATUS = {"terminated": "terminated"}
TAGS = ("tender", "award", "contract", "implementation")


def releases(*, year=None, department=None, region=None, category=None, state=None) -> list[dict]:
    """Every OCDS release of public purchase processes, ordered by ocid then date.

    Filters (all optional): `year` the award year as the public figures count it
    (`projects.figures`; a process not yet awarded counts in the year of its announcement);
    `department` the purchasing department's `orgs.Organization` id; `region` a region code (the
    place of a funded project and every place within it); `category` a 服务领域 name; `state` a
    funded project's state (`projects.ProjectState`), or a stage — an OCDS tag: tender, award,
    contract, implementation — which keeps the releases of that stage. Region, category and a
    project state select funded projects, so they leave out processes that have none. A
    constant number of queries, whatever the data size.
    """
    from grants.models import Call, CallKind, CallState

    if state in TAGS:  # a stage of the process: the releases of that stage
        found = releases(year=year, department=department, region=region, category=category)
        return [r for r in found if state in r["tag"]]
    projects = purchase_projects(
        year=None, department=department, region=region, category=category, state=state
    )
    by_call = defaultdict(list)
    for project in projects:
        by_call[project.call_id].append(project)
    calls = (
        Call.objects.filter(kind=CallKind.PURCHASE)
        .exclude(state=CallState.DRAFT)
        .select_related("department", "publicity", "announcement_page")
        .order_by("pk")
    )
    if department:
        calls = calls.filter(department_id=department)
    if region or category or state:
        calls = calls.filter(pk__in=list(by_call))
    calls = list(calls)
    entries = catalogue_entries([c.catalogue_item_page_id for c in calls])
    reports = final_reports([p.pk for p in projects])
    from opendata.announcements import announced_processes

    out = []
    for call in calls:
        awarded = by_call.get(call.pk, [])
        if year:
            # A project counts in its own award year, as on the public figures pages.
            awarded = [p for p in awarded if _year(p.awarded_at) == int(year)]
            if not awarded and (by_call.get(call.pk) or _year(_tender_date(call)) != int(year)):
                continue
        out.extend(_call_releases(call, awarded, entries, reports))
    if not (region or category or state):
        out.extend(announced_processes(calls, year=year, department=department))
    return out


def release_package(releases, *, uri) -> dict:
    """An OCDS 1.1 release package around `releases`, published at `uri`."""
    from django.conf import settings

    return {
        "uri": uri,
        "version": VERSION,
        "publishedDate": ids.moment(timezone.now()),
        "publisher": {"name": settings.WAGTAIL_SITE_NAME},
        "license": settings.OPEN_DATA_LICENSE["url"],
        "publicationPolicy": ids.public_url("/open-data/"),
        "releases": list(releases),
    }


def _year(moment) -> int:
    return timezone.localtime(moment).year


def _tender_date(call):
    return call.published_at or call.opens_at


def _ocid(kind: str, pk: int) -> str:
    return f"{ids.ocid_prefix()}-{kind}-{pk}"


def _release(ocid, event, date, tag, parties, buyer, **sections) -> dict:
    return {
        "ocid": ocid,
        "id": f"{ocid}-{event}",
        "date": ids.moment(date),
        "tag": [tag],
        "initiationType": "tender",
        "language": "zh",
        "parties": list(parties.values()),
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        **sections,
    }


def _value(amount) -> dict:
    return {"amount": ids.amount(amount), "currency": ids.CURRENCY}


def _call_releases(call, awarded, entries, reports) -> list[dict]:
    ocid = _ocid("call", call.pk)
    buyer = org_party(call.department, "buyer")
    parties = {buyer["id"]: buyer}
    entry = entries.get(call.catalogue_item_page_id)
    out = [
        _release(
            ocid,
            "tender",
            _tender_date(call),
            "tender",
            parties,
            buyer,
            tender=_tender(call, buyer, entry, bool(awarded)),
        )
    ]
    if not awarded:
        return out
    suppliers = {p.pk: org_party(p.organization, "supplier") for p in awarded}
    award_parties = {**parties, **{s["id"]: s for s in suppliers.values()}}
    publicity = getattr(call, "publicity", None)
    award_date = (publicity and publicity.result_published_at) or min(p.awarded_at for p in awarded)
    out.append(
        _release(
            ocid,
            "award",
            award_date,
            "award",
            award_parties,
            buyer,
            awards=[_award(p, suppliers[p.pk]) for p in awarded],
        )
    )
    for project in awarded:
        supplier = suppliers[project.pk]
        own = {**parties, supplier["id"]: supplier}
        if project.agreement_confirmed_at:
            out.append(
                _release(
                    ocid,
                    f"contract-{project.pk}",
                    project.agreement_confirmed_at,
                    "contract",
                    own,
                    buyer,
                    contracts=[_contract(project)],
                )
            )
        for tranche in project.paid_tranches:
            payer = {**buyer, "roles": ["buyer", "payer"]}
            payee = {**supplier, "roles": ["supplier", "payee"]}
            out.append(
                _release(
                    ocid,
                    f"payment-{tranche.pk}",
                    tranche.paid_on,
                    "implementation",
                    {payer["id"]: payer, payee["id"]: payee},
                    buyer,
                    contracts=[_paid(project, tranche, buyer, supplier)],
                )
            )
        if project.final_decided_at and project.final_grade:
            out.append(
                _release(
                    ocid,
                    f"evaluation-{project.pk}",
                    project.final_decided_at,
                    "implementation",
                    own,
                    buyer,
                    contracts=[_evaluated(project, reports.get(project.pk, []))],
                )
            )
    return sorted(out, key=lambda r: r["date"])


def _tender(call, buyer, entry, awarded: bool) -> dict:
    page = call.announcement_page if call.announcement_page_id else None
    tender = {
        "id": f"call-{call.pk}",
        "title": call.title,
        "description": call.description,
        "status": "complete" if awarded else "active",
        "value": _value(call.total_budget),
        "procuringEntity": {"id": buyer["id"], "name": buyer["name"]},
        "mainProcurementCategory": "services",
        "tenderPeriod": {
            "startDate": ids.moment(call.opens_at),
            "endDate": ids.moment(call.closes_at),
        },
    }
    if entry:
        tender["items"] = ids.catalogue_items(entry)
    if page is not None and page.live:
        tender["documents"] = [
            {
                "id": f"page-{page.pk}",
                "documentType": "tenderNotice",
                "title": page.title,
                "url": page_url(page),
                "language": "zh",
            }
        ]
    return tender


def _award(project, supplier) -> dict:
    award = {
        "id": f"award-{project.pk}",
        "title": project.name,
        "status": "active",
        "date": ids.moment(project.awarded_at),
        "value": _value(project.amount),
        "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
    }
    if project.starts_on and project.ends_on:
        award["contractPeriod"] = {
            "startDate": ids.moment(project.starts_on),
            "endDate": ids.moment(project.ends_on),
        }
    return award


def _contract(project) -> dict:
    contract = {
        "id": f"contract-{project.pk}",
        "awardID": f"award-{project.pk}",
        "title": project.name,
        "status": CONTRACT_STATUS.get(project.state, "active"),
        "value": _value(project.amount),
        "dateSigned": ids.moment(project.agreement_confirmed_at),
    }
    if project.starts_on and project.ends_on:
        contract["period"] = {
            "startDate": ids.moment(project.starts_on),
            "endDate": ids.moment(project.ends_on),
        }
    return contract


def _paid(project, tranche, buyer, supplier) -> dict:
    return {
        "id": f"contract-{project.pk}",
        "awardID": f"award-{project.pk}",
        "implementation": {
            "transactions": [
                {
                    "id": f"tranche-{tranche.pk}",
                    "date": ids.moment(tranche.paid_on),
                    "value": _value(tranche.amount),
                    "payer": {"id": buyer["id"], "name": buyer["name"]},
                    "payee": {"id": supplier["id"], "name": supplier["name"]},
                }
            ]
        },
    }


def _evaluated(project, documents) -> dict:
    return {
        "id": f"contract-{project.pk}",
        "awardID": f"award-{project.pk}",
        "implementation": {
            "milestones": [
                {
                    "id": f"final-evaluation-{project.pk}",
                    "title": f"终期评估：{project.final_grade}",
                    "type": "assessment",
                    "status": "met" if project.final_passed else "notMet",
                    "dateMet": ids.moment(project.final_decided_at),
                }
            ],
            "documents": [
                {
                    "id": f"report-{doc['id']}",
                    "documentType": "finalAudit",
                    "title": doc["title"],
                    "url": doc["url"],
                    "datePublished": ids.moment(doc["published_at"]),
                    "language": "zh",
                }
                for doc in documents
            ],
        },
    }
