"""The public outcome page ("you said, we did") and overdue outcomes."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from musharaka.consultations.models import Answer, Comment, Phase, Stance
from musharaka.consultations.review import comment_answer, outcome_publish
from musharaka.consultations.selectors import overdue_outcomes
from musharaka.core.models import ParticipantType, Role
from musharaka.participation.models import Status
from tests.conftest import make_staff
from tests.consultations.review_data import (
    add_comment,
    add_version,
    articles_of,
    make_consultation,
)
from tests.factories import AgencyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def outcome_url(consultation, suffix: str = "") -> str:
    return f"/en/consultations/{consultation.agency.slug}/{consultation.slug}/outcome/{suffix}"


@pytest.fixture
def published(agency):
    """Comments answered, version 2 changes article 2, outcome published."""
    consultation = make_consultation(agency)
    first, second, _third = articles_of(consultation)
    represented = AgencyFactory(name_en="Ministry of Health")
    amend = add_comment(
        consultation,
        second,
        stance=Stance.AMEND,
        participant_type=ParticipantType.AGENCY,
        on_behalf_of=represented,
        body="نقترح أن تكون المدة خمسة وأربعين يوما بدلا من ثلاثين",
        amendment="خمسة وأربعين يوما",
    )
    support = add_comment(consultation, first, body="نؤيد هذه المادة كما هي دون تعديل")
    general = add_comment(consultation, None, stance=Stance.QUESTION, body="متى يصدر الدليل؟")
    add_comment(consultation, first, status=Status.REJECTED, body="نص مرفوض لا يظهر للعموم أبدا")
    comment_answer(
        actor=consultation.owner,
        comments=[amend],
        answer=Answer.ACCEPTED,
        response_ar="مددنا المدة",
        response_en="We extended the period",
    )
    comment_answer(
        actor=consultation.owner,
        comments=[support, general],
        answer=Answer.NOTED,
        response_ar="شكرا لكم",
        response_en="Thank you",
    )
    add_version(
        consultation,
        changes={2: "تلتزم الجهة بنشر المسودة لمدة خمسة وأربعين يوما في المادة 2."},
    )
    outcome_publish(
        actor=consultation.owner,
        consultation=consultation,
        summary_ar="أخذنا بمقترح تمديد المدة",
        summary_en="We extended the consultation period as proposed",
    )
    return consultation


def test_outcome_page_before_publication_says_when_it_is_due(client, agency):
    consultation = make_consultation(agency, phase=Phase.CLOSED)
    due = timezone.now() + timedelta(weeks=3)
    consultation.outcome_due_at = due
    consultation.save()
    response = client.get(outcome_url(consultation))
    assert response.status_code == 200
    page = response.content.decode()
    assert "has not been published yet" in page
    assert "It is due on" in page and str(due.year) in page
    assert "Outcome overdue" not in page


def test_outcome_page_of_a_draft_does_not_exist(client, agency):
    consultation = make_consultation(agency, phase=Phase.DRAFT)
    assert client.get(outcome_url(consultation)).status_code == 404


def test_outcome_page_shows_what_was_said_and_done(client, published):
    response = client.get(outcome_url(published))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "We extended the consultation period as proposed" in page
    # Comments with their decisions and responses, per article.
    assert "نقترح أن تكون المدة خمسة وأربعين يوما بدلا من ثلاثين" in page
    assert "We extended the period" in page and "Accepted" in page
    assert "متى يصدر الدليل؟" in page and "Comments on the whole draft" in page
    assert "نص مرفوض" not in page  # rejected comments are not public
    # The change made: a word diff on article 2, none on article 1.
    assert "<ins>" in page and "<del>" in page
    assert "خمسة وأربعين" in page[page.index("<ins>") :]
    assert "No change to this article." in page
    # Statistics and the final text.
    assert "Ministry of Health" in page
    assert "Government agency representative" in page and "Citizen" in page
    # The final text (its Arabic, the changed one, as Arabic readers see it).
    arabic = client.get(outcome_url(published).removeprefix("/en")).content.decode()
    final = arabic[arabic.index('id="final-heading"') :]
    assert "خمسة وأربعين يوما في المادة 2" in final
    assert "لمدة ثلاثين يوما في المادة 2" not in final


def test_articles_are_in_document_order(client, published):
    page = client.get(outcome_url(published)).content.decode()
    positions = [page.index(f'id="article-{n.key}"') for n in articles_of(published)]
    assert positions == sorted(positions)


def test_statistics_are_counted_in_the_database(published):
    from musharaka.consultations.selectors import outcome_statistics

    with translation.override("en"):
        stats = outcome_statistics(consultation=published)
    assert stats["total"] == 3
    assert {r["label"]: r["n"] for r in stats["by_answer"]} == {"Noted": 2, "Accepted": 1}
    assert {str(r["label"]): r["n"] for r in stats["by_stance"]} == {
        "Propose an amendment": 1,
        "Support": 1,
        "Question": 1,
    }
    assert [r["n"] for r in stats["by_agency"]] == [1]


def test_long_article_threads_are_collapsed_with_a_link_to_all(client, agency):
    consultation = make_consultation(agency)
    article = articles_of(consultation)[0]
    comments = [add_comment(consultation, article) for _ in range(25)]
    comment_answer(actor=consultation.owner, comments=comments, answer="noted", response_ar="شكرا")
    outcome_publish(actor=consultation.owner, consultation=consultation, summary_ar="ما فعلناه")

    page = client.get(outcome_url(consultation)).content.decode()
    assert page.count('class="outcome-comment') == 3
    link = f"outcome/comments/{article.key}/"
    assert link in page
    assert re.search(r"See all <bdi[^>]*>25</bdi> comments and answers", page)

    first = client.get(outcome_url(consultation, f"comments/{article.key}/"))
    assert first.status_code == 200
    assert first.content.decode().count('class="outcome-comment') == 20
    second = client.get(outcome_url(consultation, f"comments/{article.key}/") + "?page=2")
    assert second.content.decode().count('class="outcome-comment') == 5
    assert client.get(outcome_url(consultation, "comments/nonsense/")).status_code == 404


def test_outcome_page_query_count_does_not_grow_with_comments(client, agency):
    def published_with(count: int, slug: str):
        consultation = make_consultation(agency, slug=slug)
        articles = articles_of(consultation)
        for i in range(count):
            add_comment(consultation, articles[i % 3] if i % 5 else None)
        comments = list(Comment.objects.filter(consultation=consultation))
        comment_answer(
            actor=consultation.owner, comments=comments, answer="noted", response_ar="شكرا"
        )
        add_version(consultation, changes={1: "نص جديد للمادة الأولى"})
        outcome_publish(actor=consultation.owner, consultation=consultation, summary_ar="تم")
        return consultation

    small, large = published_with(5, "small"), published_with(40, "large")
    with CaptureQueriesContext(connection) as few:
        assert client.get(outcome_url(small)).status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert client.get(outcome_url(large)).status_code == 200
    assert len(many) <= len(few)


# --- Overdue outcomes -----------------------------------------------------------------------


def test_overdue_outcomes_are_listed(agency, other_agency):
    past = timezone.now() - timedelta(days=1)
    late_closed = make_consultation(agency, phase=Phase.CLOSED, slug="a")
    late_review = make_consultation(agency, phase=Phase.UNDER_REVIEW, slug="b")
    not_due = make_consultation(agency, phase=Phase.CLOSED, slug="c")
    done = make_consultation(agency, phase=Phase.OUTCOME_PUBLISHED, slug="d")
    elsewhere = make_consultation(other_agency, phase=Phase.CLOSED, slug="e")
    for c in (late_closed, late_review, done, elsewhere):
        c.outcome_due_at = past
        c.save()

    assert set(overdue_outcomes(agency)) == {late_closed, late_review}
    assert set(overdue_outcomes()) == {late_closed, late_review, elsewhere}
    assert not_due not in overdue_outcomes()


def test_workspace_home_counts_overdue_outcomes(client, agency):
    late = make_consultation(agency, phase=Phase.CLOSED)
    late.outcome_due_at = timezone.now() - timedelta(days=3)
    late.save()
    client.force_login(make_staff(agency, Role.MODERATOR))
    page = client.get(f"/en/workspace/{agency.slug}/").content.decode()
    assert "Consultation outcomes past their due date" in page
    assert "Overdue:" in page
    assert f"/workspace/{agency.slug}/consultations/{late.pk}/review/" in page


def test_overdue_notice_on_public_pages(client, agency):
    consultation = make_consultation(agency, phase=Phase.UNDER_REVIEW)
    with translation.override("en"):
        assert "Outcome overdue" not in render_to_string(
            "consultations/outcome/_overdue_notice.html", {"consultation": consultation}
        )
    consultation.outcome_due_at = timezone.now() - timedelta(days=2)
    consultation.save()
    with translation.override("en"):
        html = render_to_string(
            "consultations/outcome/_overdue_notice.html", {"consultation": consultation}
        )
    assert "Outcome overdue" in html and "The outcome was due on" in html
    assert "Outcome overdue" in client.get(outcome_url(consultation)).content.decode()
