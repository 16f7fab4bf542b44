"""The citizens' pages of direct communication pass axe (WCAG 2.2 AA) in Arabic and English:
the agencies and their inboxes, the public Q&A, the request form (also with its errors), "My
requests" and a request with an answer waiting to be rated."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from musharaka.contact import services
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import LANGUAGES, assert_no_violations, check_page
from tests.contact.contact_data import make_inbox, send
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def setting(transactional_db):
    agency = AgencyFactory(slug="health", name_ar="وزارة الصحة", name_en="Ministry of Health")
    inbox = make_inbox(agency, slug="enquiries", answers_publishable=True)
    citizen = UserFactory()
    request = send(inbox, citizen)
    services.request_answer(actor=inbox.team.get(), request=request, body="الجواب على الطلب")
    send(inbox, citizen, subject="طلب ثانٍ")
    return {"citizen": citizen, "request": request}


@pytest.mark.parametrize(("prefix", "lang", "direction"), LANGUAGES, ids=["ar", "en"])
def test_citizen_contact_pages_are_accessible(
    page, browser_context, live_server, setting, prefix, lang, direction
):
    base = live_server.url + prefix
    for path in ["/contact/", "/contact/health/", "/contact/health/questions/"]:
        assert page.goto(base + path).status == 200, path
        check_page(page, lang=lang, direction=direction)
    sign_in(browser_context, Client(), setting["citizen"], live_server)
    for path in [
        "/contact/health/enquiries/new/",
        "/requests/",
        f"/requests/{setting['request'].number}/",
    ]:
        assert page.goto(base + path).status == 200, path
        check_page(page, lang=lang, direction=direction)
    page.goto(base + "/contact/health/enquiries/new/")
    page.locator("main form[method=post] button[type=submit]").first.click()
    expect(page.locator("[aria-invalid=true]").first).to_be_visible()  # errors shown and tied
    assert_no_violations(page)
