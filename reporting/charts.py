"""Bar charts as inline SVG, drawn in Python: PDFs run no JavaScript.

Every label goes through ``format_html`` (escaped); only numbers computed here are
inserted raw, so the markup is safe to mark as such.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import get_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 680
HEIGHT = 220
LEFT = 40
BOTTOM = 36
TOP = 14
COLOURS = ("#1f5f99", "#7fb3d5", "#c0392b")


def _n(value: float) -> str:
    """Coordinates with one decimal (format_html escapes arguments, so format them first)."""
    return f"{value:.1f}"


def _tick(value: float, top_value: float) -> str:
    """An axis value in the reader's language: whole numbers, or one decimal on a small scale (0,5)."""
    text = f"{value:.0f}" if top_value >= 4 else f"{value:.1f}"
    return text.replace(".", get_format("DECIMAL_SEPARATOR"))


@dataclass
class Series:
    name: str
    values: Sequence[float]


def bar_chart(*, labels: Sequence[str], series: Sequence[Series], title: str, unit: str = "") -> SafeString:
    """Grouped vertical bars, one group per label, with a y axis and a legend."""
    top_value = max([v for s in series for v in s.values] + [1])
    plot_w = WIDTH - LEFT - 10
    plot_h = HEIGHT - TOP - BOTTOM
    group_w = plot_w / max(len(labels), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    parts: list[SafeString] = []
    # Horizontal grid lines with their values.
    for i in range(5):
        value = top_value * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#ddd" stroke-width="0.6"/>'
                '<text x="{}" y="{}" font-size="8" text-anchor="end" fill="#555">{}{}</text>',
                LEFT,
                _n(y),
                WIDTH - 10,
                _n(y),
                LEFT - 4,
                _n(y + 3),
                _tick(value, top_value),
                unit,
            )
        )
    for g, label in enumerate(labels):
        x0 = LEFT + g * group_w + group_w * 0.1
        for s_index, s in enumerate(series):
            value = s.values[g] or 0
            h = plot_h * value / top_value
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    _n(x0 + s_index * bar_w),
                    _n(TOP + plot_h - h),
                    _n(max(bar_w - 1, 1)),
                    _n(h),
                    COLOURS[s_index % len(COLOURS)],
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="8" text-anchor="middle" fill="#333">{}</text>',
                _n(LEFT + g * group_w + group_w / 2),
                TOP + plot_h + 12,
                label,
            )
        )
    legend = format_html_join(
        "",
        '<rect x="{}" y="{}" width="9" height="9" fill="{}"/><text x="{}" y="{}" font-size="9" fill="#333">{}</text>',
        (
            (LEFT + i * 170, HEIGHT - 12, COLOURS[i % len(COLOURS)], LEFT + i * 170 + 13, HEIGHT - 4, s.name)
            for i, s in enumerate(series)
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" width="{}" height="{}" '
        'role="img" aria-label="{}"><title>{}</title>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#333" stroke-width="0.8"/>{}{}</svg>',
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        title,
        title,
        LEFT,
        TOP + plot_h,
        WIDTH - 10,
        TOP + plot_h,
        format_html_join("", "{}", ((part,) for part in parts)),
        legend,
    )
