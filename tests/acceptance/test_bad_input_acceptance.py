"""Issue 2, point 7: the QUALITY.md bad-input cases that tests elsewhere cover only in the domain,
or without checking that nothing was saved, here through the real pages: each gets its clear
message and leaves the database as it was."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from kring.care.models import Client, Session
from kring.care.scheduling import schedule_session
from kring.organisations.models import Daypart
from tests.factories import ClientFactory, GroupFactory
from tests.web.test_bad_input import valid_client_data

BACKEND = "kring.accounts.backends.EmailOrUsernameBackend"
CREATE = "web:client_create"


@pytest.fixture
def browser(coordinator) -> Browser:
    """The coordinator, with English pages so messages read as their msgids."""
    logged_in = Browser()
    logged_in.force_login(coordinator, backend=BACKEND)
    logged_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return logged_in


def errors_of(response) -> dict[str, list[str]]:
    return {name: [str(m) for m in messages] for name, messages in response.context["form"].errors.items()}


def co_client_data(practice, **overrides) -> dict:
    co = practice.organisation.programmes.get(code="CO")
    birth = (timezone.localdate() - dt.timedelta(weeks=6)).isoformat()
    return valid_client_data(
        practice, **{"programme": co.pk, "due_date": "", "baby_birth_date": birth, **overrides}
    )


def days_from_today(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).strftime("%d-%m-%Y")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            lambda p: valid_client_data(p, due_date=days_from_today(-15)),
            "due_date",
            "The due date is more than 2 weeks in the past; register the birth instead.",
        ),
        (
            lambda p: valid_client_data(p, due_date=days_from_today(44 * 7 + 1)),
            "due_date",
            "The due date is more than 44 weeks ahead.",
        ),
        (
            lambda p: co_client_data(p, baby_birth_date=days_from_today(1)),
            "baby_birth_date",
            "A birth date cannot be in the future.",
        ),
        (
            lambda p: valid_client_data(p, date_of_birth=days_from_today(1)),
            "date_of_birth",
            "A birth date cannot be in the future.",
        ),
        (
            lambda p: valid_client_data(p, due_date="29-02-2027"),
            "due_date",
            "29 February 2027 does not exist: 2027 is not a leap year.",
        ),
        (
            lambda p: valid_client_data(p, bsn="999911121"),
            "bsn",
            "This BSN fails the 11-check; check for a typing error.",
        ),
        (lambda p: valid_client_data(p, bsn="99991112"), "bsn", "A BSN has exactly 9 digits."),
        (
            lambda p: valid_client_data(p, bsn=p.client.bsn),
            "bsn",
            "Another client of this organisation has this BSN.",
        ),
        (
            lambda p: co_client_data(p, bsn="999911120", baby_bsn="999911120"),
            "baby_bsn",
            "The baby's BSN must differ from the parent's BSN.",
        ),
    ],
    ids=[
        "due-3-weeks-ago",
        "due-44-weeks-and-a-day",
        "baby-born-tomorrow",
        "mother-born-tomorrow",
        "29-02-2027",
        "bsn-11-check",
        "bsn-8-digits",
        "bsn-duplicate",
        "baby-with-mothers-bsn",
    ],
)
def test_registration_refuses_with_a_clear_message_and_saves_nothing(practice, browser, data, field, message):
    before = (Client.objects.count(), Client.objects.order_by("-pk").values_list("pk", flat=True).first())

    response = browser.post(reverse(CREATE), data(practice))

    assert response.status_code == 200
    assert message in errors_of(response)[field]
    assert "Nothing was saved" in response.content.decode()
    assert (
        Client.objects.count(),
        Client.objects.order_by("-pk").values_list("pk", flat=True).first(),
    ) == before


def test_a_failed_edit_keeps_the_stored_due_date(practice, browser):
    client = practice.client
    due = client.due_date

    response = browser.post(
        reverse("web:client_edit", args=[client.pk]),
        valid_client_data(practice, given_name="Veranderd", due_date=days_from_today(44 * 7 + 1)),
    )

    assert "The due date is more than 44 weeks ahead." in errors_of(response)["due_date"]
    client.refresh_from_db()
    assert (client.given_name, client.due_date) == (practice.client.given_name, due)


@pytest.mark.parametrize(
    ("given", "family"),
    [("فاطمة", "الزهراء"), ("ግርማይ", "ተስፋይ"), ("Ayşe", "Çelik"), ("Ngozi", "Ọkafor")],
    ids=["arabic", "tigrinya", "turkish", "yoruba"],
)
def test_names_in_any_script_are_registered_and_shown(practice, browser, given, family):
    response = browser.post(
        reverse(CREATE), valid_client_data(practice, given_name=given, family_name=family)
    )

    assert response.status_code == 302
    client = Client.objects.get(given_name=given, family_name=family)
    page = browser.get(reverse("web:client_detail", args=[client.pk])).content.decode()
    assert given in page and family in page
    found = browser.get(reverse("web:client_list"), {"q": family}).content.decode()
    assert given in found


def test_sql_typed_as_a_name_is_kept_as_text(practice, browser):
    family = "O'Brien'); DROP TABLE care_client;--"
    before = Client.objects.count()

    response = browser.post(reverse(CREATE), valid_client_data(practice, family_name=family))

    assert response.status_code == 302
    assert Client.objects.count() == before + 1
    assert Client.objects.filter(family_name=family).exists()
    assert family.replace("'", "&#x27;") in browser.get(response["Location"]).content.decode()


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_formula_prefixes_never_become_live_in_the_csv_export(practice, browser, prefix):
    client = ClientFactory(organisation=practice.organisation, given_name="Eva", family_name="Smit")
    # An import or the admin could store such a name without the form's checks.
    Client.objects.filter(pk=client.pk).update(
        family_name=f"{prefix}1+1", given_name=f"{prefix}cmd|' /C calc'!A0"
    )

    text = browser.get(reverse("web:client_export")).content.decode("utf-8-sig")

    cells = [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]
    assert f"'{prefix}1+1" in cells
    assert f"'{prefix}cmd|' /C calc'!A0" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


def test_a_post_after_the_session_expired_goes_to_login_and_saves_nothing(practice, coordinator):
    browser = Browser()
    browser.force_login(coordinator, backend=BACKEND)
    before = Client.objects.count()

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)):
        response = browser.post(reverse(CREATE), valid_client_data(practice))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))
    assert Client.objects.count() == before


def test_activity_keeps_the_session_alive(practice, coordinator):
    browser = Browser()
    browser.force_login(coordinator, backend=BACKEND)
    step = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE * 2 // 3)

    with time_machine.travel(timezone.now() + step, tick=False):
        assert browser.get(reverse("web:dashboard")).status_code == 200
    with time_machine.travel(timezone.now() + 2 * step, tick=False):
        assert browser.get(reverse("web:dashboard")).status_code == 200


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (dt.date(2027, 3, 28), "02:30 bestaat niet op 28-03-2027 (zomertijd)."),
        (dt.date(2027, 10, 31), "02:30 komt twee keer voor op 31-10-2027 (einde zomertijd)."),
    ],
    ids=["last-sunday-of-march", "last-sunday-of-october"],
)
def test_a_session_at_0230_on_a_daylight_saving_sunday_is_refused_and_not_saved(practice, day, message):
    """The message in Dutch, the language the coordinator works in."""
    night = Daypart.objects.create(
        organisation=practice.organisation,
        code="night",
        name="Nacht",
        start=dt.time(2, 30),
        end=dt.time(3, 0),
    )
    group = GroupFactory(organisation=practice.organisation, location=practice.location, daypart=night)
    before = Session.objects.count()

    with pytest.raises(ValidationError) as refused:
        schedule_session(group, number=1, date=day, room=practice.room)

    assert message in refused.value.messages
    assert Session.objects.count() == before


def test_weeks_pregnant_that_disagree_with_the_due_date_are_refused_and_nothing_saved(practice, browser):
    today = timezone.localdate()
    due = today + dt.timedelta(weeks=24)  # 16+0 today
    before = Client.objects.count()

    response = browser.post(
        reverse(CREATE), valid_client_data(practice, due_date=due.isoformat(), gestational_age="20+0")
    )

    implied = today + dt.timedelta(weeks=20)
    expected = (
        f"20+0 weeks on {today:%d-%m-%Y} means a due date around {implied:%d-%m-%Y}, not {due:%d-%m-%Y}."
    )
    assert expected in errors_of(response)["gestational_age"]
    assert "Nothing was saved" in response.content.decode()
    assert Client.objects.count() == before


@pytest.mark.parametrize("typed", ["zestien", "16+7", "45+0"])
def test_weeks_pregnant_that_are_no_gestational_age_are_refused(practice, browser, typed):
    before = Client.objects.count()

    response = browser.post(reverse(CREATE), valid_client_data(practice, gestational_age=typed))

    assert "A gestational age is 0–44 weeks and 0–6 days." in errors_of(response)["gestational_age"]
    assert Client.objects.count() == before


def test_weeks_pregnant_that_agree_are_accepted_and_alone_give_the_due_date(practice, browser):
    today = timezone.localdate()
    agreeing = valid_client_data(
        practice, due_date=(today + dt.timedelta(weeks=24, days=3)).isoformat(), gestational_age="16+0"
    )
    alone = valid_client_data(practice, given_name="Noor", due_date="", gestational_age="16+3")

    responses = [browser.post(reverse(CREATE), agreeing), browser.post(reverse(CREATE), alone)]

    assert [r.status_code for r in responses] == [302, 302]
    assert Client.objects.get(given_name="Noor").due_date == today + dt.timedelta(weeks=24, days=-3)


def test_the_weeks_pregnant_field_is_in_dutch_on_the_form(practice, coordinator):
    browser = Browser()
    browser.force_login(coordinator, backend=BACKEND)

    content = browser.get(reverse(CREATE)).content.decode()

    assert "Zwangerschapsduur vandaag" in content
    assert "wordt naast de uitgerekende datum gelegd" in content
