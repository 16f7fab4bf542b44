"""Every write of blogs and forums.

Blog posts are staff content (``content.edit`` to write, ``content.publish`` to publish), audited.
Forum topics and replies are public contributions: ``topic_start`` puts the opening post through
the shared pipeline; replies use the shared comment forms, and ``check_reply`` (registered with
``participation.channels``) refuses them in a locked topic or from someone the forum does not let
post. ``topic_contribution_changed`` keeps each topic's figures and hands the telling of
followers to a task (``tasks.announce_reply`` → ``reply_announce``).
"""

import logging
import re
from dataclasses import dataclass

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from musharaka.core import files
from musharaka.core.audit import audit_record, field_changes
from musharaka.core.models import (
    Agency,
    AgencyKind,
    Membership,
    Representation,
    RepresentationStatus,
    Role,
    User,
)
from musharaka.forums import blog_render, blog_selectors
from musharaka.forums.models import (
    BlogCategory,
    Forum,
    Post,
    PostImage,
    Posting,
    Topic,
    TopicSubscription,
)
from musharaka.forums.selectors import may_mark_answer, topic_reply
from musharaka.notifications.models import Notification
from musharaka.notifications.services import notify
from musharaka.participation.cache import owner_generation_bump
from musharaka.participation.models import Contribution, ParticipationRules, Space, Status
from musharaka.participation.services import contribution_submit, space_get_or_create

CHANNEL = "forums"
BLOG_CHANNEL = "blog"
IMAGE_MAX_BYTES = 2 * 1024 * 1024
TITLE_MAX = 200
# ![alt](image:12) places an uploaded image; any other image source is refused.
IMAGE_REFERENCE = re.compile(r"!\[([^\]]*)\]\(([^)\s]*)\)")
# @manager, @moderator… (the role names, English or Arabic) notify that role of the agency.
MENTIONS = {
    "manager": Role.MANAGER,
    "مدير": Role.MANAGER,
    "moderator": Role.MODERATOR,
    "مشرف": Role.MODERATOR,
    "editor": Role.EDITOR,
    "محرر": Role.EDITOR,
    "responder": Role.RESPONDER,
}
MENTION = re.compile(r"(?<![\w@])@(\w+)")


def _require(actor: User | None, action: str, agency: Agency) -> None:
    if not rules.test_rule(f"core.{action}", actor, agency):
        raise PermissionDenied(_("Your role in this agency does not allow this."))


# --- Blog posts -------------------------------------------------------------------------------


def _check_images(post: Post | None, body: str, field: str) -> None:
    """Every image in the text must be one uploaded for this post, with a description. The
    images are those the renderer sees too (``blog_render.text_images``: also the reference
    form ``![d][r]`` … ``[r]: image:N``), so none escapes the check."""
    known = set(post.images.values_list("pk", flat=True)) if post is not None else set()
    images = IMAGE_REFERENCE.findall(body or "") + blog_render.text_images(body)
    for alt, source in images:
        if not alt.strip():
            raise ValidationError(
                {field: _("Every image needs a description for people who cannot see it.")}
            )
        number = source.removeprefix("image:")
        if not source.startswith("image:") or not number.isdigit() or int(number) not in known:
            raise ValidationError(
                {
                    field: _(
                        "Images must be uploaded with the post and placed as "
                        "![description](image:N)."
                    )
                }
            )


def _post_values(data: dict, post: Post | None) -> dict:
    values = {
        k: (data.get(k) or "").strip()
        for k in ("title_ar", "title_en", "summary_ar", "summary_en", "body_ar", "body_en")
        if k in data
    }
    errors = {}
    if (post is None or "title_ar" in values) and not values.get("title_ar"):
        errors["title_ar"] = _("Give the post an Arabic title.")
    if (post is None or "body_ar" in values) and not values.get("body_ar"):
        errors["body_ar"] = _("Write the post in Arabic.")
    if errors:
        raise ValidationError(errors)
    for name in ("body_ar", "body_en"):
        if name in values:
            _check_images(post, values[name], name)
    for name in ("comments_open", "related_consultation", "related_poll"):
        if name in data:
            values[name] = data[name]
    return values


def _slug(agency: Agency, data: dict) -> str:
    """The post's address, unique in the agency and never changed afterwards: from the English
    title (or a ``slug`` given, as the demo does), else from the Arabic one in Arabic letters
    (most posts have no English title; the public patterns take Unicode), else the date."""
    base = (
        slugify(data.get("title_en") or "")[:60].rstrip("-")
        or slugify(data.get("slug") or "")[:60].rstrip("-")
        or slugify(data.get("title_ar") or "", allow_unicode=True)[:60].rstrip("-")
        or timezone.localdate().isoformat()
    )
    slug, n = base, 1
    while Post.objects.filter(agency=agency, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


SLUG_ATTEMPTS = 5


def _post_create(*, agency: Agency, author: User, data: dict, values: dict) -> Post:
    """Two editors saving the same title at once both find the same address free; the unique
    constraint refuses the second, which then takes the next free one instead of failing."""
    for _attempt in range(SLUG_ATTEMPTS - 1):
        slug = _slug(agency, data)
        try:
            with transaction.atomic():
                return Post.objects.create(agency=agency, author=author, slug=slug, **values)
        except IntegrityError:
            continue
    return Post.objects.create(agency=agency, author=author, slug=_slug(agency, data), **values)


@transaction.atomic
def post_save(
    *, actor: User, agency: Agency, post: Post | None, data: dict, categories=None
) -> Post:
    """Create or edit a blog post (a draft until published)."""
    _require(actor, "content.edit", agency)
    if post is not None:
        # Locked before its images are checked: an image removed meanwhile is then either
        # still there, or refused here, never placed after its removal (post_image_remove).
        Post.objects.select_for_update().filter(pk=post.pk).values("pk").first()
    values = _post_values(data, post)
    if post is None:
        post = _post_create(agency=agency, author=actor, data=data, values=values)
        verb = "blog.post_create"
    else:
        for name, value in values.items():
            setattr(post, name, value)
        post.save()
        verb = "blog.post_update"
    if categories is not None:
        post.categories.set([c for c in categories if c.agency_id == agency.pk])
    audit_record(actor=actor, verb=verb, target=post)
    return post


@transaction.atomic
def post_image_add(
    *, actor: User, post: Post, upload: UploadedFile, alt_ar: str, alt_en: str = ""
) -> PostImage:
    """An image for the post: PNG or JPEG (read from its bytes), at most 2 MB, and a
    description for screen readers, without which it is refused."""
    _require(actor, "content.edit", post.agency)
    errors = {}
    if not (alt_ar or "").strip():
        errors["alt_ar"] = _("Describe the image for people who cannot see it (in Arabic).")
    kind = files.detect(upload)
    if upload.size > IMAGE_MAX_BYTES:
        errors["file"] = _("The image is larger than 2 MB.")
    elif kind not in ("png", "jpg"):
        errors["file"] = _("Upload a PNG or JPEG image.")
    if errors:
        raise ValidationError(errors)
    upload.name = f"{slugify(upload.name.rsplit('.', 1)[0])[:40] or 'image'}.{kind}"
    image = PostImage.objects.create(
        post=post,
        file=upload,
        content_type=files.content_type(kind),
        alt_ar=alt_ar.strip()[:300],
        alt_en=(alt_en or "").strip()[:300],
    )
    audit_record(actor=actor, verb="blog.image_add", target=post, changes={"image": image.pk})
    return image


@transaction.atomic
def post_image_remove(*, actor: User, image: PostImage) -> None:
    """Delete an image of the post, and its file once the deletion is committed. Refused while
    the Arabic or English text still places it, so a published post never shows a hole."""
    _require(actor, "content.edit", image.post.agency)
    # The text as stored now, not as the caller read it; the lock orders this with post_save.
    post = Post.objects.select_for_update().get(pk=image.post_id)
    places = blog_selectors.image_places(post, image.pk)
    if places == ["body_ar", "body_en"]:
        where = _("Image %(n)s is still placed in the Arabic text and in the English text.")
    elif places == ["body_ar"]:
        where = _("Image %(n)s is still placed in the Arabic text.")
    elif places:
        where = _("Image %(n)s is still placed in the English text.")
    if places:
        raise ValidationError(
            (where + " " + _("Take ![…](image:%(n)s) out of the text and save it first."))
            % {"n": image.pk}
        )
    pk, alt_ar = image.pk, image.alt_ar
    name, storage = image.file.name, image.file.storage
    image.delete()
    audit_record(
        actor=actor,
        verb="blog.image_remove",
        target=post,
        agency=image.post.agency,
        changes={"image": pk, "alt_ar": alt_ar},
    )
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def post_publish(*, actor: User, post: Post, at=None) -> Post:
    """Publish now, or schedule for ``at``; the post's comment space is opened with it."""
    _require(actor, "content.publish", post.agency)
    when = at or timezone.now()
    post.published_at = when
    post.save(update_fields=["published_at", "updated_at"])
    space_get_or_create(
        agency=post.agency,
        channel=BLOG_CHANNEL,
        owner=post,
        title_ar=post.title_ar,
        title_en=post.title_en,
        url=post.public_path(),
    )
    audit_record(
        actor=actor, verb="blog.post_publish", target=post, changes={"at": when.isoformat()}
    )
    return post


@transaction.atomic
def post_unpublish(*, actor: User, post: Post) -> Post:
    _require(actor, "content.publish", post.agency)
    post.published_at = None
    post.save(update_fields=["published_at", "updated_at"])
    audit_record(actor=actor, verb="blog.post_unpublish", target=post)
    return post


def check_comment(*, actor, space, target, parent) -> None:
    """Registered with ``participation.channels``: a post takes comments only while it is
    public and its comments are open (the shared form posts by space id, so the page hiding
    the form is not enough)."""
    post = Post.objects.filter(pk=space.owner_id).only("published_at", "comments_open").first()
    if post is None or not post.is_published:
        raise PermissionDenied(_("This post is not published."))
    if not post.comments_open:
        raise PermissionDenied(_("Comments are closed on this post."))


# --- Blog categories --------------------------------------------------------------------------


@transaction.atomic
def category_save(
    *, actor: User, agency: Agency, category: BlogCategory | None, data: dict
) -> BlogCategory:
    """Add a category to the agency's blog, or rename one (its address stays the same)."""
    _require(actor, "content.edit", agency)
    name_ar = (data.get("name_ar") or "").strip()
    name_en = (data.get("name_en") or "").strip()
    if not name_ar:
        raise ValidationError({"name_ar": _("Give the category an Arabic name.")})
    if category is None:
        wanted = slugify(data.get("slug") or "")[:80]
        if wanted and BlogCategory.objects.filter(agency=agency, slug=wanted).exists():
            raise ValidationError({"slug": _("Another category already has this short name.")})
        slug = wanted or _category_slug(agency, name_en)
        category = BlogCategory.objects.create(
            agency=agency, slug=slug, name_ar=name_ar[:120], name_en=name_en[:120]
        )
        verb = "blog.category_add"
    else:
        category.name_ar, category.name_en = name_ar[:120], name_en[:120]
        category.save(update_fields=["name_ar", "name_en"])
        verb = "blog.category_rename"
    audit_record(
        actor=actor,
        verb=verb,
        target=category,
        agency=agency,
        changes={"name_ar": category.name_ar, "name_en": category.name_en},
    )
    return category


def _category_slug(agency: Agency, name: str) -> str:
    base = slugify(name)[:60] or "category"
    slug, n = base, 1
    while BlogCategory.objects.filter(agency=agency, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def category_remove(*, actor: User, category: BlogCategory) -> None:
    """Remove a category; its posts stay, without it."""
    _require(actor, "content.edit", category.agency)
    audit_record(
        actor=actor,
        verb="blog.category_remove",
        target=category,
        agency=category.agency,
        changes={"slug": category.slug},
    )
    category.delete()


# --- Forums: who may post ---------------------------------------------------------------------


def why_not_post(user: User, forum: Forum) -> str | None:
    """Why ``user`` may not start topics or reply in ``forum`` (None if they may)."""
    if not forum.is_active or not forum.agency.is_active:
        return _("This forum is closed.")
    if not user.is_authenticated or not user.is_active:
        return _("Sign in to take part.")
    if user.is_superuser:
        return None
    if forum.posting == Posting.STAFF:
        staff = Membership.objects.filter(user=user, agency=forum.agency).exists()
        return None if staff else _("Only the agency's staff post in this forum.")
    if forum.posting == Posting.REPRESENTATIVES:
        confirmed = Representation.objects.filter(
            user=user, status=RepresentationStatus.CONFIRMED
        ).exists()
        staff = Membership.objects.filter(user=user, agency=forum.agency).exists()
        return (
            None
            if confirmed or staff
            else _("Only confirmed representatives of agencies post in this forum.")
        )
    return None


def forum_space(forum: Forum):
    return space_get_or_create(
        agency=forum.agency,
        channel=CHANNEL,
        owner=forum,
        title_ar=forum.name_ar,
        title_en=forum.name_en,
        url=forum.public_path(),
    )


def check_reply(*, actor, space, target, parent) -> None:
    """Registered with ``participation.channels``: replies in forums obey the forum's rules."""
    if not isinstance(target, Topic):
        raise ValidationError(_("Replies in a forum belong to a topic."))
    reason = why_not_post(actor, target.forum)
    if reason:
        raise PermissionDenied(reason)
    if target.locked:
        raise ValidationError(_("This topic is locked: no new replies."))
    if parent is not None and parent.pk == target.opening_id:
        # Replies to the topic are top-level texts of its thread; under the opening post they
        # would sit where the topic page never shows them.
        raise ValidationError(_("Reply to the topic itself, below the opening post."))


@transaction.atomic
def topic_start(
    *,
    actor: User,
    forum: Forum,
    title: str,
    body: str,
    category=None,
    accepted_rules: ParticipationRules | None = None,
    ip: str | None = None,
) -> Topic:
    """A new topic: its opening post goes through the shared checks and moderation; the topic
    shows in lists once that post is published. The author follows it from the start."""
    reason = why_not_post(actor, forum)
    if reason:
        raise PermissionDenied(reason)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the topic a title.")})
    if len(title) > TITLE_MAX:
        raise ValidationError({"title": _("Keep the title within 200 characters.")})
    if category is not None and category.forum_id != forum.pk:
        raise ValidationError({"category": _("Choose a category of this forum.")})
    topic = Topic.objects.create(forum=forum, category=category, title=title, author=actor)
    opening = contribution_submit(
        actor=actor,
        space=forum_space(forum),
        body=body,
        target=topic,
        accepted_rules=accepted_rules,
        ip=ip,
        extra={"opening": True},
    )
    topic.opening = opening
    topic.visible = opening.status == Status.PUBLISHED
    topic.save(update_fields=["opening", "visible"])
    topic.new_findings = opening.new_findings
    TopicSubscription.objects.get_or_create(topic=topic, user=actor)
    return topic


# --- Forums: staff actions --------------------------------------------------------------------


def _require_forum_staff(actor: User, topic: Topic) -> None:
    _require(actor, "contributions.moderate", topic.forum.agency)


@transaction.atomic
def topic_set_flags(
    *, actor: User, topic: Topic, pinned: bool | None = None, locked: bool | None = None
) -> Topic:
    """Pin or lock a topic (the forum agency's moderators and managers)."""
    _require_forum_staff(actor, topic)
    changes = {}
    if pinned is not None and pinned != topic.pinned:
        topic.pinned, changes["pinned"] = pinned, pinned
    if locked is not None and locked != topic.locked:
        topic.locked, changes["locked"] = locked, locked
    topic.save(update_fields=["pinned", "locked"])
    if changes:
        audit_record(actor=actor, verb="forum.topic_flags", target=topic, changes=changes)
    return topic


@transaction.atomic
def staff_answer_mark(*, actor: User, topic: Topic, reply: Contribution | None) -> Topic:
    """Mark a published reply as the staff answer (or clear it): the forum agency's staff
    (``selectors.may_mark_answer``, the rule the topic page shows the buttons by)."""
    if not may_mark_answer(user=actor, agency=topic.forum.agency):
        raise PermissionDenied(_("Only the agency's staff mark an answer."))
    if reply is not None and (
        reply.target_type != "forums.topic"
        or reply.target_id != str(topic.pk)
        or reply.status != Status.PUBLISHED
        or reply.pk == topic.opening_id
    ):
        raise ValidationError(_("Choose a published reply of this topic."))
    topic.staff_answer = reply
    topic.save(update_fields=["staff_answer"])
    audit_record(
        actor=actor,
        verb="forum.staff_answer",
        target=topic,
        changes={"reply": reply.pk if reply else None},
    )
    if reply is not None and topic.author_id != actor.pk:
        notify(
            recipient=topic.author,
            kind="forum_staff_answer",
            context={"topic": topic},
            url=reverse("forums:topic", args=[topic.forum.slug, topic.pk]) + f"#c{reply.pk}",
        )
    return topic


def staff_answer_choose(
    *, actor: User, topic: Topic, reply_pk: int | None, clear: bool = False
) -> Topic:
    """What a reply's button asks: mark that reply, or clear the answer it shows. The right
    is checked before the input is read, so an outsider learns nothing from a bad id; a clear
    sent from a page older than the current answer clears nothing."""
    if not may_mark_answer(user=actor, agency=topic.forum.agency):
        raise PermissionDenied(_("Only the agency's staff mark an answer."))
    if clear:
        if reply_pk is not None and reply_pk != topic.staff_answer_id:
            raise ValidationError(_("This reply is no longer the staff answer."))
        return staff_answer_mark(actor=actor, topic=topic, reply=None)
    reply = topic_reply(topic=topic, pk=reply_pk)
    if reply is None:
        raise ValidationError(_("Choose a published reply of this topic."))
    return staff_answer_mark(actor=actor, topic=topic, reply=reply)


@transaction.atomic
def topic_to_request(*, actor: User, topic: Topic, inbox) -> Topic:
    """Turn a topic into a formal contact request to one of the agency's inboxes, on behalf
    of its author (who is told, and can follow it under "My requests"); linked both ways."""
    from musharaka.contact.models import Kind, MessageRole, Request
    from musharaka.contact.models import Status as RequestStatus
    from musharaka.contact.services import _deadline, _message, tracking_number

    _require(actor, "requests.respond", topic.forum.agency)
    if inbox.agency_id != topic.forum.agency_id or not inbox.is_active:
        raise ValidationError({"inbox": _("Choose an open inbox of the forum's agency.")})
    if topic.contact_request_id:
        raise ValidationError(_("This topic is already a request."))
    body = topic.opening.body if topic.opening else topic.title
    request = Request.objects.create(
        agency=inbox.agency,
        inbox=inbox,
        citizen=topic.author,
        kind=Kind.QUESTION,
        subject=topic.title[:200],
        body=body,
        status=RequestStatus.RECEIVED,
    )
    request.number = tracking_number(request)
    request.due_at = _deadline(request, timezone.now(), inbox.response_hours * 3600)
    request.save(update_fields=["number", "due_at"])
    _message(request, role=MessageRole.CITIZEN, body=body, author=topic.author)
    _message(
        request,
        role=MessageRole.SYSTEM,
        body=_("Opened from the forum topic “%(title)s”.") % {"title": topic.title},
        author=actor,
    )
    topic.contact_request = request
    topic.save(update_fields=["contact_request"])
    audit_record(
        actor=actor,
        verb="forum.topic_to_request",
        target=topic,
        changes={"request": request.number},
    )
    notify(
        recipient=topic.author,
        kind="contact_request_received",
        context={"request": request},
        url=reverse("contact:request", args=[request.number]),
    )
    return topic


@transaction.atomic
def topic_link_consultation(*, actor: User, topic: Topic, consultation) -> Topic:
    """Record a topic as a proposal for a consultation of the forum's agency; both pages link
    to each other."""
    _require(actor, "content.edit", topic.forum.agency)
    if consultation is not None and consultation.agency_id != topic.forum.agency_id:
        raise ValidationError({"consultation": _("Choose a consultation of the forum's agency.")})
    for linked in (topic.consultation, consultation):  # readers' cached pages list the topics
        if linked is not None:
            owner_generation_bump(owner=linked)
    topic.consultation = consultation
    topic.save(update_fields=["consultation"])
    audit_record(
        actor=actor,
        verb="forum.topic_link_consultation",
        target=topic,
        changes={"consultation": consultation.pk if consultation else None},
    )
    return topic


# --- Following topics -------------------------------------------------------------------------

logger = logging.getLogger(__name__)
# Recipients read and told per transaction when a reply is announced.
ANNOUNCE_BATCH = 500
ANNOUNCE_KINDS = ("forum_reply", "forum_mention")


def topic_subscribe(*, actor: User, topic: Topic, on: bool) -> None:
    if not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to follow topics."))
    if on:
        TopicSubscription.objects.get_or_create(topic=topic, user=actor)
    else:
        TopicSubscription.objects.filter(topic=topic, user=actor).delete()


def _mentioned_roles(body: str) -> set[str]:
    return {MENTIONS[m.lower()] for m in MENTION.findall(body or "") if m.lower() in MENTIONS}


def _mentioned_staff(topic: Topic, body: str) -> set[int]:
    roles = _mentioned_roles(body)
    if not roles:
        return set()
    return set(
        Membership.objects.filter(agency=topic.forum.agency, role__in=roles).values_list(
            "user_id", flat=True
        )
    )


def topic_contribution_changed(contribution_id: int) -> None:
    """After any change to a text of a forum: refresh its topic's figures, and the first time a
    text is published, hand the telling of the topic's followers and any staff mentioned by
    role to a background task (``tasks.announce_reply``): a topic may have thousands of
    followers, and the request that published the reply should not wait for them."""
    contribution = Contribution.objects.filter(
        pk=contribution_id, target_type="forums.topic"
    ).first()
    if contribution is None:
        return
    topic = Topic.objects.select_related("forum__agency").filter(pk=contribution.target_id).first()
    if topic is None:
        return
    figures = Contribution.objects.filter(
        space_id=contribution.space_id,
        target_type="forums.topic",
        target_id=str(topic.pk),
        status=Status.PUBLISHED,
    ).aggregate(
        replies=Count("pk", filter=~Q(pk=topic.opening_id)),
        last=Max("published_at"),
    )
    opening = (
        Contribution.objects.filter(pk=topic.opening_id)
        .values("status", "endorsement_count")
        .first()
    )
    Topic.objects.filter(pk=topic.pk).update(
        reply_count=figures["replies"] or 0,
        last_activity_at=figures["last"] or topic.created_at,
        visible=bool(opening and opening["status"] == Status.PUBLISHED),
        endorsement_count=opening["endorsement_count"] if opening else 0,
    )
    if contribution.status != Status.PUBLISHED or contribution.extra.get("announced"):
        return
    if contribution.pk == topic.opening_id and not _mentioned_roles(contribution.body):
        # An opening post tells only the staff it mentions (its topic has no other followers
        # than its author yet): with no mention, there is nobody to tell and no task to run.
        contribution.extra["announced"] = True
        Contribution.objects.filter(pk=contribution.pk).update(extra=contribution.extra)
        return
    _announce_enqueue(contribution.pk)


def _announce_enqueue(contribution_id: int) -> None:
    """Hand the announcement to the task queue; if the queue is down, log it (the reply itself
    is saved and shown; its followers are not told)."""
    from musharaka.forums.tasks import announce_reply

    try:
        announce_reply.enqueue(contribution_id)
    except Exception:
        logger.exception("Could not enqueue the announcement of forum text %s", contribution_id)


def reply_announce(*, contribution_id: int, batch_size: int | None = None) -> int:
    """Tell the staff a newly published forum text mentions by role (``forum_mention``) and,
    for a reply, the topic's followers (``forum_reply``), never its author; returns how many
    were told by this run. Run by ``tasks.announce_reply``.

    Each person is told once, even when the task runs twice or on two workers at once: the
    recipients are read and told in batches (followers by id, ``batch_size`` at a time), each
    batch written in one transaction holding the text's row lock and skipping whoever already
    has a notification of this text (its link names it); once every batch is done, the text's
    ``announced`` flag makes later runs return at once. A run that stops half way is finished
    by the next one without repeating anyone. A text withdrawn or hidden meanwhile is not
    announced (if it is published again, the rest are told then)."""
    contribution = (
        Contribution.objects.filter(pk=contribution_id, target_type="forums.topic")
        .only("pk", "author_id", "body", "status", "extra", "target_id")
        .first()
    )
    if (
        contribution is None
        or contribution.status != Status.PUBLISHED
        or contribution.extra.get("announced")
    ):
        return 0
    topic = Topic.objects.select_related("forum__agency").filter(pk=contribution.target_id).first()
    if topic is None:
        return 0
    # Stored language-neutral, as ``notify`` stores it: the key of "already told".
    url = translate_url(
        reverse("forums:topic", args=[topic.forum.slug, topic.pk]) + f"#c{contribution.pk}",
        settings.LANGUAGE_CODE,
    )
    batch_size = batch_size or ANNOUNCE_BATCH
    author = contribution.author_id
    mentioned = sorted(_mentioned_staff(topic, contribution.body) - {author})
    told = 0
    for start in range(0, len(mentioned), batch_size):
        batch = mentioned[start : start + batch_size]
        done = _announce_batch(contribution.pk, topic, url, batch, kind="forum_mention")
        if done is None:
            return told
        told += done
    if contribution.pk != topic.opening_id:
        skip, last = {author, *mentioned}, 0
        followers = TopicSubscription.objects.filter(topic=topic).order_by("user_id")
        while True:
            ids = list(
                followers.filter(user_id__gt=last).values_list("user_id", flat=True)[:batch_size]
            )
            if not ids:
                break
            last = ids[-1]
            batch = [pk for pk in ids if pk not in skip]
            done = _announce_batch(contribution.pk, topic, url, batch, kind="forum_reply")
            if done is None:
                return told
            told += done
    with transaction.atomic():
        current = _locked_for_announcing(contribution.pk)
        if current is not None:
            current.extra["announced"] = True
            Contribution.objects.filter(pk=current.pk).update(extra=current.extra)
    return told


def _locked_for_announcing(contribution_id: int) -> Contribution | None:
    """The text, row-locked for the rest of the transaction, if it is still to be announced."""
    current = (
        Contribution.objects.select_for_update()
        .filter(pk=contribution_id)
        .only("pk", "status", "extra")
        .first()
    )
    if current is None or current.status != Status.PUBLISHED or current.extra.get("announced"):
        return None
    return current


def _announce_batch(
    contribution_id: int, topic: Topic, url: str, user_ids: list[int], *, kind: str
) -> int | None:
    """Tell one batch (those not told yet); None when the run should stop: the text was
    withdrawn or hidden meanwhile, or another run finished announcing it."""
    if not user_ids:
        return 0
    with transaction.atomic():
        if _locked_for_announcing(contribution_id) is None:
            return None
        told = set(
            Notification.objects.filter(
                recipient_id__in=user_ids, kind__in=ANNOUNCE_KINDS, url=url
            ).values_list("recipient_id", flat=True)
        )
        recipients = User.objects.filter(pk__in=[pk for pk in user_ids if pk not in told])
        count = 0
        for user in recipients.order_by("pk"):
            notify(recipient=user, kind=kind, context={"topic": topic}, url=url)
            count += 1
    return count


# --- Forums: setting them up (workspace) ------------------------------------------------------


@dataclass(frozen=True)
class CategoryRow:
    """One row of the categories table of the forum form: an existing category (``pk``) or a
    new one; ``remove`` drops it (its topics stay, without a category)."""

    pk: int | None
    name_ar: str
    name_en: str = ""
    position: int = 0
    remove: bool = False


FORUM_FIELDS = ["slug", "name_ar", "name_en", "description_ar", "description_en"]
FORUM_FLAGS = ["platform_wide", "posting", "is_active"]


def _forum_values(*, actor: User, agency: Agency, forum: Forum | None, data: dict) -> dict:
    values = {f: (data.get(f) or "").strip() for f in FORUM_FIELDS}
    values["slug"] = values["slug"].lower()
    values["posting"] = data.get("posting") or Posting.SIGNED_IN
    values["platform_wide"] = bool(data.get("platform_wide"))
    values["is_active"] = bool(data.get("is_active", True))
    errors = {}
    if not values["name_ar"]:
        errors["name_ar"] = _("Give the forum an Arabic name.")
    if values["posting"] not in Posting.values:
        errors["posting"] = _("Choose who may post in the forum.")
    already_wide = forum is not None and forum.platform_wide
    if (
        values["platform_wide"]
        and not already_wide
        and agency.kind != AgencyKind.PROGRAMME
        and not actor.is_superuser
    ):
        errors["platform_wide"] = _(
            "Only the programme office (or a platform administrator) runs platform-wide forums."
        )
    exclude = forum.pk if forum is not None else None
    if values["slug"]:
        if values["slug"] != slugify(values["slug"]) or len(values["slug"]) > 80:
            errors["slug"] = _("Use only Latin letters, digits and hyphens (at most 80).")
        elif Forum.objects.filter(slug=values["slug"]).exclude(pk=exclude).exists():
            errors["slug"] = _("Another forum already uses this address.")
    else:
        base = slugify(values["name_en"])[:70] or "forum"
        slug, n = base, 1
        while Forum.objects.filter(slug=slug).exclude(pk=exclude).exists():
            n += 1
            slug = f"{base}-{n}"
        values["slug"] = slug
    if errors:
        raise ValidationError(errors)
    return values


def _forum_category_slug(row: CategoryRow, taken: set[str]) -> str:
    base = slugify(row.name_en)[:70] or "category"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _save_categories(forum: Forum, rows: list[CategoryRow]) -> dict:
    """Apply the rows; returns what changed for the audit trail."""
    from musharaka.forums.models import ForumCategory

    existing = {c.pk: c for c in ForumCategory.objects.filter(forum=forum)}
    taken = {c.slug for c in existing.values()}
    added, removed, renamed = [], [], []
    for row in rows:
        name_ar, name_en = (row.name_ar or "").strip(), (row.name_en or "").strip()
        if row.pk is not None and row.pk not in existing:
            raise ValidationError({"categories": _("Choose a category of this forum.")})
        if row.pk is not None and row.remove:
            removed.append(existing[row.pk].name_ar)
            existing[row.pk].delete()
            continue
        if row.remove or (row.pk is None and not (name_ar or name_en)):
            continue
        if not name_ar:
            raise ValidationError({"categories": _("Give every category an Arabic name.")})
        if row.pk is None:
            slug = _forum_category_slug(row, taken)
            taken.add(slug)
            ForumCategory.objects.create(
                forum=forum, slug=slug, name_ar=name_ar, name_en=name_en, position=row.position
            )
            added.append(name_ar)
            continue
        category = existing[row.pk]
        if (category.name_ar, category.name_en, category.position) != (
            name_ar,
            name_en,
            row.position,
        ):
            category.name_ar, category.name_en, category.position = name_ar, name_en, row.position
            category.save(update_fields=["name_ar", "name_en", "position"])
            renamed.append(name_ar)
    changes = {"categories_added": added, "categories_removed": removed}
    changes["categories_changed"] = renamed
    return {k: v for k, v in changes.items() if v}


@transaction.atomic
def forum_save(
    *,
    actor: User,
    agency: Agency,
    forum: Forum | None,
    data: dict,
    categories: list[CategoryRow] | None = None,
) -> Forum:
    """Create or change one of the agency's forums and its categories (``content.edit``).
    Platform-wide forums belong to the programme office; its address is unique on the
    platform, and the forum's discussion space follows its name, address and open state."""
    _require(actor, "content.edit", agency)
    if forum is not None and forum.agency_id != agency.pk:
        raise PermissionDenied(_("Your role in this agency does not allow this."))
    values = _forum_values(actor=actor, agency=agency, forum=forum, data=data)
    fields = [*FORUM_FIELDS, *FORUM_FLAGS]
    if forum is None:
        forum = Forum.objects.create(agency=agency, **values)
        verb, changes = "forum.create", {f: values[f] for f in ("slug", "name_ar", "posting")}
    else:
        before = {f: getattr(forum, f) for f in fields}
        for name, value in values.items():
            setattr(forum, name, value)
        forum.save()
        verb, changes = "forum.update", field_changes(forum, before, fields)
    if categories is not None:
        changes.update(_save_categories(forum, categories))
    Space.objects.filter(owner_type="forums.forum", owner_id=str(forum.pk)).update(
        title_ar=forum.name_ar,
        title_en=forum.name_en,
        url=forum.public_path(),
        is_open=forum.is_active,
    )
    if changes or verb == "forum.create":
        audit_record(actor=actor, verb=verb, target=forum, changes=changes)
    return forum
