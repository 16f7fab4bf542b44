"""Who may download the exports, and the background-task path for large consultations."""

import io

import openpyxl
import pytest
from django.urls import reverse

from musharaka.consultations.models import Consultation, Phase
from tests.conftest import make_staff
from tests.consultations.export_data import make_consultation

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _url(name, consultation, lang=""):
    url = reverse(name, args=[consultation.agency.slug, consultation.pk])
    return f"{url}?lang={lang}" if lang else url


@pytest.mark.parametrize("role", ["manager", "editor", "analyst"])
def test_staff_with_reports_or_editing_role_download_the_matrix(client, agency, role):
    consultation = make_consultation(agency, comments=4)
    client.force_login(make_staff(agency, role))
    response = client.get(_url("workspace:consultation_export_xlsx", consultation, "en"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 5


@pytest.mark.parametrize("role", ["moderator", "responder"])
def test_other_roles_are_refused(client, agency, role):
    consultation = make_consultation(agency)
    client.force_login(make_staff(agency, role))
    assert client.get(_url("workspace:consultation_export_xlsx", consultation)).status_code == 403
    assert client.get(_url("workspace:consultation_export_pdf", consultation)).status_code == 403


def test_staff_of_another_agency_get_404(client, agency, other_agency):
    consultation = make_consultation(agency)
    client.force_login(make_staff(other_agency, "manager"))
    assert client.get(_url("workspace:consultation_export_xlsx", consultation)).status_code == 404
    # Nor can they reach it through their own workspace address.
    url = reverse("workspace:consultation_export_pdf", args=[other_agency.slug, consultation.pk])
    assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, agency):
    consultation = make_consultation(agency)
    response = client.get(_url("workspace:consultation_export_xlsx", consultation))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_download_the_pdf_in_both_languages(client, agency):
    consultation = make_consultation(agency)
    client.force_login(make_staff(agency, "analyst"))
    for lang in ("ar", "en"):
        response = client.get(_url("workspace:consultation_export_pdf", consultation, lang))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert f"-outcome-{lang}.pdf" in response["Content-Disposition"]


def test_large_consultation_is_built_by_the_task_and_stored(client, agency, settings):
    settings.MUSHARAKA_EXPORT_INLINE_LIMIT = 2  # the immediate task backend runs at once
    consultation = make_consultation(agency, comments=5)
    client.force_login(make_staff(agency, "manager"))
    response = client.get(_url("workspace:consultation_export_xlsx", consultation, "ar"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert openpyxl.load_workbook(io.BytesIO(content)).active.max_row == 6
    stored = list((settings.MEDIA_ROOT / f"exports/consultations/{consultation.pk}").iterdir())
    assert [p.suffix for p in stored] == [".xlsx"]


def test_large_consultation_waits_for_the_task(client, agency, settings):
    settings.MUSHARAKA_EXPORT_INLINE_LIMIT = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    consultation = make_consultation(agency, comments=5)
    client.force_login(make_staff(agency, "manager"))
    response = client.get("/en" + _url("workspace:consultation_export_pdf", consultation))
    assert response.status_code == 202
    assert response["Refresh"] == "5"
    assert b"being prepared in the background" in response.content
    from django_tasks import default_task_backend

    assert len(default_task_backend.results) == 1
    client.get("/en" + _url("workspace:consultation_export_pdf", consultation))
    assert len(default_task_backend.results) == 1  # not enqueued twice


def test_public_pdf_only_once_the_outcome_is_published(client, agency):
    consultation = make_consultation(agency, published_outcome=False)
    url = reverse("consultations:outcome_pdf", args=[agency.slug, consultation.slug])
    assert client.get(url).status_code == 404
    Consultation.objects.filter(pk=consultation.pk).update(
        phase=Phase.OUTCOME_PUBLISHED, outcome_published_at=consultation.closes_at
    )
    response = client.get("/en" + url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "-outcome-en.pdf" in response["Content-Disposition"]


def test_healthz_answers_ok_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
