"""Checks a running `make run` as a newcomer would: the home page answers in Chinese, the demo
applicant signs in over HTTP and opens the portal. Exits non-zero with the reason otherwise.

Standard library only, so it runs before and outside the project's virtualenv:
    python3 scripts/check_start.py --base http://127.0.0.1:8000 --wait 900
"""

import argparse
import http.cookiejar
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

APPLICANT = ("applicant@demo.gongyi.cn", "demo-pass-2026")


def fail(message: str) -> None:
    sys.exit(f"check_start: {message}")


def open_url(opener, url, data=None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body)  # noqa: S310 - http(s) base given by CI
    if data is not None:
        request.add_header("Referer", url)
    with opener.open(request, timeout=30) as response:
        return response.status, response.geturl(), response.read().decode("utf-8", "replace")


def wait_for_home(opener, base: str, seconds: int) -> str:
    deadline = time.monotonic() + seconds
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            status, _url, html = open_url(opener, base + "/")
            if status == 200:
                return html
            last = f"HTTP {status}"
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last = str(getattr(exc, "reason", exc))
        time.sleep(2)
    fail(f"the home page did not answer 200 within {seconds} s (last: {last})")
    return ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--wait", type=int, default=900, help="seconds to wait for the server")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    home = wait_for_home(opener, base, args.wait)
    if not re.search(r'<html[^>]*\blang="zh-hans"', home):
        fail('the home page is not marked lang="zh-hans"')
    print("check_start: home page 200, lang=zh-hans")

    _status, _url, login_page = open_url(opener, base + "/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page)
    if not token:
        fail("the sign-in page has no CSRF token")
    status, landed, page = open_url(
        opener,
        base + "/accounts/login/",
        {
            "csrfmiddlewaretoken": token.group(1),
            "username": APPLICANT[0],
            "password": APPLICANT[1],
            "next": "/portal/",
        },
    )
    if urllib.parse.urlparse(landed).path != "/portal/":
        fail(f"signing in as {APPLICANT[0]} did not reach /portal/ (landed on {landed})")
    if status != 200 or "退出" not in page:
        fail(f"/portal/ did not answer 200 with a signed-in page (HTTP {status})")
    print(f"check_start: signed in as {APPLICANT[0]}, /portal/ answered 200")


if __name__ == "__main__":
    main()
