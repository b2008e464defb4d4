"""The staff back office for the organization registry, in the Wagtail admin.

Registered by `orgs/wagtail_hooks.py`. Kept free of imports so that Django's admin autodiscovery
(which imports `<app>.admin`) stays cheap.
"""
