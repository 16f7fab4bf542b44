import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import check_high_contrast, check_page
from tests.conftest import make_staff
from tests.factories import AgencyFactory
from tests.polls.poll_data import make_survey
from tests.polls.test_results import answer_survey, representative

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("prefix", "lang", "direction"), [("", "ar", "rtl"), ("/en", "en", "ltr")])
def test_results_pages(
    page, browser_context, live_server, client, transactional_db, prefix, lang, direction
):
    agency = AgencyFactory(slug="health")
    manager = make_staff(agency, "manager")
    poll = make_survey(manager)
    for i in range(14):
        answer_survey(
            poll,
            representative() if i % 3 == 0 else None,
            used=1 + i % 2,
            scale=str(1 + i % 5),
            why=f"سبب {i}" if i % 2 else "",
            short=f"ملاحظة {i}",
            show_publicly=True,
        )
    with translation.override("ar"):
        public = reverse("polls:results", args=[agency.slug, poll.slug])
        staff = reverse("workspace:poll_results", args=[agency.slug, poll.pk])
    response = page.goto(live_server.url + prefix + public)
    assert response.status == 200
    check_page(page, lang=lang, direction=direction)
    check_high_contrast(page, browser_context, live_server)
    browser_context.clear_cookies()
    sign_in(browser_context, client, manager, live_server)
    response = page.goto(live_server.url + prefix + staff)
    assert response.status == 200
    check_page(page, lang=lang, direction=direction)
