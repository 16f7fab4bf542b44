"""The demo's blogs and forums: every agency writes a blog (one post with a described image,
one scheduled, one draft); the programme office's platform-wide forum carries the
representatives' discussions, with pinned, locked and answered topics, a topic turned into a
request and one proposed for the draft guideline; and every topic's figures are those of its
published texts."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Q
from django.utils import timezone

from musharaka.core.audit import chain_verify
from musharaka.core.models import Agency, AgencyKind, Membership, Representation
from musharaka.forums.models import Forum, Post, PostImage, Posting, Topic
from musharaka.participation.models import Contribution, Endorsement, Status
from musharaka.participation.services import MAX_REPLY_DEPTH

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.MUSHARAKA_DEMO = True
    call_command("demo_load", verbosity=0)


def _blogs() -> None:
    now = timezone.now()
    for agency in Agency.objects.all():
        assert agency.blog_categories.count() == 2, agency.slug
        published = Post.objects.filter(agency=agency, published_at__lte=now)
        assert 3 <= published.count() <= 4, agency.slug
        assert published.filter(body_ar__contains="## ").exists(), "a heading"
        assert (
            published.filter(body_ar__contains="\n- ").exists()
            or published.filter(body_ar__contains="\n1. ").exists()
        ), "a list"
        assert not published.filter(categories=None).exists(), agency.slug
        assert len({p.published_at.date() for p in published}) == published.count(), (
            "published on different days"
        )
    assert Post.objects.filter(published_at__gt=now).count() == 1, "one scheduled"
    assert Post.objects.filter(published_at=None).count() == 1, "one draft"
    assert Post.objects.exclude(title_en="").count() >= Post.objects.count() - 1, "bilingual"

    images = PostImage.objects.select_related("post")
    assert images.exists()
    for image in images:
        assert image.alt_ar.strip() and image.alt_en.strip()
        assert image.content_type == "image/png" and image.file.size > 0
        assert f"![{image.alt_ar}](image:{image.pk})" in image.post.body_ar
        assert f"![{image.alt_en}](image:{image.pk})" in image.post.body_en
        assert image.post.is_published

    related = Post.objects.exclude(related_consultation=None, related_poll=None)
    assert set(related.values_list("agency__slug", flat=True)) >= {"yesser", "mcit", "moh"}
    closed = Post.objects.filter(comments_open=False).values_list("pk", flat=True)
    assert closed.exists()
    on_closed = Contribution.objects.filter(
        space__channel="blog", space__owner_id__in=[str(pk) for pk in closed]
    )
    assert not on_closed.exists()
    comments = Contribution.objects.filter(space__channel="blog", depth=0)
    assert comments.count() >= 20
    assert not comments.exclude(status=Status.PUBLISHED).exists()
    representatives = Representation.objects.values("user")
    assert not comments.exclude(author__in=representatives).exists()
    assert (
        not Contribution.objects.filter(space__channel="blog").filter(created_at__gt=now).exists()
    )


def _figures_agree(topics) -> None:
    """Each topic's figures equal what its published texts say."""
    for topic in topics.select_related("opening"):
        published = Contribution.objects.filter(
            target_type="forums.topic", target_id=str(topic.pk), status=Status.PUBLISHED
        )
        assert topic.visible and topic.opening.status == Status.PUBLISHED
        assert topic.reply_count == published.exclude(pk=topic.opening_id).count(), topic.title
        assert topic.last_activity_at == published.aggregate(last=Max("published_at"))["last"]
        endorsements = Endorsement.objects.filter(contribution=topic.opening).count()
        assert topic.endorsement_count == topic.opening.endorsement_count == endorsements


def _platform_forum() -> None:
    now = timezone.now()
    forum = Forum.objects.get(platform_wide=True)
    assert forum.agency.kind == AgencyKind.PROGRAMME and forum.name_en == "E-participation"
    assert forum.posting == Posting.SIGNED_IN
    assert forum.categories.count() == 3
    topics = Topic.objects.filter(forum=forum)
    assert 35 <= topics.count() <= 45
    assert not topics.filter(category=None).exists()
    representatives = Representation.objects.filter(status="confirmed").values("user")
    assert topics.filter(author__in=representatives).count() >= 25
    assert topics.filter(author__email__startswith="citizen").exists()
    texts = Contribution.objects.filter(space__channel="forums", space__owner_id=str(forum.pk))
    assert not texts.exclude(status=Status.PUBLISHED).exists(), "nothing queued or refused"
    replies = texts.exclude(pk__in=topics.values("opening"))
    assert 350 <= replies.count() <= 450
    assert replies.filter(author__in=representatives).count() >= 300
    assert replies.filter(depth__gt=0).count() >= 30, "threaded"
    assert replies.aggregate(deepest=Max("depth"))["deepest"] <= MAX_REPLY_DEPTH
    for reply in replies.exclude(parent=None).select_related("parent"):
        assert reply.parent.target_id == reply.target_id and reply.depth == reply.parent.depth + 1
        assert reply.parent.created_at <= reply.created_at
    # Two months of history, each reply after its topic started.
    assert not texts.filter(
        Q(created_at__gt=now) | Q(created_at__lt=now - timedelta(days=61))
    ).exists()
    assert topics.aggregate(last=Max("last_activity_at"))["last"] <= now
    assert (now - topics.order_by("created_at").first().created_at).days >= 45
    for topic in topics:
        first = texts.filter(target_id=str(topic.pk)).order_by("created_at").first()
        assert first.pk == topic.opening_id and first.created_at == topic.created_at

    assert topics.filter(pinned=True).count() == 3
    assert topics.filter(locked=True).count() == 2
    for topic in topics.filter(locked=True, reply_count__gt=0):
        last = texts.filter(target_id=str(topic.pk)).latest("created_at")
        assert last.author.memberships.filter(agency=forum.agency).exists(), "staff closed it"
    assert topics.filter(reply_count=0).exists(), "some unanswered"
    assert topics.filter(endorsement_count__gt=0).count() >= 20
    answered = topics.exclude(staff_answer=None).select_related("staff_answer")
    assert answered.count() >= 3
    staff = Membership.objects.filter(agency=forum.agency).values("user")
    for topic in answered:
        answer = topic.staff_answer
        assert answer.target_id == str(topic.pk) and answer.status == Status.PUBLISHED
        assert answer.pk != topic.opening_id
        assert Membership.objects.filter(user=answer.author, agency=forum.agency).exists()
    assert replies.filter(author__in=staff).count() >= answered.count()

    request_topic = topics.exclude(contact_request=None).get()
    request = request_topic.contact_request
    assert request.topic == request_topic, "linked both ways"
    assert request.agency == forum.agency and request.citizen == request_topic.author
    proposal = topics.exclude(consultation=None).get()
    assert proposal.consultation.agency == forum.agency
    assert proposal in proposal.consultation.forum_topics.all()
    _figures_agree(topics)


def _agency_forum() -> None:
    forum = Forum.objects.get(platform_wide=False)
    assert forum.agency.slug == "mcit" and forum.posting == Posting.REPRESENTATIVES
    topics = Topic.objects.filter(forum=forum)
    assert 3 <= topics.count() <= 8
    authors = (
        topics.values("author")
        .annotate(n=Count("pk"))
        .filter(
            Q(author__in=Representation.objects.filter(status="confirmed").values("user"))
            | Q(author__in=Membership.objects.filter(agency=forum.agency).values("user"))
        )
    )
    assert sum(a["n"] for a in authors) == topics.count(), "only those the forum lets post"
    assert topics.filter(reply_count__gt=0).exists()
    _figures_agree(topics)


def test_demo_blogs_and_forums(demo):
    _blogs()
    _platform_forum()
    _agency_forum()
    assert list(chain_verify()) == []  # the services' audit events, untouched
