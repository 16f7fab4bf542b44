"""The polls workspace in a real browser: no WCAG 2.2 A/AA violation that axe-core finds, in
Arabic and English, also when forms come back with errors."""

import pytest

from musharaka.polls import services
from tests.browser.conftest import axe_check, sign_in
from tests.conftest import make_staff
from tests.factories import AgencyFactory, UserFactory
from tests.polls.poll_data import make_quick_poll, make_survey, poll_settings
from tests.polls.test_workspace import answer_quick, answer_survey

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["ar", "en"])
def test_polls_workspace_is_accessible(
    page, browser_context, live_server, client, transactional_db, prefix
):
    agency = AgencyFactory(slug="health", name_ar="وزارة الصحة", name_en="Ministry of Health")
    manager = make_staff(agency, "manager")
    survey = make_survey(manager)
    answer_survey(survey, UserFactory())
    draft = make_survey(manager, publish=False, title_en="Draft")
    empty = services.poll_create(
        actor=manager, agency=agency, kind="survey", data=poll_settings(title_en="Empty")
    )
    quick = make_quick_poll(manager, title_en="Quick")
    answer_quick(quick)
    question = quick.questions.get()
    services.question_update(actor=manager, question=question, data={"text_ar": "نص جديد"})
    sign_in(browser_context, client, manager, live_server)
    base = f"{live_server.url}{prefix}/workspace/health/polls/"
    problems: list[str] = []

    for path in [
        "",
        "new/",
        f"{draft.pk}/",
        f"{survey.pk}/",
        f"{quick.pk}/questions/{question.pk}/",
        f"{draft.pk}/questions/{draft.questions.first().pk}/",
        f"{quick.pk}/close/",
        f"{quick.pk}/statement/",
        f"{survey.pk}/responses/",
    ]:
        page.goto(base + path)
        axe_check(page, problems, path or "list")

    page.goto(f"{base}new/")
    page.locator("#id_title_ar").fill("")
    page.locator("main form button[type=submit]").last.click()
    assert page.locator("#id_title_ar").get_attribute("aria-invalid") == "true"
    axe_check(page, problems, "create with errors")

    page.goto(f"{base}{draft.pk}/")
    page.locator("#add-question button[type=submit]").click()
    assert page.locator("#id_text_ar").get_attribute("aria-invalid") == "true"
    axe_check(page, problems, "add a question with errors")

    page.goto(f"{base}{empty.pk}/")
    page.locator("form[action$='/publish/'] button[type=submit]").click()
    assert page.locator("#publish-problems").count() == 1
    axe_check(page, problems, "refused publish")

    assert not problems, "\n\n".join(problems)
