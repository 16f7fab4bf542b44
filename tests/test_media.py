"""Uploaded files are public only where meant to be: agency logos. Consultation attachments and
staff exports live in the same storage but are reachable only through views that check access
and force a download."""

import pytest


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for relative in ("agency-logos/moh.png", "consultations/2026/draft.pdf", "exports/m.xlsx"):
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"data")
    return tmp_path


def test_agency_logos_are_served(client, media):
    assert client.get("/media/agency-logos/moh.png").status_code == 200


@pytest.mark.parametrize("path", ["consultations/2026/draft.pdf", "exports/m.xlsx"])
def test_attachments_and_exports_are_not_served_as_media(client, media, path):
    assert client.get(f"/media/{path}").status_code == 404


def test_no_escape_from_the_logo_folder(client, media):
    assert client.get("/media/agency-logos/../exports/m.xlsx").status_code in (400, 404)
