"""Permission names in Chinese, as the group editor shows them.

Django stores a permission's name once, in English ("Can add 组织"), when it creates the row; the
back office lists those names to administrators. After every migrate (and every flush in tests)
the names are rewritten to the platform's Chinese: the four model permissions from the model's
Chinese name, Wagtail's own few from the table below.
"""

from django.apps import apps
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ACTIONS = {
    "add": gettext_lazy("新增"),
    "change": gettext_lazy("修改"),
    "delete": gettext_lazy("删除"),
    "view": gettext_lazy("查看"),
}


def custom_names() -> dict[str, str]:
    return {
        "access_admin": _("进入管理后台"),
        "bulk_delete_page": _("删除含子页面的页面"),
        "lock_page": _("锁定/解锁自己锁定的页面"),
        "publish_page": _("发布任意页面"),
        "unlock_page": _("解锁任意页面"),
        "choose_document": _("选用文档"),
        "choose_image": _("选用图片"),
        "manage_catalogue": _("管理指导性目录"),
    }


def chinese_name(permission) -> str | None:
    action, _sep, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if action in ACTIONS and model is not None and model._meta.model_name == model_name:
        return f"{ACTIONS[action]}{model._meta.verbose_name}"
    return custom_names().get(permission.codename)


def rename_permissions(sender, using="default", **kwargs):
    """post_migrate: once, after the last app's permissions exist."""
    last = [a for a in apps.get_app_configs() if a.models_module is not None][-1]
    if sender.label != last.label:
        return
    from django.contrib.auth.models import Permission

    with translation.override("zh-hans"):
        changed = []
        for permission in Permission.objects.using(using).select_related("content_type"):
            name = chinese_name(permission)
            if name and name != permission.name:
                permission.name = str(name)[:255]
                changed.append(permission)
    Permission.objects.using(using).bulk_update(changed, ["name"], batch_size=200)
