"""'Was this page useful?': stored anonymously with the page and language, counted per page."""

import pytest

from musharaka.core.models import PageFeedback
from musharaka.core.selectors import feedback_by_page

pytestmark = pytest.mark.django_db


def test_an_answer_is_stored_with_page_and_language(client):
    response = client.post(
        "/en/feedback/",
        {"path": "/en/about/", "next": "/en/about/", "useful": "no", "reason": "  Too short. "},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/about/"
    feedback = PageFeedback.objects.get()
    # The page is counted once whatever language it was read in; the language is kept beside it.
    assert (feedback.path, feedback.useful, feedback.reason, feedback.language) == (
        "/about/",
        False,
        "Too short.",
        "en",
    )


def test_an_arabic_page_answer_is_stored_as_arabic(client):
    client.post("/feedback/", {"path": "/privacy/", "next": "/privacy/", "useful": "yes"})
    feedback = PageFeedback.objects.get()
    assert (feedback.path, feedback.useful, feedback.reason, feedback.language) == (
        "/privacy/",
        True,
        "",
        "ar",
    )


def test_the_thank_you_shows_on_the_page_the_user_came_from(client):
    response = client.post(
        "/en/feedback/",
        {"path": "/en/about/", "next": "/en/about/", "useful": "yes"},
        follow=True,
    )
    assert response.redirect_chain == [("/en/about/", 302)]
    assert "Thank you for your feedback." in response.content.decode()


def test_a_missing_choice_is_refused_with_a_clear_message(client):
    response = client.post(
        "/en/feedback/",
        {"path": "/en/about/", "next": "/en/about/", "reason": "No answer chosen"},
        follow=True,
    )
    assert response.redirect_chain == [("/en/about/", 302)]
    html = response.content.decode()
    assert "Please choose Yes or No before sending." in html
    assert 'role="alert"' in html
    assert not PageFeedback.objects.exists()


def test_feedback_never_sends_the_user_to_another_site(client):
    response = client.post(
        "/en/feedback/",
        {"path": "/en/about/", "next": "https://evil.example/", "useful": "yes"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/about/"


def test_only_post_is_accepted(client):
    assert client.get("/en/feedback/").status_code == 405
    assert not PageFeedback.objects.exists()


def test_feedback_by_page_counts_yes_and_no_per_page(client):
    answers = [("/about/", "yes"), ("/about/", "no"), ("/about/", "no"), ("/privacy/", "yes")]
    for path, useful in answers:
        client.post("/feedback/", {"path": path, "next": path, "useful": useful})

    counts = {row["path"]: (row["yes"], row["no"]) for row in feedback_by_page()}
    assert counts == {"/about/": (1, 2), "/privacy/": (1, 0)}
    assert [row["path"] for row in feedback_by_page()] == ["/about/", "/privacy/"], (
        "pages with the most 'not useful' answers come first"
    )
