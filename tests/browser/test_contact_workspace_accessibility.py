"""The staff queue and request page of direct communication in a real browser: no WCAG 2.2
A/AA violation that axe-core finds, in Arabic and English, also when a form comes back with
errors, and the saved reply goes into the answer box without JavaScript."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from musharaka.contact import services
from musharaka.contact.models import ReplyTemplate, Request
from tests.browser.conftest import axe_check, sign_in
from tests.conftest import make_staff
from tests.contact.contact_data import add_chain, make_inbox, send
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["ar", "en"])
def test_contact_queue_and_request_page_are_accessible(
    page, new_context, browser_context, live_server, client, transactional_db, prefix
):
    agency = AgencyFactory(slug="health", name_ar="وزارة الصحة", name_en="Ministry of Health")
    manager = make_staff(agency, "manager")
    inbox = make_inbox(agency, answers_publishable=True)
    responder = inbox.team.get()
    add_chain(inbox, manager)
    make_inbox(AgencyFactory(), slug="elsewhere")
    ReplyTemplate.objects.create(
        agency=agency, title_ar="تجديد", title_en="Renewal", body_ar="نص", body_en="Text"
    )
    citizen = UserFactory()
    request = send(inbox, citizen)
    send(inbox, citizen, subject="مرة أخرى")
    late = send(inbox)
    Request.objects.filter(pk=late.pk).update(
        due_at=timezone.now() - timedelta(days=3), escalation_level=1
    )
    answered = send(inbox, consent_publish=True)
    services.request_note(actor=responder, request=answered, body="ملاحظة")
    services.request_answer(actor=responder, request=answered, body="الجواب")
    sign_in(browser_context, client, manager, live_server)
    base = f"{live_server.url}{prefix}/workspace/health/contact/"
    problems: list[str] = []

    for path in [
        "",
        "?status=all&overdue=on",
        "?status=bad",
        f"{request.pk}/",
        f"{answered.pk}/",
        f"{request.pk}/?template=bad",
    ]:
        response = page.goto(base + path)
        assert response.status == (400 if "bad" in path else 200), path
        axe_check(page, problems, path or "queue")

    page.goto(f"{base}{request.pk}/")
    page.locator("#answer_body").fill("")
    page.locator("#answer-section form[method=post] button[type=submit]").click()
    assert page.locator("#answer_body").get_attribute("aria-invalid") == "true"
    expect(page.locator("#error-summary")).to_be_visible()
    axe_check(page, problems, "answer with errors")

    # Without JavaScript the saved reply still lands in the answer box.
    no_js = new_context(java_script_enabled=False)
    sign_in(no_js, client, responder, live_server)
    tab = no_js.new_page()
    tab.goto(f"{base}{request.pk}/")
    tab.locator("#template_template").select_option(index=2)
    tab.locator("#answer-section form[method=get] button[type=submit]").click()
    assert tab.locator("#answer_body").input_value() == "Text"

    assert not problems, "\n\n".join(problems)
