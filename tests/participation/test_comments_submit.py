"""Sending a comment through the comments component on an announcement page, as a browser
without JavaScript would: what the author is told, and what happens to bad input (refused with
a clear message, the typed text kept, never a 500)."""

import html as html_lib
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from musharaka.core.models import Role
from musharaka.participation.checks import mask_personal_data
from musharaka.participation.models import Contribution, QueueReason, Status, Suspension
from musharaka.participation.services import rules_publish
from tests.announcements.helpers import (
    RULES_AR,
    make_announcement,
    page_url,
    post_comment,
    started,
)
from tests.conftest import make_staff
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def announcement(agency):
    rules_publish(
        actor=make_staff(agency, Role.MANAGER, totp=False), agency=agency, body_ar=RULES_AR
    )
    return make_announcement(agency)


@pytest.fixture
def premoderated(agency, announcement):
    return make_announcement(
        agency, editor=announcement.created_by, pre_moderated=True, title_en="Pre-moderated"
    )


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client


def textarea(html: str, element_id: str) -> str:
    """The text inside a textarea, as the browser would show it."""
    start = html.index(f'id="{element_id}"')
    start = html.index(">", start) + 1
    return html_lib.unescape(html[start : html.index("</textarea>", start)]).removeprefix("\n")


def test_comment_on_a_post_moderated_announcement_is_published_at_once(
    citizen_client, citizen, announcement
):
    response = post_comment(citizen_client, announcement, "A clear and useful comment.")

    comment = Contribution.objects.get()
    assert (comment.status, comment.author, comment.space.channel) == (
        Status.PUBLISHED,
        citizen,
        "announcements",
    )
    assert response.status_code == 302
    assert response.url == f"{page_url(announcement)}#c{comment.pk}"
    page = citizen_client.get(response.url).content.decode()
    assert "Your contribution is published." in page
    assert f'id="c{comment.pk}"' in page and "A clear and useful comment." in page


def test_comment_in_a_premoderated_space_waits_and_only_its_author_sees_it(
    citizen_client, client, premoderated
):
    response = post_comment(citizen_client, premoderated, "Please add an evening session.")

    comment = Contribution.objects.get()
    assert comment.status == Status.PENDING
    assert comment.queue_reasons == [QueueReason.PRE_MODERATION]
    page = citizen_client.get(response.url).content.decode()
    assert "A moderator will review it before it is public." in page
    assert "Every contribution here is reviewed before publication." in page
    article = page[page.index(f'id="c{comment.pk}"') :]
    assert "Awaiting review" in article[:2000]
    assert "Please add an evening session." in article

    reader = UserFactory()
    citizen_client.force_login(reader)
    assert "Please add an evening session." not in citizen_client.get(response.url).content.decode()
    citizen_client.logout()
    assert "Please add an evening session." not in citizen_client.get(response.url).content.decode()


def test_phone_number_is_masked_and_the_author_is_told_why(citizen_client, announcement):
    text = "Call me on 0551234567 about the workshop."

    response = post_comment(citizen_client, announcement, text)

    comment = Contribution.objects.get()
    assert comment.status == Status.PENDING
    assert "0551234567" not in comment.body and comment.body_original == text
    page = citizen_client.get(response.url).content.decode()
    with translation.override("en"):
        told = str(mask_personal_data(text)[1][0].message)
    assert told.startswith("We hid a phone number")
    assert html_lib.escape(told) in page
    assert "0551234567" not in page, "not even its author sees the number on the public page"


def test_markup_is_shown_as_text_never_run(citizen_client, announcement, client):
    post_comment(citizen_client, announcement, "<script>alert('x')</script> **bold**")

    page = client.get(page_url(announcement)).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page
    assert "<strong>bold</strong>" in page


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Please write something before sending."),
        ("   \n  ", "Please write something before sending."),
        ("x" * 5001, "Your text is longer than 5,000 characters (5,001)."),
        ("bad \x00 byte", "control characters"),
        ("bell \x07 here", "control characters"),
    ],
    ids=["empty", "blank", "too-long", "nul", "control"],
)
def test_bad_text_is_refused_with_a_message_and_kept(citizen_client, announcement, body, message):
    response = post_comment(citizen_client, announcement, body)

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert not Contribution.objects.exists()
    assert 'aria-invalid="true"' in html and 'aria-describedby="comment-body-error' in html
    if body.strip() and "\x00" not in body:
        assert textarea(html, "comment-body") == body
    assert html.count("<h1") == 1, "the announcement page itself comes back"


def test_rules_must_be_accepted(citizen_client, announcement):
    response = post_comment(citizen_client, announcement, "My comment.", accept=False)

    html = response.content.decode()
    assert response.status_code == 400
    assert "Please read and accept the participation rules." in html
    assert 'id="comment-rules-error"' in html
    assert textarea(html, "comment-body") == "My comment."
    assert not Contribution.objects.exists()


def test_rules_published_after_the_form_was_shown_must_be_accepted_again(
    citizen_client, agency, announcement
):
    manager = make_staff(agency, Role.MANAGER, totp=False)
    old = announcement.agency.rules_versions.get()
    rules_publish(actor=manager, agency=agency, body_ar="قواعد جديدة")

    response = post_comment(citizen_client, announcement, "My comment.", rules_version=old.pk)

    assert response.status_code == 400
    assert not Contribution.objects.exists()


def test_accepted_rules_are_remembered_on_the_next_form(citizen_client, announcement):
    page = citizen_client.get(page_url(announcement)).content.decode()
    assert 'id="comment-rules"' in page, "first time: the checkbox"
    post_comment(citizen_client, announcement, "My first comment.")

    page = citizen_client.get(page_url(announcement)).content.decode()

    assert 'id="comment-rules"' not in page
    assert "You have accepted the" in page
    response = post_comment(citizen_client, announcement, "My second comment.")
    assert response.status_code == 302
    assert Contribution.objects.count() == 2


def test_the_rules_link_is_on_every_thread(client, announcement, agency):
    html = client.get(page_url(announcement)).content.decode()
    assert f'href="/en/agencies/{agency.slug}/rules/"' in html


def test_honeypot_refuses_robots_and_keeps_the_text(citizen_client, announcement):
    response = post_comment(
        citizen_client, announcement, "Buy cheap watches", website="http://spam.example"
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "We could not accept this contribution. Please send it again." in html
    assert textarea(html, "comment-body") == "Buy cheap watches"
    assert not Contribution.objects.exists()


def test_honeypot_is_hidden_from_people_and_assistive_technology(client, citizen, announcement):
    client.force_login(citizen)
    html = client.get(page_url(announcement)).content.decode()
    trap = html[: html.index('name="website"')]
    trap = trap[trap.rindex("<div") :]
    assert 'class="d-none"' in trap and 'aria-hidden="true"' in trap
    assert 'tabindex="-1"' in html[html.index('name="website"') :][:200]


@pytest.mark.parametrize(
    ("seconds_ago", "message"),
    [
        (0, "That was sent faster than a person can write."),
        (1, "That was sent faster than a person can write."),
        (24 * 3600 + 60, "This form was open for more than a day."),
    ],
    ids=["instant", "one-second", "stale"],
)
def test_time_trap_refuses_too_fast_or_stale_forms_and_keeps_the_text(
    citizen_client, announcement, seconds_ago, message
):
    response = post_comment(
        citizen_client, announcement, "My considered view.", started=started(seconds_ago)
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert textarea(html, "comment-body") == "My considered view."
    assert not Contribution.objects.exists()
    # The form comes back with a fresh time stamp: sending it again later works.
    assert 'name="started"' in html


@pytest.mark.parametrize("kind", ["missing", "forged", "tampered"])
def test_missing_or_forged_time_stamp_is_refused(citizen_client, announcement, kind):
    value = {"missing": "", "forged": "forged", "tampered": started(10) + "x"}[kind]
    response = post_comment(citizen_client, announcement, "Text.", started=value)
    assert response.status_code == 400
    assert not Contribution.objects.exists()


def test_suspended_author_is_refused_and_keeps_the_text(
    citizen_client, citizen, agency, announcement
):
    Suspension.objects.create(
        agency=agency,
        user=citizen,
        until=timezone.now() + timedelta(days=3),
        reason="abuse",
        created_by=make_staff(agency, Role.MODERATOR, totp=False),
    )

    response = post_comment(citizen_client, announcement, "Let me in.")

    html = response.content.decode()
    assert response.status_code == 403
    assert "Your participation with this agency is suspended until" in html
    assert textarea(html, "comment-body") == "Let me in."
    assert not Contribution.objects.exists()


def test_closed_comments_show_no_form_and_refuse_posts(citizen_client, agency):
    announcement = make_announcement(agency, comments_open=False)

    html = citizen_client.get(page_url(announcement)).content.decode()
    response = post_comment(citizen_client, announcement, "Too late?")

    assert "This discussion is closed for new comments." in html
    assert 'id="comment-body"' not in html
    assert response.status_code == 403
    assert "This discussion is closed for new contributions." in response.content.decode()
    assert not Contribution.objects.exists()


def test_duplicate_is_refused_with_a_clear_message(citizen_client, announcement):
    post_comment(citizen_client, announcement, "The workshop should be recorded for everyone.")

    response = post_comment(
        citizen_client, announcement, "The workshop should be recorded for everyone!"
    )

    assert response.status_code == 400
    assert "You have already posted this" in response.content.decode()
    assert Contribution.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in_and_back(client, announcement):
    response = post_comment(client, announcement, "Hello")

    assert response.status_code == 302
    assert response.url == f"/en/accounts/login/?next={page_url(announcement)}%23comments"
    assert not Contribution.objects.exists()


def test_an_address_outside_the_site_is_never_used_to_go_back(citizen_client, announcement):
    response = post_comment(
        citizen_client, announcement, "Hello there.", next="https://evil.example/"
    )
    comment = Contribution.objects.get()
    assert response.url == f"{page_url(announcement)}#c{comment.pk}"


def test_rate_limit_refuses_with_a_message(citizen_client, announcement, settings):
    settings.MUSHARAKA_CONTRIBUTION_RATE_LIMITS = {
        "user": {"limit": 2, "period": 600},
        "ip": {"limit": 100, "period": 600},
    }
    for text in ("Record the workshop, please.", "Is there parking nearby?"):
        assert post_comment(citizen_client, announcement, text).status_code == 302

    response = post_comment(citizen_client, announcement, "One more different thought.")

    assert response.status_code == 400
    assert "You are sending contributions too quickly." in response.content.decode()
    assert Contribution.objects.count() == 2
