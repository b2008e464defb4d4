"""Signals grants sends so that higher apps can act without grants importing them."""

from django.dispatch import Signal

# Sent (inside the awarding transaction) when an application becomes 已立项.
# Arguments: application, amount (Decimal, yuan), by (the acting user).
application_awarded = Signal()

# Sent (inside the transition's transaction) after every transition of a call, so that review
# freezes the review plan at 开始评审 and applies a 重新评审 however the move was made.
# Arguments: call, name (the transition), by, reason.
call_moved = Signal()
