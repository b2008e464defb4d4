"""Signals grants sends so that higher apps can act without grants importing them."""

from django.dispatch import Signal

# Sent (inside the awarding transaction) when an application becomes 已立项.
# Arguments: application, amount (Decimal, yuan), by (the acting user).
application_awarded = Signal()
