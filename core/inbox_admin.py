"""Back-office messages (站内信, /admin/messages/): the signed-in staff member's own messages.

Who: anyone with admin access, their own messages only (another person's id is a 404). The
menu item carries the unread count (`InboxMenuItem`); opening a message marks it read.
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core import inbox
from core.inbox_views import message_page, open_message, read_all

TITLE = gettext_lazy("站内信")


class InboxMenuItem(MenuItem):
    """站内信 with the unread count in its label (counted once per request)."""

    def render_component(self, request):
        count = inbox.unread_count(request)
        label = self.label
        if count:
            label = _("%(label)s（%(n)d条未读）") % {"label": self.label, "n": count}
        component = super().render_component(request)
        component.label = label
        return component


class InboxListView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "core/admin/inbox_list.html"
    page_title = TITLE
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page, unread_only = message_page(self.request)
        context.update(page_obj=page, unread_only=unread_only)
        return context


class InboxMessageView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "core/admin/inbox_message.html"
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        self.message = open_message(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.message.subject

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("inbox"), "label": TITLE},
            {"url": "", "label": self.message.subject},
        ]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "message": self.message}


class InboxReadAllView(View):
    http_method_names = ["post"]

    def post(self, request):
        read_all(request)
        return redirect("inbox")
