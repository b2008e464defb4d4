"""The yearly holiday arrangements (节假日安排) in the back office: administrators enter each
November's State Council notice, day by day; working days are counted on it from then on
(`core.workdays`). Only users with the model permissions (administrators) see it; every change is
written to the audit trail."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from core.audit import log_event
from core.models import HolidayArrangement


def _entered_date(form):
    # The formset's own uniqueness check drops a repeated date from cleaned_data: read it again.
    try:
        return form.cleaned_data.get("date") or form.fields["date"].to_python(form["date"].value())
    except ValidationError:
        return None


class HolidayArrangementForm(WagtailAdminModelForm):
    """Every day lies in the arrangement's year, once. A weekend marked 班 or a weekday marked 休
    is what 调休 is, so neither is refused."""

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        days = self.formsets["days"]
        if year is None:
            return cleaned
        days.is_valid()  # fills each row's cleaned_data; its own errors are shown on the rows
        seen, outside, repeated = set(), [], []
        for form in days.forms:
            if not getattr(form, "cleaned_data", None) or days._should_delete_form(form):
                continue
            day = _entered_date(form)
            if day is None:
                continue
            if day.year != year:
                outside.append(day.isoformat())
            if day in seen:
                repeated.append(day.isoformat())
            seen.add(day)
        if outside:
            self.add_error(
                None,
                _("以下日期不在%(year)s年内：%(days)s")
                % {"year": year, "days": "、".join(outside)},
            )
        if repeated:
            self.add_error(
                None, _("以下日期重复录入：%(days)s") % {"days": "、".join(sorted(set(repeated)))}
            )
        if not seen:
            self.add_error(None, _("请至少录入一个放假或调休上班日期"))
        return cleaned


def _details(arrangement) -> dict:
    return {
        "year": arrangement.year,
        "title": arrangement.title,
        "number": arrangement.number,
        "issued_on": arrangement.issued_on.isoformat(),
        "days": [
            [d.date.isoformat(), d.kind, d.name]
            for d in sorted(arrangement.days.all(), key=lambda d: d.date)
        ],
    }


class ArrangementCreateView(generic.CreateView):
    def save_instance(self):
        arrangement = super().save_instance()
        log_event(
            arrangement,
            user=self.request.user,
            summary=_("录入%(year)s年节假日安排") % {"year": arrangement.year},
            **_details(arrangement),
        )
        return arrangement


class ArrangementEditView(generic.EditView):
    def save_instance(self):
        arrangement = super().save_instance()
        log_event(
            arrangement,
            user=self.request.user,
            summary=_("修改%(year)s年节假日安排") % {"year": arrangement.year},
            **_details(arrangement),
        )
        return arrangement


class ArrangementDeleteView(generic.DeleteView):
    def delete_action(self):
        log_event(
            self.object,
            user=self.request.user,
            summary=_("删除%(year)s年节假日安排") % {"year": self.object.year},
            **_details(self.object),
        )
        super().delete_action()


class HolidayArrangementViewSet(ModelViewSet):
    model = HolidayArrangement
    name = "holiday_arrangements"
    icon = "date"
    menu_label = gettext_lazy("节假日安排")
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["year", "title", "number", "issued_on"]
    search_fields = None
    add_view_class = ArrangementCreateView
    edit_view_class = ArrangementEditView
    delete_view_class = ArrangementDeleteView
    edit_handler = ObjectList(
        [
            FieldPanel("year"),
            FieldPanel("title"),
            FieldPanel("number"),
            FieldPanel("issued_on"),
            InlinePanel(
                "days",
                heading=gettext_lazy("放假与调休上班日期"),
                label=gettext_lazy("日期"),
                min_num=1,
                max_num=80,
                help_text=gettext_lazy(
                    "按通知逐日录入：放假的每一天（含其中的周六、周日）标“休”，调休上班的日期标“班”；"
                    "未录入的日期按周一至周五上班计算"
                ),
            ),
        ],
        base_form_class=HolidayArrangementForm,
    )
