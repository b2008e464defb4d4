"""Permission rules and transition conditions that can say *why* they refuse.

django-fsm asks yes/no questions; our users deserve a reason. A `Rule` wraps a function returning
`(allowed, reason)` so the same rule serves `@transition(permission=...)`, views and the admin.
A `condition` carries the message shown when the data is not ready for a transition.
"""

from collections.abc import Callable
from dataclasses import dataclass

Decision = tuple[bool, str]
ALLOWED: Decision = (True, "")


def deny(reason) -> Decision:
    return (False, str(reason))


@dataclass(frozen=True)
class Rule:
    """A permission check: `check(obj, user) -> (allowed, reason)`; callable as a bool for fsm."""

    check: Callable[..., Decision]

    def __call__(self, instance, user) -> bool:
        return self.check(instance, user)[0]

    @property
    def __name__(self):
        return self.check.__name__


def rule(func: Callable[..., Decision]) -> Rule:
    return Rule(func)


def condition(message):
    """Mark a model method as an fsm condition whose failure shows `message`."""

    def decorate(func):
        func.refusal = message
        return func

    return decorate
