"""`make bench`: generate both datasets, then run every benchmark and print its table.

BENCH_SMALL_URL and BENCH_LARGE_URL name two PostgreSQL databases (created if missing); the
large one gets ten times the small one's data (--scale 0.1 and --scale 1 by default).
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
SMALL = os.environ.get("BENCH_SMALL_URL", f"{SERVER}/bench_small")
LARGE = os.environ.get("BENCH_LARGE_URL", f"{SERVER}/bench_large")
SCALE = float(os.environ.get("BENCH_SCALE", "0.1"))


def run(*args, url=None):
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    if url:
        env["DATABASE_URL"] = url
    print(f"\n$ {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True)


def ensure_database(url):
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main():
    for url, scale in ((SMALL, SCALE), (LARGE, SCALE * 10)):
        ensure_database(url)
        run("bench/generate.py", "--reset", "--scale", str(scale), url=url)
    run("bench/load.py", url=SMALL)
    run("bench/queries.py", SMALL, LARGE)
    run("bench/ranking.py", url=SMALL)
    run("bench/scale_out.py", url=SMALL)


if __name__ == "__main__":
    main()
