"""The yearly bulk export of /open-data/ (opendata.bulk) at the bench's volume: every file of
the busiest award year built cold (no cache), with its size, time and queries.

    DATABASE_URL=postgres://…/bench_large .venv/bin/python bench/open_data.py [--repeat 3]

Run bench/generate.py --scale 1 first (20,000 applications, 3,000 funded projects, 9,000
tranches, 3,000 evaluations, 100 purchase announcements). Prints one table: the file, its size,
median and slowest build over REPEAT runs, and the queries of one build (constant in the data
size: `tests/opendata/test_packages.py` checks the bound).
"""

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._django import setup, table


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--year", type=int, default=None, help="default: the busiest award year")
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from opendata import bulk
    from projects import figures

    years = Counter(
        timezone.localtime(m).year
        for m in figures.listed_projects().values_list("awarded_at", flat=True)
    )
    year = args.year or years.most_common(1)[0][0]
    print(f"Award year {year}: {years[year]} funded projects ({sum(years.values())} in all)\n")
    rows = []
    for key, kind in bulk.KINDS.items():
        times, size, queries = [], 0, 0
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                content = bulk.build(year, key) or b""
                times.append(time.perf_counter() - start)
            size, queries = len(content), len(ctx.captured_queries)
        rows.append(
            [
                kind.filename.format(year=year),
                f"{size / 1024:,.0f} KiB",
                f"{statistics.median(times):.2f} s",
                f"{max(times):.2f} s",
                queries,
            ]
        )
    print(table(["file", "size", "median", "slowest", "queries"], rows))


if __name__ == "__main__":
    main()
