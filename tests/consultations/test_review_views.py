"""The review table in the workspace: who sees it, the filters (GET, no JavaScript), bulk
assign and answer, errors kept in the form, and a query count that does not grow with comments."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from musharaka.consultations.models import Answer, Comment, Phase, Stance
from musharaka.consultations.review import comment_answer, comment_assign
from musharaka.core.models import ParticipantType, Role
from musharaka.participation.models import Status
from tests.conftest import make_staff
from tests.consultations.review_data import add_comment, articles_of, make_consultation
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(agency):
    return make_consultation(agency)


def url(consultation, suffix: str = "review/") -> str:
    return f"/en/workspace/{consultation.agency.slug}/consultations/{consultation.pk}/{suffix}"


def rows(response) -> set[int]:
    return {int(pk) for pk in re.findall(r'<tr id="comment-(\d+)"', response.content.decode())}


@pytest.mark.parametrize(
    ("who", "status", "checkboxes"),
    [
        ("owner", 200, True),
        ("team", 200, True),
        ("manager", 200, True),
        ("analyst", 200, False),
        ("editor", 403, False),
        ("moderator", 403, False),
        ("other_agency", 404, False),
    ],
)
def test_who_sees_the_table(client, agency, other_agency, consultation, who, status, checkboxes):
    add_comment(consultation, articles_of(consultation)[0])
    if who == "owner":
        user = consultation.owner
    elif who == "team":
        user = make_staff(agency, Role.EDITOR)
        consultation.team.add(user)
    elif who == "other_agency":
        user = make_staff(other_agency, Role.MANAGER)
    else:
        user = make_staff(agency, who)
    client.force_login(user)
    response = client.get(url(consultation))
    assert response.status_code == status
    if status == 200:
        assert ('name="comments"' in response.content.decode()) is checkboxes


def test_signed_out_visitor_is_sent_to_sign_in(client, consultation):
    response = client.get(url(consultation))
    assert response.status_code == 302 and "login" in response["Location"]


def test_analyst_cannot_answer(client, agency, consultation):
    comment = add_comment(consultation, articles_of(consultation)[0])
    client.force_login(make_staff(agency, Role.ANALYST))
    response = client.post(
        url(consultation),
        {"action": "answer", "comments": [comment.pk], "answer": "noted", "response_ar": "x"},
    )
    assert response.status_code == 403
    assert Comment.objects.get().answer == ""


@pytest.fixture
def varied(agency, consultation):
    """Comments differing in every filtered respect."""
    first, second, _third = articles_of(consultation)
    member = make_staff(agency, Role.EDITOR)
    consultation.team.add(member)
    represented = AgencyFactory()
    data = {
        "support": add_comment(consultation, first, stance=Stance.SUPPORT),
        "object": add_comment(
            consultation,
            second,
            stance=Stance.OBJECT,
            participant_type=ParticipantType.AGENCY,
            on_behalf_of=represented,
        ),
        "general": add_comment(consultation, None, stance=Stance.QUESTION),
        "pending": add_comment(consultation, first, status=Status.PENDING),
    }
    comment_answer(
        actor=consultation.owner,
        comments=[data["support"]],
        answer=Answer.ACCEPTED,
        response_ar="قبلنا",
    )
    comment_answer(
        actor=consultation.owner,
        comments=[data["general"]],
        answer=Answer.OUT_OF_SCOPE,
        response_ar="خارج النطاق",
    )
    comment_assign(actor=consultation.owner, comments=[data["object"]], member=member)
    data.update(first=first, second=second, member=member, represented=represented)
    return data


def test_every_filter_narrows_the_table(client, consultation, varied):
    client.force_login(consultation.owner)
    ids = {k: v.pk for k, v in varied.items() if isinstance(v, Comment)}

    def shown(**query):
        response = client.get(url(consultation), query)
        assert response.status_code == 200, response.content.decode()[:500]
        return rows(response)

    assert shown() == set(ids.values())  # pending ones too
    assert shown(article=str(varied["first"].key)) == {ids["support"], ids["pending"]}
    assert shown(article="general") == {ids["general"]}
    assert shown(stance="object") == {ids["object"]}
    assert shown(participant_type="agency") == {ids["object"]}
    assert shown(agency=varied["represented"].pk) == {ids["object"]}
    assert shown(status="answered") == {ids["support"], ids["general"]}
    assert shown(status="unanswered") == {ids["object"], ids["pending"]}
    assert shown(status="out_of_scope") == {ids["general"]}
    assert shown(assigned=varied["member"].pk) == {ids["object"]}
    assert shown(assigned="none") == {ids["support"], ids["general"], ids["pending"]}
    assert shown(stance="support", status="answered") == {ids["support"]}


def test_table_shows_moderation_status_and_links_to_the_contribution(client, agency, varied):
    consultation = varied["support"].consultation
    client.force_login(make_staff(agency, Role.MANAGER))
    page = client.get(url(consultation)).content.decode()
    assert "Awaiting review" in page and "Published" in page
    pending = varied["pending"]
    assert f"/workspace/{agency.slug}/moderation/{pending.contribution_id}/" in page
    support = varied["support"]
    assert f"/articles/{support.article_key}/#c{support.contribution_id}" in page


def test_a_filter_that_makes_no_sense_is_refused_with_its_error(client, consultation, varied):
    client.force_login(consultation.owner)
    response = client.get(url(consultation), {"stance": "angry", "article": "general"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert rows(response) == {varied["general"].pk}  # the valid filter still applies


def test_bulk_answer_from_the_table(client, consultation, varied):
    client.force_login(consultation.owner)
    chosen = [varied["object"].pk, varied["pending"].pk]
    response = client.post(
        url(consultation) + "?stance=object",
        {
            "action": "answer",
            "comments": chosen,
            "answer": Answer.NOT_ACCEPTED,
            "response_ar": "لم نأخذ بها لتعارضها مع النظام",
            "response_en": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?stance=object")
    answered = Comment.objects.filter(pk__in=chosen)
    assert {c.answer for c in answered} == {Answer.NOT_ACCEPTED}
    assert {c.answered_by for c in answered} == {consultation.owner}


def test_bulk_answer_without_a_response_keeps_what_was_typed(client, consultation, varied):
    client.force_login(consultation.owner)
    response = client.post(
        url(consultation),
        {
            "action": "answer",
            "comments": [varied["object"].pk],
            "answer": Answer.NOTED,
            "response_ar": "",
            "response_en": "Kept text",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required" in page
    assert "Kept text" in page
    assert f'value="{varied["object"].pk}" id="select-{varied["object"].pk}" checked' in page
    assert Comment.objects.get(pk=varied["object"].pk).answer == ""


def test_bulk_action_needs_a_selection(client, consultation, varied):
    client.force_login(consultation.owner)
    response = client.post(
        url(consultation),
        {"action": "answer", "answer": Answer.NOTED, "response_ar": "شكرا"},
    )
    assert response.status_code == 400
    assert "Select at least one comment." in response.content.decode()


def test_bulk_assign_from_the_table(client, consultation, varied):
    client.force_login(consultation.owner)
    chosen = [varied["support"].pk, varied["general"].pk]
    response = client.post(
        url(consultation),
        {"action": "assign", "comments": chosen, "member": varied["member"].pk},
    )
    assert response.status_code == 302
    assert set(
        Comment.objects.filter(assigned_to=varied["member"]).values_list("pk", flat=True)
    ) == {*chosen, varied["object"].pk}


def test_ids_of_another_consultation_are_ignored(client, agency, consultation, varied):
    other = make_consultation(agency, owner=consultation.owner, slug="other")
    foreign = add_comment(other, articles_of(other)[0])
    client.force_login(consultation.owner)
    response = client.post(
        url(consultation),
        {"action": "answer", "comments": [foreign.pk], "answer": "noted", "response_ar": "x"},
    )
    assert response.status_code == 400
    assert Comment.objects.get(pk=foreign.pk).answer == ""


def test_query_count_does_not_grow_with_the_comments(client, consultation):
    client.force_login(consultation.owner)
    articles = articles_of(consultation)
    for i in range(5):
        add_comment(consultation, articles[i % 3], stance=Stance.AMEND, amendment="نص بديل")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(consultation)).status_code == 200
    for i in range(55):
        add_comment(consultation, articles[i % 3] if i % 4 else None)
    comment_answer(
        actor=consultation.owner,
        comments=list(Comment.objects.all()[:30]),
        answer="noted",
        response_ar="شكرا",
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(consultation))
    assert len(rows(response)) == 50  # one page of 50
    assert len(many) <= len(few), [q["sql"] for q in many.captured_queries]


# --- Publishing the outcome from the workspace ----------------------------------------------


def test_outcome_form_refuses_with_unanswered_comments(client, consultation, varied):
    client.force_login(consultation.owner)
    assert client.get(url(consultation, "outcome/")).status_code == 200
    response = client.post(url(consultation, "outcome/"), {"summary_ar": "ما فعلناه"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "1 published comment still has no answer." in page
    assert "ما فعلناه" in page


def test_outcome_form_publishes(client, agency, consultation):
    comment = add_comment(consultation, articles_of(consultation)[0])
    comment_answer(actor=consultation.owner, comments=[comment], answer="noted", response_ar="x")
    client.force_login(make_staff(agency, Role.MANAGER))
    response = client.post(
        url(consultation, "outcome/"), {"summary_ar": "ما فعلناه", "summary_en": "What we did"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(
        f"/consultations/{agency.slug}/{consultation.slug}/outcome/"
    )
    consultation.refresh_from_db()
    assert consultation.phase == Phase.OUTCOME_PUBLISHED


def test_outcome_form_is_for_the_drafting_team_only(client, agency, consultation):
    client.force_login(make_staff(agency, Role.ANALYST))
    assert client.get(url(consultation, "outcome/")).status_code == 403
    client.force_login(make_staff(AgencyFactory(), Role.MANAGER))
    assert client.get(url(consultation, "outcome/")).status_code == 404


def test_the_next_page_keeps_the_filters(client, consultation):
    client.force_login(consultation.owner)
    articles = articles_of(consultation)
    for _i in range(55):
        add_comment(consultation, articles[0], stance=Stance.OBJECT)
    html = client.get(url(consultation) + "?stance=object").content.decode()
    assert 'href="?stance=object&amp;page=2"' in html
