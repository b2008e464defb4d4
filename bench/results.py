"""One table of every figure `make bench` measures, each with the load average at its time.

A bench script calls `record(...)` as each measurement ends; when `BENCH_RESULTS` names a file
(bench/run_all.py sets it) the figure is appended there as one JSON line with `os.getloadavg()`
sampled then, otherwise nothing happens, so every script still runs on its own and prints its own
table. bench/run_all.py reads the lines back and prints them with `summary(...)`.
"""

import datetime
import json
import os
import platform
from pathlib import Path

ENV = "BENCH_RESULTS"


def record(group: str, measure: str, result: str, *, goal: str = "", met=None) -> None:
    """Keep one figure: e.g. ("load", "home: × bare view", "0.05", goal="≥ 0.8", met=False).

    `met` is True/False when the figure has a goal it is judged against, None when not."""
    path = os.environ.get(ENV)
    if not path:
        return
    row = {
        "group": group,
        "measure": measure,
        "result": str(result),
        "goal": goal,
        "met": met,
        "load": [round(x, 2) for x in os.getloadavg()],
        "at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S"),
    }
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")


def read(path) -> list[dict]:
    text = Path(path).read_text(encoding="utf-8") if Path(path).exists() else ""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def machine() -> str:
    """This machine: CPU count and model (/proc/cpuinfo), memory, system and Python."""
    model = _cpuinfo("model name") or platform.processor() or platform.machine()
    return (
        f"{os.cpu_count()} CPUs ({model}), {_memory_gib():.0f} GiB memory, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def _cpuinfo(key: str) -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def _memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def _verdict(met) -> str:
    return {True: "yes", False: "NO"}.get(met, "")


def summary(rows: list[dict], *, markdown: bool = False, started=None, extra: str = "") -> str:
    """The table, headed by the date and the machine; plain text or Markdown to paste."""
    from bench._django import table

    when = (
        rows[0]["at"][:16]
        if rows
        else f"{started or datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M}"
    )
    head = [
        f"Measured {when} UTC on {machine()}" + (f"; {extra}" if extra else "") + ".",
        "Load average: 1, 5 and 15 minutes (`os.getloadavg()`) when each figure was taken.",
    ]
    headers = ["group", "measure", "result", "goal", "met", "load avg 1/5/15", "UTC"]
    cells = [
        (
            r["group"],
            r["measure"],
            r["result"],
            r["goal"],
            _verdict(r["met"]),
            " / ".join(f"{x:.2f}" for x in r["load"]),
            r["at"][-8:],
        )
        for r in rows
    ]
    if not markdown:
        return "\n".join(head) + "\n\n" + table(headers, cells)
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in cells]
    return "\n".join(head) + "\n\n" + "\n".join(lines)


def _md(cell) -> str:
    return str(cell).replace("|", "\\|")
