"""The settings pages of direct communication (inboxes, calendar, saved replies) in a real
browser: no WCAG 2.2 A/AA violation that axe-core finds, in Arabic and English, also when a
form comes back with errors; and they work with JavaScript off."""

import pytest

from musharaka.contact.models import ReplyTemplate
from musharaka.core.models import Role
from tests.browser.conftest import axe_check, sign_in
from tests.conftest import make_staff
from tests.contact.contact_data import add_chain, make_inbox, route
from tests.factories import AgencyFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["ar", "en"])
def test_contact_settings_pages_are_accessible(
    page, browser_context, live_server, client, transactional_db, prefix
):
    agency = AgencyFactory(slug="health", name_ar="وزارة الصحة", name_en="Ministry of Health")
    manager = make_staff(agency, Role.MANAGER)
    responder = make_staff(agency, Role.RESPONDER)
    inbox = make_inbox(agency, responder=responder)
    add_chain(inbox, manager)
    route(inbox, responder, keywords="رخصة")
    template = ReplyTemplate.objects.create(agency=agency, title_ar="ترحيب", body_ar="مرحبًا")
    sign_in(browser_context, client, manager, live_server)
    base = f"{live_server.url}{prefix}/workspace/health/contact"
    problems: list[str] = []

    for path in [
        "inboxes/",
        "inboxes/new/",
        f"inboxes/{inbox.pk}/",
        "calendar/",
        "templates/",
        f"templates/{template.pk}/",
    ]:
        page.goto(f"{base}/{path}")
        axe_check(page, problems, path)

    page.goto(f"{base}/inboxes/{inbox.pk}/")
    page.locator("#id_warn_hours").fill("999")
    page.locator("#id_rules-1-keywords").fill("موعد")
    page.locator("main form button[type=submit]").last.click()
    assert page.locator("#id_warn_hours").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_rules-1-assign_to").get_attribute("aria-invalid") == "true"
    axe_check(page, problems, "inbox with errors")

    page.goto(f"{base}/calendar/")
    page.locator("#id_hours-day_ends").fill("07:00")
    page.locator("button[value=hours]").click()
    assert page.locator("#id_hours-day_ends").get_attribute("aria-invalid") == "true"
    axe_check(page, problems, "calendar with errors")
    page.goto(f"{base}/calendar/")
    page.locator("button[value=add]").click()
    assert page.locator("#id_day-date").get_attribute("aria-invalid") == "true"
    axe_check(page, problems, "calendar day with errors")

    page.goto(f"{base}/templates/")
    page.locator("main form button[type=submit]").last.click()
    assert page.locator("#id_title_ar").get_attribute("aria-invalid") == "true"
    axe_check(page, problems, "saved reply with errors")

    assert not problems, "\n\n".join(problems)
