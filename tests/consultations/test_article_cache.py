"""Anonymous readers of the article and consultation pages share one cached page per space
generation, and everyone shares the counts: every write readers would notice (a comment, a
moderation decision, an endorsement, a withdrawal, an answer, a new file, closing) must show on
the very next request, never a stale page; and nothing personal (the CSRF token, a flash message,
a signed-in reader's view) is ever shared."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from musharaka.consultations import review
from musharaka.consultations import services as consultation_services
from musharaka.consultations.comments import comment_submit
from musharaka.consultations.models import Answer, Phase, Stance
from musharaka.participation import moderation, services
from musharaka.participation.models import ReasonCode, Space, Status
from tests.consultations.lifecycle_helpers import articles, make_consultation, space_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def article_url(c, node):
    return f"/en/consultations/{c.agency.slug}/{c.slug}/articles/{node.key}/"


def post(c, node, body, *, actor=None):
    return comment_submit(
        actor=actor or UserFactory(), consultation=c, body=body, stance=Stance.SUPPORT, node=node
    )


@pytest.fixture
def open_consultation(agency):
    c = make_consultation(agency, phase=Phase.OPEN)
    return c, articles(c)[0]


def page(client, c, node, query=""):
    response = client.get(article_url(c, node) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_page_is_served_from_the_cache(client, open_consultation):
    c, node = open_consultation
    post(c, node, "أول تعليق على المادة الأولى")
    page(client, c, node)  # fills the cache
    with CaptureQueriesContext(connection) as cold_free:
        html = page(client, c, node)
    assert "أول تعليق على المادة الأولى" in html
    sql = " ".join(q["sql"] for q in cold_free)
    assert "participation_contribution" not in sql  # neither the thread nor the counts
    assert "consultations_comment" not in sql
    assert "consultations_node" not in sql  # nor the article: the whole page is shared
    assert len(cold_free) <= 2  # the consultation and its space, to name the cached page


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


def test_each_reader_gets_a_working_token_of_their_own(open_consultation):
    c, node = open_consultation
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_token = _token(page(first, c, node))
    second_token = _token(page(second, c, node))  # served from the cache
    assert first_token != second_token
    for reader, token in [(first, first_token), (second, second_token)]:
        response = reader.post(
            "/en/feedback/",
            {"path": article_url(c, node), "next": article_url(c, node), "useful": "yes"},
            HTTP_X_CSRFTOKEN=token,
        )
        assert response.status_code == 302


def test_a_flash_message_is_shown_not_a_shared_page(client, open_consultation):
    c, node = open_consultation
    page(client, c, node)
    client.post(
        "/en/feedback/",
        {"path": article_url(c, node), "next": article_url(c, node), "useful": "yes"},
    )
    assert "Thank you" in page(client, c, node)
    assert "Thank you" not in Client().get(article_url(c, node)).content.decode()


def test_a_signed_in_reader_never_gets_the_anonymous_page(client, open_consultation):
    c, node = open_consultation
    page(client, c, node)
    client.force_login(UserFactory())
    assert "Sign out" in page(client, c, node)


def test_a_new_file_and_closing_show_at_once(client, open_consultation, manager):
    c, node = open_consultation
    detail = f"/en/consultations/{c.agency.slug}/{c.slug}/"
    assert "Impact study" not in client.get(detail).content.decode()
    consultation_services.attachment_add(
        actor=manager,
        consultation=c,
        title="Impact study",
        upload=SimpleUploadedFile("study.pdf", b"%PDF-1.7\n%test\n", "application/pdf"),
    )
    assert "Impact study" in client.get(detail).content.decode()
    assert "Sign in to comment" in page(client, c, node)
    consultation_services.consultation_close(
        actor=manager, consultation=c, reason_ar="انتهى الغرض", reason_en="Done early"
    )
    assert "Sign in to comment" not in page(client, c, node)


def test_a_new_comment_shows_at_once(client, open_consultation):
    c, node = open_consultation
    post(c, node, "التعليق الأول هنا")
    assert "1 published comment" in page(client, c, node)
    post(c, node, "تعليق جديد بعد التخزين")
    html = page(client, c, node)
    assert "تعليق جديد بعد التخزين" in html
    assert "2 published comments" in html


def test_approve_and_hide_show_at_once(client, open_consultation, manager):
    c, node = open_consultation
    Space.objects.filter(pk=space_of(c).pk).update(moderation="pre")
    waiting = post(c, node, "تعليق ينتظر المراجعة").contribution
    assert waiting.status == Status.PENDING
    assert "تعليق ينتظر المراجعة" not in page(client, c, node)
    moderation.contribution_approve(actor=c.owner, contribution=waiting)
    assert "تعليق ينتظر المراجعة" in page(client, c, node)
    waiting.refresh_from_db()
    moderation.contribution_hide(
        actor=c.owner, contribution=waiting, reason=ReasonCode.values[0], note=""
    )
    assert "تعليق ينتظر المراجعة" not in page(client, c, node)


def test_an_answer_shows_at_once(client, open_consultation):
    c, node = open_consultation
    comment = post(c, node, "سؤال عن صياغة المادة")
    assert "The drafting team" not in page(client, c, node)
    review.comment_answer(
        actor=c.owner,
        comments=[comment],
        answer=Answer.ACCEPTED,
        response_ar="شكرًا، عدّلنا الصياغة",
        response_en="Thank you, we changed the wording",
    )
    html = page(client, c, node)
    assert "The drafting team" in html
    assert "Thank you, we changed the wording" in html


def test_endorsement_and_withdrawal_show_at_once(client, open_consultation):
    c, node = open_consultation
    author, reader = UserFactory(), UserFactory()
    contribution = post(c, node, "نص سيؤيده قارئ ثم يسحبه كاتبه", actor=author).contribution
    assert "1 endorsement" not in page(client, c, node)
    services.contribution_endorse(actor=reader, contribution=contribution)
    assert "1 endorsement" in page(client, c, node)
    services.contribution_withdraw(actor=author, contribution=contribution)
    assert "نص سيؤيده قارئ ثم يسحبه كاتبه" not in page(client, c, node)


def test_each_filter_and_page_is_cached_apart(client, open_consultation):
    c, node = open_consultation
    post(c, node, "مؤيد للمادة")
    comment_submit(
        actor=UserFactory(),
        consultation=c,
        body="معترض على المادة",
        stance=Stance.OBJECT,
        node=node,
    )
    page(client, c, node)
    objecting = page(client, c, node, "?stance=object")
    assert "معترض على المادة" in objecting
    assert "مؤيد للمادة" not in objecting
    assert "مؤيد للمادة" in page(client, c, node)


def test_signed_in_reader_sees_own_pending_comment(client, open_consultation):
    c, node = open_consultation
    Space.objects.filter(pk=space_of(c).pk).update(moderation="pre")
    author = UserFactory()
    page(client, c, node)  # an anonymous reader fills the cache first
    post(c, node, "تعليقي المعلق", actor=author)
    client.force_login(author)
    html = page(client, c, node)
    assert "تعليقي المعلق" in html
    assert "Awaiting review" in html
    client.logout()
    assert "تعليقي المعلق" not in page(client, c, node)


def test_query_count_is_constant_in_the_number_of_comments(client, open_consultation):
    c, node = open_consultation
    post(c, node, "تعليق واحد فقط")
    page(client, c, node)
    with CaptureQueriesContext(connection) as few:
        page(client, c, node, "?comments_sort=endorsed")
    for i in range(25):
        post(c, node, f"تعليق إضافي رقم {i} مختلف {i * 7919}")
    page(client, c, node)
    with CaptureQueriesContext(connection) as many:
        page(client, c, node, "?comments_sort=endorsed")
    assert len(many) == len(few)
