"""Results: what each kind of question adds up to, who may see them when, and the cache."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from musharaka.core.models import ParticipantType, Representation, RepresentationStatus
from musharaka.participation.models import Contribution, Status
from musharaka.polls import results, services
from musharaka.polls.models import Answer, Audience, Poll, ResultsPolicy
from tests.factories import AgencyFactory, UserFactory
from tests.polls.poll_data import make_quick_poll, make_survey

pytestmark = pytest.mark.django_db


# --- Helpers shared with the export and page tests ------------------------------------------


def q(poll, position, page=1):
    return poll.questions.get(page=page, position=position)


def opt(question, position):
    return str(question.options.get(position=position).pk)


def representative(kind=ParticipantType.AGENCY):
    """A user who answers as a confirmed representative (their participant type is ``kind``)."""
    user = UserFactory()
    Representation.objects.create(
        user=user,
        kind=kind,
        agency=AgencyFactory() if kind == ParticipantType.AGENCY else None,
        organisation_name="" if kind == ParticipantType.AGENCY else "شركة",
        status=RepresentationStatus.CONFIRMED,
        decided_at=timezone.now(),
    )
    return user


def answer_survey(
    poll,
    user=None,
    *,
    used=1,
    services_picked=(1, 3),
    scale="4",
    ranks=(1, 2, 3),
    number="12",
    when="2026-11-01",
    matrix=("7", "9"),
    short="ملاحظة قصيرة",
    why="",
    show_publicly=False,
):
    """Submit one response to ``make_survey``'s survey (both pages)."""
    user = user or UserFactory()
    used_q, multi, scale_q, rank, number_q = (q(poll, i) for i in range(1, 6))
    page_one = {
        f"q{used_q.pk}": [opt(used_q, used)],
        f"q{multi.pk}": [opt(multi, i) for i in services_picked],
        f"q{scale_q.pk}": [scale],
        **{f"q{rank.pk}-{o.pk}": [str(r)] for o, r in zip(rank.options.all(), ranks, strict=True)},
        f"q{number_q.pk}": [number] if number else [],
    }
    when_q, matrix_q, short_q, long_q = (q(poll, i, page=2) for i in range(1, 5))
    page_two = {
        f"q{when_q.pk}": [when] if when else [],
        **{
            f"q{matrix_q.pk}-{o.pk}": [v]
            for o, v in zip(matrix_q.options.all(), matrix, strict=True)
        },
        f"q{short_q.pk}": [short] if short else [],
    }
    if why:
        page_two[f"q{long_q.pk}"] = [why]
    response = services.response_start(actor=user, poll=poll)
    services.response_save_page(actor=user, response=response, page=1, data=page_one)
    services.response_save_page(
        actor=user,
        response=response,
        page=2,
        data=page_two,
        submit=True,
        show_publicly=show_publicly,
    )
    return response


def answer_quick(poll, user=None, *, choice=1):
    user = user or UserFactory()
    question = poll.questions.get()
    response = services.response_start(actor=user, poll=poll)
    services.response_save_page(
        actor=user,
        response=response,
        page=1,
        data={f"q{question.pk}": [opt(question, choice)]},
        submit=True,
    )
    return response


def fresh(poll) -> Poll:
    return Poll.objects.select_related("agency").get(pk=poll.pk)


def by_position(poll_results, position):
    return poll_results.questions[position - 1]


# --- Counting -------------------------------------------------------------------------------


def test_single_choice_counts_and_percentages(english, manager):
    poll = make_quick_poll(manager)
    for choice in (1, 1, 1, 2):
        answer_quick(poll, choice=choice)
    found = results.poll_results(poll=fresh(poll), language="en")
    question = found.questions[0]
    assert found.respondents == 4
    assert question.answered == 4
    assert [(b.label, b.count, b.percent_text) for b in question.bars] == [
        ("نعم (en)", 3, "75%"),
        ("لا (en)", 1, "25%"),
        ("إلى حد ما (en)", 0, "0%"),
    ]


def test_every_kind_of_question_of_a_survey(english, manager):
    poll = make_survey(manager)
    answer_survey(poll, services_picked=(1, 3), scale="4", ranks=(1, 2, 3), number="10")
    answer_survey(poll, services_picked=(1,), scale="2", ranks=(2, 1, 3), number="20")
    answer_survey(
        poll,
        used=2,
        services_picked=(2,),
        scale="5",
        ranks=(1, 3, 2),
        number="",
        when="2026-12-05",
        matrix=("0", "10"),
        why="لم أجد ما أحتاجه",
    )
    found = results.poll_results(poll=fresh(poll), language="en")
    used, multi, scale, rank, number, when, matrix, short, long_ = found.questions

    assert [(b.count, b.percent_text) for b in used.bars] == [(2, "66.7%"), (1, "33.3%")]
    # Multiple choice: a share of the people who answered, so the shares add up past 100%.
    assert multi.answered == 3
    assert [(b.count, b.percent_text) for b in multi.bars] == [
        (2, "66.7%"),
        (1, "33.3%"),
        (1, "33.3%"),
        (0, "0%"),
    ]
    assert scale.average_text == "3.67"
    assert [(b.label, b.count) for b in scale.bars] == [
        ("1", 0),
        ("2", 1),
        ("3", 0),
        ("4", 1),
        ("5", 1),
    ]
    assert scale.bars[0].note == "صعب"  # the scale's low end has only an Arabic label
    # Ranking: the average rank, best first, and how often each was ranked first.
    assert [(r.label, r.average_text, r.first) for r in rank.ranking] == [
        ("السرعة (en)", "1.33", 2),
        ("الوضوح (en)", "2", 1),
        ("الخصوصية (en)", "2.67", 0),
    ]
    assert dict(number.stats) == {
        "Answers": "2",
        "Mean": "15",
        "Median": "15",
        "Smallest": "10",
        "Largest": "20",
    }
    assert dict(when.stats)["Earliest"] == "2026-11-01"
    assert dict(when.stats)["Latest"] == "2026-12-05"
    assert [(b.label, b.count) for b in when.bars] == [("2026-11", 2), ("2026-12", 1)]
    assert matrix.answered == 3
    assert [(row.average_text, row.answered) for row in matrix.matrix] == [
        ("4.67", 3),
        ("9.33", 3),
    ]
    assert matrix.matrix[0].cells[0] == (0, 1, pytest.approx(100 / 3))
    assert short.answered == 3
    assert long_.answered == 1


def test_median_of_an_odd_count_is_the_middle_answer(english, manager):
    poll = make_survey(manager)
    for value in ("3", "100", "7"):
        answer_survey(poll, number=value)
    number = by_position(results.poll_results(poll=fresh(poll), language="en"), 5)
    assert dict(number.stats)["Median"] == "7"
    assert dict(number.stats)["Mean"] == "36.67"


def test_only_final_answers_count(english, manager):
    poll = make_quick_poll(manager)
    answer_quick(poll, choice=1)
    user = UserFactory()
    question = poll.questions.get()
    draft = services.response_start(actor=user, poll=poll)
    services.response_save_page(
        actor=user, response=draft, page=1, data={f"q{question.pk}": [opt(question, 2)]}
    )
    assert Answer.objects.filter(response=draft, final=False).count() == 1
    found = results.poll_results(poll=fresh(poll), language="en")
    assert [b.count for b in found.questions[0].bars] == [1, 0, 0]
    assert found.respondents == 1


def test_breakdown_by_participant_type(english, manager):
    poll = make_survey(manager)
    answer_survey(poll, scale="5")
    answer_survey(poll, scale="3")
    answer_survey(poll, representative(), used=2, scale="1", why="لا أحتاجها")
    found = results.poll_results(poll=fresh(poll), language="en")
    assert [(b.label, b.count) for b in found.by_type] == [
        ("Citizen", 2),
        ("Government agency representative", 1),
    ]
    used = by_position(found, 1)
    assert used.breakdown.columns == ["Citizen (2)", "Government agency representative (1)"]
    assert used.breakdown.rows[0][1] == ["2 (100%)", "0 (0%)"]
    assert used.breakdown.rows[1][1] == ["0 (0%)", "1 (100%)"]
    scale = by_position(found, 3)
    assert scale.breakdown.rows == [
        ("Citizen", ["4", "2"]),
        ("Government agency representative", ["1", "1"]),
    ]


def test_no_breakdown_when_everyone_is_the_same_type(english, manager):
    poll = make_quick_poll(manager)
    answer_quick(poll)
    assert results.poll_results(poll=fresh(poll), language="en").questions[0].breakdown is None


def test_labels_follow_the_language(manager):
    poll = make_quick_poll(manager)
    answer_quick(poll)
    arabic = results.poll_results(poll=fresh(poll), language="ar").questions[0]
    english = results.poll_results(poll=fresh(poll), language="en").questions[0]
    assert arabic.bars[0].label == "نعم"
    assert english.bars[0].label == "نعم (en)"


# --- Charts ---------------------------------------------------------------------------------


def test_chart_is_an_image_with_a_title_and_mirrors_in_arabic(manager):
    poll = make_quick_poll(manager)
    answer_quick(poll, choice=1)
    arabic = results.poll_results(poll=fresh(poll), language="ar").questions[0].chart
    english = results.poll_results(poll=fresh(poll), language="en").questions[0].chart
    assert 'role="img"' in arabic and "<title id=" in arabic and "aria-labelledby=" in arabic
    assert "<script" not in arabic
    # The full bar (100%) starts at the left edge in English and ends at the right in Arabic.
    assert '<rect x="0" y="28" width="408.0"' in english
    assert '<rect x="72.0" y="28" width="408.0"' in arabic
    assert 'direction="rtl"' in arabic and 'direction="rtl"' not in english


# --- When results are public ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "closed", "reason"),
    [
        (ResultsPolicy.LIVE, False, None),
        (ResultsPolicy.LIVE, True, None),
        (ResultsPolicy.AFTER_CLOSE, False, ResultsPolicy.AFTER_CLOSE),
        (ResultsPolicy.AFTER_CLOSE, True, None),
        (ResultsPolicy.STAFF, False, ResultsPolicy.STAFF),
        (ResultsPolicy.STAFF, True, ResultsPolicy.STAFF),
    ],
)
def test_results_policy(manager, policy, closed, reason):
    poll = make_quick_poll(manager, results_policy=policy)
    if closed:
        services.poll_close(actor=manager, poll=poll)
    assert results.hidden_reason(poll=fresh(poll)) == reason


def test_a_draft_has_no_public_results(manager):
    poll = make_quick_poll(manager, publish=False)
    assert results.hidden_reason(poll=poll) == ResultsPolicy.STAFF


# --- The cache ------------------------------------------------------------------------------


def test_results_are_cached_until_a_response_arrives(english, manager):
    poll = make_quick_poll(manager, results_policy=ResultsPolicy.AFTER_CLOSE)
    answer_quick(poll)
    services.poll_close(actor=manager, poll=fresh(poll))
    closed = fresh(poll)
    results.poll_results(poll=closed)
    with CaptureQueriesContext(connection) as cached:
        again = results.poll_results(poll=closed)
    assert again.respondents == 1
    assert not any("polls_answer" in q["sql"] for q in cached.captured_queries)
    # A closed poll's count cannot lag: a changed count is read afresh at once.
    Poll.objects.filter(pk=poll.pk).update(response_count=2)
    with CaptureQueriesContext(connection) as recount:
        results.poll_results(poll=fresh(poll))
    assert any("polls_answer" in q["sql"] for q in recount.captured_queries)


def test_an_open_poll_reuses_results_up_to_30_seconds(english, manager):
    poll = make_quick_poll(manager)
    answer_quick(poll, choice=1)
    first = results.poll_results(poll=fresh(poll))
    answer_quick(poll, choice=2)
    soon = results.poll_results(poll=fresh(poll), now=first.computed_at + timedelta(seconds=10))
    assert soon.respondents == 1
    assert soon.computed_at == first.computed_at
    later = results.poll_results(poll=fresh(poll), now=first.computed_at + timedelta(seconds=31))
    assert later.respondents == 2
    assert [b.count for b in later.questions[0].bars] == [1, 1, 0]


def test_editing_the_poll_refreshes_the_results(english, manager):
    poll = make_quick_poll(manager)
    answer_quick(poll)
    first = results.poll_results(poll=fresh(poll))
    answer_quick(poll)
    services.poll_close(actor=manager, poll=fresh(poll))  # changes updated_at
    closed = results.poll_results(poll=fresh(poll), now=first.computed_at + timedelta(seconds=1))
    assert closed.respondents == 2


def test_results_queries_do_not_grow_with_responses(english, manager):
    def queries(poll) -> int:
        poll = fresh(poll)
        with CaptureQueriesContext(connection) as captured:
            results.compute_tally(poll=poll)
        return len(captured)

    small = make_survey(manager, title_en="Small")
    answer_survey(small)
    big = make_survey(manager, title_en="Big")
    for i in range(5):
        answer_survey(big, used=1 + i % 2, why="سبب" if i % 2 else "")
    # Questions and options, then three grouped reads.
    assert queries(small) == queries(big) == 5


# --- Free-text answers ----------------------------------------------------------------------


def test_public_texts_are_the_published_ones_only(english, manager):
    poll = make_survey(manager)
    answer_survey(poll, used=2, why="النص الأول المنشور", show_publicly=True)
    answer_survey(poll, used=2, why="النص الثاني المخفي", show_publicly=True)
    answer_survey(poll, used=2, why="نص لم يطلب صاحبه نشره")
    long_q = q(poll, 4, page=2)
    hidden = Contribution.objects.get(body__contains="المخفي")
    hidden.status = Status.HIDDEN
    hidden.save()
    page = results.public_texts(poll=poll, question=long_q)
    assert [c.body for c in page.object_list] == ["النص الأول المنشور"]
    # Moderation shows at once: nothing of the texts is cached.
    hidden.status = Status.PUBLISHED
    hidden.save()
    page = results.public_texts(poll=poll, question=long_q)
    assert page.paginator.count == 2


def test_staff_texts_are_paginated_and_say_who_unless_anonymous(english, manager):
    poll = make_survey(manager)
    for i in range(results.STAFF_TEXTS_PER_PAGE + 2):
        answer_survey(poll, short=f"ملاحظة {i}")
    short_q = q(poll, 3, page=2)
    first = results.staff_texts(poll=fresh(poll), question=short_q)
    assert first.paginator.num_pages == 2
    assert first.object_list[0].response.respondent is not None
    second = results.staff_texts(poll=fresh(poll), question=short_q, page="2")
    assert [a.text for a in second.object_list] == [
        f"ملاحظة {results.STAFF_TEXTS_PER_PAGE}",
        f"ملاحظة {results.STAFF_TEXTS_PER_PAGE + 1}",
    ]
    assert results.staff_texts(poll=poll, question=short_q, page="nonsense").number == 1


def test_anonymous_everyone_poll_counts_token_responses(english, manager):
    poll = make_quick_poll(manager, audience=Audience.EVERYONE)
    question = poll.questions.get()
    for i in range(3):
        anonymous = AnonymousUser()
        response = services.response_start(
            actor=anonymous, poll=poll, token=services.new_token(), ip=f"10.0.0.{i}"
        )
        services.response_save_page(
            actor=anonymous,
            response=response,
            page=1,
            data={f"q{question.pk}": [opt(question, 3)]},
            submit=True,
        )
    found = results.poll_results(poll=fresh(poll), language="en")
    assert [b.count for b in found.questions[0].bars] == [0, 0, 3]
