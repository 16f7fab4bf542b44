"""A multi-page survey answered in a real browser, once with JavaScript off and once with it on:
every question type, a refusal that keeps what was typed, the condition that makes a page-2
question required, and the response counted once."""

import pytest
from playwright.sync_api import expect

from musharaka.polls.models import Audience, Response, ResponseStatus
from tests.conftest import make_staff
from tests.factories import AgencyFactory
from tests.polls.poll_data import make_survey

pytestmark = pytest.mark.browser


@pytest.fixture
def survey(transactional_db):
    agency = AgencyFactory(slug="health", name_ar="وزارة الصحة", name_en="Ministry of Health")
    return make_survey(make_staff(agency, "manager"), audience=Audience.EVERYONE)


def q(survey, position, page=1):
    return survey.questions.get(page=page, position=position)


def field(page, name, value=None):
    selector = f'[name="{name}"]' + (f'[value="{value}"]' if value is not None else "")
    return page.locator(selector)


def answer_page_one(page, survey, *, used: int) -> None:
    used_q, multi, scale, rank = (q(survey, i) for i in range(1, 5))
    field(page, f"q{used_q.pk}", used_q.options.get(position=used).pk).check()
    for position in (1, 3):
        field(page, f"q{multi.pk}", multi.options.get(position=position).pk).check()
    field(page, f"q{scale.pk}", 4).check()
    for rank_number, option in enumerate(rank.options.all(), start=1):
        field(page, f"q{rank.pk}-{option.pk}").select_option(str(rank_number))
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", name="Page 2 of 2")).to_be_visible()


def rate_matrix(page, survey) -> None:
    matrix = q(survey, 2, page=2)
    for row in matrix.options.all():
        field(page, f"q{matrix.pk}-{row.pk}", 7).check()


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_a_survey_is_answered_page_by_page(new_context, live_server, survey, javascript):
    page = new_context(java_script_enabled=javascript).new_page()
    page.goto(f"{live_server.url}/en/polls/health/{survey.slug}/")
    expect(page.get_by_role("heading", name="Page 1 of 2")).to_be_visible()
    # "No" to the first question makes the page-2 explanation required.
    answer_page_one(page, survey, used=2 if not javascript else 1)
    rate_matrix(page, survey)
    short = q(survey, 3, page=2)
    field(page, f"q{short.pk}").fill("ملاحظة قصيرة من المتصفح")
    why = q(survey, 4, page=2)
    if not javascript:
        page.get_by_role("button", name="Submit").click()
        expect(page.get_by_text("This question needs an answer.").first).to_be_visible()
        expect(field(page, f"q{short.pk}")).to_have_value("ملاحظة قصيرة من المتصفح")
        assert not Response.objects.filter(status=ResponseStatus.SUBMITTED).exists()
        field(page, f"q{why.pk}").fill("لم أجد الخدمة التي أحتاجها في البوابة")
    else:  # "Yes": the explanation is not asked at all
        expect(field(page, f"q{why.pk}")).to_have_count(0)
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Thank you: your answers were sent.")).to_be_visible()
    response = Response.objects.get(status=ResponseStatus.SUBMITTED)
    assert response.answers.filter(question=short, text="ملاحظة قصيرة من المتصفح").exists()
    assert response.answers.filter(question=why).exists() is not javascript

    # The same browser cannot answer again.
    page.goto(f"{live_server.url}/en/polls/health/{survey.slug}/")
    expect(page.get_by_text("You have already answered this poll. Thank you.")).to_be_visible()
    assert Response.objects.filter(status=ResponseStatus.SUBMITTED).count() == 1
