"""The fuzz lists cannot silently fall behind the URL confs: every view of ours that reads submitted
data (a POST, an upload, or a form bound to the query string), on the site or in the admin, is the
target of a `FormTarget`/`UploadTarget`, or is listed in a `NOT_FUZZED` with the reason."""

import functools
import inspect
import re

from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.security import admin_forms, forms

FORMS = [*forms.FORMS, *admin_forms.ADMIN_FORMS]
UPLOADS = [*forms.UPLOADS, *admin_forms.ADMIN_UPLOADS]
NOT_FUZZED = forms.NOT_FUZZED | admin_forms.NOT_FUZZED
OUR_APPS = ("core", "orgs", "grants", "review", "projects", "needs", "reports", "cms", "opendata")
# Wagtail's document serving. Page serving ("") is Wagtail's catch-all; our pages take no POST.
SKIPPED_PREFIXES = ("documents/",)
READS_INPUT = re.compile(r"request\.(POST|FILES)|request\.method\s*==|Form\(request\.GET")


def _accepts_post(view) -> bool:
    """`require_POST` / `require_http_methods([... "POST"])` somewhere in the decorator chain."""
    while view is not None:
        for cell in getattr(view, "__closure__", None) or ():
            contents = cell.cell_contents
            if isinstance(contents, list | tuple | set) and "POST" in contents:
                return True
        view = getattr(view, "__wrapped__", None)
    return False


def reads_input(view) -> bool:
    while isinstance(view, functools.partial):  # django-ninja's operations (opendata.api)
        view = view.func
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    if _accepts_post(view):
        return True
    return bool(READS_INPUT.search(inspect.getsource(inspect.unwrap(view))))


def _patterns(resolver, prefix="", namespace=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            inner = f"{namespace}:{ns}" if namespace and ns else ns or namespace
            yield from _patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield route, f"{namespace}:{pattern.name}" if namespace else pattern.name, pattern


def ours(view) -> bool:
    """A view of our code, or Wagtail's generic view on a model of ours (a viewset's form)."""
    while isinstance(view, functools.partial):
        view = view.func
    code = getattr(view, "view_class", view)
    model = (getattr(view, "view_initkwargs", None) or {}).get("model")
    label = getattr(getattr(model, "_meta", None), "app_label", "")
    return code.__module__.split(".")[0] in OUR_APPS or label in OUR_APPS


def input_views() -> dict:
    """{URL name: route} of our views that read submitted data. In the admin, Wagtail's own views
    (images, documents, settings …) are Wagtail's to test; our viewsets and views are ours. The
    page editor is Wagtail's view too; it is fuzzed for each page type of ours (`page_forms`)."""
    return {
        name: route
        for route, name, pattern in _patterns(get_resolver())
        if route
        and not route.startswith(SKIPPED_PREFIXES)
        and (not route.startswith("admin/") or ours(pattern.callback))
        and reads_input(pattern.callback)
    }


def fuzzed_views() -> set:
    names = set()
    for target in [*FORMS, *UPLOADS]:
        path = re.sub(r"\{catalogues_url\}", "/catalogue/", target.url)
        path = re.sub(r"\{\w+\}", "1", path)
        names.add(resolve(path).view_name)
    return names


def test_every_view_reading_input_is_fuzzed_or_excluded_with_reason():
    missing = {
        name: route
        for name, route in input_views().items()
        if name not in fuzzed_views() and name not in NOT_FUZZED
    }
    assert missing == {}, "add a FormTarget/UploadTarget (tests/security/forms.py) or a reason"


def test_exclusions_are_current():
    """An excluded view that is gone, or that is now fuzzed, must leave the list."""
    views, fuzzed = input_views(), fuzzed_views()
    stale = {name for name in NOT_FUZZED if name not in views or name in fuzzed}
    assert stale == set()
    assert all(reason.strip() for reason in NOT_FUZZED.values())


def test_detection_sees_the_kinds_of_view_we_have():
    """The finder itself: a decorated POST view, a view checking the method, a class-based form
    view, a GET filter form, and a page that only reads."""
    views = input_views()
    assert views["portal:document_upload"] == "portal/orgs/<int:pk>/documents/upload/"
    assert views["portal:evaluation_scores"] == "portal/evaluations/<int:pk>/scores/"
    assert views["password_reset"] == "accounts/password/reset/"
    assert views["portal:incubation_base"] == "portal/incubation/bases/<int:base_pk>/"
    assert "portal:document_download" not in views
    assert "review_public:index" not in views
    assert views["review_call_action"] == "admin/review/calls/<int:pk>/do/<slug:name>/"
    assert views["calls:edit"] == "admin/calls/edit/<int:pk>/"
    assert "wagtailadmin_pages:edit" not in views
