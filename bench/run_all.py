"""`make bench`: generate both datasets, run every benchmark, then print one table of all figures,
each with the load average at the time it was taken, headed by the date and the machine.

    .venv/bin/python bench/run_all.py [--markdown] [--skip-generate]
    .venv/bin/python bench/run_all.py --table var/bench/results-….jsonl --markdown

BENCH_SMALL_URL and BENCH_LARGE_URL name two PostgreSQL databases (created if missing); the
large one gets ten times the small one's data (--scale 0.1 and --scale 1 by default). Each script
still prints its own table as it runs; the figures are also kept (`bench/results.py`) in
var/bench/results-<UTC time>.jsonl, which `--table` prints again without measuring (`--markdown`:
ready to paste into the README's "Measured" section).
"""

import argparse
import datetime
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import results

ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
SMALL = os.environ.get("BENCH_SMALL_URL", f"{SERVER}/bench_small")
LARGE = os.environ.get("BENCH_LARGE_URL", f"{SERVER}/bench_large")
SCALE = float(os.environ.get("BENCH_SCALE", "0.1"))
KEPT = ROOT / "var" / "bench"

# (group, script and arguments, database): in order. Optional scripts are run when present.
STEPS = [
    ("load", ["bench/load.py"], SMALL),
    ("queries", ["bench/queries.py", SMALL, LARGE], None),
    ("ranking", ["bench/ranking.py"], SMALL),
    # The 评审工作台 at 2,000 × 5 (issue 20.3): joins the table when bench/workbench.py calls
    # bench.results.record(...); a row says so when it does not.
    ("workbench", ["bench/workbench.py"], SMALL),
    ("staff lists", ["bench/staff_lists.py"], LARGE),
    ("scale-out", ["bench/scale_out.py"], SMALL),
]


def run(args, url=None, results_file=None) -> int:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    if url:
        env["DATABASE_URL"] = url
    if results_file:
        env[results.ENV] = str(results_file)
    print(f"\n$ {' '.join(args)}", flush=True)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=False).returncode


def ensure_database(url):
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def postgres_version(url) -> str:
    try:
        import psycopg

        with psycopg.connect(url) as conn:
            return "PostgreSQL " + conn.execute("SHOW server_version").fetchone()[0].split()[0]
    except Exception:  # the heading only; the benchmarks report their own errors
        return ""


def measure(results_file: Path, skip_generate: bool) -> None:
    if not skip_generate:
        for url, scale in ((SMALL, SCALE), (LARGE, SCALE * 10)):
            ensure_database(url)
            if run(["bench/generate.py", "--reset", "--scale", str(scale)], url=url):
                sys.exit(f"bench/generate.py failed on {url}")
    for group, args, url in STEPS:
        if not (ROOT / args[0]).exists():
            continue
        before = len(results.read(results_file))
        code = run(args, url=url, results_file=results_file)
        recorded = len(results.read(results_file)) > before
        if code or not recorded:
            os.environ[results.ENV] = str(results_file)
            note = f"exit code {code}" if code else "no figures recorded"
            results.record(group, f"{args[0]}: {note}", "-", met=False if code else None)
            del os.environ[results.ENV]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument(
        "--skip-generate", action="store_true", help="measure the databases as they are"
    )
    parser.add_argument("--table", type=Path, help="print a kept results file, measure nothing")
    args = parser.parse_args(argv)
    started = datetime.datetime.now(datetime.UTC)
    if args.table:
        results_file = args.table
        started = datetime.datetime.fromtimestamp(results_file.stat().st_mtime, datetime.UTC)
    else:
        KEPT.mkdir(parents=True, exist_ok=True)
        results_file = KEPT / f"results-{started:%Y%m%dT%H%M%SZ}.jsonl"
        measure(results_file, args.skip_generate)
    rows = results.read(results_file)
    databases = f"1× = {SCALE:g} scale ({SMALL.rsplit('/', 1)[1]}), 10× = {SCALE * 10:g} scale"
    print(f"\nAll figures ({results_file.relative_to(ROOT) if not args.table else results_file})")
    print(
        results.summary(
            rows,
            markdown=args.markdown,
            started=started,
            extra=", ".join(filter(None, [postgres_version(SMALL), databases])),
        )
    )


if __name__ == "__main__":
    main()
