"""需求统计: the staff picture (`needs.stats`) as an admin page and a spreadsheet download."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from core.choices import row_id
from needs import stats
from orgs.roles import is_programme_staff

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _stale_days(request) -> int:
    days = row_id(request.GET.get("days"))  # a positive whole number within 64 bits, or None
    return days if days and days <= 3650 else stats.DEFAULT_STALE_DAYS


def picture_view(request):
    """Programme staff only, counting the needs of the departments they see."""
    if not is_programme_staff(request.user):
        raise PermissionDenied(_("只有民政工作人员可以执行此操作"))
    pic = stats.picture(_stale_days(request), user=request.user)
    if request.GET.get("export") == "xlsx":
        response = HttpResponse(stats.xlsx_bytes(pic), content_type=XLSX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="needs-picture.xlsx"'
        return response
    context = {
        "pic": pic,
        "columns": stats.COLUMNS,
        "page_title": _("需求统计"),
        "header_icon": "table",
        "export_url": f"{reverse('need_picture:index')}?days={pic.stale_days}&export=xlsx",
    }
    return TemplateResponse(request, "needs/admin/picture.html", context)


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_programme_staff(request.user)


class PictureViewSet(ViewSet):
    name = "need_picture"
    icon = "table"
    menu_label = gettext_lazy("需求统计")

    def get_menu_item(self, order=None):
        return StaffMenuItem(
            self.menu_label,
            self.menu_url,
            name=self.name,
            icon_name=self.icon,
            order=order or 300,
        )

    def get_urlpatterns(self):
        return [path("", picture_view, name="index")]
