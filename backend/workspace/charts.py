"""Bar charts as SVG, drawn on the server: no script, no library, nothing from another host.

A chart is a picture of a table that stands beside it; the table is what screen readers and
exports use, so the SVG says what it shows in its title and leaves the numbers to the table.
Colours come as presentation attributes (the Content-Security-Policy forbids inline styles).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 640
LABEL_WIDTH = 190
VALUE_WIDTH = 110
ROW = 26
BAR = 16
#: The brand blue (9.9:1 on white) for bars, dark ink for text.
BAR_FILL = "#00457a"
INK = "#1a1a1a"
GRID = "#8a8f98"
MAX_LABEL = 28


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int | float
    text: str  # the value as people read it ("2.700,00 €", "12")


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def bar_chart(*, chart_id: str, title: str, bars: list[Bar]) -> SafeString:
    """A horizontal bar chart of ``bars`` with ``title`` (also its accessible name)."""
    height = max(1, len(bars)) * ROW + 8
    largest = max((float(bar.value) for bar in bars), default=0.0)
    area = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="ws-chart-svg" role="img" '
            'viewBox="0 0 {} {}" aria-labelledby="{}-title">'
            '<title id="{}-title">{}</title>',
            WIDTH,
            height,
            chart_id,
            chart_id,
            title,
        ),
        format_html(
            '<line x1="{}" y1="0" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
            LABEL_WIDTH,
            LABEL_WIDTH,
            height,
            GRID,
        ),
    ]
    for index, bar in enumerate(bars):
        top = 4 + index * ROW
        length = 0.0 if largest <= 0 else area * float(bar.value) / largest
        middle = top + ROW / 2 + 4
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="13" fill="{}">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" font-size="13" fill="{}">{}</text>',
                LABEL_WIDTH - 8,
                middle,
                INK,
                _short(bar.label),
                LABEL_WIDTH,
                top + (ROW - BAR) / 2,
                f"{length:.1f}",
                BAR,
                BAR_FILL,
                f"{LABEL_WIDTH + length + 6:.1f}",
                middle,
                INK,
                bar.text,
            )
        )
    parts.append(SafeString("</svg>"))
    return format_html_join("", "{}", ((part,) for part in parts))
