"""Public lists by purchasing department (购买主体) and by the region it serves (issue 21, 4).

Every public list (calls, announcements, 公示, funded projects, evaluation results, needs) reads
two GET parameters: `department` (a government department's id) and `area` (a GB/T 2260 code:
the records of every department whose 辖区 lies within it, so 440300 keeps the city bureau, its
district bureaus and their street offices). A bad value is ignored and said so in Chinese, never
a server error. The choices come from one query, whatever the number of departments.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import regions
from core.workflow import without_nul
from orgs.models import Organization, OrgKind

PARAMS = ("department", "area")
# A primary key fits a signed 64-bit integer; a longer number names no row.
MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class Department:
    pk: int
    name: str
    code: str  # its 辖区 (jurisdiction_code), "" when not filled in


def _row_id(text: str) -> int | None:
    return int(text) if text.isdecimal() and len(text) <= 19 and int(text) <= MAX_ID else None


class PurchaserFilter:
    """The `department` and `area` parameters of a public list, checked against the registry."""

    department_label = _("购买主体")
    area_label = _("购买主体所在地区")

    def __init__(self, params):
        self.params = params
        rows = (
            Organization.objects.filter(kind=OrgKind.GOVERNMENT)
            .order_by("jurisdiction_code", "name", "pk")
            .values_list("pk", "name", "jurisdiction_code")
        )
        self.departments = [Department(*row) for row in rows]
        self.messages: list[str] = []
        self.department: Department | None = None
        self.area = ""
        raw = without_nul(params.get("department", "")).strip()
        if raw:
            pk = _row_id(raw)
            self.department = next((d for d in self.departments if d.pk == pk), None)
            if self.department is None:
                self.messages.append(gettext("没有找到所选的购买主体，已显示全部购买主体的记录。"))
        raw = without_nul(params.get("area", "")).strip()
        if raw:
            if regions.is_valid(raw):
                self.area = raw
            else:
                self.messages.append(
                    gettext("“%(value)s”不是有效的地区，已显示全部地区的记录。")
                    % {"value": raw[:20]}
                )

    @property
    def active(self) -> bool:
        return self.department is not None or bool(self.area)

    def keeps(self, department: Department) -> bool:
        if self.department is not None and department.pk != self.department.pk:
            return False
        return not self.area or regions.within(department.code, self.area)

    def kept(self) -> list[Department]:
        return [d for d in self.departments if self.keeps(d)]

    def q(self, path: str) -> Q:
        """The condition on the department foreign key at `path` ("call__department",
        "department")."""
        condition = Q()
        if self.department is not None:
            condition &= Q(**{path: self.department.pk})
        if self.area:
            prefix = regions.prefix(self.area)
            condition &= Q(**{f"{path}__jurisdiction_code__startswith": prefix})
        return condition

    def apply(self, queryset, path: str):
        return queryset.filter(self.q(path)) if self.active else queryset

    # --- What the form shows -----------------------------------------------------------------
    def department_options(self) -> list[tuple[str, str, bool]]:
        chosen = self.department.pk if self.department else None
        return [(str(d.pk), d.name, d.pk == chosen) for d in self.departments]

    def area_options(self) -> list[tuple[str, str, bool]]:
        """The regions the departments serve and every region above them, and the chosen one."""
        codes = {r.code for d in self.departments for r in regions.ancestors(d.code)}
        if self.area:
            codes.add(self.area)
        return [(c, regions.full_name(c), c == self.area) for c in sorted(codes)]

    def chosen(self) -> list[tuple[str, str]]:
        shown = []
        if self.department is not None:
            shown.append((str(self.department_label), self.department.name))
        if self.area:
            shown.append((str(self.area_label), regions.full_name(self.area)))
        return shown

    def clear_query(self) -> str:
        """The list's query string without these two filters (nor the page number)."""
        query = (
            self.params.copy() if isinstance(self.params, QueryDict) else QueryDict(mutable=True)
        )
        for name in (*PARAMS, "page"):
            query.pop(name, None)
        return query.urlencode()
