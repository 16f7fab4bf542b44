"""Poll pages in a browser: axe (WCAG 2.2 AA) in both languages, and the same-page condition
hidden by the small script until its answer is chosen."""

import pytest
from playwright.sync_api import expect

from musharaka.polls import services
from musharaka.polls.models import Audience, QuestionKind
from tests.browser.conftest import axe_violations, format_violations, sign_in
from tests.browser.test_accessibility import check_high_contrast
from tests.conftest import make_staff
from tests.factories import AgencyFactory
from tests.polls.poll_data import make_quick_poll, make_survey

pytestmark = pytest.mark.browser
LANGUAGES = [("", "ar", "rtl"), ("/en", "en", "ltr")]


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{format_violations(violations)}"


@pytest.fixture
def polls(transactional_db):
    agency = AgencyFactory(slug="health", name_ar="وزارة الصحة", name_en="Ministry of Health")
    manager = make_staff(agency, "manager")
    survey = make_survey(manager, audience=Audience.EVERYONE)
    quick = make_quick_poll(manager, audience=Audience.EVERYONE, title_en="Quick one")
    same = make_survey(manager, publish=False, title_en="Same page", audience=Audience.EVERYONE)
    first = same.questions.get(page=1, position=1)
    services.question_add(
        actor=manager,
        poll=same,
        data={
            "kind": QuestionKind.SHORT_TEXT,
            "text_ar": "ما السبب؟",
            "text_en": "Why not?",
            "page": 1,
            "show_if": first.options.get(position=2),
            "required": False,
        },
    )
    services.poll_publish(actor=manager, poll=same)
    return {"survey": survey, "quick": quick, "same": same, "manager": manager}


def path(poll, prefix):
    return f"{prefix}/polls/{poll.agency.slug}/{poll.slug}/"


@pytest.mark.parametrize(("prefix", "lang", "direction"), LANGUAGES, ids=["ar", "en"])
def test_poll_pages_are_accessible(
    page, browser_context, live_server, polls, prefix, lang, direction
):
    for url in (
        f"{prefix}/polls/",
        f"{prefix}/polls/health/",
        path(polls["quick"], prefix),
        path(polls["survey"], prefix),
    ):
        response = page.goto(live_server.url + url)
        assert response.status == 200
        assert page.locator("html").get_attribute("dir") == direction
        assert_accessible(page)
    # Page 1 with errors, then page 2 (every remaining widget).
    page.goto(live_server.url + path(polls["survey"], prefix))
    page.locator("button[value=next]").click()
    page.wait_for_load_state()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)
    check_high_contrast(page, browser_context, live_server)
    page.goto(live_server.url + path(polls["survey"], prefix) + "?page=2")
    assert_accessible(page)


def test_preview_is_accessible(page, browser_context, live_server, polls, client):
    sign_in(browser_context, client, polls["manager"], live_server)
    page.goto(live_server.url + path(polls["survey"], "/en") + "?preview=1&page=2")
    expect(page.get_by_text("nothing is saved")).to_be_visible()
    assert_accessible(page)


def test_same_page_condition_is_hidden_until_chosen(page, live_server, polls):
    page.goto(live_server.url + path(polls["same"], "/en"))
    follow_up = page.get_by_label("Why not?")
    expect(follow_up).to_be_hidden()
    first = polls["same"].questions.get(page=1, position=1)
    page.locator(f"#f-q{first.pk}-o{first.options.get(position=2).pk}").check()
    expect(follow_up).to_be_visible()
    assert_accessible(page)
