"""需求库 in the Wagtail admin: the "需求库" menu (服务需求, 项目推荐会, 需求统计) and the bulk
actions that build a call from needs. Access: programme staff (`needs.admin.policies`)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from needs.admin.build_call import BULK_ACTIONS
from needs.admin.meetings import MeetingViewSet
from needs.admin.needs import NeedViewSet
from needs.admin.picture import PictureViewSet


class NeedsViewSetGroup(ViewSetGroup):
    menu_label = _("需求库")
    menu_icon = "list-ul"
    menu_order = 230
    items = (NeedViewSet, MeetingViewSet, PictureViewSet)


@hooks.register("register_admin_viewset")
def register_needs_viewsets():
    return NeedsViewSetGroup()


for action in BULK_ACTIONS:
    hooks.register("register_bulk_action", action)
