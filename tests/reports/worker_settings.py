"""Settings of the worker processes started by test_generation_workers: the test settings with
the database-backed task queue and the test's private folder."""

import os

from config.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
PRIVATE_MEDIA_ROOT = os.environ["REPORTS_WORKER_PRIVATE_ROOT"]
