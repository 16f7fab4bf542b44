"""Polls in the staff workspace: who reaches which page, building a survey through the forms,
publishing, closing, the statement, what may change once people have answered, and the list of
responses."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from musharaka.notifications.models import Notification
from musharaka.polls import services
from musharaka.polls.models import (
    Option,
    Phase,
    Poll,
    PollKind,
    Question,
    QuestionKind,
    QuestionRevision,
)
from tests.conftest import make_staff
from tests.factories import AgencyFactory, UserFactory
from tests.polls.poll_data import make_quick_poll, make_survey
from tests.polls.test_answering import page_one, page_two

pytestmark = pytest.mark.django_db


def base(agency) -> str:
    return f"/en/workspace/{agency.slug}/polls/"


def local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def settings_data(**overrides) -> dict:
    now = timezone.now()
    return {
        "title_ar": "استطلاع الخدمات",
        "title_en": "Services survey",
        "intro_ar": "مقدمة",
        "intro_en": "Intro",
        "audience": "signed_in",
        "results_policy": "live",
        "opens_at": local(now - timedelta(hours=1)),
        "closes_at": local(now + timedelta(days=10)),
        **overrides,
    }


def option_data(*labels, existing=(), deleted=()) -> dict:
    """The posted option rows: ``existing`` options first (by id), then new ``labels``."""
    rows = [(o.pk, o.label_ar, o.label_en) for o in existing] + [
        (None, label, f"{label} en") for label in labels
    ]
    data = {
        "option-TOTAL_FORMS": str(len(rows)),
        "option-INITIAL_FORMS": str(len(existing)),
        "option-MIN_NUM_FORMS": "0",
        "option-MAX_NUM_FORMS": "40",
    }
    for i, (pk, ar, en) in enumerate(rows):
        data[f"option-{i}-id"] = str(pk or "")
        data[f"option-{i}-label_ar"] = ar
        data[f"option-{i}-label_en"] = en
        if pk in deleted:
            data[f"option-{i}-DELETE"] = "on"
    return data


def question_data(kind, text, *labels, **extra) -> dict:
    return {
        "kind": kind,
        "text_ar": text,
        "text_en": f"{text} (en)",
        "page": "1",
        "required": "on",
        "scale": "1-5",
        **option_data(*labels),
        **extra,
    }


def answer_quick(poll, user=None):
    user = user or UserFactory()
    question = poll.questions.get()
    response = services.response_start(actor=user, poll=poll)
    services.response_save_page(
        actor=user,
        response=response,
        page=1,
        data={f"q{question.pk}": [str(question.options.first().pk)]},
        submit=True,
    )
    return user


def answer_survey(poll, user=None):
    user = user or UserFactory()
    response = services.response_start(actor=user, poll=poll)
    services.response_save_page(actor=user, response=response, page=1, data=page_one(poll))
    services.response_save_page(
        actor=user, response=response, page=2, data=page_two(poll), submit=True
    )
    return user


def urls(agency, poll, question) -> tuple[list[str], list[str]]:
    """(pages read with GET, addresses that take a POST) of one poll."""
    b = f"{base(agency)}{poll.pk}/"
    gets = [
        base(agency),
        f"{base(agency)}new/",
        b,
        f"{b}questions/{question.pk}/",
        f"{b}close/",
        f"{b}statement/",
        f"{b}responses/",
    ]
    posts = [
        f"{b}questions/new/",
        f"{b}questions/{question.pk}/remove/",
        f"{b}questions/{question.pk}/move/",
        f"{b}publish/",
        f"{b}close/",
    ]
    return gets, posts


# --- Who reaches what -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["manager", "editor"])
def test_managers_and_editors_reach_every_page(client, agency, manager, role):
    poll = make_quick_poll(manager, publish=False)
    client.force_login(make_staff(agency, role))
    gets, _posts = urls(agency, poll, poll.questions.get())
    for url in gets:
        assert client.get(url).status_code == 200, url


def test_a_moderator_is_refused_everywhere(client, agency, manager):
    poll = make_quick_poll(manager, publish=False)
    client.force_login(make_staff(agency, "moderator"))
    gets, posts = urls(agency, poll, poll.questions.get())
    for url in gets:
        assert client.get(url).status_code == 403, url
    for url in posts:
        assert client.post(url).status_code == 403, url
    assert poll.questions.count() == 1
    poll.refresh_from_db()
    assert poll.phase == Phase.DRAFT


def test_an_analyst_reads_responses_but_does_not_build(client, agency, manager):
    poll = make_quick_poll(manager)
    client.force_login(make_staff(agency, "analyst"))
    assert client.get(base(agency)).status_code == 200
    assert client.get(f"{base(agency)}{poll.pk}/responses/").status_code == 200
    assert client.get(f"{base(agency)}{poll.pk}/").status_code == 403
    assert client.get(f"{base(agency)}new/").status_code == 403


def test_another_agencys_manager_finds_nothing(client, agency, other_agency, manager):
    poll = make_quick_poll(manager, publish=False)
    question = poll.questions.get()
    client.force_login(make_staff(other_agency, "manager"))
    gets, posts = urls(agency, poll, question)
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url).status_code == 404, url
    # Their own agency's address with this agency's poll id: not found either.
    own_gets, own_posts = urls(other_agency, poll, question)
    for url in own_gets[2:]:
        assert client.get(url).status_code == 404, url
    for url in own_posts:
        assert client.post(url).status_code == 404, url
    assert poll.questions.count() == 1


def test_signed_out_visitors_are_sent_to_sign_in(client, agency, manager):
    poll = make_quick_poll(manager, publish=False)
    gets, posts = urls(agency, poll, poll.questions.get())
    for url in gets:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for url in posts:
        response = client.post(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


# --- Building -------------------------------------------------------------------------------


def test_a_survey_with_every_question_type_is_built_and_published(client, agency, manager):
    client.force_login(manager)
    response = client.post(f"{base(agency)}new/", {"kind": "survey", **settings_data()})
    poll = Poll.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{base(agency)}{poll.pk}/#questions"
    assert poll.kind == PollKind.SURVEY and poll.title_en == "Services survey"
    add = f"{base(agency)}{poll.pk}/questions/new/"

    def added(data):
        response = client.post(add, data)
        assert response.status_code == 302, response.content.decode()
        return Question.objects.latest("id")

    used = added(question_data("single", "هل استخدمت البوابة؟", "نعم", "لا"))
    multi = added(
        question_data("multiple", "ما الخدمات؟", "أ", "ب", "ج", min_choices="1", max_choices="2")
    )
    added(question_data("ranking", "رتّب", "س", "ص", "ع"))
    scale = added(
        question_data("scale", "قيّم", scale="0-10", low_label_ar="سيئ", high_label_ar="ممتاز")
    )
    number = added(
        question_data("number", "كم مرة؟", number_min="0", number_max="100", required="")
    )
    added(question_data("date", "متى؟", page="2"))
    matrix = added(question_data("matrix", "قيّم الجوانب", "التصميم", "المحتوى", page="2"))
    added(question_data("short_text", "عنوان", page="2", answers_public="on"))
    no = used.options.get(position=2)
    why = added(
        question_data("long_text", "لماذا لا؟", page="2", show_if=str(no.pk), answers_public="on")
    )

    assert [q.kind for q in poll.questions.all()] == [
        "single",
        "multiple",
        "ranking",
        "scale",
        "number",
        "date",
        "matrix",
        "short_text",
        "long_text",
    ]
    assert (multi.min_choices, multi.max_choices) == (1, 2)
    assert (scale.scale_min, scale.scale_max, scale.low_label_ar) == (0, 10, "سيئ")
    assert (number.number_min, number.number_max, number.required) == (0, 100, False)
    assert [o.label_ar for o in matrix.options.all()] == ["التصميم", "المحتوى"]
    assert why.show_if == no and why.answers_public
    # Values typed for another type are not kept.
    assert used.min_choices is None and used.number_min is None

    page = client.get(f"{base(agency)}{poll.pk}/").content.decode()
    assert "Page 2" in page
    assert "shown only if Q1 = “لا en”" in page
    assert f'href="/en/polls/{agency.slug}/{poll.slug}/?preview=1"' in page

    assert client.post(f"{base(agency)}{poll.pk}/publish/").status_code == 302
    poll.refresh_from_db()
    assert poll.phase == Phase.OPEN
    page = client.get(f"{base(agency)}{poll.pk}/").content.decode()
    assert "?preview=1" in page and "Add the question" not in page


def test_a_quick_poll_takes_one_question(client, agency, manager):
    client.force_login(manager)
    client.post(f"{base(agency)}new/", {"kind": "quick", **settings_data()})
    poll = Poll.objects.get()
    add = f"{base(agency)}{poll.pk}/questions/new/"
    data = question_data("single", "هل أنت راض؟", "نعم", "لا")
    del data["page"]
    assert client.post(add, data).status_code == 302
    assert "Add a question" not in client.get(f"{base(agency)}{poll.pk}/").content.decode()
    refused = client.post(add, data)
    assert refused.status_code == 400
    assert "A quick poll has one question" in refused.content.decode()
    assert poll.questions.count() == 1


def test_settings_errors_are_shown_with_what_was_typed(client, agency, manager):
    client.force_login(manager)
    response = client.post(
        f"{base(agency)}new/",
        {"kind": "survey", **settings_data(title_ar="", title_en="Kept title", closes_at="")},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the poll an Arabic title." in html
    assert "Give the date and time the poll closes." in html
    assert 'value="Kept title"' in html and 'aria-invalid="true"' in html
    assert not Poll.objects.exists()


def test_question_errors_are_shown_beside_the_fields(client, agency, manager):
    poll = make_survey(manager, publish=False)
    client.force_login(manager)
    before = poll.questions.count()
    response = client.post(
        f"{base(agency)}{poll.pk}/questions/new/",
        question_data("single", "", "خيار وحيد"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Write the question in Arabic." in html
    response = client.post(
        f"{base(agency)}{poll.pk}/questions/new/",
        question_data("single", "سؤال جديد", "خيار وحيد"),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Give at least two options." in html and 'id="options-error"' in html
    assert 'value="خيار وحيد"' in html and 'value="سؤال جديد"' in html
    response = client.post(
        f"{base(agency)}{poll.pk}/questions/new/",
        question_data("number", "كم؟", number_min="10", number_max="5"),
    )
    assert response.status_code == 400
    assert "The largest number cannot be less than the smallest." in response.content.decode()
    assert poll.questions.count() == before


def test_a_refused_publish_lists_the_reasons(client, agency, manager):
    client.force_login(manager)
    client.post(f"{base(agency)}new/", {"kind": "survey", **settings_data(audience="invited")})
    poll = Poll.objects.get()
    response = client.post(f"{base(agency)}{poll.pk}/publish/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Add at least one question." in html
    assert "Choose the agencies invited to answer." in html
    poll.refresh_from_db()
    assert poll.phase == Phase.DRAFT


def test_invited_agencies_are_chosen_with_checkboxes(client, agency, manager):
    guest = AgencyFactory()
    AgencyFactory(is_active=False, name_en="Closed agency")
    client.force_login(manager)
    page = client.get(f"{base(agency)}new/").content.decode()
    assert 'type="checkbox" name="invited_agencies"' in page
    assert "Closed agency" not in page
    client.post(
        f"{base(agency)}new/",
        {"kind": "survey", **settings_data(audience="invited"), "invited_agencies": [guest.pk]},
    )
    assert list(Poll.objects.get().invited_agencies.all()) == [guest]


def test_removing_an_unanswered_question_and_refusing_an_answered_one(client, agency, manager):
    poll = make_quick_poll(manager)
    question = poll.questions.get()
    client.force_login(manager)
    answer_quick(poll)
    response = client.post(f"{base(agency)}{poll.pk}/questions/{question.pk}/remove/")
    assert response.status_code == 400
    assert "People have answered this question: it cannot be removed." in response.content.decode()
    assert poll.questions.count() == 1

    draft = make_survey(manager, publish=False, title_en="Second")
    last = draft.questions.last()
    response = client.post(f"{base(agency)}{draft.pk}/questions/{last.pk}/remove/")
    assert response.status_code == 302
    assert not Question.objects.filter(pk=last.pk).exists()


def page_order(poll, page: int = 1) -> list[str]:
    return list(poll.questions.filter(page=page).values_list("text_en", flat=True))


def test_questions_move_up_and_down_within_their_page_before_publishing(
    client, english, agency, manager
):
    poll = make_survey(manager, publish=False)
    first, second, third = poll.questions.filter(page=1)[:3]
    client.force_login(manager)
    move = f"{base(agency)}{poll.pk}/questions/{{}}/move/"

    response = client.post(move.format(third.pk), {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#question-{third.pk}")
    assert page_order(poll)[:3] == [first.text_en, third.text_en, second.text_en]
    client.post(move.format(first.pk), {"direction": "down"})
    assert page_order(poll)[:3] == [third.text_en, first.text_en, second.text_en]
    assert page_order(poll, 2)[0] == "متى زرتها آخر مرة؟ (en)", "page 2 untouched"

    html = client.get(f"{base(agency)}{poll.pk}/").content.decode()
    assert html.count("Move up") == 4 + 3, "every question but the first of each page"
    assert html.count("Move down") == 4 + 3, "every question but the last of each page"

    # Bad moves: past the end of the page, an unknown direction; the order is unchanged.
    for pk, direction in ((third.pk, "up"), (third.pk, "sideways")):
        response = client.post(move.format(pk), {"direction": direction})
        assert response.status_code == 400
    assert "The question is already at that end of its page." in (
        client.post(move.format(third.pk), {"direction": "up"}).content.decode()
    )
    assert page_order(poll)[:3] == [third.text_en, first.text_en, second.text_en]


def test_a_follow_up_question_cannot_move_above_the_one_it_depends_on(english, agency, manager):
    poll = make_survey(manager, publish=False)
    follow_up = poll.questions.get(show_if__isnull=False)
    source = follow_up.show_if.question
    follow_up.page = source.page
    follow_up.position = source.position + 1
    follow_up.save()
    poll.questions.filter(page=1).exclude(pk__in=[source.pk, follow_up.pk]).update(position=99)
    with pytest.raises(services.ValidationError, match="must stay after that question"):
        services.question_move(actor=manager, question=follow_up, offset=-1)
    with pytest.raises(services.ValidationError, match="must stay after that question"):
        services.question_move(actor=manager, question=source, offset=1)


def test_a_published_poll_keeps_its_order(client, english, agency, manager):
    poll = make_survey(manager)
    before = page_order(poll)
    client.force_login(manager)
    question = poll.questions.filter(page=1).last()
    response = client.post(
        f"{base(agency)}{poll.pk}/questions/{question.pk}/move/", {"direction": "up"}
    )
    assert response.status_code == 400
    assert "cannot be reordered once the poll is published" in response.content.decode()
    assert page_order(poll) == before
    assert "Move up" not in client.get(f"{base(agency)}{poll.pk}/").content.decode()


# --- Once people have answered --------------------------------------------------------------


def test_editing_the_wording_after_answers_keeps_a_revision(client, agency, manager):
    poll = make_quick_poll(manager)
    question = poll.questions.get()
    answer_quick(poll)
    client.force_login(manager)
    url = f"{base(agency)}{poll.pk}/questions/{question.pk}/"
    page = client.get(url).content.decode()
    assert "only its wording can change" in page
    assert re.search(r'<select name="kind"[^>]*disabled', page)  # the type is fixed

    options = list(question.options.all())
    options[0].label_ar = "نعم بالتأكيد"
    data = {
        "kind": "multiple",  # ignored: the type is fixed
        "text_ar": "هل أنت راضٍ عن الخدمة الرقمية؟",
        "text_en": "Are you satisfied with the digital service?",
        "required": "on",
        "scale": "1-5",
        **option_data("خيار جديد", existing=options),
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    question.refresh_from_db()
    assert question.kind == QuestionKind.SINGLE
    assert question.text_ar == "هل أنت راضٍ عن الخدمة الرقمية؟"
    assert [o.label_ar for o in question.options.all()] == [
        "نعم بالتأكيد",
        "لا",
        "إلى حد ما",
        "خيار جديد",
    ]
    revision = QuestionRevision.objects.get(question=question)
    assert revision.text_ar == "هل أنت راضٍ عن الخدمة؟"
    page = client.get(url).content.decode()
    assert "Earlier wordings" in page and "هل أنت راضٍ عن الخدمة؟" in page
    assert "replaced on" in page


def test_removing_an_option_after_answers_is_refused(client, agency, manager):
    poll = make_quick_poll(manager)
    question = poll.questions.get()
    answer_quick(poll)
    client.force_login(manager)
    options = list(question.options.all())
    response = client.post(
        f"{base(agency)}{poll.pk}/questions/{question.pk}/",
        {
            "text_ar": "نص آخر",
            "required": "on",
            **option_data(existing=options, deleted={options[2].pk}),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "People have answered already: options cannot be removed." in html
    assert 'value="نص آخر"' in html  # what was typed stays
    question.refresh_from_db()
    assert question.text_ar == "هل أنت راضٍ عن الخدمة؟" and question.revision == 1
    assert list(question.options.all()) == options
    assert not QuestionRevision.objects.exists()


def test_who_may_answer_is_fixed_once_answered(client, agency, manager):
    poll = make_quick_poll(manager)
    answer_quick(poll)
    client.force_login(manager)
    page = client.get(f"{base(agency)}{poll.pk}/").content.decode()
    assert "who may answer cannot change" in page
    response = client.post(
        f"{base(agency)}{poll.pk}/",
        settings_data(audience="everyone", title_en="Renamed"),
    )
    assert response.status_code == 302
    poll.refresh_from_db()
    assert poll.audience == "signed_in" and poll.title_en == "Renamed"


# --- Closing and the statement --------------------------------------------------------------


def test_close_asks_first_and_the_statement_comes_after(client, agency, manager):
    poll = make_quick_poll(manager)
    respondent = answer_quick(poll)
    editor = make_staff(agency, "editor")
    client.force_login(editor)
    statement = f"{base(agency)}{poll.pk}/statement/"

    page = client.get(statement)
    assert page.status_code == 200
    assert "The statement is published after the poll closes." in page.content.decode()
    early = client.post(statement, {"statement_ar": "سنحسن الخدمة"})
    assert early.status_code == 400
    assert "The statement is published after the poll closes." in early.content.decode()

    confirm = client.get(f"{base(agency)}{poll.pk}/close/")
    assert "Close the poll now" in confirm.content.decode()
    poll.refresh_from_db()
    assert poll.phase == Phase.OPEN
    assert client.post(f"{base(agency)}{poll.pk}/close/").status_code == 302
    poll.refresh_from_db()
    assert poll.phase == Phase.CLOSED
    again = client.post(f"{base(agency)}{poll.pk}/close/")
    assert again.status_code == 400 and "Only an open poll can be closed." in again.content.decode()

    empty = client.post(statement, {"statement_ar": ""})
    assert empty.status_code == 400 and "Write the statement in Arabic." in empty.content.decode()
    done = client.post(statement, {"statement_ar": "سنحسن الخدمة", "statement_en": "We will"})
    assert done.status_code == 302
    poll.refresh_from_db()
    assert poll.statement_ar == "سنحسن الخدمة" and poll.statement_at is not None
    assert Notification.objects.filter(recipient=respondent, kind="poll_statement").count() == 1
    assert "Edit the statement" in client.get(f"{base(agency)}{poll.pk}/").content.decode()


# --- Responses ------------------------------------------------------------------------------


def test_responses_show_readable_answers_and_the_respondent(client, agency, manager):
    poll = make_survey(manager)
    person = answer_survey(poll, UserFactory(full_name="Huda Al-Harbi"))
    client.force_login(manager)
    html = client.get(f"{base(agency)}{poll.pk}/responses/").content.decode()
    assert 'id="response-' in html and "Huda Al-Harbi" in html and person.email not in html
    assert "Response" in html and "Citizen" in html
    assert "السرعة (en): rank 1" in html  # ranking
    assert "4 / 5" in html  # rating scale
    assert "التصميم (en): 7 / 10" in html  # matrix row
    assert "12" in html and "2026-11-01" in html  # number and date
    assert "الرخص (en)" in html  # a picked option's label
    assert "ملاحظة قصيرة" in html  # text
    assert "Not shown: its condition was not met" in html  # the follow-up to "No"
    for address in ("results/", "export.csv", "export.xlsx", "summary.pdf"):
        assert f'href="{base(agency)}{poll.pk}/{address}"' in html


def test_anonymous_results_hide_who_answered(client, agency, manager):
    poll = make_quick_poll(manager, anonymous_results=True)
    answer_quick(poll, UserFactory(full_name="Huda Al-Harbi"))
    client.force_login(manager)
    html = client.get(f"{base(agency)}{poll.pk}/responses/").content.decode()
    assert "Anonymous respondent" in html and "Huda Al-Harbi" not in html
    assert "نعم (en)" in html


def response_numbers(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"Response <bdi[^>]*>(\d+)</bdi>", html)]


def test_responses_are_paged_newest_first(client, agency, manager):
    poll = make_quick_poll(manager)
    for _ in range(31):
        answer_quick(poll)
    client.force_login(manager)
    first = client.get(f"{base(agency)}{poll.pk}/responses/").content.decode()
    assert first.count('<details class="border rounded p-2" id="response-') == 30
    assert response_numbers(first) == list(range(31, 1, -1))
    second = client.get(f"{base(agency)}{poll.pk}/responses/?page=2").content.decode()
    assert response_numbers(second) == [1]


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_responses_page_reads_a_fixed_number_of_queries(client, agency, manager):
    poll = make_survey(manager)
    answer_survey(poll)
    client.force_login(manager)
    url = f"{base(agency)}{poll.pk}/responses/"
    one = count_queries(client, url)
    for _ in range(4):
        answer_survey(poll)
    assert count_queries(client, url) == one


def test_the_list_reads_a_fixed_number_of_queries(client, agency, manager):
    make_quick_poll(manager)
    client.force_login(manager)
    one = count_queries(client, base(agency))
    for i in range(5):
        make_survey(manager, publish=i % 2 == 0, title_en=f"Survey {i}")
    html = client.get(base(agency)).content.decode()
    assert count_queries(client, base(agency)) == one
    assert "Survey 4" in html and "Draft" in html and "Open" in html


def test_the_builder_reads_a_fixed_number_of_queries(client, agency, manager):
    client.force_login(manager)
    small = make_quick_poll(manager, publish=False)
    large = make_survey(manager, publish=False, title_en="Large")
    assert count_queries(client, f"{base(agency)}{small.pk}/") == count_queries(
        client, f"{base(agency)}{large.pk}/"
    )
    assert Option.objects.filter(question__poll=large).exists()
