"""形式审查 and 征集管理 in the Wagtail admin (registered by `grants/wagtail_hooks.py`).

Kept free of imports so that Django's admin autodiscovery (which imports `<app>.admin`) stays cheap.
"""
