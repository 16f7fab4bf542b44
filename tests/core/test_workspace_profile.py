"""/workspace/<agency>/profile/: managers edit the agency's bilingual public profile and logo."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from musharaka.core.models import Agency, AuditEvent, Role
from tests.conftest import make_staff


def url(agency):
    return f"/en/workspace/{agency.slug}/profile/"


def profile_data(agency, **changes):
    data = {
        "name_ar": agency.name_ar,
        "name_en": agency.name_en,
        "description_ar": "",
        "description_en": "",
        "kind": agency.kind,
        "website": "",
        "email": "",
        "phone": "",
        "address_ar": "",
        "address_en": "",
    }
    data.update(changes)
    return data


def image_file(fmt: str, name: str, size=(40, 40), noise: bool = False) -> SimpleUploadedFile:
    image = (
        Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
        if noise
        else Image.new("RGB", size, (10, 88, 60))
    )
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def test_manager_sees_the_current_profile(staff_client, agency):
    response = staff_client.get(url(agency))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert f'value="{agency.name_en}"' in html
    assert 'lang="ar" dir="rtl"' in html, "Arabic fields are typed right-to-left"
    assert '<label for="id_name_ar">' in html


def test_manager_updates_the_profile(staff_client, agency, manager):
    old_name = agency.name_en
    data = profile_data(
        agency,
        name_en="Ministry of Examples",
        description_ar="وصف الجهة",
        website="https://example.gov.sa/",
        email="info@example.gov.sa",
        phone="920000000",
        address_en="Riyadh",
    )

    response = staff_client.post(url(agency), data, REMOTE_ADDR="192.0.2.44")

    assert response.status_code == 302
    assert response.url == url(agency)
    agency.refresh_from_db()
    assert agency.name_en == "Ministry of Examples"
    assert agency.website == "https://example.gov.sa/"
    assert agency.address_en == "Riyadh"
    event = AuditEvent.objects.get(verb="agency.update")
    assert event.actor == manager and event.agency == agency
    assert event.ip == "192.0.2.44"
    assert event.changes["name_en"] == [old_name, "Ministry of Examples"]
    assert "kind" not in event.changes, "only what changed is recorded"
    assert "profile was saved" in staff_client.get(response.url).content.decode()


def test_bad_input_keeps_what_was_typed(staff_client, agency):
    before = Agency.objects.get(pk=agency.pk)
    data = profile_data(
        agency, name_ar="", name_en="Typed English name", website="not a web address"
    )

    response = staff_client.post(url(agency), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="Typed English name"' in html
    assert 'value="not a web address"' in html
    assert html.count('aria-invalid="true"') == 2
    assert 'id="id_name_ar_error"' in html and 'aria-describedby="id_name_ar_error"' in html
    assert "Enter a valid URL." in html
    agency.refresh_from_db()
    assert agency.name_en == before.name_en
    assert agency.website == ""
    assert not AuditEvent.objects.filter(verb="agency.update").exists()


@pytest.mark.parametrize(("fmt", "extension"), [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_logo_upload_in_an_accepted_format(staff_client, agency, fmt, extension):
    response = staff_client.post(
        url(agency), {**profile_data(agency), "logo": image_file(fmt, f"upload.{extension}")}
    )

    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.logo.name.startswith(f"agency-logos/{agency.slug}")
    assert agency.logo.name.endswith(f".{extension}")
    with Image.open(agency.logo.path) as stored:
        assert stored.format == fmt
    event = AuditEvent.objects.get(verb="agency.update")
    assert event.changes["logo"] == ["", agency.logo.name]
    assert f'src="/media/{agency.logo.name}"' in staff_client.get(url(agency)).content.decode()


def test_logo_over_one_megabyte_is_refused(staff_client, agency):
    big = image_file("PNG", "big.png", size=(700, 700), noise=True)
    assert big.size > 1024 * 1024

    response = staff_client.post(url(agency), {**profile_data(agency, name_en="Kept"), "logo": big})

    html = response.content.decode()
    assert response.status_code == 400
    assert "The logo must be 1 MB or smaller." in html
    assert 'value="Kept"' in html
    agency.refresh_from_db()
    assert not agency.logo
    assert agency.name_en != "Kept"
    assert not AuditEvent.objects.filter(verb="agency.update").exists()


def test_logo_in_another_image_format_is_refused(staff_client, agency):
    gif = image_file("GIF", "logo.png")  # the name claims PNG; the bytes say GIF

    response = staff_client.post(url(agency), {**profile_data(agency), "logo": gif})

    assert response.status_code == 400
    assert "The logo must be a PNG, JPEG or WebP image." in response.content.decode()
    agency.refresh_from_db()
    assert not agency.logo


def test_a_file_that_is_not_an_image_is_refused(staff_client, agency):
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")

    response = staff_client.post(url(agency), {**profile_data(agency), "logo": fake})

    assert response.status_code == 400
    assert "Upload a valid image" in response.content.decode()
    agency.refresh_from_db()
    assert not agency.logo


def test_manager_removes_the_logo(staff_client, agency, django_capture_on_commit_callbacks):
    staff_client.post(url(agency), {**profile_data(agency), "logo": image_file("PNG", "a.png")})
    agency.refresh_from_db()
    stored = agency.logo.path
    assert os.path.exists(stored)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url(agency), {**profile_data(agency), "logo-clear": "on"})

    assert response.status_code == 302
    agency.refresh_from_db()
    assert not agency.logo
    assert not os.path.exists(stored), "the old file is deleted once the change is saved"
    event = AuditEvent.objects.filter(verb="agency.update").order_by("-seq").first()
    assert event.changes["logo"] == [stored.split("media/")[1], ""]


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.MANAGER])
def test_staff_without_the_manager_role_are_refused(client, agency, role):
    client.force_login(make_staff(agency, role))
    assert client.get(url(agency)).status_code == 403
    response = client.post(url(agency), profile_data(agency, name_en="Hijacked"))
    assert response.status_code == 403
    agency.refresh_from_db()
    assert agency.name_en != "Hijacked"
