"""Whose records a user works on: the purchasing department (购买主体) a record belongs to.

core knows nothing of departments. A model says where its department is (`DEPARTMENT_PATH`, a
lookup such as "call__department"; "" when the record is shared by all); orgs registers what a
user's departments are (`register_department_scope` in its `ready()`). Then:

* `ScopedQuerySet.for_user(user)` keeps the records `user` may see, `for_user(user, acting=True)`
  the ones they may act on (their own department's, not a subordinate's); every staff list,
  detail page, export, count and search starts from it, so another department's id answers 404;
* the transition door refuses a move on a record of a department the user does not act for
  (`department_decision`, checked by `core.workflow.permission_decision`).

A user whom the resolver calls unbound (an applicant, an expert, an evaluator: their records are
given to them one by one) or unrestricted (a system administrator) is not filtered here.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

OTHER_DEPARTMENT = _("该事项属于其他部门，您无权办理")


@dataclass(frozen=True)
class DepartmentScope:
    """`own`: departments the user belongs to (acts for); `visible`: those and every department
    below them (seen read-only). `None` for a user nothing restricts."""

    own: frozenset
    visible: frozenset

    def sees(self, department_id) -> bool:
        return department_id in self.visible

    def acts(self, department_id) -> bool:
        return department_id in self.own


_resolver = None


def register_department_scope(resolver) -> None:
    """`resolver(user) -> DepartmentScope | None`: None when the user is not bound to departments
    (anonymous, applicant, expert, evaluator, system administrator)."""
    global _resolver
    _resolver = resolver


def scope_of(user) -> DepartmentScope | None:
    if _resolver is None or user is None:
        return None
    return _resolver(user)


def department_path(model) -> str | None:
    """The lookup from `model` to its department; None when the model is not scoped."""
    return getattr(model, "DEPARTMENT_PATH", None)


def department_id_of(obj):
    """The id of the department `obj` belongs to (following `DEPARTMENT_PATH` through the
    objects), or None."""
    path = department_path(type(obj))
    if not path:
        return None
    *steps, last = path.split("__")
    for step in steps:
        obj = getattr(obj, step, None)
        if obj is None:
            return None
    # A foreign key's id, or a plain integer column holding one (core.Approval.department_ref).
    if hasattr(obj, f"{last}_id"):
        return getattr(obj, f"{last}_id")
    return getattr(obj, last, None)


def scope_filter(model, scope: DepartmentScope, *, acting: bool) -> Q:
    path = department_path(model)
    ids = scope.own if acting else scope.visible
    if not path:
        return Q()
    shared = getattr(model, "DEPARTMENT_SHARED_WHEN_EMPTY", False)
    condition = Q(**{f"{path}__in": sorted(ids)})
    if shared and not acting:
        # A record no department owns (an expert of the city-wide pool) is seen by everyone.
        condition |= Q(**{f"{path}__isnull": True})
    return condition


class ScopedQuerySet(QuerySet):
    """Mixed into the queryset of every model whose records belong to a department."""

    def for_user(self, user, *, acting: bool = False):
        scope = scope_of(user)
        if scope is None:
            return self
        return self.filter(scope_filter(self.model, scope, acting=acting))


def for_user(queryset_or_model, user, *, acting: bool = False):
    """`ScopedQuerySet.for_user` for a queryset or model whose manager is not scoped itself
    (Wagtail's generic views pass plain querysets)."""
    queryset = (
        queryset_or_model
        if isinstance(queryset_or_model, QuerySet)
        else queryset_or_model._default_manager.all()
    )
    scope = scope_of(user)
    if scope is None:
        return queryset
    return queryset.filter(scope_filter(queryset.model, scope, acting=acting))


def department_visible(obj, user) -> bool:
    """May `user` see `obj` as far as departments go (its own or a department below)."""
    scope = scope_of(user)
    if scope is None or not department_path(type(obj)):
        return True
    department_id = department_id_of(obj)
    if department_id is None:
        return bool(getattr(type(obj), "DEPARTMENT_SHARED_WHEN_EMPTY", False))
    return scope.sees(department_id)


def department_decision(obj, user) -> tuple[bool, str]:
    """May `user` act on `obj` as far as departments go."""
    scope = scope_of(user)
    if scope is None or not department_path(type(obj)):
        return (True, "")
    department_id = department_id_of(obj)
    if department_id is None:
        shared = getattr(type(obj), "DEPARTMENT_SHARED_WHEN_EMPTY", False)
        return (True, "") if shared else (False, str(OTHER_DEPARTMENT))
    if scope.acts(department_id):
        return (True, "")
    return (False, str(OTHER_DEPARTMENT))
