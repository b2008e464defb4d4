"""`--database-share`: the PostgreSQL pass of CI runs what can differ between databases, plus a
fixed share of the rest.

SQLite runs the whole suite in `make test`; most tests exercise Python logic that does not change
with the database. What does change is listed in `DATABASE_SENSITIVE` (concurrency and row locks,
full-text search, NUL and overflow handling, transactional flushes and the demo, backups,
aggregates and query counts); every other test module runs on PostgreSQL when a stable hash of its
path falls in the share, so the same modules run every time and a failure can be reproduced.
`make test-postgres` (no option) still runs everything on PostgreSQL.
"""

import zlib

import pytest

# Paths (prefixes of node ids) that always run on PostgreSQL.
DATABASE_SENSITIVE = (
    "tests/security/test_concurrency_pg.py",
    "tests/reports/test_survey_code_race.py",
    "tests/security/test_survey_stuffing.py",
    "tests/security/test_fuzz_nul.py",
    "tests/grants/test_concurrency.py",
    "tests/grants/test_receipt_race.py",
    "tests/orgs/test_incubation_concurrency.py",
    "tests/reports/test_generation_workers.py",
    "tests/reports/test_generation_job.py",
    "tests/cms/test_search.py",
    "tests/cms/test_seed_demo.py",
    "tests/cms/test_query_counts.py",
    "tests/grants/test_admin_listing_queries.py",
    "tests/projects/test_admin_listing_queries.py",
    "tests/core/test_backup.py",
    "tests/core/test_choices.py",
    "tests/review/test_ranking.py",
    "tests/review/test_publicity.py",
    "tests/e2e/test_review_journey.py",
    "tests/e2e/test_evaluation_journey.py",
)
SHARE = 3  # one module in SHARE of the rest


def pytest_addoption(parser):
    parser.addoption(
        "--database-share",
        action="store_true",
        help=f"run the database-sensitive modules and a fixed 1/{SHARE} share of the others",
    )


def in_share(path: str) -> bool:
    return path.startswith(DATABASE_SENSITIVE) or zlib.crc32(path.encode()) % SHARE == 0


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    if not config.getoption("--database-share"):
        return
    kept, left = [], []
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        (kept if item.get_closest_marker("postgres") or in_share(path) else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept
