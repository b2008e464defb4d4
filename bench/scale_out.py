"""Scale-out: two app servers and two task workers on one PostgreSQL, shown working together.

    DATABASE_URL=postgres://…/bench .venv/bin/python bench/scale_out.py

Starts gunicorn on ports 8201 and 8202 and two `db_worker` processes (django-tasks-db), all with
the same environment and database. Then: a session signed in on server 1 is used on server 2
(sessions live in the database, nothing is local); TASKS tasks are queued and the table shows how
many each worker ran (each exactly once); each server answers the public pages. Prints tables.
"""

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import server
from bench._django import setup, table

TASKS = 40
PORTS = (8201, 8202)


def main():
    import os

    import requests

    os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"  # queue, do not run here
    setup()
    from django_tasks_db.models import DBTaskResult

    from bench.generate import APPLICANT, PASSWORD
    from bench.tasks import bench_echo

    servers = [server.gunicorn(port, workers=2) for port in PORTS]
    workers = [server.db_worker(f"worker-{n}") for n in (1, 2)]
    try:
        # A session started on server 1 is valid on server 2.
        session = requests.Session()
        first, second = (f"http://127.0.0.1:{port}" for port in PORTS)
        page = session.get(first + "/accounts/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        session.post(
            first + "/accounts/login/",
            {"username": APPLICANT, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": first + "/accounts/login/"},
            timeout=30,
        )
        on_second = session.get(second + "/portal/", allow_redirects=False, timeout=30)
        rows = [
            ("sign in on server 1, portal on server 2", on_second.status_code),
            *(
                (f"home page from server {n}", requests.get(url + "/", timeout=30).status_code)
                for n, url in ((1, first), (2, second))
            ),
        ]
        print(table(["check", "HTTP"], rows))

        # Tasks queued by either server's code run once each, shared between the workers.
        DBTaskResult.objects.filter(task_path__endswith="bench_echo").delete()
        started = time.monotonic()
        results = [bench_echo.enqueue(n) for n in range(TASKS)]
        ids = [str(r.id) for r in results]
        while time.monotonic() - started < 120:
            done = DBTaskResult.objects.filter(id__in=ids, status="SUCCESSFUL").count()
            if done == TASKS:
                break
            time.sleep(0.5)
        elapsed = time.monotonic() - started
        per_worker = {}
        for row in DBTaskResult.objects.filter(id__in=ids):
            for worker in row.worker_ids or ["(none)"]:
                per_worker[worker] = per_worker.get(worker, 0) + 1
        print()
        print(f"{TASKS} tasks queued, {done} finished in {elapsed:.1f}s")
        print(table(["worker", "tasks run"], sorted(per_worker.items())))
    finally:
        server.stop(*servers, *workers)


if __name__ == "__main__":
    main()
