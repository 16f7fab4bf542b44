"""Public consultation pages: reading without an account in both languages, the comment form
with its refusals, the stance filter, downloads and query counts."""

import time

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

from musharaka.consultations import services
from musharaka.consultations.comments import comment_submit
from musharaka.consultations.models import Comment, Phase, Stance
from musharaka.core.open_now import open_items
from musharaka.participation.forms import TIME_TRAP_SALT
from musharaka.participation.models import Contribution
from tests.consultations.lifecycle_helpers import articles, make_consultation, rules_of
from tests.consultations.test_lifecycle import PDF
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(c, prefix="/en"):
    return f"{prefix}/consultations/{c.agency.slug}/{c.slug}/"


def article_url(c, node, prefix="/en"):
    return f"{url(c, prefix)}articles/{node.key}/"


def comment_data(c, **extra):
    data = {
        "body": "تعليق على المادة",
        "stance": "support",
        "started": signing.dumps(time.time() - 10, salt=TIME_TRAP_SALT, compress=True),
        "website": "",
        **extra,
    }
    rules = rules_of(c)
    if rules is not None:
        data["rules_version"], data["accept_rules"] = rules.pk, "on"
    return data


def fill(c, n, node=None, stance=Stance.SUPPORT):
    for i in range(n):
        comment_submit(
            actor=UserFactory(),
            consultation=c,
            body=f"تعليق رقم {i} مختلف عن غيره {i * 7919}",
            stance=stance,
            node=node,
        )


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_index_lists_open_upcoming_and_closed(client, agency, prefix):
    make_consultation(agency, phase=Phase.OPEN, title_en="Open one", slug="open-one")
    make_consultation(agency, phase=Phase.SCHEDULED, title_en="Coming one", slug="coming")
    make_consultation(agency, phase=Phase.CLOSED, title_en="Closed one", slug="closed-one")
    make_consultation(agency, title_en="Secret draft", slug="secret")
    for page in (f"{prefix}/consultations/", f"{prefix}/consultations/{agency.slug}/"):
        response = client.get(page)
        assert response.status_code == 200
        html = response.content.decode()
        for slug in ("open-one", "coming", "closed-one"):
            assert f"/{agency.slug}/{slug}/" in html
        assert "/secret/" not in html
    assert client.get(f"/en/consultations/{agency.slug}/secret/").status_code == 404


def test_consultation_page_shows_text_counts_and_timeline(client, agency):
    c = make_consultation(agency, phase=Phase.OPEN)
    node = articles(c)[0]
    fill(c, 2, node=node)
    fill(c, 1, stance=Stance.OBJECT)
    html = client.get(url(c)).content.decode()
    assert "Draft e-participation guideline" in html
    assert "Text of draft article 1." in html
    assert "2 comments" in html  # on article 1
    assert "3 published comments" in html
    assert "Open for comments" in html and "Scheduled" in html  # timeline
    assert 'name="stance"' not in html  # not signed in: no form
    assert "Sign in to comment" in html
    assert client.get(url(c, prefix="")).status_code == 200


def test_signed_in_participant_comments_on_an_article(client, agency, citizen):
    c = make_consultation(agency, phase=Phase.OPEN)
    node = articles(c)[1]
    client.force_login(citizen)
    page = client.get(article_url(c, node)).content.decode()
    assert 'name="stance"' in page and 'name="amendment"' in page
    response = client.post(
        f"{url(c)}comments/", comment_data(c, node=str(node.key), stance="amend", amendment="بديل")
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{article_url(c, node)}#c{comment.contribution_id}"
    assert comment.node == node and comment.amendment == "بديل"
    html = client.get(article_url(c, node)).content.decode()
    assert "Propose an amendment" in html and "بديل" in html


def test_refusal_keeps_the_text_and_ties_the_error_to_the_field(client, agency, citizen):
    c = make_consultation(agency, phase=Phase.OPEN)
    node = articles(c)[0]
    client.force_login(citizen)
    response = client.post(
        f"{url(c)}comments/",
        comment_data(c, node=str(node.key), stance="amend", body="نصي المحفوظ", amendment=""),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "نصي المحفوظ" in html
    assert 'aria-describedby="comment-amendment-error' in html
    assert "Write the text you propose instead." in html
    assert not Contribution.objects.exists()


def test_closed_consultation_refuses_with_403(client, agency, citizen):
    c = make_consultation(agency, phase=Phase.CLOSED)
    client.force_login(citizen)
    response = client.post(f"{url(c)}comments/", comment_data(c, body="متأخر"))
    assert response.status_code == 403
    assert "not open for comments" in response.content.decode()
    assert not Contribution.objects.exists()


def test_on_behalf_of_someone_else_is_refused(client, agency, citizen, other_agency):
    c = make_consultation(agency, phase=Phase.OPEN)
    client.force_login(citizen)
    response = client.post(f"{url(c)}comments/", comment_data(c, on_behalf_of=str(other_agency.pk)))
    assert response.status_code == 400
    assert "not a confirmed representative" in response.content.decode()


def test_anonymous_post_goes_to_sign_in(client, agency):
    c = make_consultation(agency, phase=Phase.OPEN)
    response = client.post(f"{url(c)}comments/", comment_data(c))
    assert response.status_code == 302 and "login" in response["Location"]


def test_stance_filter_and_pagination(client, agency):
    c = make_consultation(agency, phase=Phase.OPEN)
    node = articles(c)[0]
    fill(c, 22, node=node)
    fill(c, 1, node=node, stance=Stance.QUESTION)
    html = client.get(article_url(c, node)).content.decode()
    assert html.count('class="comment border-start') == 20
    assert "More comments" in html
    html = client.get(article_url(c, node) + "?stance=question").content.decode()
    assert html.count('class="comment border-start') == 1
    html = client.get(article_url(c, node) + "?comments_sort=endorsed").content.decode()
    assert html.count('class="comment border-start') == 20


def test_article_of_another_consultation_or_unknown_is_404(client, agency):
    c = make_consultation(agency, phase=Phase.OPEN)
    other = make_consultation(agency, phase=Phase.OPEN, slug="other")
    assert client.get(article_url(c, articles(other)[0])).status_code == 404


@pytest.mark.parametrize("page", ["detail", "article"])
def test_query_count_does_not_grow_with_comments(
    client, agency, django_assert_max_num_queries, page
):
    c = make_consultation(agency, phase=Phase.OPEN)
    node = articles(c)[0]
    target = url(c) if page == "detail" else article_url(c, node)
    fill(c, 5, node=node if page == "article" else None)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(target).status_code == 200
    fill(c, 35, node=node if page == "article" else None)
    for other in articles(c)[1:]:
        fill(c, 2, node=other)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(target).status_code == 200


def test_attachment_is_a_download_never_inline(client, agency, manager):
    c = make_consultation(agency, editor=manager, phase=Phase.SCHEDULED)
    a = services.attachment_add(
        actor=manager, consultation=c, title="Draft text", upload=SimpleUploadedFile("d.pdf", PDF)
    )
    response = client.get(f"{url(c)}attachments/{a.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    draft = make_consultation(agency, editor=manager, slug="draft")
    hidden = services.attachment_add(
        actor=manager, consultation=draft, title="x", upload=SimpleUploadedFile("d.pdf", PDF)
    )
    assert client.get(f"{url(draft)}attachments/{hidden.pk}/").status_code == 404


def test_open_now_lists_open_consultations_and_header_links(client, agency):
    c = make_consultation(agency, phase=Phase.OPEN)
    make_consultation(agency, phase=Phase.SCHEDULED, slug="later")
    items = [i for i in open_items() if "/consultations/" in i.url]
    assert [i.url for i in items] == [url(c, prefix="")]
    html = client.get(f"/en/agencies/{agency.slug}/").content.decode()
    assert f'href="/en/consultations/{agency.slug}/"' in html
    assert 'href="/en/consultations/"' in html
