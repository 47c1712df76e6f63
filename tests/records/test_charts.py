"""Server-rendered SVG charts: valid XML, no network resource, escaped text."""

import xml.etree.ElementTree as ET

from kring.records.charts import Chart, Curve, Point, ReferenceLine, Series, nice_step, render_svg, ticks

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it is well formed


def _bp_chart(**kwargs):
    return Chart(
        title="Bloeddruk",
        x_label="weken",
        y_label="mmHg",
        series=[
            Series("systolisch", [Point(16, 118), Point(20, 150, flagged=True, note="20 wk: 150/95")]),
            Series("diastolisch", [Point(16, 76), Point(20, 95, flagged=True)]),
        ],
        reference_lines=[ReferenceLine(140, "140"), ReferenceLine(90, "90")],
        **kwargs,
    )


def test_chart_is_well_formed_svg_with_reference_lines_and_points():
    root = parse(render_svg(_bp_chart()))
    assert root.tag == f"{SVG}svg"
    assert len(root.findall(f".//{SVG}line[@class='reference']")) == 2
    points = [c for c in root.findall(f".//{SVG}circle") if c.get("class") != "flag-ring"]
    assert len(points) == 4
    assert len(root.findall(f".//{SVG}circle[@class='flagged']")) == 2
    assert len(root.findall(f".//{SVG}circle[@class='flag-ring']")) == 2
    assert len(root.findall(f".//{SVG}polyline")) == 2


def test_flagged_points_keep_their_series_colour_and_text_is_readable():
    """Issue 12 point 6: a flagged point is its line's colour with a ring; no text below 14 units
    (the chart is never drawn narrower than about 560 px of its 640, so >= 12 px on screen)."""
    root = parse(render_svg(_bp_chart()))
    for group in root.findall(f".//{SVG}g[@class='series']"):
        colour = group.find(f"{SVG}polyline").get("stroke")
        assert {c.get("fill") for c in group.findall(f"{SVG}circle[@class='flagged']")} <= {colour}
    sizes = [float(t.get("font-size")) for t in root.iter(f"{SVG}text")]
    assert sizes and min(sizes) >= 14


def test_chart_uses_no_external_resource_or_script():
    svg = render_svg(_bp_chart())
    for forbidden in ("http://", "https://", "<script", "href", "style="):
        assert forbidden not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_chart_escapes_labels():
    chart = Chart(title="<script>alert(1)</script>", x_label="&", y_label='"', series=[])
    svg = render_svg(chart)
    assert "<script>" not in svg
    parse(svg)


def test_empty_chart_says_so():
    svg = render_svg(Chart(title="t", x_label="x", y_label="y", series=[], empty_text="Nog geen metingen"))
    assert "Nog geen metingen" in svg
    parse(svg)


def test_single_point_chart_renders():
    parse(render_svg(Chart(title="t", x_label="x", y_label="y", series=[Series("a", [Point(3, 3)])])))


def test_nice_steps_are_1_2_5_times_a_power_of_ten():
    assert nice_step(100) == 20
    assert nice_step(7) == 2
    assert ticks(0, 10) == [0, 2, 4, 6, 8, 10]


def test_reference_curves_are_grey_paths_under_the_data_with_legend_and_footnote():
    chart = Chart(
        title="Gewicht",
        x_label="maanden",
        y_label="g",
        series=[Series("Gewicht", [Point(1, 4200), Point(2, 5100)])],
        curves=[Curve("P3", [(0, 2400), (2, 4400)], dashed=True), Curve("P50", [(0, 3200), (2, 5600)])],
        curves_legend="WHO-referentie",
        footnote="Referentie: WHO",
    )
    svg = render_svg(chart)
    root = parse(svg)
    paths = root.findall(f".//{SVG}path[@class='curve']")
    assert [p.get("data-label") for p in paths] == ["P3", "P50"]
    assert paths[0].get("stroke-dasharray") and not paths[1].get("stroke-dasharray")
    assert float(paths[0].get("stroke-width")) < float(root.find(f".//{SVG}polyline").get("stroke-width"))
    assert svg.index('class="curves"') < svg.index('class="series"')  # drawn first, so underneath
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Referentie: WHO" in texts and "— WHO-referentie" in texts
    assert min(float(t.get("font-size")) for t in root.iter(f"{SVG}text")) >= 14
    assert root.get("viewBox") == "0 0 640 344"  # room for the footnote under the axis label
    assert "style=" not in svg
