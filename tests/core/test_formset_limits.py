"""No form builds more rows than it allows. Django builds up to `max_num` + 1000 forms for any
posted row count before refusing it, and the page then draws them all: one request with
"TOTAL_FORMS=1000000000" took 17 seconds in the admin. Our formsets take `core.formsets.at_most`;
inline panels declare `max_num`, which `core.admin_fields` makes the absolute limit."""

import pytest
from wagtail.admin.panels import InlinePanel
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page

from grants.forms.applications import BudgetLines, TeamMembers
from orgs.forms.incubation import FounderFormSet
from projects.admin.actions import TranchePlanFormSet
from projects.forms import ActivityFormSet, BudgetShiftFormSet
from reports.models import EvaluationScheme
from review.forms import CriterionFormSet
from tests.reports.test_admin import _scheme_post

OUR_APPS = {"orgs", "grants", "review", "projects", "needs", "reports", "cms", "core"}
LARGEST = 300


def _inline_panels(panel):
    if isinstance(panel, InlinePanel):
        yield panel
    for child in getattr(panel, "children", ()):
        yield from _inline_panels(child)


def _edit_handlers():
    for model in Page.__subclasses__():
        if model._meta.app_label == "cms":
            for concrete in [model, *model.__subclasses__()]:
                yield concrete.get_edit_handler()
    for viewset in viewsets.viewsets:
        if isinstance(viewset, ModelViewSet) and viewset.model._meta.app_label in OUR_APPS:
            if handler := viewset._edit_handler:
                yield handler


def test_every_inline_panel_of_ours_declares_its_limit():
    panels = [p for handler in _edit_handlers() for p in _inline_panels(handler)]
    assert len(panels) >= 10
    for panel in panels:
        assert panel.max_num and panel.max_num <= LARGEST, panel.relation_name


@pytest.mark.parametrize(
    "formset",
    [
        TeamMembers,
        BudgetLines,
        FounderFormSet,
        TranchePlanFormSet,
        ActivityFormSet,
        BudgetShiftFormSet,
        CriterionFormSet,
    ],
)
def test_our_formsets_build_no_more_rows_than_they_allow(formset):
    assert formset.max_num <= LARGEST
    assert formset.absolute_max == formset.max_num
    assert formset.validate_max


@pytest.mark.django_db
def test_a_huge_row_count_builds_no_more_forms_than_the_panel_allows(client, staff):
    data = _scheme_post("新方案", [("1", "投入", "100")], [("合格", "0")])
    data["indicators-TOTAL_FORMS"] = "1000000000"
    client.force_login(staff)

    response = client.post("/admin/evaluation_schemes/new/", data)

    assert response.status_code == 200
    indicators = response.context["form"].formsets["indicators"]
    assert len(indicators.forms) == 300
    assert "300" in str(indicators.non_form_errors())
    assert not EvaluationScheme.objects.filter(name="新方案").exists()


def test_a_signaling_nan_is_an_invalid_number_not_a_server_error():
    """Django reads "sNaN" as a Decimal and compares it in `has_changed`, which raises; admin
    forms take `FiniteDecimalField` (found by the admin fuzz on the incubation base checklist)."""
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from core.admin_fields import FiniteDecimalField

    field = FiniteDecimalField(max_digits=5, decimal_places=1)
    assert field.has_changed(Decimal("10.0"), "sNaN")
    with pytest.raises(ValidationError):
        field.clean("sNaN")
    assert field.clean("12.5") == Decimal("12.5")
