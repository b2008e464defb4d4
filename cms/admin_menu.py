"""The back office's menu as the bureau's own: no links to Wagtail's site, no Wagtail version."""

from wagtail import hooks
from wagtail.admin.menu import SubmenuMenuItem
from wagtail.admin.wagtail_hooks import SettingsMenuItem

# Wagtail's release notes and editor guide (guide.wagtail.org, in English); they also raised the
# "new items in this menu" badge on the help menu.
WAGTAIL_HELP_ITEMS = ("whats-new-in-wagtail-", "editor-guide")


@hooks.register("construct_help_menu")
def drop_wagtail_help(request, menu_items):
    menu_items[:] = [i for i in menu_items if not i.name.startswith(WAGTAIL_HELP_ITEMS)]


@hooks.register("construct_main_menu")
def settings_without_wagtail_version(request, menu_items):
    """Wagtail's settings menu prints "Wagtail v8.x" under its items; the plain submenu does not."""
    for index, item in enumerate(menu_items):
        if isinstance(item, SettingsMenuItem):
            menu_items[index] = SubmenuMenuItem(
                item.label,
                item.menu,
                name=item.name,
                icon_name=item.icon_name,
                classname=item.classname,
                order=item.order,
            )
