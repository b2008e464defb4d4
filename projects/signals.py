"""Signals projects sends so that higher apps (cms) can act without projects importing them."""

from django.dispatch import Signal

# Sent inside the confirming transaction when a purchase project's contract is confirmed.
# Arguments: project (FundedProject), by (the acting user). cms publishes the contract
# announcement (合同公告) from it.
contract_confirmed = Signal()
