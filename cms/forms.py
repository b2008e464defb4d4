"""Forms of the public site (search, list filters) and of the catalogue tools in the admin."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.models import CataloguePage, NoticeCategory

SEARCH_KINDS = [
    ("", _("全部")),
    ("projects", _("资助项目")),
    ("publicity", _("公示")),
    ("results", _("立项结果")),
    ("needs", _("服务需求")),
    ("organizations", _("机构")),
    ("catalogue", _("指导性目录")),
    ("announcements", _("购买服务公告")),
    ("notices", _("通知公告")),
    ("calls", _("征集公告")),
    ("incubation", _("孵化基地")),
]
SEARCH_YEARS = 10  # the year filter offers this many years back from the current one
ANNOUNCEMENT_KINDS = [
    ("", _("全部公告")),
    ("purchase", _("项目公告")),
    ("contract", _("合同公告")),
    ("result", _("成交结果公告")),
]


def _year_choices(years, blank_label):
    return [("", blank_label)] + [(str(y), _("%(year)s年") % {"year": y}) for y in years]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("检索词"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("范围"), choices=SEARCH_KINDS, required=False)
    year = forms.TypedChoiceField(label=_("年份"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        from django.utils import timezone

        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        years = range(this_year, this_year - SEARCH_YEARS, -1)
        self.fields["year"].choices = _year_choices(years, _("全部年份"))


class AnnouncementFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("公告类型"), choices=ANNOUNCEMENT_KINDS, required=False)
    year = forms.TypedChoiceField(label=_("年份"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(years, _("全部年份"))


class NoticeFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年份"), coerce=int, required=False, empty_value=None)
    category = forms.ChoiceField(
        label=_("类别"), choices=[("", _("全部类别")), *NoticeCategory.choices], required=False
    )
    issuer = forms.ChoiceField(label=_("发布单位"), required=False)

    def __init__(self, *args, years=(), issuers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(years, _("全部年份"))
        self.fields["issuer"].choices = [("", _("全部单位"))] + [(i, i) for i in issuers]


class CompareForm(forms.Form):
    # By "id", not pk (page_ptr): an id beyond the integer range then matches nothing instead
    # of reaching the database (SQLite raises OverflowError).
    old = forms.ModelChoiceField(
        label=_("原目录"), queryset=CataloguePage.objects.none(), to_field_name="id"
    )
    new = forms.ModelChoiceField(
        label=_("新目录"), queryset=CataloguePage.objects.none(), to_field_name="id"
    )

    def __init__(self, *args, catalogues, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("old", "new"):
            self.fields[name].queryset = catalogues
            self.fields[name].label_from_instance = lambda c: f"{c.issuer} {c.year} · {c.title}"

    def clean(self):
        data = super().clean()
        if data.get("old") and data.get("old") == data.get("new"):
            raise forms.ValidationError(_("请选择两个不同的目录进行比较。"))
        return data


class CatalogueImportForm(forms.Form):
    file = forms.FileField(
        label=_("目录文件"),
        help_text=_(
            "XLSX 或 CSV（UTF-8）。第一行为列名：层级、编码、上级编码、名称、说明及条目内容各列。"
        ),
    )
    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("只支持 XLSX 或 CSV 文件。"))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("文件不能超过 5 MB。"))
        return upload


class CatalogueCopyForm(forms.Form):
    year = forms.IntegerField(label=_("新目录年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("新目录标题"), max_length=255)
    valid_from = forms.DateField(label=_("有效期起"), required=False)
    valid_to = forms.DateField(label=_("有效期止"), required=False)

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source

    def clean_year(self):
        year = self.cleaned_data["year"]
        if CataloguePage.objects.filter(issuer=self.source.issuer, year=year).exists():
            raise forms.ValidationError(_("该发布单位的本年度目录已存在。"))
        return year
