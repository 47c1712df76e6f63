"""The import journey in headless chromium: a coordinator uploads a client list with a BOM,
semicolons, an Excel serial date, a bad BSN and a duplicate row; sees every row's verdict
with the reason per field; corrects the file; imports; the clients are there. Screenshots at
laptop (1366×768) and tablet (820×1180) size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kring.care.models import Client
from kring.organisations.models import Role
from tests.e2e.conftest import TABLET
from tests.factories import PASSWORD, ClientFactory, OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.e2e
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def coordinator(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    organisation = OrganisationFactory(name="Verloskundigenpraktijk De Proeflinde", slug="proeflinde")
    user = UserFactory(username="coordinator")
    PersonFactory(organisation=organisation, user=user, roles=[Role.Kind.COORDINATOR])
    ClientFactory(organisation=organisation, given_name="Bestaand", family_name="Jansen", bsn="999912045")
    return user


def client_list(tmp_path, rows: list[str]):
    path = tmp_path / "clienten.csv"
    path.write_bytes(
        ("\ufeff" + "\r\n".join(["Voornaam;Achternaam;BSN;À terme datum;Talen", *rows]) + "\r\n").encode()
    )
    return path


def test_upload_preview_with_reasons_then_import(coordinator, new_page, login, screenshot_dir, tmp_path):
    due = timezone.localdate() + dt.timedelta(weeks=20)
    serial = (due - dt.date(1899, 12, 30)).days
    bad_file = client_list(
        tmp_path,
        [
            f"Ayşe;Çelik;999911120;{serial};tr, nl",
            f"Fout;Nummer;123456789;{due:%d-%m-%Y};nl",
            f"Ayşe;Çelik;999911120;{due:%d-%m-%Y};tr",
            f"Bestaand;Jansen;999912045;{due:%d-%m-%Y};nl",
        ],
    )
    page = new_page(LAPTOP)
    login(page, "coordinator", PASSWORD)
    page.goto("/export/")
    page.get_by_role("link", name="Een bestand importeren").click()
    page.get_by_label("CSV- of Excelbestand").set_input_files(str(bad_file))
    page.get_by_role("button", name="Uploaden").click()

    # The columns were recognised from their Dutch names.
    assert page.locator("#column_2").input_value() == "bsn"
    assert page.locator("#column_3").input_value() == "due_date"
    page.screenshot(path=str(screenshot_dir / "import-columns-laptop.png"), full_page=True)
    page.get_by_role("button", name="Controleer de rijen").click()

    # Every row with its verdict and the reason per field; nothing can be imported yet.
    preview = page.locator("table.preview")
    preview.wait_for()
    assert page.locator("[data-count=new]").inner_text() == "1"
    assert page.locator("[data-count=error]").inner_text() == "2"
    assert "elfproef" in page.locator("tr[data-row='3']").inner_text()
    assert "rij 2" in page.locator("tr[data-row='4']").inner_text()
    assert page.locator("tr[data-row='5'] .badge").inner_text() == "ongewijzigd"  # already in Kring as it is
    assert page.locator("#run-import").count() == 0
    page.screenshot(path=str(screenshot_dir / "import-preview-errors-laptop.png"), full_page=True)
    tablet = new_page(TABLET)
    login(tablet, "coordinator", PASSWORD)
    tablet.goto(page.url)
    tablet.screenshot(path=str(screenshot_dir / "import-preview-errors-tablet.png"), full_page=True)
    tablet.goto("/export/")
    assert tablet.get_by_role("link", name="XLSX").count() == 9  # every list but the access log
    tablet.screenshot(path=str(screenshot_dir / "export-home-tablet.png"), full_page=True)
    assert Client.objects.count() == 1

    # The corrected file goes through; the column choice is remembered.
    good_file = client_list(
        tmp_path, [f"Ayşe;Çelik;999911120;{serial};tr, nl", f"ግርማይ;ተስፋይ;;{due:%d-%m-%Y};ti"]
    )
    page.goto("/import/")
    page.get_by_label("CSV- of Excelbestand").set_input_files(str(good_file))
    page.get_by_role("button", name="Uploaden").click()
    page.get_by_role("button", name="Controleer de rijen").click()
    page.locator("#run-import").click()
    page.get_by_text("Geïmporteerd: 2 nieuw").wait_for()
    page.screenshot(path=str(screenshot_dir / "import-done-laptop.png"), full_page=True)
    page.goto("/export/")
    page.screenshot(path=str(screenshot_dir / "export-home-laptop.png"), full_page=True)
    ayse = Client.objects.get(bsn="999911120")
    assert (ayse.given_name, ayse.due_date, ayse.languages) == ("Ayşe", due, ["tr", "nl"])
    assert Client.objects.filter(family_name="ተስፋይ").exists()
