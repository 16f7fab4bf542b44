"""Reads of the agencies' blogs: the public lists and pages, feeds, and the staff workspace.

A post is public once ``published_at`` has passed (a future date is a scheduled post, an empty
one a draft) and its agency is active. Lists cost the same number of queries whatever their
length: posts with their agency and author in one query, their categories in one more.
"""

import rules
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from musharaka.consultations.models import Consultation
from musharaka.consultations.models import Phase as ConsultationPhase
from musharaka.core.models import Agency, User
from musharaka.forums import blog_render
from musharaka.forums.models import BlogCategory, Post, PostImage
from musharaka.polls.models import Poll

FEED_ITEMS = 20


def _with_list_details(found: QuerySet[Post]) -> QuerySet[Post]:
    return found.select_related("agency", "author").prefetch_related(
        Prefetch("categories", queryset=BlogCategory.objects.order_by("name_ar"))
    )


def published_posts(*, agency: Agency | None = None) -> QuerySet[Post]:
    """What the public sees, newest first: published (not scheduled) posts of active agencies."""
    found = Post.objects.filter(published_at__lte=timezone.now(), agency__is_active=True)
    if agency is not None:
        found = found.filter(agency=agency)
    return _with_list_details(found).order_by("-published_at", "-id")


def feed_posts(*, agency: Agency | None = None) -> list[Post]:
    """The latest published posts for a feed."""
    return list(published_posts(agency=agency)[:FEED_ITEMS])


def public_category(*, agency: Agency, slug: str) -> BlogCategory:
    found = BlogCategory.objects.filter(agency=agency, slug=slug).first()
    if found is None:
        raise Http404
    return found


def agency_categories(*, agency: Agency) -> QuerySet[BlogCategory]:
    return BlogCategory.objects.filter(agency=agency).order_by("name_ar", "pk")


def _post_page_query(agency: Agency) -> QuerySet[Post]:
    return (
        Post.objects.filter(agency=agency)
        .select_related("author", "related_consultation", "related_poll")
        .prefetch_related(
            Prefetch("categories", queryset=BlogCategory.objects.order_by("name_ar")),
            Prefetch("images", queryset=PostImage.objects.order_by("pk")),
        )
    )


def public_post(*, agency: Agency, slug: str) -> Post:
    """A published post of this agency, or 404: drafts and scheduled posts are not public."""
    found = _post_page_query(agency).filter(slug=slug, published_at__lte=timezone.now()).first()
    if found is None:
        raise Http404
    found.agency = agency
    return found


def may_preview(*, user: User, agency: Agency) -> bool:
    """The agency's writers see its drafts and scheduled posts (preview and their images)."""
    return user.is_authenticated and rules.test_rule("core.content.edit", user, agency)


def post_image(*, agency_slug: str, slug: str, pk: int, user: User) -> PostImage:
    """An image of a post: anyone's once the post is public; before that only the agency's
    writers (for the preview). Otherwise 404, as if it did not exist."""
    found = (
        PostImage.objects.filter(
            pk=pk, post__slug=slug, post__agency__slug=agency_slug, post__agency__is_active=True
        )
        .select_related("post__agency")
        .first()
    )
    if found is None:
        raise Http404
    if not found.post.is_published and not may_preview(user=user, agency=found.post.agency):
        raise Http404
    return found


def related_links(*, post: Post) -> dict:
    """The related consultation and poll, only when the public may open them."""
    consultation = post.related_consultation
    if consultation is not None and (
        consultation.phase == ConsultationPhase.DRAFT or consultation.agency_id != post.agency_id
    ):
        consultation = None
    poll = post.related_poll
    if poll is not None and (poll.published_at is None or poll.agency_id != post.agency_id):
        poll = None
    return {"consultation": consultation, "poll": poll}


# --- Workspace --------------------------------------------------------------------------------


def workspace_posts(*, agency: Agency) -> QuerySet[Post]:
    """Every post of the agency for its staff: drafts first, then by publication date."""
    return (
        Post.objects.filter(agency=agency)
        .select_related("author")
        .prefetch_related(Prefetch("categories", queryset=BlogCategory.objects.order_by("name_ar")))
        .order_by("-published_at", "-updated_at", "-id")
    )


def workspace_post(*, agency: Agency, pk: int) -> Post:
    """One post of this agency with its images and categories, or 404: other agencies' ids
    must not resolve."""
    found = _post_page_query(agency).filter(pk=pk).first()
    if found is None:
        raise Http404
    found.agency = agency
    return found


def workspace_post_image(*, post: Post, pk: int) -> PostImage:
    """One image of this post (already found in the staff member's agency), or 404."""
    found = PostImage.objects.filter(post=post, pk=pk).first()
    if found is None:
        raise Http404
    found.post = post
    return found


def image_places(post: Post, image_pk: int) -> list[str]:
    """Where the post's saved text places the image: the fields' names (``body_ar``,
    ``body_en``). Removing an image is refused while it is placed."""
    return [
        name
        for name in ("body_ar", "body_en")
        if image_pk in blog_render.placed_images(getattr(post, name))
    ]


def post_images_placed(post: Post | None) -> list[PostImage]:
    """The post's images for the editor's table, each with ``in_ar`` and ``in_en``: whether the
    saved Arabic and English texts place it (``image_places`` for all of them, each text read
    once)."""
    if post is None:
        return []
    images = list(post.images.all())
    if images:
        in_ar = blog_render.placed_images(post.body_ar)
        in_en = blog_render.placed_images(post.body_en)
        for image in images:
            image.in_ar, image.in_en = image.pk in in_ar, image.pk in in_en
    return images


def workspace_category(*, agency: Agency, pk: int | str) -> BlogCategory:
    found = BlogCategory.objects.filter(agency=agency, pk=pk).select_related("agency").first()
    if found is None:
        raise Http404
    return found


def consultation_choices(*, agency: Agency) -> QuerySet[Consultation]:
    """The agency's consultations the public can open (a post may link to one)."""
    return (
        Consultation.objects.filter(agency=agency)
        .exclude(phase=ConsultationPhase.DRAFT)
        .order_by("-opens_at", "-pk")
    )


def poll_choices(*, agency: Agency) -> QuerySet[Poll]:
    """The agency's published polls (a post may link to one)."""
    return Poll.objects.filter(agency=agency, published_at__isnull=False).order_by(
        "-opens_at", "-pk"
    )
