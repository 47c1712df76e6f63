"""Optional photos: only real images, small, with consent; served only to the care team."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kring.audit.models import AccessLog
from kring.records.errors import RecordError
from kring.records.models import ParticipantPhoto
from kring.records.services.photos import set_photo

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def test_photo_type_comes_from_its_bytes(world):
    assert set_photo(world.clients[0], JPEG, consent=True, by=world.midwife).content_type == "image/jpeg"
    assert set_photo(world.clients[0], PNG, consent=True, by=world.midwife).content_type == "image/png"
    assert ParticipantPhoto.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "consent", "code"),
    [
        (PNG, False, "no_consent"),
        (b"", True, "empty"),
        (b"<svg onload=alert(1)>", True, "not_an_image"),
        (b"GIF89a" + b"\x00" * 10, True, "not_an_image"),
        (JPEG + b"\x00" * 1_000_001, True, "too_large"),
    ],
)
def test_bad_photos_are_refused(world, data, consent, code):
    with pytest.raises(RecordError) as error:
        set_photo(world.clients[0], data, consent=consent, by=world.midwife)
    assert error.value.code == code
    assert not ParticipantPhoto.objects.exists()


def test_upload_serve_and_remove(client, world):
    target = world.clients[0]
    client.force_login(world.midwife)
    upload = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    client.post(reverse("records:photo_upload", args=[target.pk]), {"photo": upload, "consent": "on"})
    response = client.get(reverse("records:photo", args=[target.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"]
    assert AccessLog.objects.filter(client=target, detail="photo").exists()
    day = client.get(reverse("records:session_day", args=[world.session.pk])).content.decode()
    assert reverse("records:photo", args=[target.pk]) in day
    client.post(reverse("records:photo_remove", args=[target.pk]))
    assert client.get(reverse("records:photo", args=[target.pk])).status_code == 404


def test_upload_disguised_as_image_is_refused(client, world):
    client.force_login(world.midwife)
    upload = SimpleUploadedFile("foto.png", b"<html><script>alert(1)</script>", content_type="image/png")
    client.post(
        reverse("records:photo_upload", args=[world.clients[0].pk]), {"photo": upload, "consent": "on"}
    )
    assert not ParticipantPhoto.objects.exists()


def test_outsider_gets_404_for_a_photo(client, world):
    set_photo(world.clients[0], PNG, consent=True, by=world.midwife)
    client.force_login(world.outsider)
    assert client.get(reverse("records:photo", args=[world.clients[0].pk])).status_code == 404
