"""Forum topics on the shared pipeline: figures kept up to date, locks and posting rules
enforced on the shared reply path, followers and mentioned staff told, staff answers."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from musharaka.forums import services
from musharaka.forums.models import Posting, Topic
from musharaka.notifications.models import Notification
from musharaka.participation.models import Contribution, Status
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


# --- Telling followers: a background task -----------------------------------------------------


@pytest.fixture
def finished_tasks():
    """The tasks run (the tests' immediate backend runs them at enqueue) with their outcome:
    a failing task does not raise, so tests check it succeeded."""
    from django_tasks.signals import task_finished

    runs: list = []

    def record(sender, task_result, **kwargs):
        runs.append((task_result.task.name, list(task_result.args), task_result.status))

    task_finished.connect(record)
    yield runs
    task_finished.disconnect(record)


def told(user, kind: str = "forum_reply") -> int:
    return Notification.objects.filter(recipient=user, kind=kind).count()


@pytest.fixture
def followed_topic(agency, django_capture_on_commit_callbacks):
    """A topic followed by its author, three citizens, the replier and a moderator."""
    author = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        topic = start(make_forum(agency), author)
    people = {
        "author": author,
        "followers": [UserFactory() for _ in range(3)],
        "replier": UserFactory(),
        "moderator": make_staff(agency, "moderator"),  # follows, and is mentioned
        "manager": make_staff(agency, "manager"),  # mentioned, does not follow
    }
    for user in [*people["followers"], people["replier"], people["moderator"]]:
        services.topic_subscribe(actor=user, topic=topic, on=True)
    return topic, people


def test_followers_and_mentioned_staff_are_told_once_by_a_task(
    followed_topic, django_capture_on_commit_callbacks, finished_tasks, monkeypatch
):
    from musharaka.forums.tasks import announce_reply

    topic, people = followed_topic
    monkeypatch.setattr(services, "ANNOUNCE_BATCH", 2)  # followers read two at a time
    with django_capture_on_commit_callbacks(execute=True):
        answer = reply(topic, people["replier"], body="رأيي، ونرجو من @moderator و @manager الرد")

    assert ("announce_reply", [answer.pk], "SUCCESSFUL") in finished_tasks
    for follower in [people["author"], *people["followers"]]:
        assert told(follower) == 1
    assert told(people["replier"]) == 0 and told(people["replier"], "forum_mention") == 0
    for staff in (people["moderator"], people["manager"]):
        assert told(staff, "forum_mention") == 1 and told(staff) == 0
    notification = Notification.objects.filter(recipient=people["author"]).latest("pk")
    assert notification.url == f"/forums/{topic.forum.slug}/{topic.pk}/#c{answer.pk}"
    answer.refresh_from_db()
    assert answer.extra["announced"] is True
    total = Notification.objects.count()

    # The task run again, or any later change to the reply (an endorsement, an edit), tells
    # nobody again.
    assert announce_reply.enqueue(answer.pk).return_value == 0
    answer.extra.pop("announced")  # even had the run stopped before its last step
    Contribution.objects.filter(pk=answer.pk).update(extra=answer.extra)
    assert announce_reply.enqueue(answer.pk).return_value == 0
    assert Notification.objects.count() == total


def test_a_run_stopped_half_way_is_finished_without_repeating_anyone(
    followed_topic, django_capture_on_commit_callbacks, finished_tasks, monkeypatch
):
    from musharaka.forums.tasks import announce_reply

    topic, people = followed_topic
    monkeypatch.setattr(services, "ANNOUNCE_BATCH", 2)
    real_notify, calls = services.notify, []

    def failing_on_the_fourth(**kwargs):
        calls.append(kwargs["recipient"].pk)
        if len(calls) == 4:
            raise RuntimeError("worker lost")
        return real_notify(**kwargs)

    monkeypatch.setattr(services, "notify", failing_on_the_fourth)
    with django_capture_on_commit_callbacks(execute=True):
        answer = reply(topic, people["replier"], body="رد بلا إشارة إلى أحد")
    assert ("announce_reply", [answer.pk], "FAILED") in finished_tasks
    # Batches are [author, follower 1], [follower 2, follower 3 (fails)]: the first stands.
    assert Notification.objects.filter(kind="forum_reply").count() == 2
    answer.refresh_from_db()
    assert not answer.extra.get("announced")

    monkeypatch.setattr(services, "notify", real_notify)
    assert announce_reply.enqueue(answer.pk).return_value == 3  # the rest
    for follower in [people["author"], *people["followers"], people["moderator"]]:
        assert told(follower) == 1
    assert told(people["replier"]) == 0


def test_the_reply_is_saved_and_the_fan_out_waits_for_the_worker(
    followed_topic, django_capture_on_commit_callbacks, settings
):
    """With a real queue the request only enqueues the task (with the reply's id)."""
    from django_tasks import default_task_backend

    from musharaka.forums.tasks import announce_reply

    topic, people = followed_topic
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        answer = reply(topic, people["replier"])
    topic.refresh_from_db()
    assert topic.reply_count == 1  # the figures are kept in the request
    assert not Notification.objects.filter(kind="forum_reply").exists()
    queued = [r for r in default_task_backend.results if r.task.name == "announce_reply"]
    assert [r.args for r in queued] == [[answer.pk]]

    assert announce_reply.call(answer.pk) == 5  # what the worker runs


def test_a_hidden_reply_is_not_announced(followed_topic):
    topic, people = followed_topic
    answer = reply(topic, people["replier"])  # its after-commit hook not run yet
    Contribution.objects.filter(pk=answer.pk).update(status=Status.HIDDEN)
    assert services.reply_announce(contribution_id=answer.pk) == 0
    assert not Notification.objects.filter(kind="forum_reply").exists()


def test_an_opening_post_tells_only_the_staff_it_mentions(
    agency, django_capture_on_commit_callbacks, finished_tasks
):
    manager = make_staff(agency, "manager")
    forum = make_forum(agency)
    with django_capture_on_commit_callbacks(execute=True):
        quiet = start(forum, UserFactory())
        loud = start(forum, UserFactory(), title="سؤال للإدارة", body="نرجو من @مدير الإفادة")
    assert [run[1] for run in finished_tasks if run[0] == "announce_reply"] == [[loud.opening_id]]
    assert told(manager, "forum_mention") == 1
    assert Contribution.objects.get(pk=quiet.opening_id).extra["announced"] is True
