"""Consultations in the staff workspace: who sees the pages, the form, lifecycle buttons,
attachments and the period settings."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from musharaka.consultations.models import Attachment, Consultation, ConsultationPolicy, Phase
from musharaka.core.models import Role
from musharaka.core.roles import ACTIONS
from tests.conftest import make_staff
from tests.consultations.lifecycle_helpers import make_consultation, publish_text
from tests.consultations.test_lifecycle import PDF

pytestmark = pytest.mark.django_db


def base(agency) -> str:
    return f"/en/workspace/{agency.slug}/consultations/"


@pytest.mark.parametrize("role", Role.values)
def test_pages_and_nav_follow_the_role_table(client, agency, role):
    client.force_login(make_staff(agency, role))
    c = make_consultation(agency)
    allowed = role in ACTIONS["content.edit"]
    home = client.get(f"/en/workspace/{agency.slug}/").content.decode()
    nav = home[home.index('<nav class="col-md-3') :]
    nav = nav[: nav.index("</nav>")]
    assert (f'href="{base(agency)}"' in nav) is allowed
    for page in (base(agency), f"{base(agency)}new/", f"{base(agency)}{c.pk}/"):
        assert client.get(page).status_code == (200 if allowed else 403), page
    policy = client.get(f"{base(agency)}policy/").status_code
    assert policy == (200 if role in ACTIONS["agency.edit"] else 403)


def test_other_agencies_staff_get_404(client, agency, other_agency):
    c = make_consultation(agency)
    client.force_login(make_staff(other_agency, Role.MANAGER))
    assert client.get(f"{base(agency)}{c.pk}/").status_code == 404
    assert client.get(f"{base(other_agency)}{c.pk}/").status_code == 404


def test_create_then_schedule_from_the_form(client, agency, manager):
    client.force_login(manager)
    now = timezone.localtime()
    response = client.post(
        f"{base(agency)}new/",
        {
            "title_ar": "مسودة",
            "title_en": "Draft policy",
            "kind": "policy",
            "audience": "public",
            "owner": manager.pk,
            "opens_at": (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=40)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    c = Consultation.objects.get()
    assert response.status_code == 302
    # No published text yet: refused with the reason, phase unchanged.
    response = client.post(f"{base(agency)}{c.pk}/lifecycle/schedule/")
    assert response.status_code == 400
    assert "Publish a version" in response.content.decode()
    publish_text(c)
    response = client.post(f"{base(agency)}{c.pk}/lifecycle/schedule/")
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.phase == Phase.SCHEDULED


def test_form_errors_keep_what_was_typed(client, agency, manager):
    client.force_login(manager)
    response = client.post(
        f"{base(agency)}new/",
        {"title_ar": "", "title_en": "Kept title", "kind": "policy", "audience": "public"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kept title" in html and "Write the title in Arabic." in html
    assert not Consultation.objects.exists()


def test_extend_and_close_early_with_reasons(client, agency, manager):
    c = make_consultation(agency, editor=manager, phase=Phase.OPEN)
    client.force_login(manager)
    response = client.post(f"{base(agency)}{c.pk}/lifecycle/close/", {"reason_ar": ""})
    assert response.status_code == 400
    later = timezone.localtime(c.closes_at + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"{base(agency)}{c.pk}/lifecycle/extend/", {"new_closes_at": later, "reason_ar": "سبب"}
    )
    assert response.status_code == 302
    response = client.post(f"{base(agency)}{c.pk}/lifecycle/close/", {"reason_ar": "سبب"})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.phase == Phase.CLOSED


def test_an_editor_cannot_close_early(client, agency):
    c = make_consultation(agency, phase=Phase.OPEN)
    client.force_login(make_staff(agency, Role.EDITOR))
    response = client.post(f"{base(agency)}{c.pk}/lifecycle/close/", {"reason_ar": "سبب"})
    assert response.status_code == 403
    c.refresh_from_db()
    assert c.phase == Phase.OPEN


def test_attachment_upload_download_remove(client, agency, manager):
    c = make_consultation(agency, editor=manager)
    client.force_login(manager)
    bad = client.post(
        f"{base(agency)}{c.pk}/attachments/",
        {"title": "x", "file": SimpleUploadedFile("x.pdf", b"<html>")},
    )
    assert bad.status_code == 400
    assert "not a valid PDF" in bad.content.decode()
    client.post(
        f"{base(agency)}{c.pk}/attachments/",
        {"title": "Draft", "file": SimpleUploadedFile("x.pdf", PDF)},
    )
    a = Attachment.objects.get()
    download = client.get(f"{base(agency)}{c.pk}/attachments/{a.pk}/")
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    client.post(f"{base(agency)}{c.pk}/attachments/{a.pk}/remove/")
    assert not Attachment.objects.exists()


def test_policy_page_saves_and_refuses(client, agency, manager):
    client.force_login(manager)
    bad = client.post(
        f"{base(agency)}policy/",
        {"default_period_days": 10, "minimum_period_days": 15, "outcome_due_weeks": 12},
    )
    assert bad.status_code == 400
    ok = client.post(
        f"{base(agency)}policy/",
        {"default_period_days": 45, "minimum_period_days": 20, "outcome_due_weeks": 10},
    )
    assert ok.status_code == 302
    assert ConsultationPolicy.objects.get(agency=agency).outcome_due_weeks == 10
