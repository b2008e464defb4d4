"""One permission signature: every permission function and rule takes `(obj, user, ...)`."""

import importlib
import inspect
from pathlib import Path

import pytest

from core.rules import Rule

ROOT = Path(__file__).resolve().parents[2]
APPS = ["core", "orgs", "grants", "review", "projects", "needs", "reports", "cms"]
KNOWN = {
    "orgs.permissions",
    "orgs.incubation.permissions",
    "grants.permissions",
    "review.permissions",
    "projects.permissions",
    "needs.permissions",
    "reports.permissions",
}


def permission_modules() -> list[str]:
    found = set()
    for app in APPS:
        for path in (ROOT / app).rglob("permissions.py"):
            found.add(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return sorted(found)


def checks_of(module):
    """(name, function) of the module's own public functions and of its rules' checks."""
    for name, value in vars(module).items():
        if name.startswith("_"):
            continue
        if isinstance(value, Rule):
            func = value.check
        elif inspect.isfunction(value):
            func = value
        else:
            continue
        if func.__module__ == module.__name__:
            yield name, func


def test_every_permissions_module_is_found():
    assert KNOWN <= set(permission_modules())


@pytest.mark.parametrize("module_name", permission_modules())
def test_permission_functions_take_obj_then_user(module_name):
    module = importlib.import_module(module_name)
    checked = list(checks_of(module))
    assert checked, f"{module_name} defines no permission functions"
    wrong = []
    for name, func in checked:
        params = list(inspect.signature(func).parameters)
        if params and params[0] == "user":
            wrong.append(f"{name}{inspect.signature(func)}: `user` comes first")
        elif "user" in params and params.index("user") != 1:
            wrong.append(f"{name}{inspect.signature(func)}: `user` must be the second parameter")
    assert wrong == []
