"""Labels Wagtail derives from field names instead of marking them for translation ("Port",
"Site name", "Root page" on the sites list, "Page" on the workflow form): given in Chinese once,
at start-up. `tests/cms/test_admin_reads_chinese.py` fails if Wagtail adds more."""

from django.utils.translation import gettext_lazy as _


def apply():
    from wagtail.admin.forms.workflows import WorkflowPageForm
    from wagtail.sites.views import IndexView

    column_labels = {"port": _("端口"), "site_name": _("站点名称"), "root_page": _("根页面")}
    for column in IndexView.columns:
        if column.name in column_labels:
            column.label = column_labels[column.name]
    WorkflowPageForm.base_fields["page"].label = _("页面")
