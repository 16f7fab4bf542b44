"""The forum pages as a browser without JavaScript uses them: the index, a forum's topic list
(sorts, category filter, pages without a total, constant queries), starting a topic, the topic
page (opening post, replies through the shared thread, staff answer box, hidden topics), the
staff actions for every role, refusals on the shared reply path, and the workspace pages."""

import time
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from musharaka.core.models import AgencyKind, Membership, Role
from musharaka.forums import services
from musharaka.forums.models import Forum, ForumCategory, Posting, Topic, TopicSubscription
from musharaka.participation.forms import TIME_TRAP_SALT, target_token
from musharaka.participation.models import Contribution, ModerationMode, Space, Status
from musharaka.participation.selectors import current_rules
from musharaka.participation.services import rules_publish
from tests.conftest import make_staff
from tests.consultations.lifecycle_helpers import make_consultation
from tests.contact.contact_data import make_inbox
from tests.factories import AgencyFactory, UserFactory
from tests.forums.forum_data import make_forum, reply, start

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")


@pytest.fixture
def forum(agency):
    return make_forum(agency)


@pytest.fixture
def topic(forum, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        found = start(forum, UserFactory(full_name="Noura Alqahtani"))
        reply(found, UserFactory(full_name="Saad Alharbi"), body="نستخدم استبانة قصيرة")
    found.refresh_from_db()
    return found


def topic_url(topic) -> str:
    return f"/en/forums/{topic.forum.slug}/{topic.pk}/"


def forum_url(forum) -> str:
    return f"/en/forums/{forum.slug}/"


def started(seconds_ago: float = 10) -> str:
    return signing.dumps(time.time() - seconds_ago, salt=TIME_TRAP_SALT, compress=True)


def post_reply(client, topic, body, *, parent=None):
    """A reply sent through the shared comment form, as the topic page renders it."""
    space = Space.objects.get(owner_type="forums.forum", owner_id=str(topic.forum_id))
    data = {
        "body": body,
        "started": started(),
        "website": "",
        "next": topic_url(topic),
        "target": target_token(topic),
    }
    rules = current_rules(agency=topic.forum.agency)
    if rules is not None:
        data.update(rules_version=rules.pk, accept_rules="on")
    if parent is not None:
        data["parent"] = parent.pk
    return client.post(f"/en/participation/spaces/{space.pk}/comments/", data)


def make_topics(forum, n, **fields) -> list[Topic]:
    """Visible topics straight in the table (the list reads only topic rows)."""
    author = fields.pop("author", None) or UserFactory()
    fields.setdefault("visible", True)
    now = timezone.now()
    return Topic.objects.bulk_create(
        [
            Topic(
                forum=forum,
                title=f"Topic {i}",
                author=author,
                last_activity_at=now - timedelta(minutes=i),
                **fields,
            )
            for i in range(n)
        ]
    )


def titles(response) -> list[str]:
    return [t.title for t in response.context["page"].object_list]


# --- The index --------------------------------------------------------------------------------


def test_index_lists_platform_forums_first_with_their_topic_counts(client, agency):
    programme = AgencyFactory(kind=AgencyKind.PROGRAMME, name_en="Programme office")
    wide = make_forum(programme, slug="e-participation-network", platform_wide=True)
    wide.name_en = "Network of practitioners"
    wide.save()
    own = make_forum(agency, slug="services")
    own.name_en = "Services forum"
    own.save()
    make_forum(agency, slug="closed", is_active=False)
    make_topics(own, 3)
    make_topics(own, 2, visible=False)

    response = client.get("/en/forums/")

    assert response.status_code == 200
    assert response.context["platform_forums"] == [wide]
    assert response.context["agency_forums"] == [own]
    html = response.content.decode()
    assert html.index("Network of practitioners") < html.index("Services forum")
    assert "3 topics" in html


# --- A forum's topics -------------------------------------------------------------------------


def test_topics_sort_pinned_first_then_by_each_order(client, forum):
    now = timezone.now()
    old_busy, new_quiet, endorsed, pinned = make_topics(forum, 4)
    rows = {
        old_busy: dict(created_at=now - timedelta(days=9), last_activity_at=now, reply_count=4),
        new_quiet: dict(
            created_at=now - timedelta(days=1), last_activity_at=now - timedelta(days=1)
        ),
        endorsed: dict(
            created_at=now - timedelta(days=5),
            last_activity_at=now - timedelta(days=3),
            endorsement_count=7,
            reply_count=1,
        ),
        pinned: dict(
            created_at=now - timedelta(days=20),
            last_activity_at=now - timedelta(days=20),
            pinned=True,
        ),
    }
    for found, values in rows.items():
        Topic.objects.filter(pk=found.pk).update(**values)
    names = {old_busy.title: "old_busy", new_quiet.title: "new_quiet"}
    names.update({endorsed.title: "endorsed", pinned.title: "pinned"})

    def order(sort):
        return [names[t] for t in titles(client.get(forum_url(forum), {"sort": sort}))]

    assert order("activity") == ["pinned", "old_busy", "new_quiet", "endorsed"]
    assert [names[t] for t in titles(client.get(forum_url(forum)))] == order("activity")
    assert order("newest") == ["pinned", "new_quiet", "endorsed", "old_busy"]
    assert order("endorsed") == ["pinned", "endorsed", "new_quiet", "old_busy"]
    assert order("unanswered") == ["pinned", "new_quiet"]
    assert order("nonsense") == order("activity")


def test_unanswered_leaves_out_topics_with_a_staff_answer(client, forum, topic):
    staff = make_staff(forum.agency, "responder")
    answer = reply(topic, staff, body="الإجابة الرسمية من الجهة")
    services.staff_answer_mark(actor=staff, topic=topic, reply=answer)
    Topic.objects.filter(pk=topic.pk).update(reply_count=0)  # the replies were hidden since
    (quiet,) = make_topics(forum, 1)

    response = client.get(forum_url(forum), {"sort": "unanswered"})

    assert titles(response) == [quiet.title]


def test_category_filter_and_pages_keep_the_sort_and_filter(client, forum):
    ideas = ForumCategory.objects.create(
        forum=forum, slug="ideas", name_ar="أفكار", name_en="Ideas"
    )
    make_topics(forum, 35, category=ideas)
    make_topics(forum, 5)

    first = client.get(forum_url(forum), {"category": "ideas", "sort": "newest"})
    assert len(first.context["page"].object_list) == 30
    assert first.context["page"].has_next
    html = first.content.decode()
    assert 'href="?category=ideas&amp;sort=newest&amp;page=2"' in html
    assert "Page 1" in html and "Page 1 of" not in html

    second = client.get(forum_url(forum), {"category": "ideas", "sort": "newest", "page": "2"})
    assert len(second.context["page"].object_list) == 5
    assert not second.context["page"].has_next
    assert all(t.category_id == ideas.pk for t in second.context["page"].object_list)
    assert 'rel="prev"' in second.content.decode()

    beyond = client.get(forum_url(forum), {"page": "99"})
    assert beyond.status_code == 200
    assert "There are no topics on this page." in beyond.content.decode()
    assert client.get(forum_url(forum), {"page": "x"}).status_code == 200


def test_topic_list_rows_and_badges(client, forum, topic, agency):
    moderator = make_staff(agency, "moderator")
    services.topic_set_flags(actor=moderator, topic=topic, pinned=True, locked=True)

    html = client.get(forum_url(forum)).content.decode()

    assert "كيف نقيس رضا المستفيدين؟" in html
    assert "by Noura Alqahtani" in html and "1 reply" in html
    assert "Pinned" in html and "Locked" in html


def test_topic_list_costs_the_same_queries_for_more_topics(client, forum):
    categories = [
        ForumCategory.objects.create(forum=forum, slug=f"c{i}", name_ar=f"فئة {i}")
        for i in range(3)
    ]
    make_topics(forum, 3, category=categories[0])
    client.get(forum_url(forum))  # warm whatever is cached per process
    with CaptureQueriesContext(connection) as few:
        assert client.get(forum_url(forum)).status_code == 200
    for i in range(30):
        make_topics(forum, 1, category=categories[i % 3], author=UserFactory())
    with CaptureQueriesContext(connection) as many:
        assert client.get(forum_url(forum)).status_code == 200
    assert len(many) == len(few) <= 5


def test_the_list_query_uses_the_sort_index_and_counts_nothing(client, forum):
    make_topics(forum, 40)
    with CaptureQueriesContext(connection) as queries:
        client.get(forum_url(forum), {"sort": "endorsed"})
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "COUNT(" not in sql.upper()
    if connection.vendor == "sqlite":
        topic_query = next(q["sql"] for q in queries.captured_queries if "forums_topic" in q["sql"])
        with connection.cursor() as cursor:
            plan = " ".join(str(row) for row in cursor.execute(f"EXPLAIN QUERY PLAN {topic_query}"))
        assert "USE TEMP B-TREE" not in plan, plan


# --- Starting a topic -------------------------------------------------------------------------


def topic_data(forum, **extra) -> dict:
    data = {"title": "مواعيد الخدمات", "body": "متى تفتح مراكز الخدمة؟", "started": started()}
    rules = current_rules(agency=forum.agency)
    if rules is not None:
        data.update(rules_version=rules.pk, accept_rules="on")
    data.update(extra)
    return data


def test_starting_a_topic_needs_an_account(client, forum):
    response = client.get(f"{forum_url(forum)}new/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_citizen_starts_a_topic_with_a_category(client, forum, citizen):
    category = ForumCategory.objects.create(forum=forum, slug="ideas", name_ar="أفكار")
    client.force_login(citizen)
    assert client.get(f"{forum_url(forum)}new/").status_code == 200

    response = client.post(f"{forum_url(forum)}new/", topic_data(forum, category=category.pk))

    found = Topic.objects.get()
    assert (found.author, found.category, found.visible) == (citizen, category, True)
    assert response.status_code == 302 and response.url == topic_url(found)
    assert TopicSubscription.objects.filter(topic=found, user=citizen).exists()
    page = client.get(response.url).content.decode()
    assert "Your topic is published." in page and "متى تفتح مراكز الخدمة؟" in page


def test_a_held_opening_post_is_announced_and_the_author_goes_back_to_the_forum(
    client, forum, citizen
):
    services.forum_space(forum)
    Space.objects.filter(owner_type="forums.forum").update(moderation=ModerationMode.PRE)
    client.force_login(citizen)

    response = client.post(f"{forum_url(forum)}new/", topic_data(forum), follow=True)

    found = Topic.objects.get()
    assert not found.visible
    assert response.redirect_chain[-1][0] == forum_url(forum)
    assert "A moderator will review its opening post" in response.content.decode()
    assert found.title not in [t.title for t in response.context["page"].object_list]


def test_bad_topics_are_refused_with_the_text_kept(client, agency, forum, citizen):
    rules_publish(actor=make_staff(agency, "manager"), agency=agency, body_ar="قواعد المشاركة")
    client.force_login(citizen)

    no_title = client.post(f"{forum_url(forum)}new/", topic_data(forum, title="  "))
    assert no_title.status_code == 400
    html = no_title.content.decode()
    assert "Give the topic a title." in html and 'href="#topic-title"' in html
    assert "متى تفتح مراكز الخدمة؟" in html and 'aria-invalid="true"' in html

    data = topic_data(forum)
    data.pop("accept_rules")
    no_rules = client.post(f"{forum_url(forum)}new/", data)
    assert no_rules.status_code == 400
    assert "Please read and accept the participation rules." in no_rules.content.decode()

    other = make_forum(AgencyFactory(), slug="elsewhere")
    foreign = ForumCategory.objects.create(forum=other, slug="x", name_ar="أخرى")
    wrong = client.post(f"{forum_url(forum)}new/", topic_data(forum, category=foreign.pk))
    assert wrong.status_code == 400
    assert "Choose a category of this forum." in wrong.content.decode()

    too_fast = client.post(f"{forum_url(forum)}new/", topic_data(forum, started=started(0)))
    assert too_fast.status_code == 400
    assert not Topic.objects.exists()


def test_a_staff_only_forum_refuses_citizens_topics(client, agency, citizen):
    staff_forum = make_forum(agency, posting=Posting.STAFF, slug="staff-room")
    client.force_login(citizen)

    page = client.get(f"{forum_url(staff_forum)}new/")
    assert page.status_code == 403
    assert "Only the agency&#x27;s staff post in this forum." in page.content.decode()
    sent = client.post(f"{forum_url(staff_forum)}new/", topic_data(staff_forum))
    assert sent.status_code == 403
    assert not Topic.objects.exists()
    listing = client.get(forum_url(staff_forum)).content.decode()
    assert "Only the agency&#x27;s staff post in this forum." in listing


# --- The topic page ---------------------------------------------------------------------------


def test_topic_page_shows_the_opening_post_apart_from_the_replies(client, topic):
    response = client.get(topic_url(topic))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("ما أفضل طريقة لقياس الرضا؟") == 1
    roots = list(response.context["thread"]["page"].object_list)
    assert [c.body for c in roots] == ["نستخدم استبانة قصيرة"]
    assert topic.opening_id not in [c.pk for c in roots]
    assert "Sign in to reply" in html


def test_topic_page_costs_the_same_queries_for_more_replies(
    client, agency, topic, django_capture_on_commit_callbacks
):
    manager = make_staff(agency, "manager")
    make_inbox(agency)
    make_consultation(agency, editor=manager)
    answer = Contribution.objects.get(body="نستخدم استبانة قصيرة")
    services.staff_answer_mark(actor=manager, topic=topic, reply=answer)
    deeper = reply(topic, UserFactory(), body="رد على الرد الأول", parent=answer)
    reply(topic, UserFactory(), body="رد في المستوى الثالث", parent=deeper)  # every level read
    for viewer in (None, manager):
        if viewer is not None:
            client.force_login(viewer)
        client.get(topic_url(topic))
        with CaptureQueriesContext(connection) as few:
            assert client.get(topic_url(topic)).status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            for i in range(8):
                parent = reply(topic, UserFactory(), body=f"رد رقم {i} {viewer}")
                child = reply(topic, UserFactory(), body=f"رد على الرد {i} {viewer}", parent=parent)
                reply(topic, UserFactory(), body=f"رد ثالث {i} {viewer}", parent=child)
        with CaptureQueriesContext(connection) as many:
            response = client.get(topic_url(topic))
        assert response.status_code == 200
        assert len(response.context["thread"]["page"].object_list) == 9 if viewer is None else 17
        assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    # The staff view had a "Mark as the staff answer" button on every reply (all on one page).
    published = Contribution.objects.filter(
        target_type="forums.topic", target_id=str(topic.pk), status=Status.PUBLISHED
    ).exclude(pk=topic.opening_id)
    assert len(answer_forms(response)) == published.count() == 51


def test_a_hidden_topic_exists_only_for_its_author_and_the_moderators(client, agency, forum):
    services.forum_space(forum)
    Space.objects.filter(owner_type="forums.forum").update(moderation=ModerationMode.PRE)
    author = UserFactory()
    held = start(forum, author)
    assert not held.visible

    assert client.get(topic_url(held)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(topic_url(held)).status_code == 404
    client.force_login(make_staff(agency, "responder"))
    assert client.get(topic_url(held)).status_code == 404
    client.force_login(make_staff(AgencyFactory(), "moderator"))
    assert client.get(topic_url(held)).status_code == 404
    client.force_login(author)
    mine = client.get(topic_url(held))
    assert mine.status_code == 200 and "This topic is awaiting moderation" in mine.content.decode()
    client.force_login(make_staff(agency, "moderator"))
    assert client.get(topic_url(held)).status_code == 200
    assert client.get(f"/en/forums/{forum.slug}/999999/").status_code == 404
    assert client.get(f"/en/forums/no-such-forum/{held.pk}/").status_code == 404


def test_follow_and_unfollow(client, topic, citizen):
    url = f"{topic_url(topic)}follow/"
    assert client.post(url, {"on": "1"}).status_code == 302  # to the sign-in page
    client.force_login(citizen)
    assert client.get(url).status_code == 405

    response = client.post(url, {"on": "1"}, follow=True)
    assert TopicSubscription.objects.filter(topic=topic, user=citizen).exists()
    assert "You follow this topic" in response.content.decode()
    assert "Following: stop following" in response.content.decode()

    client.post(url, {"on": "0"})
    assert not TopicSubscription.objects.filter(topic=topic, user=citizen).exists()


# --- Replies on the shared path: refusals -----------------------------------------------------


def test_a_reply_through_the_shared_form_comes_back_to_the_topic(client, topic, citizen):
    client.force_login(citizen)
    response = post_reply(client, topic, "تجربتنا مع الاستبانات القصيرة جيدة")
    created = Contribution.objects.get(body="تجربتنا مع الاستبانات القصيرة جيدة")
    assert response.status_code == 302
    assert response.url == f"{topic_url(topic)}#c{created.pk}"


def test_replying_in_a_locked_topic_is_refused_clearly(client, agency, topic, citizen):
    services.topic_set_flags(actor=make_staff(agency, "moderator"), topic=topic, locked=True)
    client.force_login(citizen)
    before = Contribution.objects.count()

    response = post_reply(client, topic, "رد بعد الإغلاق")

    assert response.status_code == 400
    html = response.content.decode()
    assert "This topic is locked: no new replies." in html
    assert "رد بعد الإغلاق" in html  # the typed text, to copy
    assert Contribution.objects.count() == before
    page = client.get(topic_url(topic)).content.decode()
    assert "This topic is locked" in page and "Send the reply" not in page


def test_replying_in_a_staff_only_forum_is_refused(client, agency, citizen):
    staff_forum = make_forum(agency, posting=Posting.STAFF, slug="staff-room")
    found = start(staff_forum, make_staff(agency, "editor"))
    client.force_login(citizen)

    response = post_reply(client, found, "أريد المشاركة هنا")

    assert response.status_code == 403
    assert "Only the agency&#x27;s staff post in this forum." in response.content.decode()
    assert not Contribution.objects.filter(body="أريد المشاركة هنا").exists()


def test_replying_beyond_the_depth_limit_is_refused(client, topic, citizen):
    parent = Contribution.objects.get(body="نستخدم استبانة قصيرة")
    for depth in range(3):
        parent = reply(topic, UserFactory(), body=f"رد أعمق {depth}", parent=parent)
    client.force_login(citizen)

    response = post_reply(client, topic, "رد رابع المستوى", parent=parent)

    assert response.status_code == 400
    assert "three levels deep" in response.content.decode()
    assert not Contribution.objects.filter(body="رد رابع المستوى").exists()


def test_replying_under_the_opening_post_is_refused(client, topic, citizen):
    client.force_login(citizen)
    response = post_reply(client, topic, "رد على المنشور الأول", parent=topic.opening)
    assert response.status_code == 400
    assert "Reply to the topic itself" in response.content.decode()


# --- Staff actions for every role -------------------------------------------------------------

ROLES = ["manager", "moderator", "responder", "editor", "analyst", "other_agency", "citizen"]
ALLOWED = {
    # action: roles allowed
    "moderate": {"manager", "moderator"},
    "answer": {"manager", "moderator", "responder", "editor", "analyst"},
    "request": {"manager", "responder"},
    "link": {"manager", "editor"},
}


def actor_for(role: str, agency):
    if role == "citizen":
        return UserFactory()
    if role == "other_agency":
        return make_staff(AgencyFactory(), "manager")
    return make_staff(agency, role)


def staff_post(client, topic, action: str, agency):
    base = topic_url(topic)
    if action == "moderate":
        return client.post(f"{base}moderate/", {"action": "pin"})
    if action == "answer":
        found = Contribution.objects.get(body="نستخدم استبانة قصيرة")
        return client.post(f"{base}answer/", {"reply": found.pk})
    if action == "request":
        inbox = make_inbox(agency, slug=f"inbox-{Membership.objects.count()}")
        return client.post(f"{base}to-request/", {"inbox": inbox.pk})
    consultation = make_consultation(agency)
    return client.post(f"{base}link/", {"consultation": consultation.pk})


def done(topic, action: str) -> bool:
    topic.refresh_from_db()
    return {
        "moderate": topic.pinned,
        "answer": topic.staff_answer_id is not None,
        "request": topic.contact_request_id is not None,
        "link": topic.consultation_id is not None,
    }[action]


@pytest.mark.parametrize("action", list(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_staff_actions_by_role(client, agency, topic, role, action):
    client.force_login(actor_for(role, agency))

    response = staff_post(client, topic, action, agency)

    if role in ALLOWED[action]:
        assert response.status_code == 302, response.content.decode()[:500]
        assert done(topic, action)
        if action == "answer":  # back to the reply marked
            assert response.url == f"{topic_url(topic)}#c{topic.staff_answer_id}"
        else:
            assert response.url == f"{topic_url(topic)}#staff-actions"
    else:
        assert response.status_code == 403
        assert not done(topic, action)
        assert 'role="alert"' in response.content.decode()


def test_a_moderator_who_also_responds_may_turn_a_topic_into_a_request(client, agency, topic):
    moderator = make_staff(agency, "moderator")
    Membership.objects.create(user=moderator, agency=agency, role=Role.RESPONDER)
    client.force_login(moderator)
    assert staff_post(client, topic, "request", agency).status_code == 302
    assert done(topic, "request")


def test_staff_controls_are_shown_by_role(client, agency, topic):
    client.force_login(make_staff(agency, "moderator"))
    html = client.get(topic_url(topic)).content.decode()
    assert "Pin to the top of the forum" in html and "Mark as the staff answer" in html
    assert 'id="answer-reply"' not in html  # the list above the replies is gone
    assert "Turn into a contact request" not in html and "Save the link" not in html
    client.force_login(UserFactory())
    html = client.get(topic_url(topic)).content.decode()
    assert "Staff actions" not in html


def test_the_staff_answer_is_shown_at_the_top_with_a_link_to_it(client, agency, topic):
    responder = make_staff(agency, "responder")
    client.force_login(responder)
    answer = Contribution.objects.get(body="نستخدم استبانة قصيرة")

    response = client.post(f"{topic_url(topic)}answer/", {"reply": answer.pk}, follow=True)

    html = response.content.decode()
    assert "The reply is marked as the staff answer" in html
    box = html[
        html.index('class="staff-answer') : html.index("</section>", html.index("staff-answer"))
    ]
    assert "Staff answer" in box and "نستخدم استبانة قصيرة" in box
    assert f'href="?comments_page=1#c{answer.pk}"' in box

    cleared = client.post(f"{topic_url(topic)}answer/", {"clear": "1"})
    assert cleared.status_code == 302
    topic.refresh_from_db()
    assert topic.staff_answer_id is None


def test_bad_staff_input_is_refused_on_the_topic_page(client, agency, topic, forum):
    manager = make_staff(agency, "manager")
    client.force_login(manager)
    base = topic_url(topic)

    wrong_reply = client.post(f"{base}answer/", {"reply": topic.opening_id})
    assert wrong_reply.status_code == 400
    assert "Choose a published reply of this topic." in wrong_reply.content.decode()
    assert client.post(f"{base}answer/", {"reply": "abc"}).status_code == 400
    assert client.post(f"{base}moderate/", {"action": "explode"}).status_code == 400

    other_inbox = make_inbox(AgencyFactory(), slug="elsewhere")
    refused = client.post(f"{base}to-request/", {"inbox": other_inbox.pk})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Choose an open inbox of the forum" in html
    # The page shown with the refusal sends its forms back to the topic, not to the action.
    assert f'name="next" value="{base}"' in html

    other_consultation = make_consultation(AgencyFactory())
    linked = client.post(f"{base}link/", {"consultation": other_consultation.pk})
    assert linked.status_code == 400
    assert client.post(f"{base}link/", {"consultation": "999999"}).status_code == 400
    assert client.get(f"{base}moderate/").status_code == 405


# --- The staff answer button on each reply -----------------------------------------------------


class AnswerForms(HTMLParser):
    """The staff answer forms of a topic page (one per reply): their action, the fields they
    send (with their button's) and the button's name as a screen reader gives it."""

    def __init__(self, html: str):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._button: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and "reply-answer" in (attributes.get("class") or ""):
            self._form = {"action": attributes["action"], "data": {}, "name": ""}
        elif self._form is not None and tag == "input":
            self._form["data"][attributes["name"]] = attributes.get("value", "")
        elif self._form is not None and tag == "button":
            self._button = []
            if attributes.get("name"):
                self._form["data"][attributes["name"]] = attributes.get("value", "")

    def handle_data(self, data):
        if self._button is not None:
            self._button.append(data)

    def handle_endtag(self, tag):
        if tag == "button" and self._form is not None and self._button is not None:
            self._form["name"] = " ".join("".join(self._button).split())
            self._button = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def answer_forms(response) -> dict[int, dict]:
    """The staff answer forms of the page, by the reply each marks."""
    return {int(f["data"]["reply"]): f for f in AnswerForms(response.content.decode()).forms}


def test_staff_mark_the_answer_with_the_button_on_the_reply(client, agency, topic):
    first = Contribution.objects.get(body="نستخدم استبانة قصيرة")
    nested = reply(topic, UserFactory(full_name="Maha Alzahrani"), body="وأنا أؤيد", parent=first)
    client.force_login(make_staff(agency, "analyst"))  # any role in the forum's agency
    page = client.get(topic_url(topic), {"comments_sort": "oldest"})

    forms = answer_forms(page)
    assert set(forms) == {first.pk, nested.pk}  # each published reply; never the opening post
    form = forms[first.pk]
    assert form["action"] == f"{topic_url(topic)}answer/"
    assert form["name"] == "Mark as the staff answer (the reply of Saad Alharbi)"
    assert forms[nested.pk]["name"] == "Mark as the staff answer (the reply of Maha Alzahrani)"

    response = client.post(form["action"], form["data"])

    assert response.status_code == 302
    # Back to the reply, on the page (order, page number) the button was on.
    assert response.url == f"{topic_url(topic)}?comments_sort=oldest#c{first.pk}"
    topic.refresh_from_db()
    assert topic.staff_answer_id == first.pk
    after = client.get(response.url.split("#")[0])
    assert "The reply is marked as the staff answer" in after.content.decode()
    forms = answer_forms(after)
    assert forms[first.pk]["name"] == "Clear the staff answer (the reply of Saad Alharbi)"
    assert forms[first.pk]["data"]["clear"] == "1"
    assert forms[nested.pk]["name"].startswith("Mark as the staff answer")

    # Another reply's button moves the answer there; the old page's "clear" then clears nothing.
    assert client.post(forms[nested.pk]["action"], forms[nested.pk]["data"]).status_code == 302
    topic.refresh_from_db()
    assert topic.staff_answer_id == nested.pk
    stale = client.post(forms[first.pk]["action"], forms[first.pk]["data"])
    assert stale.status_code == 400
    assert "This reply is no longer the staff answer." in stale.content.decode()
    topic.refresh_from_db()
    assert topic.staff_answer_id == nested.pk

    forms = answer_forms(client.get(topic_url(topic)))
    cleared = client.post(forms[nested.pk]["action"], forms[nested.pk]["data"])
    assert cleared.status_code == 302
    assert cleared.url == f"{topic_url(topic)}#c{nested.pk}"
    topic.refresh_from_db()
    assert topic.staff_answer_id is None


def test_the_answer_buttons_go_back_only_to_the_topic(client, agency, topic):
    first = Contribution.objects.get(body="نستخدم استبانة قصيرة")
    client.force_login(make_staff(agency, "responder"))
    data = {"reply": first.pk}
    for elsewhere in ("https://evil.example/", "//evil.example/x", "/en/forums/"):
        response = client.post(f"{topic_url(topic)}answer/", {**data, "next": elsewhere})
        assert response.url == f"{topic_url(topic)}#c{first.pk}"


def test_only_the_agency_staff_see_and_use_the_answer_buttons(client, agency, topic):
    first = Contribution.objects.get(body="نستخدم استبانة قصيرة")
    client.force_login(make_staff(agency, "editor"))
    form = answer_forms(client.get(topic_url(topic)))[first.pk]
    client.logout()
    assert answer_forms(client.get(topic_url(topic))) == {}
    assert client.post(form["action"], form["data"]).status_code == 302  # to the sign-in page

    for outsider in (UserFactory(), make_staff(AgencyFactory(), "manager")):
        client.force_login(outsider)
        assert answer_forms(client.get(topic_url(topic))) == {}
        response = client.post(form["action"], form["data"])
        assert response.status_code == 403
        assert "Only the agency&#x27;s staff mark an answer." in response.content.decode()
        topic.refresh_from_db()
        assert topic.staff_answer_id is None

    # Nor clear one that is set.
    services.staff_answer_mark(actor=make_staff(agency, "responder"), topic=topic, reply=first)
    client.force_login(make_staff(AgencyFactory(), "moderator"))
    refused = client.post(form["action"], {**form["data"], "clear": "1"})
    assert refused.status_code == 403
    topic.refresh_from_db()
    assert topic.staff_answer_id == first.pk


def test_a_topic_turned_into_a_request_and_linked_shows_both(client, agency, topic):
    manager = make_staff(agency, "manager")
    inbox = make_inbox(agency)
    consultation = make_consultation(agency, editor=manager, phase="scheduled")
    client.force_login(manager)
    client.post(f"{topic_url(topic)}to-request/", {"inbox": inbox.pk})
    client.post(f"{topic_url(topic)}link/", {"consultation": consultation.pk})
    topic.refresh_from_db()
    number = topic.contact_request.number

    staff_page = client.get(topic_url(topic)).content.decode()
    assert number in staff_page and f"/workspace/{agency.slug}/contact/" in staff_page
    client.force_login(topic.author)
    author_page = client.get(topic_url(topic)).content.decode()
    assert f"/en/requests/{number}/" in author_page
    assert f"/consultations/{agency.slug}/{consultation.slug}/" in author_page
    client.logout()
    public = client.get(topic_url(topic)).content.decode()
    assert number not in public and "took this topic up as a formal request" in public
    listing = client.get(forum_url(topic.forum)).content.decode()
    assert "Now a request" in listing and "Linked to a consultation" in listing


# --- Workspace --------------------------------------------------------------------------------


def workspace(agency, rest=""):
    return f"/en/workspace/{agency.slug}/forums/{rest}"


def forum_form(**extra) -> dict:
    data = {
        "name_ar": "منتدى الخدمات",
        "name_en": "Services forum",
        "description_ar": "",
        "description_en": "",
        "slug": "",
        "posting": Posting.SIGNED_IN,
        "is_active": "on",
        "categories-TOTAL_FORMS": "3",
        "categories-INITIAL_FORMS": "0",
        "categories-MIN_NUM_FORMS": "0",
        "categories-MAX_NUM_FORMS": "100",
        "categories-0-name_ar": "أفكار",
        "categories-0-name_en": "Ideas",
    }
    data.update(extra)
    return data


def test_an_editor_creates_and_edits_a_forum_with_categories(client, agency):
    editor = make_staff(agency, "editor")
    client.force_login(editor)
    assert client.get(workspace(agency)).status_code == 200
    assert client.get(workspace(agency, "new/")).status_code == 200

    created = client.post(workspace(agency, "new/"), forum_form())

    found = Forum.objects.get()
    assert created.status_code == 302 and created.url == workspace(agency, f"{found.pk}/")
    assert (found.slug, found.agency, found.platform_wide) == ("services-forum", agency, False)
    ideas = found.categories.get()
    assert (ideas.name_en, ideas.slug) == ("Ideas", "ideas")

    edit = client.get(workspace(agency, f"{found.pk}/"))
    assert edit.status_code == 200 and "أفكار" in edit.content.decode()
    changed = client.post(
        workspace(agency, f"{found.pk}/"),
        forum_form(
            **{
                "name_en": "Public services forum",
                "categories-TOTAL_FORMS": "4",
                "categories-INITIAL_FORMS": "1",
                "categories-0-id": str(ideas.pk),
                "categories-0-remove": "on",
                "categories-1-name_ar": "شكاوى",
                "categories-1-name_en": "Complaints",
            }
        ),
    )
    assert changed.status_code == 302
    found.refresh_from_db()
    assert found.name_en == "Public services forum"
    assert [c.name_en for c in found.categories.all()] == ["Complaints"]
    assert client.get(workspace(agency)).content.decode().count("Public services forum") == 1


def test_forum_form_refusals(client, agency):
    make_forum(AgencyFactory(), slug="taken")
    client.force_login(make_staff(agency, "manager"))

    taken = client.post(workspace(agency, "new/"), forum_form(slug="taken"))
    assert taken.status_code == 400
    html = taken.content.decode()
    assert "Another forum already uses this address." in html and 'href="#id_slug"' in html
    bad = client.post(workspace(agency, "new/"), forum_form(slug="Not a slug!", name_ar=""))
    assert bad.status_code == 400
    assert "Give the forum an Arabic name." in bad.content.decode()
    wide = client.post(workspace(agency, "new/"), forum_form(platform_wide="on", slug="wide"))
    assert wide.status_code == 400
    assert "Only the programme office" in wide.content.decode()
    no_arabic = client.post(
        workspace(agency, "new/"), forum_form(**{"categories-0-name_ar": "", "slug": "x"})
    )
    assert no_arabic.status_code == 400
    assert "Give every category an Arabic name." in no_arabic.content.decode()
    assert not Forum.objects.filter(agency=agency).exists()


def test_the_programme_office_runs_platform_wide_forums(client):
    programme = AgencyFactory(kind=AgencyKind.PROGRAMME)
    client.force_login(make_staff(programme, "editor"))
    response = client.post(workspace(programme, "new/"), forum_form(platform_wide="on"))
    assert response.status_code == 302
    assert Forum.objects.get().platform_wide


def test_workspace_forum_pages_by_role_and_agency(client, agency, forum):
    other_forum = make_forum(AgencyFactory(), slug="theirs")
    client.force_login(make_staff(agency, "moderator"))
    assert client.get(workspace(agency)).status_code == 403
    client.force_login(make_staff(agency, "editor"))
    assert client.get(workspace(agency, f"{other_forum.pk}/")).status_code == 404
    assert client.post(workspace(agency, f"{other_forum.pk}/"), forum_form()).status_code == 404
    client.force_login(make_staff(other_forum.agency, "manager"))
    assert client.get(workspace(agency)).status_code == 404


def test_closing_a_forum_closes_its_discussion(client, agency, topic):
    forum = topic.forum
    client.force_login(make_staff(agency, "editor"))
    data = forum_form(slug=forum.slug)
    data.pop("is_active")
    client.post(workspace(agency, f"{forum.pk}/"), data)
    forum.refresh_from_db()
    assert not forum.is_active
    assert not Space.objects.get(owner_type="forums.forum").is_open
    assert client.get("/en/forums/").context["agency_forums"] == []
    client.force_login(UserFactory())
    page = client.get(topic_url(topic))
    assert page.status_code == 200 and "This forum is closed." in page.content.decode()
    assert post_reply(client, topic, "رد في منتدى مغلق").status_code == 403


def test_reading_a_topic_does_not_need_status_published_replies_only(client, topic):
    """A pending reply shows only to its author (the shared rule, on the topic page)."""
    services.forum_space(topic.forum)
    Space.objects.filter(owner_type="forums.forum").update(moderation=ModerationMode.PRE)
    author = UserFactory()
    pending = reply(topic, author, body="رد ينتظر المراجعة")
    assert pending.status == Status.PENDING
    assert "رد ينتظر المراجعة" not in client.get(topic_url(topic)).content.decode()
    client.force_login(author)
    assert "رد ينتظر المراجعة" in client.get(topic_url(topic)).content.decode()


def test_the_request_and_the_consultation_link_back_to_the_topic(agency, topic):
    from django.template import Context, Template

    manager = make_staff(agency, "manager")
    services.topic_to_request(actor=manager, topic=topic, inbox=make_inbox(agency))
    consultation = make_consultation(agency, editor=manager)
    services.topic_link_consultation(actor=manager, topic=topic, consultation=consultation)
    topic.refresh_from_db()
    page = Template(
        "{% load forum_links %}{% forum_topic_of_request item %}"
        "{% forum_topics_of_consultation consultation %}"
    ).render(Context({"item": topic.contact_request, "consultation": consultation}))

    assert page.count(f'href="/en/forums/{topic.forum.slug}/{topic.pk}/"') == 2
    assert "Opened from the forum topic" in page and "Proposed in the forums" in page
    other = make_consultation(agency, editor=manager, title_ar="أخرى")
    empty = Template("{% load forum_links %}{% forum_topics_of_consultation c %}").render(
        Context({"c": other})
    )
    assert empty.strip() == ""
