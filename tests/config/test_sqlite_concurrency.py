"""The embedded default holds light concurrent writes: parallel read-modify-write transactions
on the SQLite file all succeed (before WAL, a busy timeout and BEGIN IMMEDIATE, most answered
"database is locked")."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import threading, time
import django
from django.conf import settings
from config.settings import base

settings.configure(DATABASES=base.DATABASES, INSTALLED_APPS=[], USE_TZ=True)
django.setup()
from django.db import connection, connections, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (n INTEGER NOT NULL)")
    cursor.execute("INSERT INTO counter VALUES (0)")
errors = []

def work():
    try:
        for _ in range(5):
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT n FROM counter")
                    n = cursor.fetchone()[0]
                    time.sleep(0.005)
                    cursor.execute("UPDATE counter SET n = %s", [n + 1])
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connections.close_all()

threads = [threading.Thread(target=work) for _ in range(10)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter")
    print(cursor.fetchone()[0], len(errors), errors[:1])
"""


def test_parallel_writers_on_the_sqlite_file_all_succeed(tmp_path):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))
    }
    environment["VAR_DIR"] = str(tmp_path)
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["50", "0"], result.stdout
