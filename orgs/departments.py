"""Purchasing departments (购买主体): government organizations, each serving a region and perhaps
under a parent department (the city bureau above its districts, a district above its street
offices). 民政工作人员, 审核人 and 孵化基地管理员 belong to one or more of them
(`User.departments`).

A person acts for their own departments and sees, read-only, every department below them;
a system administrator is not restricted. `scope` answers this for `core.scoping`, which every
staff queryset (`for_user`) and the transition door use. Reading it costs one query per request,
whatever the number of departments.
"""

from django.db.models import Exists, OuterRef

from core import regions
from core.scoping import DepartmentScope
from orgs.models import Organization, OrgKind, User
from orgs.roles import Role, role_names

# The roles whose work is a department's: everyone else's records are given to them one by one
# (an applicant's organization, an expert's assignment, an evaluator's commission).
DEPARTMENT_ROLES = frozenset({Role.STAFF.value, Role.APPROVER.value, Role.INCUBATOR_MANAGER.value})


def is_department_bound(user) -> bool:
    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        return False
    return bool(DEPARTMENT_ROLES & role_names(user))


def _tree(user) -> tuple[dict, set]:
    """{department id: parent id} of every government department, and the user's own ids."""
    membership = User.departments.through.objects.filter(
        user_id=user.pk, organization_id=OuterRef("pk")
    )
    rows = Organization.objects.filter(kind=OrgKind.GOVERNMENT).values_list(
        "pk", "parent_department_id", Exists(membership)
    )
    parents, own = {}, set()
    for pk, parent_id, member in rows:
        parents[pk] = parent_id
        if member:
            own.add(pk)
    return parents, own


def below(parents: dict, roots) -> set:
    """`roots` and every department under them, given {id: parent id}."""
    children: dict = {}
    for pk, parent_id in parents.items():
        children.setdefault(parent_id, []).append(pk)
    found, todo = set(), list(roots)
    while todo:
        pk = todo.pop()
        if pk in found:
            continue
        found.add(pk)
        todo.extend(children.get(pk, ()))
    return found


def above(parents: dict, department_id) -> list:
    """`department_id` and its parents up to the top, nearest first."""
    chain, seen = [], set()
    while department_id is not None and department_id not in seen:
        seen.add(department_id)
        chain.append(department_id)
        department_id = parents.get(department_id)
    return chain


def scope(user) -> DepartmentScope | None:
    """The user's departments (cached on the instance for the request); None when departments do
    not restrict the user."""
    if not is_department_bound(user):
        return None
    cached = getattr(user, "_department_scope", None)
    if cached is None:
        parents, own = _tree(user)
        cached = DepartmentScope(own=frozenset(own), visible=frozenset(below(parents, own)))
        user._department_scope = cached
    return cached


def departments_for(user, *, acting: bool = True):
    """The government departments `user` may choose (a new call's purchaser …): their own, or
    with `acting=False` also those below; every department for an unrestricted user."""
    departments = Organization.objects.filter(kind=OrgKind.GOVERNMENT)
    found = scope(user)
    if found is None:
        return departments
    return departments.filter(pk__in=sorted(found.own if acting else found.visible))


def parents_map() -> dict:
    return dict(
        Organization.objects.filter(kind=OrgKind.GOVERNMENT).values_list(
            "pk", "parent_department_id"
        )
    )


def issuers_for(department_id) -> list:
    """Departments whose shared things (an evaluation scheme, a catalogue) `department_id` may
    use: itself and every department above it."""
    return above(parents_map(), department_id)


def department_for_region(code: str):
    """The department serving `code` most closely (a street office before its district, the
    district before the city), or None."""
    if not code:
        return None
    candidates = Organization.objects.filter(kind=OrgKind.GOVERNMENT).exclude(jurisdiction_code="")
    serving = [
        d
        for d in candidates.only("pk", "name", "jurisdiction_code")
        if regions.within(code, d.jurisdiction_code)
    ]
    # The nearest has the longest shared prefix: 440305001 before 440305 before 440300.
    return max(serving, key=lambda d: len(regions.prefix(d.jurisdiction_code)), default=None)


def department_serving(code: str):
    """`department_for_region(code)`, else the only department of a single-purchaser platform,
    else None (a record then waits for a system administrator to give it a department)."""
    found = department_for_region(code)
    if found is None:
        only = list(Organization.objects.filter(kind=OrgKind.GOVERNMENT)[:2])
        found = only[0] if len(only) == 1 else None
    return found
