"""A measure as a small horizontal bar chart in SVG, drawn on the server.

No JavaScript, no network resource and no inline style (a strict Content-Security-Policy
keeps it intact): colours are presentation attributes. The bar is the organisation's value;
a dark dashed line marks its goal, a red line the Dutch individual-care reference. Every text
is escaped; callers pass translated labels. The numbers are always also in a table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

BAR_COLOUR = "#1f5f8b"
GOAL_COLOUR = "#222222"
REFERENCE_COLOUR = "#b00020"
TRACK_COLOUR = "#e8eef3"
TEXT_COLOUR = "#222222"

WIDTH = 360
LEFT = 8
RIGHT = 8
BAR_TOP = 26
BAR_HEIGHT = 22
HEIGHT = 86


@dataclass(frozen=True)
class BarChart:
    title: str
    value: Decimal | None
    scale: int  # the value at full width (100 for percents, 10 for grades)
    value_label: str  # e.g. "75 %" or "no data"
    goal: Decimal | None = None
    goal_label: str = ""
    reference: Decimal | int | None = None
    reference_label: str = ""


def _x(value: Decimal | int, scale: int) -> float:
    share = max(0.0, min(1.0, float(value) / scale))
    return LEFT + share * (WIDTH - LEFT - RIGHT)


def measure_bar_svg(chart: BarChart) -> str:
    """The chart as an <svg> element (a string safe to mark as HTML)."""
    track_width = WIDTH - LEFT - RIGHT
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-label="{escape(chart.title)}: {escape(chart.value_label)}" class="measure-chart">',
        f"<title>{escape(chart.title)}</title>",
        f'<rect x="{LEFT}" y="{BAR_TOP}" width="{track_width}" height="{BAR_HEIGHT}" fill="{TRACK_COLOUR}"/>',
    ]
    if chart.value is not None:
        width = _x(chart.value, chart.scale) - LEFT
        parts.append(
            f'<rect x="{LEFT}" y="{BAR_TOP}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>'
        )
    parts.append(
        f'<text x="{LEFT}" y="18" font-size="14" font-weight="bold" fill="{TEXT_COLOUR}">'
        f"{escape(chart.value_label)}</text>"
    )
    legend_y = BAR_TOP + BAR_HEIGHT + 26
    legend_x = LEFT
    for value, label, colour, dash in (
        (chart.goal, chart.goal_label, GOAL_COLOUR, ' stroke-dasharray="4 3"'),
        (chart.reference, chart.reference_label, REFERENCE_COLOUR, ""),
    ):
        if value is None:
            continue
        x = _x(value, chart.scale)
        parts.append(
            f'<line x1="{x:.1f}" y1="{BAR_TOP - 4}" x2="{x:.1f}" y2="{BAR_TOP + BAR_HEIGHT + 4}" '
            f'stroke="{colour}" stroke-width="3"{dash}/>'
        )
        parts.append(
            f'<line x1="{legend_x}" y1="{legend_y - 4}" x2="{legend_x + 14}" y2="{legend_y - 4}" '
            f'stroke="{colour}" stroke-width="3"{dash}/>'
        )
        parts.append(
            f'<text x="{legend_x + 18}" y="{legend_y}" font-size="12" fill="{TEXT_COLOUR}">'
            f"{escape(label)}</text>"
        )
        legend_x += 18 + int(7 * len(label)) + 14
    parts.append("</svg>")
    return "".join(parts)
