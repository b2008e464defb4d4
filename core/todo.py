"""The staff to-do home (`/admin/`): panels of what waits for the signed-in user.

core knows no domain: each app describes its own waiting work as `TodoPanel`s and registers them
in its `AppConfig.ready()` (`register(...)`); `core.wagtail_hooks` shows the panels a user may see
in place of Wagtail's default dashboard.

A panel costs two queries whatever the data size: one count and one slice of the first items
(its queryset must `select_related` what its lines print). Dates are Beijing dates.

Departments (issue 21): a panel's queryset must start from `for_user(user)` (the model's
`objects.for_user`, or `core.scoping.for_user` for a plain queryset), so a count and its lines
hold only the records of the user's departments and those below, like the list it links to.
`fill` applies `core.scoping.for_user` once more as a safety net for a panel that forgot; a
panel of decisions only the own department takes narrows further (`acting=True`).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from core.scoping import for_user
from core.workdays import add_working_days

FIRST_ITEMS = 5
# "Closing soon" and "ending soon" look this many working days ahead (issue 19).
SOON_WORKING_DAYS = 5


@dataclass(frozen=True)
class TodoItem:
    text: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class TodoPanel:
    key: str
    title: object
    empty: object  # said when nothing waits, e.g. 暂无待筛选的申报
    # shown_to(user) -> bool: whose work this is (a role check; the linked pages check again)
    shown_to: Callable
    # queryset(user, today) -> QuerySet of the waiting objects, in the order to show them
    queryset: Callable
    # item(obj, today) -> TodoItem: one line and the page where the work is done
    item: Callable
    # see_all() -> URL of the full list
    see_all: Callable
    order: int = 100


PANELS: dict[str, TodoPanel] = {}


def register(panel: TodoPanel) -> None:
    PANELS[panel.key] = panel


def panels_for(user) -> list[TodoPanel]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    shown = [p for p in PANELS.values() if p.shown_to(user)]
    return sorted(shown, key=lambda p: (p.order, p.key))


@dataclass(frozen=True)
class FilledPanel:
    panel: TodoPanel
    count: int
    items: list[TodoItem]
    see_all_url: str


def fill(panel: TodoPanel, user, *, today=None, limit: int = FIRST_ITEMS) -> FilledPanel:
    """The panel's count and first `limit` items for `user` (two queries)."""
    today = today or timezone.localdate()
    queryset = for_user(panel.queryset(user, today), user)
    count = queryset.count()
    items = [panel.item(obj, today) for obj in queryset[:limit]] if count else []
    return FilledPanel(panel=panel, count=count, items=items, see_all_url=panel.see_all())


# --- Helpers the apps' panels share -------------------------------------------------------------


def soon(today: datetime.date) -> datetime.date:
    """The last day of the look-ahead: the 5th working day after `today` (`core.workdays`)."""
    return add_working_days(today, SOON_WORKING_DAYS)


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment after `day` in the current (Beijing) time zone."""
    start = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(start)


def without_pending_proposal(queryset: QuerySet, action: str) -> QuerySet:
    """Leave out objects whose `action` is already proposed and waits for the second person
    (`core.approvals`): that work sits in the approver's panel, not the officer's."""
    from core.models import Approval, ApprovalState

    pending = Approval.objects.filter(
        action=action,
        state=ApprovalState.PENDING,
        content_type=ContentType.objects.get_for_model(queryset.model),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    return queryset.exclude(Exists(pending))
