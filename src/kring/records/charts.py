"""Line charts as self-contained SVG, drawn on the server.

Pure Python (no Django, no JavaScript, no network resource): the participant's blood pressure
and weight over the pregnancy, the baby's growth over age. Callers pass already translated
labels; every piece of text is escaped here. Colours are presentation attributes, not inline
styles, so a strict Content-Security-Policy does not strip them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

PALETTE = ("#1f5f8b", "#b8432f", "#2e7d32", "#6a3d9a", "#8c6d1f")
REFERENCE_COLOUR = "#b00020"
GRID_COLOUR = "#d9d9d9"
TEXT_COLOUR = "#222222"
FLAG_COLOUR = "#b00020"
CURVE_COLOUR = "#8a96a3"  # growth references: grey and thinner, so the baby's own line stands out
CURVE_TEXT_COLOUR = "#56616d"  # their labels darker, to keep 4.5:1 contrast on white

MARGIN_LEFT = 64
MARGIN_RIGHT = 16
MARGIN_TOP = 36
MARGIN_BOTTOM = 52
TARGET_TICKS = 6
LEGEND_CHAR_WIDTH = 8.5  # px per character at font-size 14, a little wider than most fonts
LEGEND_GAP = 16
FOOTNOTE_HEIGHT = 24


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    flagged: bool = False
    note: str = ""  # shown as a tooltip, e.g. "12-03-2026: 128/84"


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[Point]


@dataclass(frozen=True)
class ReferenceLine:
    """A horizontal line, e.g. the 140 and 90 mmHg limits of hypertension."""

    y: float
    label: str


@dataclass(frozen=True)
class Curve:
    """A reference curve, e.g. a growth centile; ``label`` ("P50") is written at its right end."""

    label: str
    points: Sequence[tuple[float, float]]
    dashed: bool = False


@dataclass(frozen=True)
class Chart:
    title: str
    x_label: str
    y_label: str
    series: Sequence[Series]
    reference_lines: Sequence[ReferenceLine] = ()
    x_range: tuple[float, float] | None = None
    y_range: tuple[float, float] | None = None
    empty_text: str = "No measurements yet"
    width: int = 640
    height: int = 320
    description: str = ""
    curves: Sequence[Curve] = ()
    curves_legend: str = ""  # legend entry for all curves together, e.g. "WHO reference"
    footnote: str = ""  # a line under the chart, e.g. the source of the curves


def nice_step(span: float, target_ticks: int = TARGET_TICKS) -> float:
    """A step of 1, 2 or 5 times a power of ten giving about ``target_ticks`` ticks."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / max(target_ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def ticks(low: float, high: float, target_ticks: int = TARGET_TICKS) -> list[float]:
    step = nice_step(high - low, target_ticks)
    first = math.ceil(low / step - 1e-9) * step
    values = []
    value = first
    while value <= high + step * 1e-9:
        values.append(round(value, 10))
        value += step
    return values


def _bounds(values: list[float], fixed: tuple[float, float] | None) -> tuple[float, float]:
    if fixed is not None:
        return fixed
    if not values:
        return (0.0, 1.0)
    low, high = min(values), max(values)
    if low == high:
        pad = abs(low) * 0.1 or 1.0
        return (low - pad, high + pad)
    pad = (high - low) * 0.08
    step = nice_step(high - low + 2 * pad)
    return (math.floor((low - pad) / step) * step, math.ceil((high + pad) / step) * step)


def _fmt(value: float) -> str:
    if abs(value - round(value)) < 1e-9:
        return str(round(value))
    return f"{value:g}"


def render_svg(chart: Chart) -> str:
    """The chart as an ``<svg>`` element string, safe to embed in HTML."""
    all_points = [p for s in chart.series for p in s.points]
    x_low, x_high = _bounds([p.x for p in all_points], chart.x_range)
    y_values = [p.y for p in all_points] + [r.y for r in chart.reference_lines]
    y_values += [y for curve in chart.curves for _, y in curve.points]
    y_low, y_high = _bounds(y_values, chart.y_range)
    plot_w = chart.width - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = chart.height - MARGIN_TOP - MARGIN_BOTTOM
    total_height = chart.height + (FOOTNOTE_HEIGHT if chart.footnote else 0)

    def sx(x: float) -> float:
        return MARGIN_LEFT + (x - x_low) / (x_high - x_low) * plot_w

    def sy(y: float) -> float:
        return MARGIN_TOP + plot_h - (y - y_low) / (y_high - y_low) * plot_h

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {chart.width} {total_height}" '
        f'width="100%" role="img" aria-label="{escape(chart.title)}" class="kring-chart">',
        f"<title>{escape(chart.title)}</title>",
    ]
    if chart.description:
        out.append(f"<desc>{escape(chart.description)}</desc>")
    out.append(
        f'<text x="{MARGIN_LEFT}" y="20" font-size="16" font-weight="bold" fill="{TEXT_COLOUR}">'
        f"{escape(chart.title)}</text>"
    )
    # Grid and axes.
    for ty in ticks(y_low, y_high):
        y = sy(ty)
        out.append(
            f'<line x1="{MARGIN_LEFT}" y1="{y:.1f}" x2="{MARGIN_LEFT + plot_w}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" font-size="14" text-anchor="end" '
            f'fill="{TEXT_COLOUR}">{_fmt(ty)}</text>'
        )
    for tx in ticks(x_low, x_high):
        x = sx(tx)
        out.append(
            f'<line x1="{x:.1f}" y1="{MARGIN_TOP + plot_h}" x2="{x:.1f}" y2="{MARGIN_TOP + plot_h + 4}" '
            f'stroke="{TEXT_COLOUR}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{MARGIN_TOP + plot_h + 17}" font-size="14" text-anchor="middle" '
            f'fill="{TEXT_COLOUR}">{_fmt(tx)}</text>'
        )
    out.append(
        f'<rect x="{MARGIN_LEFT}" y="{MARGIN_TOP}" width="{plot_w}" height="{plot_h}" fill="none" '
        f'stroke="{TEXT_COLOUR}" stroke-width="1"/>'
    )
    out.append(
        f'<text x="{MARGIN_LEFT + plot_w / 2:.1f}" y="{chart.height - 8}" font-size="14" '
        f'text-anchor="middle" fill="{TEXT_COLOUR}">{escape(chart.x_label)}</text>'
    )
    out.append(
        f'<text x="14" y="{MARGIN_TOP + plot_h / 2:.1f}" font-size="14" text-anchor="middle" '
        f'fill="{TEXT_COLOUR}" transform="rotate(-90 14 {MARGIN_TOP + plot_h / 2:.1f})">'
        f"{escape(chart.y_label)}</text>"
    )
    for ref in chart.reference_lines:
        if not y_low <= ref.y <= y_high:
            continue
        y = sy(ref.y)
        out.append(
            f'<line class="reference" x1="{MARGIN_LEFT}" y1="{y:.1f}" x2="{MARGIN_LEFT + plot_w}" '
            f'y2="{y:.1f}" stroke="{REFERENCE_COLOUR}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        out.append(
            f'<text x="{MARGIN_LEFT + plot_w - 4}" y="{y - 4:.1f}" font-size="14" text-anchor="end" '
            f'fill="{REFERENCE_COLOUR}">{escape(ref.label)}</text>'
        )
    out.extend(_curves(chart.curves, sx, sy))
    if not all_points:
        out.append(
            f'<text x="{MARGIN_LEFT + plot_w / 2:.1f}" y="{MARGIN_TOP + plot_h / 2:.1f}" font-size="15" '
            f'text-anchor="middle" fill="{TEXT_COLOUR}">{escape(chart.empty_text)}</text>'
        )
    # Data: one polyline per series, a marker per point (a ring for flagged values).
    for index, series in enumerate(chart.series):
        colour = PALETTE[index % len(PALETTE)]
        points = sorted(series.points, key=lambda p: p.x)
        out.append(f'<g class="series" data-series="{index}">')
        if len(points) > 1:
            coords = " ".join(f"{sx(p.x):.1f},{sy(p.y):.1f}" for p in points)
            out.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for p in points:
            tooltip = f"<title>{escape(p.note)}</title>" if p.note else ""
            if p.flagged:
                # The point keeps its series' colour (so it is clear which line it belongs to);
                # a red ring around it is the flag.
                out.append(
                    f'<circle class="flag-ring" cx="{sx(p.x):.1f}" cy="{sy(p.y):.1f}" r="9" fill="none" '
                    f'stroke="{FLAG_COLOUR}" stroke-width="2.5"/>'
                )
                out.append(
                    f'<circle class="flagged" cx="{sx(p.x):.1f}" cy="{sy(p.y):.1f}" r="5" fill="{colour}" '
                    f'stroke="white" stroke-width="1.5">{tooltip}</circle>'
                )
            else:
                out.append(
                    f'<circle cx="{sx(p.x):.1f}" cy="{sy(p.y):.1f}" r="4" fill="{colour}">{tooltip}</circle>'
                )
        out.append("</g>")
    # Legend on the right of the title line; widths are estimated, so be generous.
    legend_x = chart.width - MARGIN_RIGHT
    if chart.curves and chart.curves_legend:
        out.append(
            f'<text class="curves-legend" x="{legend_x:.0f}" y="20" font-size="14" text-anchor="end" '
            f'fill="{CURVE_TEXT_COLOUR}">— {escape(chart.curves_legend)}</text>'
        )
        legend_x -= LEGEND_GAP + LEGEND_CHAR_WIDTH * (len(chart.curves_legend) + 2)
    for index, series in reversed(list(enumerate(chart.series))):
        colour = PALETTE[index % len(PALETTE)]
        label = escape(series.label)
        out.append(
            f'<text x="{legend_x:.0f}" y="20" font-size="14" text-anchor="end" fill="{colour}">'
            f"■ {label}</text>"
        )
        legend_x -= LEGEND_GAP + LEGEND_CHAR_WIDTH * (len(series.label) + 2)
    if chart.footnote:
        out.append(
            f'<text class="footnote" x="{MARGIN_LEFT}" y="{total_height - 6}" font-size="14" '
            f'fill="{TEXT_COLOUR}">{escape(chart.footnote)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def _curves(curves: Sequence[Curve], sx, sy) -> list[str]:
    """Reference curves under the data: thin grey paths, each labelled at its right end."""
    out: list[str] = []
    if not curves:
        return out
    out.append('<g class="curves">')
    for curve in curves:
        if len(curve.points) < 2:
            continue
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{sx(x):.1f},{sy(y):.1f}" for i, (x, y) in enumerate(curve.points)
        )
        dash = ' stroke-dasharray="5 4"' if curve.dashed else ""
        out.append(
            f'<path class="curve" data-label="{escape(curve.label)}" d="{path}" fill="none" '
            f'stroke="{CURVE_COLOUR}" stroke-width="1.5"{dash}/>'
        )
        end_x, end_y = curve.points[-1]
        out.append(
            f'<text x="{sx(end_x) - 4:.1f}" y="{sy(end_y) - 5:.1f}" font-size="14" text-anchor="end" '
            f'fill="{CURVE_TEXT_COLOUR}">{escape(curve.label)}</text>'
        )
    out.append("</g>")
    return out
