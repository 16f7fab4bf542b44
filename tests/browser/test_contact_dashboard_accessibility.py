"""The requests dashboard in a real browser: no WCAG 2.2 A/AA violation that axe-core finds, in
Arabic and English, with figures, with no data yet, and when the filter comes back with errors;
the filter works without JavaScript."""

from datetime import timedelta

import pytest
from django.utils import timezone

from musharaka.contact import services
from musharaka.contact.models import Request
from tests.browser.conftest import axe_check, sign_in
from tests.conftest import make_staff
from tests.contact.contact_data import add_chain, make_inbox, send
from tests.factories import AgencyFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["ar", "en"])
def test_dashboard_is_accessible(
    page, new_context, browser_context, live_server, client, transactional_db, prefix
):
    agency = AgencyFactory(slug="health", name_ar="وزارة الصحة", name_en="Ministry of Health")
    empty = AgencyFactory(slug="quiet")
    manager = make_staff(agency, "manager")
    analyst = make_staff(empty, "analyst")
    inbox = make_inbox(agency)
    responder = inbox.team.get()
    add_chain(inbox, manager)
    make_inbox(agency, slug="complaints")
    send(inbox)
    late = send(inbox)
    Request.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=2))
    answered = send(inbox)
    services.request_answer(actor=responder, request=answered, body="الجواب")
    services.request_rate(actor=answered.citizen, request=answered, rating=4)
    sign_in(browser_context, client, manager, live_server)
    base = f"{live_server.url}{prefix}/workspace/health/contact/dashboard/"
    problems: list[str] = []

    for path, status in [("", 200), (f"?inbox={inbox.pk}&period=90", 200), ("?period=7", 400)]:
        response = page.goto(base + path)
        assert response.status == status, path
        axe_check(page, problems, path or "dashboard")
    assert page.locator("#id_period").get_attribute("aria-invalid") == "true"

    # Without JavaScript the filter still applies.
    no_js = new_context(java_script_enabled=False)
    sign_in(no_js, client, manager, live_server)
    tab = no_js.new_page()
    tab.goto(base)
    tab.locator("#id_period").select_option("365")
    tab.locator("form[method=get] button[type=submit]").click()
    assert "period=365" in tab.url
    assert tab.locator("#id_period").input_value() == "365"

    quiet = new_context()
    sign_in(quiet, client, analyst, live_server)
    tab = quiet.new_page()
    assert tab.goto(f"{live_server.url}{prefix}/workspace/quiet/contact/dashboard/").status == 200
    axe_check(tab, problems, "no data yet")
    assert not problems, "\n\n".join(problems)
