"""Formset options shared by every formset of ours."""


def at_most(rows: int) -> dict:
    """Options for a formset of at most `rows` rows: more are refused with Django's message, and
    no more forms than that are ever built (Django's default builds up to `rows` + 1000 for any
    posted row count, and the page then draws them all)."""
    return {"max_num": rows, "validate_max": True, "absolute_max": rows}
