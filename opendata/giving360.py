"""公益创投 awards as 360Giving Data Standard 1.4.3 grants: one grant per funded project of a
venture call, exactly the projects the public figures count (`projects.figures.counted`).

Identifiers (docs/open-data.md): a grant is `<GIVING360_PREFIX>-<project id>`; organizations are
`CN-USCC-<统一社会信用代码>` (or `<prefix>-org-<id>` without a code); the programme is the call
(`call-<id>`). Only what the public pages print: names, amounts, dates, place, 服务领域 — never
people, contacts, budget lines or bank details.
"""

import functools

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core import regions
from opendata import identifiers as ids
from opendata.records import catalogue_entries, venture_projects

VERSION = "1.4"


def grants(*, year=None, department=None, region=None, category=None) -> list[dict]:
    """Every 360Giving grant of the funded 公益创投 projects, oldest award first.

    Filters as the public figures take them: `year` the award year, `department` the funding
    department's `orgs.Organization` id, `region` a region code (and every place within it),
    `category` a 服务领域 name. A constant number of queries, whatever the data size.
    """
    projects = venture_projects(year=year, department=department, region=region, category=category)
    entries = catalogue_entries({p.call.catalogue_item_page_id for p in projects})
    now = ids.moment(timezone.now())
    return [_grant(p, entries, now) for p in projects]


def grant_package(grants) -> dict:
    """A 360Giving package around `grants` (the standard requires at least one grant)."""
    return {
        "version": VERSION,
        "title": f"{settings.WAGTAIL_SITE_NAME}公益创投资助数据",
        "publisher": {"name": settings.WAGTAIL_SITE_NAME, "website": ids.public_url("/")},
        "license": settings.OPEN_DATA_LICENSE["url"],
        "modified": ids.moment(timezone.now()),
        "grants": list(grants),
    }


def _project_url(project) -> str:
    """The project's public page; before signing (or once terminated) it has none, and the
    directory of its call lists it instead."""
    from projects.models.states import PUBLIC_STATES

    if project.state in PUBLIC_STATES:
        return ids.public_url(_detail_path().replace("/0/", f"/{project.pk}/"))
    return ids.public_url(_directory_path() + f"?call={project.call_id}")


@functools.cache
def _directory_path() -> str:
    return reverse("projects_public:directory")


@functools.cache
def _detail_path() -> str:
    return reverse("projects_public:detail", args=[0])


def _org(org) -> dict:
    found = {"id": ids.org_identifier(org), "name": org.name, "addressCountry": "CN"}
    return found


def _grant(project, entries, now) -> dict:
    call = project.call
    grant = {
        "id": f"{ids.giving_prefix()}-{project.pk}",
        "title": project.name,
        "description": project.public_summary or project.name,
        "currency": ids.CURRENCY,
        "amountAwarded": ids.amount(project.amount),
        "awardDate": ids.day(project.awarded_at),
        "url": _project_url(project),
        "recipientOrganization": [_org(project.organization)],
        "fundingOrganization": [_org(call.department)],
        "grantProgramme": [
            {
                "code": f"call-{call.pk}",
                "title": call.title,
                "url": ids.public_url(_directory_path() + f"?call={call.pk}"),
            }
        ],
        "fromOpenCall": "Yes",
        "dateModified": now,
        "dataSource": ids.public_url("/open-data/"),
    }
    if project.starts_on:
        planned = {"startDate": project.starts_on.isoformat()}
        if project.ends_on:
            planned["endDate"] = project.ends_on.isoformat()
        grant["plannedDates"] = [planned]
    code = project.application.region_code
    if code:
        grant["beneficiaryLocation"] = [
            {"name": regions.full_name(code), "geoCode": code, "countryCode": "CN"}
        ]
    classifications = []
    entry = entries.get(call.catalogue_item_page_id)
    if entry:
        classifications.append(
            {"vocabulary": "gongyi-catalogue", "code": entry["code"], "title": entry["title"]}
        )
    if project.application.category:
        category = project.application.category
        classifications.append(
            {
                "vocabulary": f"call-{call.pk}-category",
                "code": str(category.pk),
                "title": category.name,
            }
        )
    if classifications:
        grant["classifications"] = classifications
    return grant
