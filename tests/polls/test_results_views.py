"""The public results page and the staff results page, as their readers see them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from musharaka.participation.models import Contribution, Status
from musharaka.polls import results, services
from musharaka.polls.models import ResultsPolicy
from tests.conftest import make_staff
from tests.factories import UserFactory
from tests.polls.poll_data import make_quick_poll, make_survey
from tests.polls.test_results import answer_quick, answer_survey, fresh, q, representative

pytestmark = pytest.mark.django_db


def public_url(poll, lang="en"):
    with translation.override(lang):
        return reverse("polls:results", args=[poll.agency.slug, poll.slug])


def staff_url(poll, lang="en", agency=None):
    with translation.override(lang):
        return reverse("workspace:poll_results", args=[(agency or poll.agency).slug, poll.pk])


def text_of(response) -> str:
    """The page's visible words, tags removed and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style|title)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- Public page ----------------------------------------------------------------------------


def test_live_results_show_counts_percentages_a_chart_and_its_table(client, manager):
    poll = make_quick_poll(manager)
    for choice in (1, 1, 2):
        answer_quick(poll, choice=choice)
    response = client.get(public_url(poll))
    assert response.status_code == 200
    html = response.content.decode()
    words = text_of(response)
    assert "3 people answered." in words
    assert "نعم (en) 2 66.7%" in words
    assert "لا (en) 1 33.3%" in words
    assert 'role="img"' in html and "<caption>Share of the answers</caption>" in html
    assert '<th scope="row"' in html
    assert "Results as of" in words  # the poll is open: the numbers may lag a little
    assert "<script" not in html.split("<main", 1)[1]


def test_arabic_page_draws_bars_from_the_right(client, manager):
    poll = make_quick_poll(manager)
    answer_quick(poll, choice=1)
    html = client.get(public_url(poll, lang="ar")).content.decode()
    assert 'lang="ar" dir="rtl"' in html
    assert 'direction="rtl"' in html
    assert '<rect x="72.0" y="28" width="408.0"' in html  # the full bar ends at the right edge


def test_results_after_closing_say_when_until_then(client, manager):
    poll = make_quick_poll(manager, results_policy=ResultsPolicy.AFTER_CLOSE)
    answer_quick(poll)
    response = client.get(public_url(poll))
    assert response.status_code == 200
    words = text_of(response)
    assert "The results are published when the poll closes" in words
    assert "people answered" not in words and "person answered" not in words
    services.poll_close(actor=manager, poll=fresh(poll))
    words = text_of(client.get(public_url(poll)))
    assert "1 person answered." in words
    assert "Results as of" not in words  # closed: the numbers are final


def test_staff_only_results_are_never_public_but_the_statement_is(client, manager):
    poll = make_quick_poll(manager, results_policy=ResultsPolicy.STAFF)
    answer_quick(poll)
    services.poll_close(actor=manager, poll=fresh(poll))
    services.poll_statement_publish(
        actor=manager,
        poll=fresh(poll),
        statement_ar="سنطور الخدمة",
        statement_en="We will improve the service.",
    )
    response = client.get(public_url(poll))
    assert response.status_code == 200
    words = text_of(response)
    assert "The agency keeps the results of this poll for its own use" in words
    assert "person answered" not in words
    assert "We will improve the service." in words
    assert "What the agency will do with the results" in words
    assert re.search(r"Published <time datetime=", response.content.decode())  # its date


def test_a_draft_or_an_unknown_poll_is_not_found(client, manager):
    draft = make_quick_poll(manager, publish=False)
    assert client.get(public_url(draft)).status_code == 404
    url = reverse("polls:results", args=[draft.agency.slug, "no-such-poll"])
    assert client.get(url).status_code == 404


def test_public_page_shows_published_texts_a_page_at_a_time(client, manager):
    poll = make_survey(manager)
    total = results.PUBLIC_TEXTS_PER_PAGE + 3
    for i in range(total):
        answer_survey(
            poll, used=2, why=f"سبب رقم {i}", short=f"ملاحظة خاصة {i}", show_publicly=True
        )
    hidden = Contribution.objects.get(body="سبب رقم 0")
    hidden.status = Status.HIDDEN
    hidden.save()
    long_q = q(poll, 4, page=2)
    words = text_of(client.get(public_url(poll)))
    assert f"سبب رقم {total - 1}" in words  # newest first
    assert "سبب رقم 1 " not in words  # on page 2
    assert "ملاحظة خاصة" not in words  # short answers are not public
    assert "The answers to this question are not published." in words
    second = text_of(client.get(public_url(poll) + f"?answers=q{long_q.pk}&page=2"))
    assert "سبب رقم 1 " in second
    assert "سبب رقم 0" not in second  # hidden by a moderator
    assert "Page 2 of 2" in second


def test_public_page_queries_do_not_grow_with_responses(client, manager):
    def queries(poll) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as cold:
            assert client.get(public_url(poll)).status_code == 200
        with CaptureQueriesContext(connection) as cached:  # the numbers, not the texts
            assert client.get(public_url(poll)).status_code == 200
        assert len(cached) < len(cold)
        return len(cold), len(cached)

    small = make_survey(manager, title_en="Small")
    answer_survey(small, used=2, why="سبب", show_publicly=True)
    big = make_survey(manager, title_en="Big")
    for i in range(12):
        user = representative() if i % 2 else None
        answer_survey(big, user, used=2, why=f"سبب {i}", show_publicly=True)
    assert queries(small) == queries(big)


# --- Staff page -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["manager", "analyst", "editor"])
def test_staff_who_may_see_responses_get_the_results(client, agency, manager, role):
    poll = make_survey(manager)
    answer_survey(poll, short="ملاحظة للموظفين")
    client.force_login(make_staff(agency, role))
    response = client.get(staff_url(poll))
    assert response.status_code == 200
    words = text_of(response)
    assert "1 person answered." in words
    assert "ملاحظة للموظفين" in words  # every text answer, published or not
    assert "Responses (CSV, one row per response)" in words


def test_moderators_are_refused(client, agency, manager):
    poll = make_quick_poll(manager)
    client.force_login(make_staff(agency, "moderator"))
    assert client.get(staff_url(poll)).status_code == 403


def test_other_agencies_staff_get_404(client, manager, other_agency):
    poll = make_quick_poll(manager)
    client.force_login(make_staff(other_agency, "manager"))
    assert client.get(staff_url(poll)).status_code == 404
    # Nor through their own workspace address.
    assert client.get(staff_url(poll, agency=other_agency)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, manager):
    poll = make_quick_poll(manager)
    response = client.get(staff_url(poll))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_see_who_wrote_a_text_unless_results_are_anonymous(client, manager):
    named = make_survey(manager, title_en="Named")
    anonymous = make_survey(manager, title_en="Anonymous", anonymous_results=True)
    for poll in (named, anonymous):
        answer_survey(poll, UserFactory(email=f"someone@{poll.pk}.example"), short="رأيي")
    client.force_login(manager)
    assert f"someone@{named.pk}.example" in text_of(client.get(staff_url(named)))
    words = text_of(client.get(staff_url(anonymous)))
    assert "رأيي" in words
    assert f"someone@{anonymous.pk}.example" not in words
    assert "who answered is shown neither here nor in the downloads" in words


def test_staff_see_results_the_public_does_not(client, manager):
    poll = make_quick_poll(manager, results_policy=ResultsPolicy.STAFF)
    answer_quick(poll)
    client.force_login(manager)
    words = text_of(client.get(staff_url(poll)))
    assert "1 person answered." in words
    assert "The public does not see them." in words


def test_staff_page_queries_do_not_grow_with_responses(client, manager):
    client.force_login(manager)

    def queries(poll) -> int:
        with CaptureQueriesContext(connection) as cold:
            assert client.get(staff_url(poll)).status_code == 200
        return len(cold)

    small = make_survey(manager, title_en="Small")
    answer_survey(small, used=2, why="سبب")
    big = make_survey(manager, title_en="Big")
    for i in range(30):
        answer_survey(big, representative() if i % 2 else None, used=1 + i % 2, why="سبب")
    assert queries(small) == queries(big)
