"""Charts drawn on the server as SVG markup: no JavaScript, prints the same in PDFs and pages.

Every label passes through `escape`; numbers are formatted here. The result is marked safe
because it is our own markup around escaped text.
"""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.money import yuan

FONT = "Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, sans-serif"
COLOURS = ("#1f5fa8", "#2e8b57", "#d08a1c", "#b03a2e", "#6a4c93", "#2a9d8f", "#7f8c8d")


def _num(value) -> str:
    value = Decimal(value)
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def bar_chart(
    rows, *, title="", width=640, bar_height=26, unit="", percent_of_max=False, amounts=False
):
    """Horizontal bars. rows: (label, value, maximum or None). With `percent_of_max`, each bar
    is drawn against its own maximum (score ÷ max) and labelled "score / max". With `amounts`,
    values are money, labelled as everywhere else: 120,000.00 元."""
    rows = list(rows)
    label_w, value_w, pad = 170, 110, 8
    top = 30 if title else 8
    height = top + len(rows) * (bar_height + pad) + 8
    plot_w = width - label_w - value_w - 16
    scale = max([Decimal(v) for _l, v, _m in rows] + [Decimal(1)])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'font-family="{FONT}" font-size="12">'
    ]
    if title:
        parts.append(
            f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="14" '
            f'font-weight="bold">{escape(title)}</text>'
        )
    for i, (label, value, maximum) in enumerate(rows):
        y = top + i * (bar_height + pad)
        value = Decimal(value)
        if percent_of_max and maximum:
            share = value / Decimal(maximum)
            text = f"{_num(value)} / {_num(maximum)}"
        else:
            share = value / scale
            text = yuan(value) if amounts else f"{_num(value)}{unit}"
        bar = max(float(share) * plot_w, 0)
        colour = COLOURS[i % len(COLOURS)]
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_height * 0.68}" '
            f'text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{plot_w}" height="{bar_height}" fill="#eef1f5"/>'
            f'<rect x="{label_w}" y="{y}" width="{bar:.1f}" height="{bar_height}" fill="{colour}"/>'
            f'<text x="{label_w + plot_w + 6}" y="{y + bar_height * 0.68}">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - labels escaped above
