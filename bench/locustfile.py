"""One locust user class, told by the environment which page to request and as whom.

BENCH_PATH: the page; BENCH_LOGIN: "" (anonymous) or an e-mail signed in once per user.
Run by bench/load.py (headless); usable by hand too:
    BENCH_PATH=/ locust -f bench/locustfile.py --headless -u 10 -t 20s --host http://127.0.0.1:8100
"""

import os
import re

from locust import HttpUser, constant, task

PATH = os.environ.get("BENCH_PATH", "/")
LOGIN = os.environ.get("BENCH_LOGIN", "")
PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-pass-2026")


class Visitor(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        if not LOGIN:
            return
        page = self.client.get("/accounts/login/", name="sign-in")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        answer = self.client.post(
            "/accounts/login/",
            {"username": LOGIN, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/accounts/login/"},
            name="sign-in",
            allow_redirects=False,
        )
        if answer.status_code != 302:
            raise RuntimeError(f"sign-in as {LOGIN} failed: {answer.status_code}")

    @task
    def page(self):
        with self.client.get(PATH, name="page", allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
