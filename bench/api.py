"""The open-data API's list endpoints (/api/v1/) at the bench's volume: each list's first page
and a later one, at the default and the largest page size, with a filter, timed in process
through Django's test client (no HTTP server: the view, its queries and the JSON).

    DATABASE_URL=postgres://…/bench_large .venv/bin/python bench/api.py [--repeat 20]

Run bench/generate.py --scale 1 first (10× the demo: 20,000 applications, 3,000 funded projects,
3,000 evaluations). Prints one table: the request, the records it pages through, median and p95
time over REPEAT runs, the answer's size and its queries (constant in the data size:
`tests/opendata/test_api_http.py` checks it at 1× and 10× rows).
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._django import setup, table

REQUESTS = [
    "/api/v1/calls/",
    "/api/v1/publicity/",
    "/api/v1/evaluations/",
    "/api/v1/evaluations/?page_size=200",
    "/api/v1/evaluations/?page=10&page_size=50",
    "/api/v1/evaluations/?region=440305",
    "/api/v1/releases/",
    "/api/v1/releases/?page_size=200",
    "/api/v1/grants/",
    "/api/v1/grants/?page_size=200",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.API_REQUESTS_PER_MINUTE = 10**9  # the bench measures the view, not the limit
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    rows = []
    for url in REQUESTS:
        client.get(url)  # warm: site root paths, region table
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        if response.status_code != 200:
            rows.append([url, f"HTTP {response.status_code}", "", "", "", ""])
            continue
        data = json.loads(response.content)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        rows.append(
            [
                url,
                f"{data['count']:,}",
                f"{statistics.median(times) * 1000:.0f} ms",
                f"{p95 * 1000:.0f} ms",
                f"{len(response.content) / 1024:,.0f} KiB",
                len(ctx.captured_queries),
            ]
        )
    print(table(["request", "records", "median", "p95", "size", "queries"], rows))


if __name__ == "__main__":
    main()
