"""The portal's messages (站内信, /portal/messages/): the signed-in person's own messages only.

* list (`portal:messages`): newest first, paginated, unread marked; "全部标为已读" (POST).
* one message (`portal:message`): opening it marks it read. Another person's message id is a
  404, like an id that does not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import inbox

PAGE_SIZE = 20


def message_page(request):
    """The requested page of the signed-in person's messages (`?unread=1`: unread only)."""
    rows = inbox.messages_of(request.user)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    page = Paginator(rows.defer("body"), PAGE_SIZE).get_page(request.GET.get("page"))
    return page, unread_only


def open_message(request, pk):
    """The person's own message `pk` (404 otherwise), marked read."""
    message = get_object_or_404(inbox.messages_of(request.user), pk=pk)
    inbox.mark_read(message)
    inbox.forget_count(request)
    return message


def read_all(request) -> None:
    count = inbox.mark_all_read(request.user)
    inbox.forget_count(request)
    messages.success(request, _("已将%(n)d条站内信标为已读") % {"n": count})


@login_required
def message_list(request):
    """Who: any signed-in person, their own messages."""
    page, unread_only = message_page(request)
    context = {
        "page_obj": page,
        "unread_only": unread_only,
        "filter_query": "unread=1" if unread_only else "",
    }
    return render(request, "core/inbox/list.html", context)


@login_required
def message_detail(request, pk):
    """Who: the message's recipient only."""
    return render(request, "core/inbox/detail.html", {"message": open_message(request, pk)})


@login_required
@require_POST
def message_read_all(request):
    """Who: any signed-in person, their own messages."""
    read_all(request)
    return redirect("portal:messages")
