"""Answering: every question type checked, conditions, pages, drafts, one response per person."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from musharaka.polls import services
from musharaka.polls.models import Answer, Audience, Response, ResponseStatus
from tests.factories import UserFactory
from tests.polls.poll_data import make_quick_poll, make_survey

pytestmark = pytest.mark.django_db


def q(poll, position, page=1):
    return poll.questions.get(page=page, position=position)


def opt(question, position):
    return str(question.options.get(position=position).pk)


def page_one(poll, *, used=1) -> dict:
    used_q, multi, scale, rank, number = (q(poll, i) for i in range(1, 6))
    return {
        f"q{used_q.pk}": [opt(used_q, used)],
        f"q{multi.pk}": [opt(multi, 1), opt(multi, 3)],
        f"q{scale.pk}": ["٤"],  # Arabic-Indic digits are read as digits
        **{f"q{rank.pk}-{o.pk}": [str(i)] for i, o in enumerate(rank.options.all(), start=1)},
        f"q{number.pk}": ["12"],
    }


def page_two(poll, *, why="") -> dict:
    when, matrix, short, long_ = (q(poll, i, page=2) for i in range(1, 5))
    data = {
        f"q{when.pk}": ["2026-11-01"],
        **{f"q{matrix.pk}-{o.pk}": ["7"] for o in matrix.options.all()},
        f"q{short.pk}": ["ملاحظة قصيرة"],
    }
    if why:
        data[f"q{long_.pk}"] = [why]
    return data


def test_a_survey_is_answered_page_by_page_and_counted(english, manager):
    poll = make_survey(manager)
    user = UserFactory()
    response = services.response_start(actor=user, poll=poll)
    services.response_save_page(actor=user, response=response, page=1, data=page_one(poll))
    assert response.page == 2
    services.response_save_page(
        actor=user, response=response, page=2, data=page_two(poll), submit=True
    )
    response.refresh_from_db()
    poll.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    assert poll.response_count == 1
    assert (
        Answer.objects.filter(response=response, final=True).count()
        == 1 + 2 + 1 + 3 + 1 + 1 + 2 + 1
    )


def test_condition_makes_a_hidden_question_optional_and_a_shown_one_required(english, manager):
    poll = make_survey(manager)
    user = UserFactory()
    response = services.response_start(actor=user, poll=poll)
    services.response_save_page(actor=user, response=response, page=1, data=page_one(poll, used=2))
    with pytest.raises(ValidationError) as refused:
        services.response_save_page(
            actor=user, response=response, page=2, data=page_two(poll), submit=True
        )
    assert "This question needs an answer." in str(refused.value)
    services.response_save_page(
        actor=user,
        response=response,
        page=2,
        data=page_two(poll, why="لم أجد ما أحتاجه"),
        submit=True,
    )
    assert Response.objects.get(pk=response.pk).status == ResponseStatus.SUBMITTED


@pytest.mark.parametrize(
    "field,value,message",
    [
        (1, ["999999"], "Choose from the options given."),
        (3, ["9"], "Choose a point from 1 to 5."),
        (5, ["ten"], "Enter a number"),
        (5, ["5000"], "Enter 1000 or less."),
    ],
)
def test_bad_answers_are_refused_with_a_reason(english, manager, field, value, message):
    poll = make_survey(manager)
    user = UserFactory()
    response = services.response_start(actor=user, poll=poll)
    data = page_one(poll)
    data[f"q{q(poll, field).pk}"] = value
    with pytest.raises(ValidationError) as refused:
        services.response_save_page(actor=user, response=response, page=1, data=data)
    assert message in str(refused.value)
    assert not Answer.objects.filter(response=response).exists()


def test_a_second_response_is_refused(english, manager):
    poll = make_quick_poll(manager)
    user = UserFactory()
    question = poll.questions.get()
    response = services.response_start(actor=user, poll=poll)
    services.response_save_page(
        actor=user,
        response=response,
        page=1,
        data={f"q{question.pk}": [opt(question, 1)]},
        submit=True,
    )
    with pytest.raises(PermissionDenied, match="already answered"):
        services.response_start(actor=user, poll=poll)


def test_anonymous_quick_poll_is_guarded_by_the_browser_token(english, manager):
    poll = make_quick_poll(manager, audience=Audience.EVERYONE)
    anonymous = AnonymousUser()
    token = services.new_token()
    question = poll.questions.get()
    response = services.response_start(actor=anonymous, poll=poll, token=token, ip="10.0.0.1")
    services.response_save_page(
        actor=anonymous,
        response=response,
        page=1,
        data={f"q{question.pk}": [opt(question, 2)]},
        submit=True,
    )
    with pytest.raises(PermissionDenied, match="already answered"):
        services.response_start(actor=anonymous, poll=poll, token=token, ip="10.0.0.1")
    with pytest.raises(PermissionDenied, match="Sign in"):
        services.response_start(
            actor=anonymous, poll=make_quick_poll(manager, title_en="Other"), token=token
        )


def test_the_polls_space_takes_only_answers_put_forward_while_open(english, manager):
    """Nothing reaches a poll's public texts by the shared comment path: no replies, no texts
    on other targets, nothing once the poll has closed."""
    from musharaka.participation.selectors import space_for
    from musharaka.participation.services import contribution_submit

    poll = make_survey(manager)
    space = space_for(owner=poll)
    public = poll.questions.get(answers_public=True)
    private = poll.questions.exclude(answers_public=True).first()
    citizen = UserFactory()
    text = contribution_submit(actor=citizen, space=space, body="رأيي في الخدمة", target=public)
    with pytest.raises(ValidationError, match="it takes no comments"):
        contribution_submit(
            actor=UserFactory(), space=space, body="رد على الرأي", target=public, parent=text
        )
    with pytest.raises(ValidationError, match="it takes no comments"):
        contribution_submit(actor=UserFactory(), space=space, body="نص آخر", target=private)

    services.poll_close(actor=manager, poll=poll)
    public.poll.refresh_from_db()
    with pytest.raises(PermissionDenied, match="This poll is closed"):
        contribution_submit(actor=UserFactory(), space=space, body="متأخر", target=public)
