"""A trivial task for bench/scale_out.py: it sleeps a little so both workers get some."""

import time

from django_tasks import task


@task()
def bench_echo(n: int) -> int:
    time.sleep(0.2)
    return n
