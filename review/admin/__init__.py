"""专家评审 in the Wagtail admin: the expert pool (a viewset) and the per-call review workbench."""
