"""Building polls: roles, what may change once answered, publishing and the statement."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from musharaka.notifications.models import Notification
from musharaka.polls import services
from musharaka.polls.models import Phase, PollKind, QuestionKind, QuestionRevision
from tests.conftest import make_staff
from tests.factories import UserFactory
from tests.polls.poll_data import make_quick_poll, make_survey, options, poll_settings

pytestmark = pytest.mark.django_db


def answer_quick_poll(poll, user=None):
    user = user or UserFactory()
    question = poll.questions.get()
    response = services.response_start(actor=user, poll=poll)
    first = str(question.options.first().pk)
    services.response_save_page(
        actor=user, response=response, page=1, data={f"q{question.pk}": [first]}, submit=True
    )
    return user


@pytest.mark.parametrize("role", ["moderator", "responder", "analyst"])
def test_only_editors_and_managers_build_polls(english, agency, role):
    with pytest.raises(PermissionDenied):
        services.poll_create(
            actor=make_staff(agency, role), agency=agency, kind=PollKind.QUICK, data=poll_settings()
        )


def test_staff_of_another_agency_cannot_touch_a_poll(english, manager, other_agency):
    poll = make_quick_poll(manager, publish=False)
    outsider = make_staff(other_agency, "manager")
    with pytest.raises(PermissionDenied):
        services.poll_update(actor=outsider, poll=poll, data={"title_ar": "عنوان آخر"})
    with pytest.raises(PermissionDenied):
        services.poll_publish(actor=outsider, poll=poll)


def test_a_quick_poll_has_one_question(english, manager):
    poll = make_quick_poll(manager, publish=False)
    with pytest.raises(ValidationError, match="one question"):
        services.question_add(
            actor=manager,
            poll=poll,
            data={"kind": QuestionKind.SCALE, "text_ar": "سؤال ثانٍ"},
        )


def test_publishing_says_what_is_missing(english, manager):
    poll = services.poll_create(
        actor=manager,
        agency=manager.memberships.get().agency,
        kind=PollKind.SURVEY,
        data=poll_settings(),
    )
    with pytest.raises(ValidationError, match="Add at least one question"):
        services.poll_publish(actor=manager, poll=poll)
    assert poll.phase == Phase.DRAFT


def test_bad_settings_are_refused_per_field(english, manager):
    agency = manager.memberships.get().agency
    settings = poll_settings(title_ar="  ")
    settings["closes_at"] = settings["opens_at"]
    with pytest.raises(ValidationError) as refused:
        services.poll_create(actor=manager, agency=agency, kind=PollKind.QUICK, data=settings)
    assert set(refused.value.message_dict) == {"title_ar", "closes_at"}


def test_choice_question_needs_two_options_and_scales_are_1_5_or_0_10(english, manager):
    poll = make_survey(manager, publish=False)
    with pytest.raises(ValidationError, match="at least two options"):
        services.question_add(
            actor=manager,
            poll=poll,
            data={"kind": QuestionKind.SINGLE, "text_ar": "سؤال"},
            options=options("وحيد"),
        )
    with pytest.raises(ValidationError, match="1 to 5 or from 0 to 10"):
        services.question_add(
            actor=manager,
            poll=poll,
            data={"kind": QuestionKind.SCALE, "text_ar": "سؤال", "scale_min": 1, "scale_max": 7},
        )


def test_wording_changes_after_answers_are_kept_as_revisions(english, manager):
    poll = make_quick_poll(manager)
    answer_quick_poll(poll)
    question = poll.questions.get()
    services.question_update(
        actor=manager, question=question, data={"text_ar": "هل أنت راضٍ عن الخدمة الرقمية؟"}
    )
    question.refresh_from_db()
    assert question.revision == 2
    old = QuestionRevision.objects.get(question=question)
    assert old.text_ar == "هل أنت راضٍ عن الخدمة؟"


def test_after_answers_options_cannot_be_removed_nor_the_type_changed(english, manager):
    poll = make_quick_poll(manager)
    answer_quick_poll(poll)
    question = poll.questions.get()
    kept = [
        {"id": o.pk, "label_ar": o.label_ar, "label_en": o.label_en} for o in question.options.all()
    ]
    with pytest.raises(ValidationError, match="options cannot be removed"):
        services.question_update(actor=manager, question=question, data={}, options=kept[:2])
    with pytest.raises(ValidationError, match="type, scale and limits cannot change"):
        services.question_update(
            actor=manager, question=question, data={"kind": QuestionKind.MULTIPLE}
        )
    services.question_update(
        actor=manager, question=question, data={}, options=[*kept, {"label_ar": "لا أعرف"}]
    )
    assert question.options.count() == 4
    with pytest.raises(ValidationError, match="cannot be removed"):
        services.question_remove(actor=manager, question=question)


def test_anonymity_promised_cannot_be_taken_back(english, manager):
    poll = make_quick_poll(manager, anonymous_results=True)
    answer_quick_poll(poll)
    with pytest.raises(ValidationError) as refused:
        services.poll_update(actor=manager, poll=poll, data={"anonymous_results": False})
    assert "anonymous_results" in refused.value.message_dict


def test_statement_after_close_tells_respondents(english, manager):
    poll = make_quick_poll(manager)
    respondent = answer_quick_poll(poll)
    with pytest.raises(ValidationError, match="after the poll closes"):
        services.poll_statement_publish(actor=manager, poll=poll, statement_ar="سنعمل على ذلك")
    services.poll_close(actor=manager, poll=poll)
    services.poll_statement_publish(
        actor=manager, poll=poll, statement_ar="سنطوّر الخدمة", statement_en="We will improve it"
    )
    assert Notification.objects.filter(recipient=respondent, kind="poll_statement").count() == 1


def test_answers_after_close_are_refused(english, manager):
    poll = make_quick_poll(manager)
    user = UserFactory()
    response = services.response_start(actor=user, poll=poll)
    services.poll_close(actor=manager, poll=poll)
    question = poll.questions.get()
    with pytest.raises(PermissionDenied, match="closed"):
        services.response_save_page(
            actor=user,
            response=response,
            page=1,
            data={f"q{question.pk}": [str(question.options.first().pk)]},
            submit=True,
        )
