"""Machinery of the permission matrix: walk the URL patterns, build URLs, classify responses."""

import re
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# The vocabulary of expected outcomes (kept small on purpose).
OK = "ok"  # 2xx: the role sees the page
DENIED = "denied"  # 403 or 404 (or Wagtail's "no permission" bounce to the admin home)
LOGIN = "login"  # redirect to a sign-in page (site, admin or two-factor step)
REDIRECT = "redirect"  # any other redirect, e.g. after signing out
NOT_ALLOWED = "405"  # the method is refused (POST-only endpoints asked with GET)
BAD = "400"  # the request itself is refused as malformed
WAGTAIL = "wagtail"  # Wagtail's built-in admin decides by its own permissions; must not be 5xx
ERROR = "error"  # a server error — expected only of Wagtail's deliberate /admin/failwhale/
OUTCOMES = {OK, DENIED, LOGIN, REDIRECT, NOT_ALLOWED, BAD, WAGTAIL, ERROR}

# Sign-in pages, including the second-factor steps that complete a sign-in.
LOGIN_PREFIXES = (
    "/accounts/login/",
    "/admin/login/",
    "/accounts/2fa/setup/",
    "/accounts/2fa/verify/",
    "/_util/login/",
)


@dataclass(frozen=True)
class Pattern:
    route: str  # the full route, prefixes joined ("portal/orgs/<int:pk>/")
    name: str  # "portal:org_detail", "" when unnamed
    converters: dict  # kwarg -> converter class name ("IntConverter" …)

    @property
    def key(self) -> str:
        return self.name or self.route


def walk(resolver=None, prefix="", namespace="", converters=None):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        convs = {**(converters or {}), **getattr(p.pattern, "converters", {})}
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from walk(p, prefix + str(p.pattern), ns, convs)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if (namespace and p.name) else (p.name or "")
            yield Pattern(
                prefix + str(p.pattern),
                name,
                {k: type(v).__name__ for k, v in convs.items()},
            )


def all_patterns() -> list[Pattern]:
    """Every pattern once; a name used by two routes is keyed by the route instead."""
    patterns = list(walk())
    seen: dict[str, int] = {}
    for p in patterns:
        if p.name:
            seen[p.name] = seen.get(p.name, 0) + 1
    return [
        Pattern(p.route, p.name if p.name and seen[p.name] == 1 else "", p.converters)
        for p in patterns
    ]


@dataclass
class Case:
    """One request of the matrix: how to build the URL and what each role must get.

    `kwargs` values are keys of the world's objects (their pk is used) or `Lit(...)` literals.
    `post` (optional) maps roles to the outcome of a POST with an empty body; only roles that
    must be refused are posted as (allowed roles would change data).
    """

    expect: dict
    kwargs: dict = field(default_factory=dict)
    args: tuple = ()
    url: str = ""  # an explicit path, for unnamed or regex patterns
    query: str = ""
    post: dict = field(default_factory=dict)
    note: str = ""
    # What staff of a second department get, when it is not what `other_staff_expects` derives.
    other_staff: str = ""

    def __post_init__(self):
        # The approver persona is programme staff who also holds the 审核人 role: every URL
        # answers it exactly as it answers staff (what only an approver may do, approving a
        # proposal, is proved in tests/core/test_approvals.py). Staff of a second department
        # start from staff's outcome too; `other_staff_expects` turns a record of the first
        # department into a 404. The dicts are often shared between entries: copied first.
        self.expect, self.post = dict(self.expect), dict(self.post)
        for outcomes in (self.expect, self.post):
            for persona in ("approver", "other_staff"):
                if "staff" in outcomes:
                    outcomes[persona] = outcomes["staff"]
                else:
                    outcomes.pop(persona, None)
        if self.other_staff:
            self.expect["other_staff"] = self.other_staff


@dataclass(frozen=True)
class Lit:
    value: object


def resolve_value(world, value):
    if isinstance(value, Lit):
        return value.value
    obj = world[value]
    return getattr(obj, "pk", obj)


# Values for kwargs no entry names: ids that exist nowhere (digits also fit str/slug routes).
_CONVERTER_DEFAULTS = {"UUIDConverter": "0" * 32}


def generic_url(pattern: Pattern, world, case: Case) -> str:
    """The URL of a grouped pattern: named kwargs from the case, the rest from generic values."""
    if case.url:
        return case.url
    kwargs = {k: resolve_value(world, v) for k, v in case.kwargs.items()}
    for name, conv in pattern.converters.items():
        kwargs.setdefault(name, _CONVERTER_DEFAULTS.get(conv, 999999))
    for name in re.findall(r"\(\?P<(\w+)>", pattern.route):  # regex routes: digits fit all
        kwargs.setdefault(name, 999999)
    if pattern.name:
        return reverse(pattern.name, args=case.args, kwargs=kwargs) + case.query
    # Unnamed or regex route: fill `<conv:name>` parts, strip regex anchors.
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), pattern.route)
    return "/" + path.replace("^", "").replace("$", "") + case.query


def classify(response) -> str:
    code = response.status_code
    if 200 <= code < 300:
        return OK
    if code in (403, 404):
        return DENIED
    if code == 405:
        return NOT_ALLOWED
    if code == 401:  # JSON endpoints answer "sign in first" without a redirect
        return LOGIN
    if code == 400:
        return BAD
    if code in (301, 302, 303, 307, 308):
        location = response["Location"]
        path = re.sub(r"^https?://[^/]+", "", location)
        if path.startswith(LOGIN_PREFIXES):
            return LOGIN
        if path == "/admin/":
            return DENIED
        return REDIRECT
    return ERROR if code >= 500 else f"HTTP {code}"


def matches(expected: str, actual: str) -> bool:
    if expected == WAGTAIL:
        return actual in OUTCOMES - {ERROR}
    return expected == actual


# --- departments (issue 21) ------------------------------------------------------------------

# Outcomes by which staff reach a page: a second department's staff must get 404 there instead
# when the page is about a record of the first department.
REACHED = {OK, REDIRECT}


def department_of(obj, depth: int = 6):
    """The id of the purchasing department a world object belongs to, or None when it belongs
    to none (the city-wide registry, the expert pool, someone's own messages).

    Found by following the object's foreign keys (and generic keys) to a call or a government
    organization: deliberately not through the model's own `DEPARTMENT_PATH`, which is what the
    matrix checks. A non-government organization ends a path (the registry is shared), and
    users, content types and Wagtail's pages are not followed.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.fields import GenericForeignKey
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from grants.models import Call
    from orgs.models import Organization, OrgKind

    skipped = (get_user_model(), ContentType, Page)
    frontier, seen = [obj], set()
    for _level in range(depth):
        following = []
        for current in frontier:
            if isinstance(current, Call):
                return current.department_id
            if isinstance(current, Organization):
                if current.kind == OrgKind.GOVERNMENT:
                    return current.pk
                continue
            if isinstance(current, skipped) or type(current).__module__.startswith("wagtail"):
                continue
            for f in current._meta.get_fields():
                if isinstance(f, GenericForeignKey):
                    target = getattr(current, f.name, None)
                elif f.concrete and (f.many_to_one or f.one_to_one) and f.related_model:
                    if issubclass(f.related_model, skipped):
                        continue
                    target = getattr(current, f.name, None)
                else:
                    continue
                key = (type(target).__name__, getattr(target, "pk", None))
                if target is not None and key not in seen:
                    seen.add(key)
                    following.append(target)
        frontier = following
    return None


def case_objects(world, case: Case) -> list:
    """The world objects a case's URL names (its kwargs, not literals)."""
    found = []
    for value in case.kwargs.values():
        if isinstance(value, Lit):
            continue
        obj = world[value]
        if hasattr(obj, "_meta"):
            found.append(obj)
    return found


def foreign_to(world, case: Case, user) -> bool:
    """Does the case's URL name a record of a department `user` may not see?"""
    from core.scoping import scope_of

    scope = scope_of(user)
    for obj in case_objects(world, case):
        department = department_of(obj)
        if department is not None and (scope is None or not scope.sees(department)):
            return True
    return False


def public(case: Case) -> bool:
    """Is the page open to anyone (signed in or not, without a tie to organization A)?"""
    return case.expect.get("anonymous") == OK or case.expect.get("member_b") in REACHED


def other_staff_expects(world, case: Case) -> tuple[str, str | None]:
    """(GET outcome, POST outcome or None) for staff of a second department: where staff reach a
    page about a record of the first department that is not open to anyone, 404; a POST-only
    URL keeps its 405 on GET and is refused on POST."""
    get, post = case.expect["other_staff"], case.post.get("other_staff")
    if case.other_staff or public(case) or not foreign_to(world, case, world.users["other_staff"]):
        return get, post
    staff = case.expect["staff"]
    if staff in REACHED:
        return DENIED, post
    if staff == NOT_ALLOWED:
        return NOT_ALLOWED, DENIED
    return get, post
