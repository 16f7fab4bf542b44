"""Forum topics on the shared pipeline: figures kept up to date, locks and posting rules
enforced on the shared reply path, followers and mentioned staff told, staff answers."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from musharaka.forums import services
from musharaka.forums.models import Posting, Topic
from musharaka.notifications.models import Notification
from tests.conftest import make_staff
from tests.factories import UserFactory
from tests.forums.forum_data import make_forum, reply, start

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")


def test_replies_update_the_topic_and_tell_followers(agency, django_capture_on_commit_callbacks):
    forum = make_forum(agency)
    author, other = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        topic = start(forum, author)
    topic.refresh_from_db()
    assert topic.visible and topic.reply_count == 0
    with django_capture_on_commit_callbacks(execute=True):
        reply(topic, other)
    topic.refresh_from_db()
    assert topic.reply_count == 1
    assert Notification.objects.filter(recipient=author, kind="forum_reply").count() == 1
    assert not Notification.objects.filter(recipient=other, kind="forum_reply").exists()


def test_a_locked_topic_refuses_replies_on_the_shared_path(
    agency, django_capture_on_commit_callbacks
):
    forum = make_forum(agency)
    moderator = make_staff(agency, "moderator")
    topic = start(forum, UserFactory())
    services.topic_set_flags(actor=moderator, topic=topic, locked=True)
    with pytest.raises(ValidationError, match="locked"):
        reply(topic, UserFactory())


def test_posting_rules_of_the_forum(agency):
    forum = make_forum(agency, posting=Posting.STAFF, slug="staff-only")
    with pytest.raises(PermissionDenied, match="staff"):
        start(forum, UserFactory())
    topic = start(forum, make_staff(agency, "editor"))
    with pytest.raises(PermissionDenied):
        reply(topic, UserFactory())


def test_mentioning_a_role_tells_that_role(agency, django_capture_on_commit_callbacks):
    forum = make_forum(agency)
    moderator = make_staff(agency, "moderator")
    topic = start(forum, UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        reply(topic, UserFactory(), body="نرجو من @moderator مراجعة هذا الموضوع")
    assert Notification.objects.filter(recipient=moderator, kind="forum_mention").exists()


def test_staff_answer_and_only_staff(agency, django_capture_on_commit_callbacks):
    forum = make_forum(agency)
    author = UserFactory()
    topic = start(forum, author)
    answer = reply(topic, make_staff(agency, "responder"))
    with pytest.raises(PermissionDenied):
        services.staff_answer_mark(actor=UserFactory(), topic=topic, reply=answer)
    services.staff_answer_mark(actor=make_staff(agency, "manager"), topic=topic, reply=answer)
    assert Topic.objects.get(pk=topic.pk).staff_answer == answer
    assert Notification.objects.filter(recipient=author, kind="forum_staff_answer").exists()


def test_replies_deeper_than_the_limit_are_refused(agency):
    topic = start(make_forum(agency), UserFactory())
    parent = reply(topic, UserFactory(), body="رد أول")
    for depth in range(3):
        parent = reply(topic, UserFactory(), body=f"رد أعمق {depth}", parent=parent)
    with pytest.raises(ValidationError, match="three levels"):
        reply(topic, UserFactory(), body="رد رابع المستوى", parent=parent)
