"""Agency blogs and electronic forums, both on the shared participation pipeline.

Blog: an agency's ``Post`` (bilingual, restricted Markdown, images with required alt text,
categories, scheduled publishing); its comments are contributions in the post's space.

Forum: a ``Forum`` owned by an agency (or platform-wide, owned by the programme office) with
categories and ``Topic`` rows. A topic's opening post and every reply are contributions in the
forum's space, targeted at the topic, so moderation, flags, endorsements and threading are the
shared ones. The topic keeps its own figures (replies, last activity, endorsements) up to date
through ``participation.channels`` so lists sort without reading the replies.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from musharaka.core.bilingual import BilingualMixin
from musharaka.core.models import Agency

# --- Blogs ------------------------------------------------------------------------------------


class BlogCategory(BilingualMixin, models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="blog_categories")
    slug = models.SlugField(_("short name in the address"), max_length=80)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)

    class Meta:
        ordering = ["agency", "name_ar"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "slug"], name="unique_blog_category_slug")
        ]

    def __str__(self) -> str:
        return self.name_ar


class Post(BilingualMixin, models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="posts")
    # Arabic letters too: a post without an English title takes it from its Arabic title.
    slug = models.SlugField(_("short name in the address"), max_length=80, allow_unicode=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary_ar = models.CharField(_("summary (Arabic)"), max_length=500, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=500, blank=True)
    body_ar = models.TextField(_("text (Arabic)"))
    body_en = models.TextField(_("text (English)"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="blog_posts"
    )
    categories = models.ManyToManyField(BlogCategory, blank=True, related_name="posts")
    # Empty while a draft; a future date is a scheduled post.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    comments_open = models.BooleanField(_("open for comments"), default=True)
    related_consultation = models.ForeignKey(
        "consultations.Consultation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("related consultation"),
    )
    related_poll = models.ForeignKey(
        "polls.Poll",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("related poll"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "slug"], name="unique_post_slug")]
        indexes = [
            models.Index(fields=["agency", "published_at"]),
            models.Index(fields=["published_at"]),
        ]

    def __str__(self) -> str:
        return self.title_ar

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()

    def public_path(self) -> str:
        with override("ar"):
            return reverse("forums:post", args=[self.agency.slug, self.slug])


class PostImage(models.Model):
    """An image uploaded for a post, placed in its text as ``![alt](image:<id>)``. The alt text
    is required (in Arabic; English optional) and is what the reader's language shows."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(upload_to="blog/%Y/%m/")
    content_type = models.CharField(max_length=40)
    alt_ar = models.CharField(_("description for screen readers (Arabic)"), max_length=300)
    alt_en = models.CharField(
        _("description for screen readers (English)"), max_length=300, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.alt_ar


# --- Forums -----------------------------------------------------------------------------------


class Posting(models.TextChoices):
    SIGNED_IN = "signed_in", _("Anyone signed in")
    REPRESENTATIVES = "representatives", _("Confirmed agency representatives")
    STAFF = "staff", _("The agency's staff only")


class Forum(BilingualMixin, models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="forums")
    slug = models.SlugField(_("short name in the address"), max_length=80, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    platform_wide = models.BooleanField(
        _("platform-wide (run by the programme office for every agency)"), default=False
    )
    posting = models.CharField(
        _("who may start topics and reply"),
        max_length=16,
        choices=Posting.choices,
        default=Posting.SIGNED_IN,
    )
    is_active = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-platform_wide", "name_ar"]

    def __str__(self) -> str:
        return self.name_ar

    def public_path(self) -> str:
        with override("ar"):
            return reverse("forums:forum", args=[self.slug])


class ForumCategory(BilingualMixin, models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="categories")
    slug = models.SlugField(max_length=80)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["forum", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "slug"], name="unique_forum_category_slug")
        ]

    def __str__(self) -> str:
        return self.name_ar


class Topic(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="topics")
    category = models.ForeignKey(
        ForumCategory, on_delete=models.SET_NULL, null=True, blank=True, related_name="topics"
    )
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_topics"
    )
    # The opening post: a contribution like the replies, so it is checked and moderated alike.
    opening = models.OneToOneField(
        "participation.Contribution", on_delete=models.PROTECT, related_name="+", null=True
    )
    # Shown in lists only once the opening post is published.
    visible = models.BooleanField(default=False)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    staff_answer = models.ForeignKey(
        "participation.Contribution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reply_count = models.PositiveIntegerField(default=0)
    endorsement_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(default=timezone.now)
    # Turned into a formal input: a contact request, or a proposal linked to a consultation.
    contact_request = models.OneToOneField(
        "contact.Request", on_delete=models.SET_NULL, null=True, blank=True, related_name="topic"
    )
    consultation = models.ForeignKey(
        "consultations.Consultation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_topics",
    )

    class Meta:
        indexes = [
            models.Index(fields=["forum", "visible", "pinned", "last_activity_at"]),
            models.Index(fields=["forum", "visible", "pinned", "created_at"]),
            models.Index(fields=["forum", "visible", "pinned", "endorsement_count"]),
            models.Index(fields=["forum", "visible", "pinned", "reply_count"]),
        ]

    def __str__(self) -> str:
        return self.title

    def public_path(self) -> str:
        with override("ar"):
            return reverse("forums:topic", args=[self.forum.slug, self.pk])


class TopicSubscription(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["topic", "user"], name="one_subscription_per_topic")
        ]

    def __str__(self) -> str:
        return f"{self.topic_id}:{self.user_id}"
