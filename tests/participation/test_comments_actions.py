"""What readers and authors do on a thread: reply (three levels), edit within 15 minutes,
withdraw, endorse, report. Each is a plain POST form that comes back to the thread anchor."""

import pytest

from musharaka.participation.models import (
    Contribution,
    Endorsement,
    Flag,
    ModerationSettings,
    QueueReason,
    Status,
)
from tests.announcements.helpers import age, make_announcement, page_url, post_comment, submit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def announcement(agency):
    return make_announcement(agency)


def article(html: str, contribution: Contribution) -> str:
    """The HTML of one contribution, up to its replies."""
    start = html.index(f'<article id="c{contribution.pk}"')
    return html[start : html.index("</article>", start)]


def url(contribution: Contribution, action: str) -> str:
    return f"/en/participation/contributions/{contribution.pk}/{action}/"


# --- Replies ------------------------------------------------------------------------------


def test_replies_nest_three_levels_and_no_deeper(client, announcement):
    people = [UserFactory() for _ in range(4)]
    root = submit(people[0], announcement, "Top-level comment about the workshop.")
    level1 = submit(people[1], announcement, "First reply, agreeing.", parent=root)
    level2 = submit(people[2], announcement, "Second level, with a question.", parent=level1)
    client.force_login(people[3])

    response = post_comment(client, announcement, "Third level answer.", parent=level2)

    level3 = Contribution.objects.get(parent=level2)
    assert level3.depth == 3
    assert response.url == f"{page_url(announcement)}#c{level3.pk}"
    html = client.get(page_url(announcement)).content.decode()
    for item in (root, level1, level2):
        assert f'name="parent" value="{item.pk}"' in html
    assert f'name="parent" value="{level3.pk}"' not in html, "no reply form below level 3"
    # Nested in the page as in the thread.
    assert html.index(f'id="c{root.pk}"') < html.index(f'id="c{level1.pk}"')
    assert html.index(f'id="c{level2.pk}"') < html.index(f'id="c{level3.pk}"')

    refused = post_comment(client, announcement, "A fourth level, refused.", parent=level3)

    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Replies can only go three levels deep" in page
    assert "A fourth level, refused." in page, "the typed reply is kept"
    assert f'id="c{level3.pk}-reply-body"' in page and "<details open>" in page
    assert not Contribution.objects.filter(depth=4).exists()


def test_reply_form_errors_come_back_under_the_right_comment(client, citizen, announcement):
    first = submit(UserFactory(), announcement, "First comment.")
    second = submit(UserFactory(), announcement, "Second comment.")
    client.force_login(citizen)

    response = post_comment(client, announcement, "", parent=second)

    html = response.content.decode()
    assert response.status_code == 400
    assert "Please write something before sending." in article(html, second)
    assert "Please write something" not in article(html, first)
    assert 'id="comment-body-error"' not in html, "the main form is not marked invalid"
    assert f'id="c{second.pk}-reply-body-error"' in html


def test_reply_to_a_comment_of_another_thread_is_refused(client, citizen, agency, announcement):
    elsewhere = make_announcement(agency, editor=announcement.created_by, title_en="Other")
    theirs = submit(UserFactory(), elsewhere, "Comment on the other announcement.")
    client.force_login(citizen)

    response = post_comment(client, announcement, "Cross-thread reply.", parent=theirs)

    assert response.status_code == 400
    assert "You can only reply within the same discussion." in response.content.decode()
    assert not Contribution.objects.filter(parent=theirs).exists()


# --- Edit -----------------------------------------------------------------------------------


def test_author_edits_within_fifteen_minutes(client, citizen, announcement):
    comment = submit(citizen, announcement, "Teh workshop is useful.")
    client.force_login(citizen)
    assert f'action="{url(comment, "edit")}"' in client.get(page_url(announcement)).content.decode()

    response = client.post(
        url(comment, "edit"),
        {"body": "The workshop is useful.", "next": page_url(announcement)},
    )

    assert response.status_code == 302
    assert response.url == f"{page_url(announcement)}#c{comment.pk}"
    comment.refresh_from_db()
    assert comment.body == "The workshop is useful." and comment.edited_at is not None
    page = client.get(response.url).content.decode()
    assert "Your changes are saved and published." in page
    assert "edited" in article(page, comment)


def test_edit_after_fifteen_minutes_is_refused_and_the_text_kept(client, citizen, announcement):
    comment = submit(citizen, announcement, "Original text.")
    age(comment, minutes=16)
    client.force_login(citizen)
    page = client.get(page_url(announcement)).content.decode()
    assert f'action="{url(comment, "edit")}"' not in page, "the edit form is gone"

    response = client.post(
        url(comment, "edit"), {"body": "Late change.", "next": page_url(announcement)}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Contributions can only be edited within 15 minutes." in article(html, comment)
    assert "Late change." in article(html, comment)
    comment.refresh_from_db()
    assert comment.body == "Original text."


def test_an_edit_adding_a_phone_number_sends_the_comment_to_review(client, citizen, announcement):
    comment = submit(citizen, announcement, "Contact me later.")
    client.force_login(citizen)

    response = client.post(
        url(comment, "edit"),
        {"body": "Contact me on 0551234567.", "next": page_url(announcement)},
    )

    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert set(comment.queue_reasons) >= {QueueReason.PERSONAL_DATA, QueueReason.EDITED}
    page = client.get(response.url).content.decode()
    assert "A moderator will review them before they are public." in page
    assert "We hid a phone number" in page


def test_only_the_author_can_edit_or_withdraw(client, citizen, announcement):
    comment = submit(UserFactory(), announcement, "Someone else's words.")
    client.force_login(citizen)
    page = client.get(page_url(announcement)).content.decode()
    assert url(comment, "edit") not in page and url(comment, "withdraw") not in page

    edit = client.post(url(comment, "edit"), {"body": "Hijacked", "next": page_url(announcement)})
    withdraw = client.post(url(comment, "withdraw"), {"next": page_url(announcement)})

    assert (edit.status_code, withdraw.status_code) == (403, 403)
    assert "Only the author can do this." in edit.content.decode()
    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("Someone else's words.", Status.PUBLISHED)


# --- Withdraw -------------------------------------------------------------------------------


def test_withdrawn_comment_without_replies_disappears(client, citizen, announcement):
    comment = submit(citizen, announcement, "I changed my mind about this.")
    client.force_login(citizen)

    response = client.post(url(comment, "withdraw"), {"next": page_url(announcement)})

    assert response.status_code == 302
    assert response.url == f"{page_url(announcement)}#comments"
    comment.refresh_from_db()
    assert comment.status == Status.WITHDRAWN
    page = client.get(response.url).content.decode()
    assert "Your contribution was withdrawn." in page
    assert "I changed my mind" not in page
    assert f'id="c{comment.pk}"' not in page


def test_withdrawn_comment_with_replies_leaves_a_placeholder_and_its_replies(
    client, citizen, announcement
):
    comment = submit(citizen, announcement, "A view I will withdraw.")
    reply = submit(UserFactory(), announcement, "A reply that stays.", parent=comment)
    client.force_login(citizen)
    client.post(url(comment, "withdraw"), {"next": page_url(announcement)})
    client.logout()

    page = client.get(page_url(announcement)).content.decode()

    placeholder = article(page, comment)
    assert "This contribution was withdrawn by its author." in placeholder
    assert "A view I will withdraw." not in page
    assert comment.author.display_name not in placeholder
    assert "A reply that stays." in article(page, reply)


# --- Endorse --------------------------------------------------------------------------------


def test_endorsement_toggles(client, citizen, announcement):
    comment = submit(UserFactory(), announcement, "Worth supporting.")
    client.force_login(citizen)

    first = client.post(url(comment, "endorse"), {"next": page_url(announcement)})
    page = client.get(first.url).content.decode()

    assert first.url == f"{page_url(announcement)}#c{comment.pk}"
    comment.refresh_from_db()
    assert comment.endorsement_count == 1
    assert 'aria-pressed="true"' in article(page, comment)
    assert "You endorsed this contribution." in page

    client.post(url(comment, "endorse"), {"next": page_url(announcement)})

    comment.refresh_from_db()
    assert comment.endorsement_count == 0 and not Endorsement.objects.exists()
    assert 'aria-pressed="false"' in article(
        client.get(page_url(announcement)).content.decode(), comment
    )


def test_authors_cannot_endorse_themselves(client, citizen, announcement):
    comment = submit(citizen, announcement, "My own words.")
    client.force_login(citizen)
    assert url(comment, "endorse") not in client.get(page_url(announcement)).content.decode()

    response = client.post(url(comment, "endorse"), {"next": page_url(announcement)})

    assert response.status_code == 400
    assert "You cannot do this to your own contribution." in article(
        response.content.decode(), comment
    )
    assert not Endorsement.objects.exists()


def test_anonymous_readers_see_the_count_and_are_sent_to_sign_in(client, announcement):
    comment = submit(UserFactory(), announcement, "Popular view.")
    Contribution.objects.filter(pk=comment.pk).update(endorsement_count=4)

    page = client.get(page_url(announcement)).content.decode()
    response = client.post(url(comment, "endorse"), {"next": page_url(announcement)})

    assert "4 endorsements" in article(page, comment)
    assert url(comment, "endorse") not in page
    assert response.status_code == 302 and "/accounts/login/" in response.url


# --- Report ---------------------------------------------------------------------------------


def test_reader_reports_once(client, citizen, announcement):
    comment = submit(UserFactory(), announcement, "Visit my shop for discounts.")
    client.force_login(citizen)

    response = client.post(
        url(comment, "report"),
        {"reason": "spam", "note": "Advertising", "next": page_url(announcement)},
    )

    assert response.status_code == 302
    flag = Flag.objects.get()
    assert (flag.user, flag.reason, flag.note) == (citizen, "spam", "Advertising")
    page = client.get(response.url).content.decode()
    assert "Thank you. A moderator will look at your report." in page
    assert "You reported this contribution." in article(page, comment)
    assert url(comment, "report") not in page

    again = client.post(url(comment, "report"), {"reason": "abuse", "next": page_url(announcement)})

    assert again.status_code == 400
    assert "You have already reported this contribution." in again.content.decode()
    assert Flag.objects.count() == 1


def test_report_without_a_reason_is_refused_and_the_note_kept(client, citizen, announcement):
    comment = submit(UserFactory(), announcement, "Questionable text.")
    client.force_login(citizen)

    response = client.post(
        url(comment, "report"),
        {"reason": "", "note": "It names my neighbour", "next": page_url(announcement)},
    )

    html = article(response.content.decode(), comment)
    assert response.status_code == 400
    assert "Choose why you are reporting this contribution." in html
    assert "It names my neighbour" in html
    assert f'id="c{comment.pk}-flag-reason-error"' in html
    assert not Flag.objects.exists()


def test_enough_reports_hide_the_comment_until_reviewed(client, agency, announcement):
    ModerationSettings.objects.create(agency=agency, flag_threshold=2)
    comment = submit(UserFactory(), announcement, "Offensive advert.")
    for _ in range(2):
        client.force_login(UserFactory())
        client.post(url(comment, "report"), {"reason": "abuse", "next": page_url(announcement)})

    comment.refresh_from_db()
    assert comment.status == Status.HIDDEN and comment.needs_review
    assert QueueReason.FLAGS in comment.queue_reasons
    client.logout()
    assert "Offensive advert." not in client.get(page_url(announcement)).content.decode()


def test_authors_cannot_report_themselves(client, citizen, announcement):
    comment = submit(citizen, announcement, "Mine.")
    client.force_login(citizen)
    assert url(comment, "report") not in client.get(page_url(announcement)).content.decode()
    response = client.post(
        url(comment, "report"), {"reason": "spam", "next": page_url(announcement)}
    )
    assert response.status_code == 400
    assert not Flag.objects.exists()


@pytest.mark.parametrize("action", ["edit", "withdraw", "endorse", "report"])
def test_unknown_contribution_is_not_found(client, citizen, action):
    client.force_login(citizen)
    assert client.post(f"/en/participation/contributions/999999/{action}/").status_code == 404


@pytest.mark.parametrize("action", ["edit", "withdraw", "endorse", "report"])
def test_actions_only_accept_post(client, citizen, announcement, action):
    comment = submit(UserFactory(), announcement, "Some text.")
    client.force_login(citizen)
    assert client.get(url(comment, action)).status_code == 405
