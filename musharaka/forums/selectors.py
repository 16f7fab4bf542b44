"""Reads of the forums: the index, a forum's topic list, a topic page and the workspace lists.

The topic list reads only ``Topic`` rows (their figures are kept by the participation channel
hook), one page at a time through the ``(forum, visible, pinned, <sort column>)`` indexes and
without counting the whole forum, so a forum of 50,000 topics lists as fast as one of fifty.
"""

from dataclasses import dataclass

import rules
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from musharaka.core.models import Agency, User
from musharaka.core.paging import UncountedPage, page_number
from musharaka.core.selectors import roles_in_agency
from musharaka.forums.models import Forum, ForumCategory, Topic, TopicSubscription
from musharaka.participation.models import Contribution, Space, Status

TOPICS_PER_PAGE = 30
# ?sort= of a forum's topic list → its label and order (pinned topics always come first; the id
# breaks ties so pages never overlap, and rides the index's implicit row id on SQLite).
TOPIC_SORTS: dict[str, tuple] = {
    "activity": (_("Latest activity"), ("-pinned", "-last_activity_at", "-id")),
    "newest": (_("Newest"), ("-pinned", "-created_at", "-id")),
    "endorsed": (_("Most endorsed"), ("-pinned", "-endorsement_count", "-id")),
    "unanswered": (_("Unanswered"), ("-pinned", "-created_at", "-id")),
}
DEFAULT_SORT = "activity"


# --- The index and a forum's topics -----------------------------------------------------------


def _open_forums() -> QuerySet[Forum]:
    return Forum.objects.filter(is_active=True, agency__is_active=True)


def forum_index() -> dict:
    """Open forums, platform-wide ones first, then the agencies' (by agency), each with its
    number of visible topics: one grouped query."""
    forums = list(
        _open_forums()
        .select_related("agency")
        .annotate(topic_count=Count("topics", filter=Q(topics__visible=True)))
        .order_by("-platform_wide", "agency__name_ar", "name_ar", "pk")
    )
    return {
        "platform_forums": [f for f in forums if f.platform_wide],
        "agency_forums": [f for f in forums if not f.platform_wide],
    }


def public_forum(*, slug: str) -> Forum:
    """A forum of an active agency, or 404. A closed forum stays readable (its links keep
    working); nobody may post in it."""
    found = Forum.objects.filter(slug=slug, agency__is_active=True).select_related("agency").first()
    if found is None:
        raise Http404
    return found


def forum_categories(*, forum: Forum) -> list[ForumCategory]:
    return list(ForumCategory.objects.filter(forum=forum).order_by("position", "pk"))


def forum_topics(
    *, forum: Forum, sort: str = DEFAULT_SORT, category: ForumCategory | None = None
) -> QuerySet[Topic]:
    """The forum's visible topics, pinned first, in the order ``sort`` names; "unanswered"
    keeps only topics without a reply or a staff answer, newest first."""
    order = TOPIC_SORTS.get(sort, TOPIC_SORTS[DEFAULT_SORT])[1]
    # ``visible__in=[True]``, not ``visible=True``: SQLite is sent a bare ``AND visible`` for
    # the latter, which no index can match, and then sorts the whole forum in a temporary
    # B-tree; ``IN (1)`` is an equality the (forum, visible, pinned, <sort>) indexes serve.
    topics = Topic.objects.filter(forum=forum, visible__in=[True])
    if sort == "unanswered":
        topics = topics.filter(reply_count=0, staff_answer__isnull=True)
    if category is not None:
        topics = topics.filter(category=category)
    return topics.select_related("author", "category").order_by(*order)


def topic_page(
    *,
    forum: Forum,
    sort: str = DEFAULT_SORT,
    category: ForumCategory | None = None,
    number=1,
    per_page: int = TOPICS_PER_PAGE,
) -> UncountedPage:
    """One page of ``forum_topics`` in one query (a row more than the page tells whether a
    next page exists; nothing counts the forum)."""
    number = page_number(number)
    start = (number - 1) * per_page
    rows = list(
        forum_topics(forum=forum, sort=sort, category=category)[start : start + per_page + 1]
    )
    return UncountedPage.of(rows, number=number, size=per_page)


# --- A topic ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForumPowers:
    """What the viewer may do with the topics of a forum's agency (one roles query)."""

    moderate: bool = False  # pin, lock, see topics awaiting moderation
    staff: bool = False  # mark a staff answer
    respond: bool = False  # turn a topic into a contact request
    edit: bool = False  # link a topic to a consultation

    @property
    def any(self) -> bool:
        return self.moderate or self.staff or self.respond or self.edit


def may_mark_answer(*, user: User, agency: Agency) -> bool:
    """Any staff member of the forum's agency (any role) or a platform admin marks the staff
    answer: the one rule the topic page (which shows the buttons) and the service share."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(roles_in_agency(user=user, agency=agency))


def forum_powers(*, user: User, agency: Agency) -> ForumPowers:
    if not user.is_authenticated:
        return ForumPowers()
    return ForumPowers(
        moderate=rules.test_rule("core.contributions.moderate", user, agency),
        staff=may_mark_answer(user=user, agency=agency),
        respond=rules.test_rule("core.requests.respond", user, agency),
        edit=rules.test_rule("core.content.edit", user, agency),
    )


def topic_for_reader(*, forum: Forum, pk: int, viewer: User) -> Topic:
    """A topic of the forum with everything its page shows about it (one query), or 404.
    A topic whose opening post is not published exists only for its author and the forum
    agency's moderators."""
    found = (
        Topic.objects.filter(forum=forum, pk=pk)
        .select_related(
            "author",
            "category",
            "opening__space",
            "opening__author",
            "staff_answer__author",
            "contact_request",
            "consultation__agency",
        )
        .first()
    )
    if found is None or found.opening is None:
        raise Http404
    found.forum = forum
    if found.visible:
        return found
    if viewer.is_authenticated and (
        found.author_id == viewer.pk
        or rules.test_rule("core.contributions.moderate", viewer, forum.agency)
    ):
        return found
    raise Http404


def staff_answer_page(*, topic: Topic, space: Space, per_page: int) -> int | None:
    """The page of the topic's replies (newest first, the thread's default order) that shows
    the staff answer, so the box at the top can link to it: one count of the top-level replies
    before the answer's own top-level reply. None when the answer is not published."""
    answer = topic.staff_answer
    if answer is None or answer.status != Status.PUBLISHED:
        return None
    root = answer
    for _step in range(answer.depth):
        parent = (
            Contribution.objects.filter(pk=root.parent_id)
            .only("pk", "parent_id", "published_at", "created_at")
            .first()
        )
        if parent is None:
            return None
        root = parent
    shown = root.published_at or root.created_at
    before = (
        Contribution.objects.filter(
            space=space,
            target_type="forums.topic",
            target_id=str(topic.pk),
            parent=None,
            status__in=[Status.PUBLISHED, Status.WITHDRAWN],
        )
        .exclude(pk=topic.opening_id)
        .annotate(shown=Coalesce("published_at", "created_at"))
        .filter(Q(shown__gt=shown) | Q(shown=shown, pk__gt=root.pk))
        .count()
    )
    return before // per_page + 1


@dataclass(frozen=True)
class OpeningExtras:
    """What the opening post shows beside it, as the thread shows for each reply."""

    representing: Agency | None = None
    endorsed: bool = False
    flagged: bool = False


def opening_extras(*, opening: Contribution, viewer: User) -> OpeningExtras:
    """Whether the author is a confirmed agency representative and whether the viewer has
    endorsed or reported the opening post (two queries)."""
    from musharaka.core.models import Representation, RepresentationStatus
    from musharaka.participation.models import Endorsement, Flag

    rep = (
        Representation.objects.filter(
            user_id=opening.author_id,
            status=RepresentationStatus.CONFIRMED,
            agency__isnull=False,
        )
        .select_related("agency")
        .order_by("-decided_at", "-id")
        .first()
    )
    if not viewer.is_authenticated:
        return OpeningExtras(representing=rep.agency if rep else None)
    marks = (
        Contribution.objects.filter(pk=opening.pk)
        .annotate(
            endorsed=Exists(Endorsement.objects.filter(contribution=OuterRef("pk"), user=viewer)),
            flagged=Exists(Flag.objects.filter(contribution=OuterRef("pk"), user=viewer)),
        )
        .values("endorsed", "flagged")
        .first()
    ) or {}
    return OpeningExtras(
        representing=rep.agency if rep else None,
        endorsed=bool(marks.get("endorsed")),
        flagged=bool(marks.get("flagged")),
    )


def is_following(*, user: User, topic: Topic) -> bool:
    if not user.is_authenticated:
        return False
    return TopicSubscription.objects.filter(topic=topic, user=user).exists()


def topic_reply(*, topic: Topic, pk) -> Contribution | None:
    """A text of this topic's thread by id (the service decides whether it may be marked)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return Contribution.objects.filter(
        pk=pk, target_type="forums.topic", target_id=str(topic.pk)
    ).first()


def agency_inboxes(*, agency: Agency):
    from musharaka.contact.models import Inbox

    return list(Inbox.objects.filter(agency=agency, is_active=True).order_by("name_ar", "pk"))


def agency_inbox(*, pk) -> object | None:
    from musharaka.contact.models import Inbox

    try:
        return Inbox.objects.filter(pk=int(pk)).select_related("agency").first()
    except (TypeError, ValueError):
        return None


def agency_consultations(*, agency: Agency):
    from musharaka.consultations.models import Consultation

    return list(
        Consultation.objects.filter(agency=agency)
        .only("pk", "agency_id", "title_ar", "title_en", "phase", "created_at")
        .order_by("-created_at", "-pk")[:200]
    )


def agency_consultation(*, pk):
    from musharaka.consultations.models import Consultation

    try:
        return Consultation.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def request_topic(*, contact_request) -> Topic | None:
    """The forum topic a contact request was opened from, if any (for the request's pages)."""
    if contact_request is None or contact_request.pk is None:
        return None
    return Topic.objects.filter(contact_request=contact_request).select_related("forum").first()


def consultation_topics(*, consultation) -> list[Topic]:
    """Visible forum topics linked to a consultation as proposals (for the consultation page:
    the other direction of the link)."""
    return list(
        Topic.objects.filter(consultation=consultation, visible=True)
        .select_related("forum")
        .order_by("-created_at", "-pk")[:20]
    )


# --- Workspace --------------------------------------------------------------------------------


def workspace_forums(*, agency: Agency) -> list[Forum]:
    """The agency's forums with their visible and waiting topics (one grouped query)."""
    return list(
        Forum.objects.filter(agency=agency)
        .annotate(
            topic_count=Count("topics", filter=Q(topics__visible=True)),
            waiting_count=Count("topics", filter=Q(topics__visible=False)),
        )
        .order_by("-platform_wide", "name_ar", "pk")
    )


def workspace_forum(*, agency: Agency, pk: int) -> Forum:
    """One of the agency's forums, or 404 (another agency's forum does not exist here)."""
    found = Forum.objects.filter(agency=agency, pk=pk).select_related("agency").first()
    if found is None:
        raise Http404
    return found
