import pytest
from django.test import Client
from django.urls import resolve

from musharaka.core import selectors


@pytest.mark.django_db
def test_server_error_shows_a_translated_page_without_a_stack_trace(client, monkeypatch):
    def broken():
        raise RuntimeError("database exploded: secret internals")

    resolve("/")  # load the URLconf before breaking the selector it may use at import
    monkeypatch.setattr(selectors, "agency_directory", broken)
    client.raise_request_exception = False
    response = client.get("/en/agencies/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html
    assert "Traceback" not in html and "secret internals" not in html


@pytest.mark.django_db
def test_expired_form_token_gets_a_clear_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/feedback/", {"path": "/", "useful": "yes"})
    assert response.status_code == 403
    assert "Your form has expired" in response.content.decode()


@pytest.mark.django_db
def test_unknown_agency_is_404(client):
    assert client.get("/en/agencies/no-such-agency/").status_code == 404


@pytest.mark.django_db
def test_platform_admin_pages_are_404_or_login_for_agency_staff(client, manager):
    client.force_login(manager)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
