"""Registering, viewing and editing clients: validation messages, nothing half-saved, and an
access-log entry for every view, search, creation and change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from kring.audit.models import AccessLog
from kring.care.models import Client, LocationPreference
from tests.factories import ClientFactory, COClientFactory, LocationFactory
from tests.web.test_bad_input import valid_client_data


@pytest.fixture
def in_english(as_coordinator):
    """Messages of the domain are asserted in English, the msgid language."""
    as_coordinator.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return as_coordinator


def errors_of(response) -> dict[str, list[str]]:
    form = response.context["form"]
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


def test_register_client_saves_everything_and_logs_creation(practice, as_coordinator):
    second = LocationFactory(organisation=practice.organisation, name="Noord")
    data = valid_client_data(
        practice,
        bsn="9999 11 120",
        weekdays=["tue", "thu"],
        dayparts=["evening"],
        preferred_locations=[practice.location.pk, second.pk],
        consent="on",
        consent_scope="care",
        languages="nl, TI",
    )

    response = as_coordinator.post(reverse("web:client_create"), data)

    client = Client.objects.get(given_name="Mila")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:client_detail", args=[client.pk])
    assert client.organisation == practice.organisation
    assert client.bsn == "999911120"
    assert client.languages == ["nl", "ti"]
    assert client.weekdays == ["tue", "thu"]
    assert client.consent_given_at is not None
    assert [loc.pk for loc in client.preferred_locations()] == sorted([practice.location.pk, second.pk])
    assert AccessLog.objects.filter(client=client, action=AccessLog.Action.CREATE).count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("bsn", "999911121", "This BSN fails the 11-check; check for a typing error."),
        ("bsn", "99991112", "A BSN has exactly 9 digits."),
        ("due_date", "29-02-2027", "29 February 2027 does not exist: 2027 is not a leap year."),
        ("due_date", "31-31-2026", "31-31-2026 is not an existing date."),
        ("due_date", "morgen", "morgen is not a date; write it as 31-12-2027."),
        ("given_name", "", "This field is required."),
        ("family_name", "{Jansen}", "A name cannot contain < > { } [ ] \\ | ` or control characters."),
        ("family_name", "12345", "A name needs at least one letter."),
        ("postcode", "123", "123 is not a Dutch postcode; write it as 1234 AB."),
        (
            "languages",
            "klingon",
            "Unknown language: klingon. Type the name, for example Turkish, or the code, for example tr.",
        ),
    ],
)
def test_register_client_refuses_bad_values_with_a_clear_message(practice, in_english, field, value, message):
    before = Client.objects.count()

    response = in_english.post(reverse("web:client_create"), valid_client_data(practice, **{field: value}))

    assert response.status_code == 200
    assert message in errors_of(response)[field]
    assert "Nothing was saved" in response.content.decode()
    assert Client.objects.count() == before


def test_due_date_far_in_the_past_is_refused(practice, in_english):
    long_ago = timezone.localdate() - dt.timedelta(weeks=3)

    response = in_english.post(
        reverse("web:client_create"), valid_client_data(practice, due_date=long_ago.isoformat())
    )

    assert (
        "The due date is more than 2 weeks in the past; register the birth instead."
        in errors_of(response)["due_date"]
    )


def test_duplicate_bsn_is_refused(practice, in_english):
    response = in_english.post(
        reverse("web:client_create"), valid_client_data(practice, bsn=practice.client.bsn)
    )

    assert "Another client of this organisation has this BSN." in errors_of(response)["bsn"]


def test_baby_with_the_mothers_bsn_is_refused(practice, in_english):
    co = practice.organisation.programmes.get(code="CO")
    birth = (timezone.localdate() - dt.timedelta(weeks=6)).isoformat()
    data = valid_client_data(
        practice, programme=co.pk, due_date="", baby_birth_date=birth, bsn="999911120", baby_bsn="999911120"
    )

    response = in_english.post(reverse("web:client_create"), data)

    assert "The baby's BSN must differ from the parent's BSN." in errors_of(response)["baby_bsn"]
    assert not Client.objects.filter(given_name="Mila").exists()


def test_consent_without_scope_is_refused(practice, in_english):
    response = in_english.post(reverse("web:client_create"), valid_client_data(practice, consent="on"))

    assert "Say what the client gave consent for." in errors_of(response)["consent_scope"]


def test_programme_of_another_organisation_cannot_be_chosen(practice, outsider, in_english):
    foreign = outsider.people.get().organisation.programmes.get(code="CZ")

    response = in_english.post(
        reverse("web:client_create"), valid_client_data(practice, programme=foreign.pk)
    )

    assert "programme" in errors_of(response)
    assert not Client.objects.filter(given_name="Mila").exists()


def test_failed_edit_changes_nothing(practice, as_coordinator):
    client = practice.client
    LocationPreference.objects.create(client=client, location=practice.location, rank=0)
    data = valid_client_data(
        practice,
        given_name="Nieuw",
        family_name=client.family_name,
        bsn="123",
        due_date=client.due_date.isoformat(),
    )

    response = as_coordinator.post(reverse("web:client_edit", args=[client.pk]), data)

    assert response.status_code == 200
    client.refresh_from_db()
    assert client.given_name != "Nieuw"
    assert list(client.location_preferences.values_list("location", flat=True)) == [practice.location.pk]


def test_edit_client_saves_and_logs_the_change(practice, as_coordinator):
    client = practice.client
    data = valid_client_data(practice, given_name="Nieuw", family_name=client.family_name, bsn=client.bsn)

    response = as_coordinator.post(reverse("web:client_edit", args=[client.pk]), data)

    assert response.status_code == 302
    client.refresh_from_db()
    assert client.given_name == "Nieuw"
    entry = AccessLog.objects.get(client=client, action=AccessLog.Action.CHANGE)
    assert "given_name" in entry.detail


def test_viewing_a_client_is_logged_with_who_and_from_where(practice, coordinator, as_coordinator):
    as_coordinator.get(reverse("web:client_detail", args=[practice.client.pk]), REMOTE_ADDR="10.1.2.3")

    entry = AccessLog.objects.get(client=practice.client, action=AccessLog.Action.VIEW)
    assert entry.user_id == coordinator.pk
    assert entry.organisation_id == practice.organisation.pk
    assert entry.ip_address == "10.1.2.3"
    assert "coordinator" in entry.role


def test_client_list_is_logged_as_a_search_naming_the_clients_shown(practice, as_coordinator):
    as_coordinator.get(reverse("web:client_list"), {"q": "Wachtend"})

    entry = AccessLog.objects.get(action=AccessLog.Action.SEARCH)
    assert "q=Wachtend" in entry.detail
    assert str(practice.waiting_client.pk) in entry.detail
    assert entry.client_id is None


def test_client_list_filters_waiting_and_programme(practice, as_coordinator):
    ClientFactory(organisation=practice.organisation, given_name="Ander")

    waiting = as_coordinator.get(reverse("web:client_list"), {"status": "waiting"}).content.decode()
    enrolled = as_coordinator.get(reverse("web:client_list"), {"status": "enrolled"}).content.decode()
    co_only = as_coordinator.get(reverse("web:client_list"), {"programme": "CO"}).content.decode()

    assert "Wachtend" in waiting and "Ander" in waiting and practice.client.given_name not in waiting
    assert practice.client.given_name in enrolled and "Wachtend" not in enrolled
    assert "Wachtend" not in co_only


def test_client_list_search_by_bsn(practice, as_coordinator):
    content = as_coordinator.get(
        reverse("web:client_list"), {"q": practice.waiting_client.bsn}
    ).content.decode()

    assert "Wachtend" in content
    assert practice.client.given_name not in content


def test_htmx_search_returns_only_the_results(practice, as_coordinator):
    response = as_coordinator.get(reverse("web:client_list"), {"q": "Wachtend"}, HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert "Wachtend" in content
    assert "<html" not in content


def test_midwife_cannot_register_for_a_programme_she_does_not_lead(practice, as_midwife):
    co = practice.organisation.programmes.get(code="CO")
    birth = (timezone.localdate() - dt.timedelta(weeks=6)).isoformat()

    response = as_midwife.post(
        reverse("web:client_create"),
        valid_client_data(practice, programme=co.pk, due_date="", baby_birth_date=birth),
    )

    assert response.status_code == 200
    assert "programme" in response.context["form"].errors
    assert not Client.objects.filter(given_name="Mila").exists()


def test_export_is_csv_for_excel_with_the_filtered_clients_and_is_logged(practice, as_coordinator):
    response = as_coordinator.get(reverse("web:client_export"), {"status": "waiting"})

    text = response.content.decode("utf-8")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert text.startswith("\ufeffNummer;Voornaam;Achternaam;")
    assert "Wachtend" in text
    assert practice.client.given_name not in text
    assert practice.waiting_client.bsn not in text  # no BSN in exports
    entry = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert str(practice.waiting_client.pk) in entry.detail


def test_export_neutralises_formulas(practice, as_coordinator):
    client = ClientFactory(organisation=practice.organisation, given_name="Eva", family_name="Smit")
    Client.objects.filter(pk=client.pk).update(family_name="=HYPERLINK(1)", given_name="+31 6")

    text = as_coordinator.get(reverse("web:client_export")).content.decode("utf-8")

    assert ";'=HYPERLINK" in text
    assert ";'+31 6;" in text
    assert ";=HYPERLINK" not in text


def test_export_needs_client_access(practice, as_privacy_officer, as_outsider):
    assert as_privacy_officer.get(reverse("web:client_export")).status_code == 403
    assert practice.client.given_name not in as_outsider.get(reverse("web:client_export")).content.decode()


def test_client_page_shows_weeks_of_pregnancy(practice, as_coordinator):
    client = practice.client
    client.due_date = timezone.localdate() + dt.timedelta(weeks=16, days=-3)  # 24+3 today
    client.save()

    content = as_coordinator.get(reverse("web:client_detail", args=[client.pk])).content.decode()

    assert "24+3 weken" in content


def test_parent_page_shows_the_baby_and_its_age(practice, as_coordinator):
    parent = COClientFactory(organisation=practice.organisation, baby_given_name="Noor")

    content = as_coordinator.get(reverse("web:client_detail", args=[parent.pk])).content.decode()

    assert "Noor" in content
    assert "4 weken oud" in content


def test_waiting_list_offers_plan_groups_to_the_coordinator_only(practice, as_coordinator, as_facilitator):
    planner = reverse("planner:home")

    waiting = as_coordinator.get(reverse("web:client_list"), {"status": "waiting"}).content.decode()
    everyone = as_coordinator.get(reverse("web:client_list")).content.decode()
    facilitator = as_facilitator.get(reverse("web:client_list"), {"status": "waiting"}).content.decode()

    assert 'id="plan-groups"' in waiting and f'href="{planner}"' in waiting
    assert "Groepen plannen" in waiting
    assert 'id="plan-groups"' not in everyone
    assert 'id="plan-groups"' not in facilitator


def test_co_client_form_saves_the_babys_sex_with_dutch_choices(practice, as_coordinator):
    co = practice.organisation.programmes.get(code="CO")
    birth = (timezone.localdate() - dt.timedelta(weeks=6)).isoformat()
    page = as_coordinator.get(reverse("web:client_create")).content.decode()
    for label in ("Geslacht van de baby", "Meisje", "Jongen", "Onbekend"):
        assert label in page

    response = as_coordinator.post(
        reverse("web:client_create"),
        valid_client_data(practice, programme=co.pk, due_date="", baby_birth_date=birth, baby_sex="m"),
    )

    assert response.status_code == 302
    saved = Client.objects.get(given_name="Mila")
    assert saved.baby_sex == "m"
    detail = as_coordinator.get(reverse("web:client_detail", args=[saved.pk])).content.decode()
    assert "Jongen" in detail


def test_a_pregnant_client_has_no_babys_sex(practice, in_english):
    response = in_english.post(reverse("web:client_create"), valid_client_data(practice, baby_sex="f"))

    assert "Baby details belong to CenteringOuderschap clients." in errors_of(response)["baby_sex"]
    assert not Client.objects.filter(given_name="Mila").exists()
