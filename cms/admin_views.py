"""Catalogue tools in the Wagtail admin: list, import, export, copy as a new year."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms import catalogue_io
from cms.catalogue_versions import copy_catalogue
from cms.forms import CatalogueCopyForm, CatalogueImportForm
from cms.models import CataloguePage

PERMISSION = "cms.manage_catalogue"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def can_manage_catalogues(user) -> tuple[bool, str]:
    """(allowed, reason): importing publishes entries directly, so only moderators may."""
    if user.is_superuser or user.has_perm(PERMISSION):
        return True, ""
    return False, _("只有网站审核人员可以导入、导出或复制指导性目录。")


class CatalogueToolMixin(WagtailAdminTemplateMixin):
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        allowed, reason = can_manage_catalogues(request.user)
        if not allowed:
            raise PermissionDenied(reason)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("cms_catalogue_tools"), "label": _("指导性目录管理")},
            {"url": "", "label": self.get_page_title()},
        ]

    @property
    def catalogue(self):
        if not hasattr(self, "_catalogue"):
            self._catalogue = get_object_or_404(CataloguePage, pk=self.kwargs["page_id"])
        return self._catalogue


class CatalogueToolsView(CatalogueToolMixin, TemplateView):
    template_name = "cms/admin/catalogue_tools.html"
    page_title = gettext_lazy("指导性目录管理")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["catalogues"] = CataloguePage.objects.order_by("-year", "issuer")
        return context


class CatalogueImportView(CatalogueToolMixin, FormView):
    template_name = "cms/admin/catalogue_import.html"
    form_class = CatalogueImportForm

    def get_page_title(self):
        return _("导入目录条目：%(title)s") % {"title": self.catalogue.title}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["catalogue"] = self.catalogue
        context["columns"] = catalogue_io.COLUMNS
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            result = catalogue_io.import_file(
                self.catalogue, upload, upload.name, user=self.request.user
            )
        except catalogue_io.CatalogueFileError as exc:
            # The file field is marked too, so the refusal is where the upload is.
            form.add_error("file", _("未导入：请按上方列出的问题修改文件后重新上传。"))
            return self.render_to_response(self.get_context_data(form=form, file_errors=exc.errors))
        messages.success(
            self.request,
            _("导入完成：新增 %(c)s 条，更新 %(u)s 条，未变 %(n)s 条。")
            % {"c": result.created, "u": result.updated, "n": result.unchanged},
        )
        return redirect("wagtailadmin_explore", self.catalogue.pk)


class CatalogueCopyView(CatalogueToolMixin, FormView):
    template_name = "cms/admin/catalogue_copy.html"
    form_class = CatalogueCopyForm

    def get_page_title(self):
        return _("复制为新年度目录：%(title)s") % {"title": self.catalogue.title}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "source": self.catalogue}

    def get_initial(self):
        source = self.catalogue
        year = source.year + 1
        return {"year": year, "title": source.title.replace(str(source.year), str(year))}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "catalogue": self.catalogue}

    def form_valid(self, form):
        data = form.cleaned_data
        copy = copy_catalogue(
            self.catalogue,
            year=data["year"],
            title=data["title"],
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
            user=self.request.user,
        )
        messages.success(
            self.request,
            _("已创建新年度目录草稿“%(title)s”。提交审核并发布后，目录及其条目才会对外公开。")
            % {"title": copy.title},
        )
        return redirect("wagtailadmin_pages:edit", copy.pk)


def catalogue_export(request, page_id):
    allowed, reason = can_manage_catalogues(request.user)
    if not allowed:
        raise PermissionDenied(reason)
    catalogue = get_object_or_404(CataloguePage, pk=page_id)
    response = HttpResponse(catalogue_io.export_xlsx(catalogue), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="catalogue-{catalogue.pk}.xlsx"'
    return response
