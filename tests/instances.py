"""Count the model objects a block of code builds (Django's `post_init` signal): a listing's
filter choices must not build one object per option."""

from collections import Counter
from contextlib import contextmanager

from django.db.models.signals import post_init


@contextmanager
def objects_built():
    """Yields a Counter of model class name -> objects initialised inside the block."""
    built = Counter()

    def count(sender, **kwargs):
        built[sender.__name__] += 1

    post_init.connect(count, weak=False)
    try:
        yield built
    finally:
        post_init.disconnect(count)
