"""Public poll pages: the index, answering a quick poll without an account, a survey page by page
with its draft resumed after signing in again, refusals (bad input, closed, scheduled, drafts,
audiences, tampered forms), the staff preview, public written answers and the open-now list."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from musharaka.participation.selectors import current_rules
from musharaka.participation.services import rules_publish
from musharaka.polls import selectors, services
from musharaka.polls.models import Answer, Audience, Poll, Response, ResponseStatus, ResultsPolicy
from musharaka.polls.views import COOKIE_NAME
from tests.conftest import make_staff
from tests.factories import UserFactory
from tests.polls.poll_data import make_quick_poll, make_survey

pytestmark = pytest.mark.django_db


def url(poll, prefix="/en"):
    return f"{prefix}/polls/{poll.agency.slug}/{poll.slug}/"


def q(poll, position, page=1):
    return poll.questions.get(page=page, position=position)


def opt(question, position):
    return str(question.options.get(position=position).pk)


def page_one(poll, *, used=1, **extra) -> dict:
    used_q, multi, scale, rank, number = (q(poll, i) for i in range(1, 6))
    return {
        "page": "1",
        "action": "next",
        f"q{used_q.pk}": [opt(used_q, used)],
        f"q{multi.pk}": [opt(multi, 1), opt(multi, 3)],
        f"q{scale.pk}": ["4"],
        **{f"q{rank.pk}-{o.pk}": [str(i)] for i, o in enumerate(rank.options.all(), start=1)},
        f"q{number.pk}": ["12"],
        **extra,
    }


def page_two(poll, *, why="", action="submit", **extra) -> dict:
    when, matrix, short, long_ = (q(poll, i, page=2) for i in range(1, 5))
    data = {
        "page": "2",
        "action": action,
        f"q{when.pk}": ["2026-11-01"],
        **{f"q{matrix.pk}-{o.pk}": ["7"] for o in matrix.options.all()},
        f"q{short.pk}": ["ملاحظة قصيرة"],
        **extra,
    }
    if why:
        data[f"q{long_.pk}"] = [why]
    return data


def quick_answer(poll, position=1) -> dict:
    question = poll.questions.get()
    return {"page": "1", "action": "submit", f"q{question.pk}": [opt(question, position)]}


def html_of(response) -> str:
    return response.content.decode()


def move(poll, *, opens: timedelta, closes: timedelta) -> Poll:
    """Put a published poll's dates relative to now (publishing needs a future closing date)."""
    now = timezone.now()
    Poll.objects.filter(pk=poll.pk).update(opens_at=now + opens, closes_at=now + closes)
    poll.refresh_from_db()
    return poll


# --- The index ------------------------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "lang", "direction"), [("", "ar", "rtl"), ("/en", "en", "ltr")])
def test_index_lists_open_scheduled_and_closed_polls_in_both_languages(
    client, manager, agency, prefix, lang, direction
):
    make_quick_poll(manager, title_en="Open poll")
    later = timezone.now() + timedelta(days=3)
    make_quick_poll(
        manager, title_en="Coming poll", opens_at=later, closes_at=later + timedelta(days=5)
    )
    closed = make_quick_poll(manager, title_en="Closed poll")
    move(closed, opens=timedelta(days=-10), closes=timedelta(days=-1))
    private = make_quick_poll(manager, title_en="Private results", results_policy="staff")
    move(private, opens=timedelta(days=-10), closes=timedelta(days=-2))
    make_quick_poll(manager, title_en="Secret draft", publish=False)
    for page in (f"{prefix}/polls/", f"{prefix}/polls/{agency.slug}/"):
        response = client.get(page)
        assert response.status_code == 200
        html = html_of(response)
        assert f'<html lang="{lang}" dir="{direction}"' in html
        for poll in Poll.objects.exclude(published_at=None):
            assert f"/polls/{agency.slug}/{poll.slug}/" in html
        assert "secret-draft" not in html
        assert f"/polls/{agency.slug}/{closed.slug}/results/" in html
        assert f"/polls/{agency.slug}/{private.slug}/results/" not in html
    html = html_of(client.get("/en/polls/"))
    assert html.index("Open poll") < html.index("Coming poll") < html.index("Closed poll")


def test_index_query_count_does_not_grow_with_the_number_of_polls(client, manager, agency):
    def add(n):
        for _ in range(n):
            make_quick_poll(manager)
            later = timezone.now() + timedelta(days=3)
            make_quick_poll(manager, opens_at=later, closes_at=later + timedelta(days=5))
            closed = make_quick_poll(manager)
            move(closed, opens=timedelta(days=-10), closes=timedelta(days=-1))

    def count(path):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    client.force_login(UserFactory())
    add(1)
    before = [count("/en/polls/"), count(f"/en/polls/{agency.slug}/")]
    add(4)
    assert [count("/en/polls/"), count(f"/en/polls/{agency.slug}/")] == before


def test_index_sections_are_paginated(client, manager, monkeypatch):
    monkeypatch.setattr(selectors, "INDEX_PER_PAGE", 2)
    for i in range(3):
        make_quick_poll(
            manager, title_en=f"Poll number {i}", closes_at=timezone.now() + timedelta(days=i + 1)
        )
    html = html_of(client.get("/en/polls/"))
    assert "Poll number 0" in html and "Poll number 2" not in html
    assert "open_page=2" in html and "Page 1 of 2" in html
    html = html_of(client.get("/en/polls/?open_page=2"))
    assert "Poll number 2" in html and "Poll number 0" not in html


def test_open_polls_are_listed_as_open_now_on_the_home_page(client, manager):
    make_survey(manager, title_en="Digital services survey")
    make_quick_poll(manager, title_en="Not yet", opens_at=timezone.now() + timedelta(days=2))
    html = html_of(client.get("/en/"))
    assert "Digital services survey" in html and "Survey" in html
    assert "Not yet" not in html


# --- Answering a quick poll without an account ----------------------------------------------


def test_quick_poll_answered_anonymously_once_per_browser(client, manager):
    poll = make_quick_poll(manager, audience=Audience.EVERYONE)
    page = client.get(url(poll))
    assert page.status_code == 200
    cookie = page.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) > 3600
    html = html_of(page)
    assert "one per browser" in html and 'value="submit"' in html
    assert "Save and continue later" not in html  # a quick poll, and no account
    sent = client.post(url(poll), quick_answer(poll))
    assert sent.status_code == 303 and sent["Location"] == url(poll)
    after = client.get(url(poll))
    assert "Thank you: your answers were sent." in html_of(after)
    assert "You have already answered this poll." in html_of(after)
    assert 'name="action"' not in html_of(after)
    again = client.post(url(poll), quick_answer(poll, 2))
    assert again.status_code == 403
    assert "already answered" in html_of(again)
    assert Response.objects.filter(poll=poll, status=ResponseStatus.SUBMITTED).count() == 1
    token = Response.objects.get(poll=poll).token
    assert token and token not in cookie.value  # the stored token is derived, not the secret


def test_another_browser_may_answer_but_a_browser_without_the_cookie_may_not(client, manager):
    poll = make_quick_poll(manager, audience=Audience.EVERYONE)
    refused = client.post(url(poll), quick_answer(poll))
    assert refused.status_code == 403
    assert "accept cookies" in html_of(refused)
    assert not Response.objects.exists()
    assert COOKIE_NAME in refused.cookies  # set now: the next try works
    assert client.post(url(poll), quick_answer(poll)).status_code == 303
    assert Response.objects.filter(status=ResponseStatus.SUBMITTED).count() == 1


def test_a_signed_in_poll_asks_anonymous_visitors_to_sign_in(client, manager):
    poll = make_quick_poll(manager, audience=Audience.SIGNED_IN)
    html = html_of(client.get(url(poll)))
    assert "Sign in to answer this poll." in html
    assert f"/en/accounts/login/?next=%2Fen%2Fpolls%2F{poll.agency.slug}%2F{poll.slug}%2F" in html
    assert 'name="action"' not in html
    refused = client.post(url(poll), quick_answer(poll))
    assert refused.status_code == 403 and "Sign in to answer" in html_of(refused)
    assert not Response.objects.exists()
    assert COOKIE_NAME not in refused.cookies


@pytest.mark.parametrize(
    ("audience", "message"),
    [
        (Audience.VERIFIED, "national single sign-on"),
        (Audience.INVITED, "representatives of the agencies invited"),
    ],
)
def test_audience_refusals_are_shown_instead_of_the_form(
    client, manager, other_agency, audience, message
):
    poll = make_quick_poll(manager, publish=False, audience=audience)
    poll.invited_agencies.set([other_agency])
    services.poll_publish(actor=manager, poll=poll)
    client.force_login(UserFactory())
    html = html_of(client.get(url(poll)))
    assert message in html and 'name="action"' not in html
    refused = client.post(url(poll), quick_answer(poll))
    assert refused.status_code == 403 and message in html_of(refused)
    assert not Response.objects.exists()


# --- A survey, page by page -----------------------------------------------------------------


def test_survey_answered_page_by_page_and_resumed_after_signing_in_again(client, manager):
    poll = make_survey(manager)
    user = UserFactory()
    client.force_login(user)
    first = html_of(client.get(url(poll)))
    assert "Page 1 of 2" in first and '<progress class="poll-progress' in first
    assert 'value="next"' in first and "Save and continue later" in first
    assert 'value="back"' not in first
    sent = client.post(url(poll), page_one(poll, used=2))
    assert sent.status_code == 303 and sent["Location"] == url(poll) + "?page=2"

    client.logout()
    client.force_login(user)  # a new session: the draft is found from the account
    resumed = html_of(client.get(url(poll)))
    assert "Page 2 of 2" in resumed and 'value="submit"' in resumed and 'value="back"' in resumed
    assert "لماذا لم تستخدمها؟" in resumed  # page 1 said "No": the follow-up is asked
    earlier = html_of(client.get(url(poll) + "?page=1"))
    used = q(poll, 1)
    assert re.search(rf'id="f-q{used.pk}-o{opt(used, 2)}" value="{opt(used, 2)}" checked', earlier)
    number = q(poll, 5)
    assert f'name="q{number.pk}" id="f-q{number.pk}" value="12"' in earlier

    done = client.post(url(poll), page_two(poll, why="لم أجد ما أحتاجه"))
    assert done.status_code == 303
    response = Response.objects.get(poll=poll, respondent=user)
    assert response.status == ResponseStatus.SUBMITTED
    assert Answer.objects.filter(response=response, final=True).count() == 1 + 2 + 1 + 3 + 1 + 4 + 1
    after = html_of(client.get(url(poll)))
    assert "You have already answered this poll." in after
    assert f"/en/polls/{poll.agency.slug}/{poll.slug}/results/" in after  # live results


def test_a_follow_up_conditioned_on_an_earlier_page_is_skipped(client, manager):
    poll = make_survey(manager)
    client.force_login(UserFactory())
    client.post(url(poll), page_one(poll, used=1))
    page = html_of(client.get(url(poll) + "?page=2"))
    assert "لماذا لم تستخدمها؟" not in page
    assert client.post(url(poll), page_two(poll)).status_code == 303
    assert Response.objects.get().status == ResponseStatus.SUBMITTED


def test_save_and_continue_later_and_back(client, manager):
    poll = make_survey(manager)
    user = UserFactory()
    client.force_login(user)
    saved = client.post(url(poll), page_one(poll, action="save"))
    assert saved.status_code == 303 and saved["Location"] == url(poll)
    assert "Your answers are saved." in html_of(client.get(url(poll)))
    # Back with valid answers keeps them; back with invalid ones keeps nothing of the page.
    back = client.post(url(poll), page_two(poll, action="back", why="سبب"))
    assert back["Location"] == url(poll) + "?page=1"
    when = q(poll, 1, page=2)
    assert Answer.objects.filter(question=when).count() == 1
    broken = page_two(poll, action="back")
    broken[f"q{when.pk}"] = ["not a date"]
    back = client.post(url(poll), broken)
    assert back.status_code == 303
    assert "were not saved" in html_of(client.get(back["Location"]))
    assert Answer.objects.get(question=when).date.isoformat() == "2026-11-01"


def test_invalid_answers_are_refused_with_what_was_typed_kept(client, manager):
    poll = make_survey(manager)
    client.force_login(UserFactory())
    client.post(url(poll), page_one(poll, used=2))
    when, short, long_ = q(poll, 1, page=2), q(poll, 3, page=2), q(poll, 4, page=2)
    data = page_two(poll)
    data[f"q{when.pk}"] = ["the first of May"]
    data[f"q{short.pk}"] = ["نص كتبته بنفسي"]
    refused = client.post(url(poll), data)
    assert refused.status_code == 400
    html = html_of(refused)
    assert "There is a problem" in html
    assert f'href="#f-q{when.pk}"' in html and f'href="#f-q{long_.pk}"' in html
    assert "Enter a date as year-month-day" in html and "This question needs an answer." in html
    assert 'value="the first of May"' in html and 'value="نص كتبته بنفسي"' in html
    assert re.search(rf'id="f-q{when.pk}"[^>]*aria-invalid="true"', html)
    assert f'aria-describedby="q{when.pk}-hint q{when.pk}-error"' in html
    assert Response.objects.get().status == ResponseStatus.DRAFT


def test_submitting_with_a_required_answer_missing_on_an_earlier_page_shows_that_page(
    client, manager
):
    poll = make_survey(manager)
    client.force_login(UserFactory())
    refused = client.post(url(poll) + "?page=2", page_two(poll))  # page 1 never sent
    assert refused.status_code == 400
    html = html_of(refused)
    assert "Page 1 of 2" in html and "This question needs an answer." in html
    assert Answer.objects.filter(question=q(poll, 1, page=2)).exists()  # page 2 was kept
    assert Response.objects.get().status == ResponseStatus.DRAFT


def test_tampered_forms_are_refused(client, manager):
    poll = make_survey(manager)
    user, other = UserFactory(), UserFactory()
    client.force_login(other)
    client.post(url(poll), page_one(poll))
    theirs = Response.objects.get(respondent=other)
    client.force_login(user)
    used = q(poll, 1)
    bad_option = page_one(poll)
    bad_option[f"q{used.pk}"] = ["999999"]
    refused = client.post(url(poll), bad_option)
    assert refused.status_code == 400 and "Choose from the options given." in html_of(refused)
    no_page = client.post(url(poll), page_one(poll, page="7"))
    assert no_page.status_code == 400
    assert "This page of the survey does not exist." in html_of(no_page)
    # A response id in the form is not read: the answers go to the user's own response.
    client.post(url(poll), page_one(poll, used=2, response=str(theirs.pk)))
    mine = Response.objects.get(respondent=user)
    assert mine.pk != theirs.pk
    assert Answer.objects.filter(response=mine, option_id=int(opt(used, 2))).exists()
    assert not Answer.objects.filter(response=theirs, option_id=int(opt(used, 2))).exists()
    assert client.get(url(poll) + "?page=9").status_code == 404


# --- Closed, scheduled, drafts, the preview -------------------------------------------------


def test_closed_and_scheduled_polls_show_their_state_and_take_no_answers(client, manager):
    client.force_login(UserFactory())
    closed = move(make_quick_poll(manager), opens=timedelta(days=-9), closes=timedelta(days=-1))
    html = html_of(client.get(url(closed)))
    assert "This poll is closed." in html and 'name="action"' not in html
    assert "See the results" in html
    refused = client.post(url(closed), quick_answer(closed))
    assert refused.status_code == 403 and "This poll is closed." in html_of(refused)
    later = timezone.now() + timedelta(days=4)
    scheduled = make_quick_poll(manager, opens_at=later, closes_at=later + timedelta(days=3))
    html = html_of(client.get(url(scheduled)))
    assert "This poll is not open yet." in html and "It opens on" in html
    assert client.post(url(scheduled), quick_answer(scheduled)).status_code == 403
    assert not Response.objects.exists()


def test_drafts_are_not_found_by_the_public_but_staff_preview_them(client, manager, agency):
    draft = make_survey(manager, publish=False)
    assert client.get(url(draft)).status_code == 404
    assert client.get(url(draft) + "?preview=1").status_code == 404
    client.force_login(UserFactory())
    assert client.get(url(draft) + "?preview=1").status_code == 404
    client.force_login(manager)
    page = client.get(url(draft) + "?preview=1")
    assert page.status_code == 200
    html = html_of(page)
    assert "Preview" in html and "nothing is saved" in html and "?preview=1&amp;page=2" in html
    second = html_of(client.get(url(draft) + "?preview=1&page=2"))
    assert "لماذا لم تستخدمها؟" in second and "Shown only to respondents who chose" in second
    refused = client.post(url(draft) + "?preview=1", {"page": "1", "action": "next"})
    assert refused.status_code == 400 and "This question needs an answer." in html_of(refused)
    checked = client.post(url(draft) + "?preview=1", page_one(draft))
    assert checked.status_code == 303 and checked["Location"].endswith("?preview=1&page=2")
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_staff_of_another_agency_cannot_preview(client, manager, other_agency):
    draft = make_quick_poll(manager, publish=False)
    client.force_login(make_staff(other_agency, "manager"))
    assert client.get(url(draft) + "?preview=1").status_code == 404


# --- Written answers shown publicly ---------------------------------------------------------


def test_written_answers_go_public_only_when_the_respondent_opts_in_and_accepts_the_rules(
    client, manager, agency
):
    rules_publish(actor=manager, agency=agency, body_ar="القواعد", body_en="The rules")
    poll = make_survey(manager)
    client.force_login(UserFactory())
    client.post(url(poll), page_one(poll, used=2))
    page = html_of(client.get(url(poll)))
    assert "Show my written answers publicly (after moderation)" in page
    assert "I accept the participation rules" in page
    data = page_two(poll, why="رأيي المكتوب", show_publicly="on")
    refused = client.post(url(poll), data)
    assert refused.status_code == 400 and "accept the participation rules" in html_of(refused)
    assert 'value="رأيي المكتوب"' not in html_of(refused)  # a textarea keeps it as its content
    assert "رأيي المكتوب" in html_of(refused)
    data.update(accept_rules="on", rules_version=str(current_rules(agency=agency).pk))
    assert client.post(url(poll), data).status_code == 303
    answer = Answer.objects.get(question=q(poll, 4, page=2))
    assert answer.contribution is not None


def test_anonymous_respondents_are_told_their_written_answers_stay_private(client, manager):
    poll = make_survey(manager, audience=Audience.EVERYONE)
    client.get(url(poll))
    client.post(url(poll), page_one(poll, used=2))
    html = html_of(client.get(url(poll)))
    assert "Answers given without signing in are never shown publicly." in html
    assert "Show my written answers publicly" not in html
    assert "Save and continue later" not in html


@pytest.mark.parametrize(("prefix", "lang", "direction"), [("", "ar", "rtl"), ("/en", "en", "ltr")])
def test_poll_page_renders_in_both_languages(client, manager, prefix, lang, direction):
    poll = make_survey(manager, results_policy=ResultsPolicy.AFTER_CLOSE)
    html = html_of(client.get(url(poll, prefix)))
    assert f'<html lang="{lang}" dir="{direction}"' in html
    assert html.count("<h1") == 1
    assert ("استطلاع عن الخدمات الرقمية" if lang == "ar" else "Survey on digital services") in html
    assert "/results/" not in html  # shown after closing only
