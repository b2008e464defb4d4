"""The one version token of the public cache, and the write detector that replaces it.

Every cached page is stored with the token read when its request began; a page is served only
while the token is unchanged. Any INSERT, UPDATE or DELETE on a table that is not known to be
private replaces the token — right after the statement and again after the commit — whatever
made the write: the transition door, a form's save, `QuerySet.update()`, `bulk_create`, raw SQL,
`run_schedule`, a task worker in another process (the token lives in the shared cache). A page
rendered from data older than a write therefore never outlives it: its request read the token
before reading the data, and the token changes after the data is committed.

The token is random, not a counter: a token lost from the cache (eviction, restart) is replaced
by a fresh one, which no stored page can match.
"""

import re
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.db.backends.signals import connection_created

KEY = "public-cache:generation"

# Written on every request or by the admin only, and never shown on a public page: session and
# sign-in records, the audit trail, drafts (a page's live content is in its own row), derived
# rows (search index, image renditions, reference index), inbox and task queues.
PRIVATE_TABLE_PREFIXES = (
    "django_session",
    "django_admin_log",
    "django_tasks",
    "axes_",
    "otp_",
    "wagtailadmin_",
    "wagtailusers_userprofile",
    "wagtailsearch_",
    "wagtailimages_rendition",
    "wagtailcore_modellogentry",
    "wagtailcore_pagelogentry",
    "wagtailcore_revision",
    "wagtailcore_comment",
    "wagtailcore_pagesubscription",
    "wagtailcore_referenceindex",
    "wagtailcore_taskstate",
    "wagtailcore_workflowstate",
    "wagtailcore_uploadedfile",
    "core_inboxmessage",
    "core_approval",
)

# Django's update_last_login on every sign-in: a user row is never shown on a public page, and
# sign-ins must not empty the cache on the day many applicants sign in to read a result.
_SIGN_IN = re.compile(
    r"^\s*UPDATE\s+[\"`]?orgs_user[\"`]?\s+SET\s+[\"`]?last_login[\"`]?\s*=\s*%s\s+WHERE",
    re.IGNORECASE,
)
_WRITE = re.compile(r"^\s*(?:INSERT|UPDATE|DELETE|REPLACE|TRUNCATE|MERGE)\b", re.IGNORECASE)
_TABLE = re.compile(r"\b(?:INTO|UPDATE|FROM|TABLE)\s+[\"`\[]?([\w.]+)", re.IGNORECASE)


def store():
    return caches[settings.PUBLIC_CACHE_ALIAS]


def current(cache=None) -> str:
    """The token now; made (atomically, the first writer wins) when the cache has none."""
    cache = cache or store()
    token = cache.get(KEY)
    if token is None:
        cache.add(KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(KEY)
    return token


def bump() -> None:
    store().set(KEY, uuid.uuid4().hex, timeout=None)


def is_public_write(sql: str) -> bool:
    if not _WRITE.match(sql) or _SIGN_IN.match(sql):
        return False
    table = _TABLE.search(sql)
    if table is None:  # a write we cannot read: assume it is public
        return True
    name = table.group(1).split(".")[-1].lower()
    return not name.startswith(PRIVATE_TABLE_PREFIXES)


def _written(connection) -> None:
    bump()
    if connection.in_atomic_block and not any(
        func is bump for _ids, func, _robust in connection.run_on_commit
    ):
        connection.on_commit(bump, robust=True)


def detect_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    # After the statement: a request reading the new token must not read the old rows.
    if isinstance(sql, str) and is_public_write(sql):
        _written(context["connection"])
    return result


def _install(connection) -> None:
    if detect_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(detect_writes)


def _on_connection_created(sender, connection, **kwargs):
    _install(connection)


def install() -> None:
    """Watch every database connection of this process (called from core's AppConfig.ready)."""
    connection_created.connect(_on_connection_created, dispatch_uid="public-cache-writes")
    for connection in connections.all(initialized_only=True):
        _install(connection)


def valid_until(request, when) -> None:
    """A page whose content turns at `when` (an aware datetime: a call opens or closes) may be
    kept at most until then."""
    if request is None or when is None:
        return
    earlier = getattr(request, "_public_cache_until", None)
    if earlier is None or when < earlier:
        request._public_cache_until = when
