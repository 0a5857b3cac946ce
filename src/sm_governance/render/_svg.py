"""Small inline SVG charts for bar-chart and linear-graph metrics.

The SVG is built here from numbers and escaped text only: every piece of card text (titles,
axis names, bar labels) goes through :func:`markupsafe.escape` (after
:func:`sm_governance._untrusted.visible`), coordinates are formatted
floats, and non-finite values are left out of the drawing (the metric's table still lists
them). The result is well-formed XML, so it embeds in XHTML-compatible HTML.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence

from markupsafe import Markup
from markupsafe import escape as _escape

from sm_governance._untrusted import visible
from sm_governance.render._text import format_number

__all__ = ["bar_chart_svg", "line_chart_svg"]

WIDTH = 360
HEIGHT = 200
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 12, 12, 40
_PLOT_W = WIDTH - _LEFT - _RIGHT
_PLOT_H = HEIGHT - _TOP - _BOTTOM
_MAX_LABELLED_BARS = 12
_LABEL_CHARS = 10


def escape(text: object) -> Markup:
    """Card text for SVG: control characters shown as escapes, then XML-escaped."""
    return _escape(visible(text))


def _c(value: float) -> str:
    return f"{value:.1f}"


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1] + "\u2026"


def _span(low: float, high: float) -> tuple[float, float]:
    if high > low:
        return low, high
    pad = abs(low) * 0.1 or 1.0
    return max(low - pad, -sys.float_info.max), min(high + pad, sys.float_info.max)


def _fraction(value: float, low: float, high: float) -> float:
    """Where ``value`` lies from ``low`` (0) to ``high`` (1), computed in halves so that
    the difference of two large finite numbers cannot overflow to infinity."""
    span = high / 2 - low / 2
    return (value / 2 - low / 2) / span if span > 0 else 0.5


def _open(title: str) -> list[str]:
    safe = escape(title)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{safe}">',
        f"<title>{safe}</title>",
    ]


def _axes(lines: list[str], *, y_low: float, y_high: float, x_name: str, y_name: str) -> None:
    bottom = _TOP + _PLOT_H
    lines.append(
        f'<path class="axis" d="M{_LEFT} {_TOP} V{bottom} H{WIDTH - _RIGHT}" '
        'fill="none" stroke="#555"/>'
    )
    for value, y in ((y_high, _TOP), (y_low, bottom)):
        lines.append(
            f'<text x="{_LEFT - 4}" y="{_c(y + 4)}" text-anchor="end" font-size="10">'
            f"{escape(format_number(value))}</text>"
        )
    if x_name:
        lines.append(
            f'<text x="{_c(_LEFT + _PLOT_W / 2)}" y="{HEIGHT - 4}" text-anchor="middle" '
            f'font-size="11">{escape(x_name)}</text>'
        )
    if y_name:
        mid = _c(_TOP + _PLOT_H / 2)
        lines.append(
            f'<text x="12" y="{mid}" text-anchor="middle" font-size="11" '
            f'transform="rotate(-90 12 {mid})">{escape(y_name)}</text>'
        )


def bar_chart_svg(
    values: Sequence[float], labels: Sequence[str], *, title: str, y_name: str = ""
) -> Markup:
    """A bar per value, from a zero baseline, labelled below when there are few bars.

    Args:
        values: the bar heights (negative values hang below the baseline).
        labels: one label per bar; shortened to 10 characters under the bar.
        title: the chart's accessible name (the metric name).
        y_name: the value axis name.
    """
    finite = [v for v in values if math.isfinite(v)]
    low, high = _span(min([0.0, *finite]), max([0.0, *finite]))
    lines = _open(title)
    _axes(lines, y_low=low, y_high=high, x_name="", y_name=y_name)

    def y_of(v: float) -> float:
        return _TOP + (1 - _fraction(v, low, high)) * _PLOT_H

    slot = _PLOT_W / max(len(values), 1)
    zero = y_of(0.0)
    for i, value in enumerate(values):
        x = _LEFT + i * slot + slot * 0.15
        if math.isfinite(value):
            top = min(y_of(value), zero)
            lines.append(
                f'<rect class="bar" x="{_c(x)}" y="{_c(top)}" width="{_c(slot * 0.7)}" '
                f'height="{_c(abs(zero - y_of(value)))}" fill="#3b6ea8">'
                f"<title>{escape(labels[i] if i < len(labels) else str(i + 1))}: "
                f"{escape(format_number(value))}</title></rect>"
            )
        if len(values) <= _MAX_LABELLED_BARS and i < len(labels):
            lines.append(
                f'<text x="{_c(x + slot * 0.35)}" y="{_TOP + _PLOT_H + 14}" '
                f'text-anchor="middle" font-size="10">{escape(_short(labels[i]))}</text>'
            )
    lines.append("</svg>")
    return Markup("".join(lines))


def line_chart_svg(
    points: Sequence[tuple[float, float]], *, title: str, x_name: str = "", y_name: str = ""
) -> Markup:
    """A line through the points in their given order, scaled to the data on both axes.

    Args:
        points: ``(x, y)`` pairs, for example a ROC curve's (false positive rate, true
            positive rate).
        title: the chart's accessible name (the metric name).
        x_name: the horizontal axis name.
        y_name: the vertical axis name.
    """
    finite = [(x, y) for x, y in points if math.isfinite(x) and math.isfinite(y)]
    xs = [x for x, _ in finite] or [0.0]
    ys = [y for _, y in finite] or [0.0]
    x_low, x_high = _span(min(xs), max(xs))
    y_low, y_high = _span(min(ys), max(ys))
    lines = _open(title)
    _axes(lines, y_low=y_low, y_high=y_high, x_name=x_name, y_name=y_name)
    bottom = _TOP + _PLOT_H
    for value, x in ((x_low, _LEFT), (x_high, WIDTH - _RIGHT)):
        lines.append(
            f'<text x="{_c(x)}" y="{bottom + 14}" text-anchor="middle" font-size="10">'
            f"{escape(format_number(value))}</text>"
        )
    coords = " ".join(
        f"{_c(_LEFT + _fraction(x, x_low, x_high) * _PLOT_W)},"
        f"{_c(_TOP + (1 - _fraction(y, y_low, y_high)) * _PLOT_H)}"
        for x, y in finite
    )
    if coords:
        lines.append(
            f'<polyline class="line" points="{coords}" fill="none" stroke="#3b6ea8" '
            'stroke-width="2"/>'
        )
    lines.append("</svg>")
    return Markup("".join(lines))
