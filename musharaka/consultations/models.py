"""Drafts put out for consultation: their text as a tree of articles, its versions, the comments
received on each article (public contributions with a stance) and the answer to each."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from musharaka.core.bilingual import BilingualMixin
from musharaka.core.models import Agency, ParticipantType
from musharaka.participation.models import Contribution


class Kind(models.TextChoices):
    LAW = "law", _("Law")
    REGULATION = "regulation", _("Regulation")
    GUIDELINE = "guideline", _("Guideline")
    POLICY = "policy", _("Policy")
    STRATEGY = "strategy", _("Strategy")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone signed in")
    INVITED = "invited", _("Invited agencies only")
    BOTH = "both", _("Everyone, with invited agencies counted apart")


class Phase(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open for comments")
    CLOSED = "closed", _("Closed")
    UNDER_REVIEW = "under_review", _("Comments under review")
    OUTCOME_PUBLISHED = "outcome_published", _("Outcome published")
    ARCHIVED = "archived", _("Archived")


class ConsultationPolicy(models.Model):
    """An agency's consultation periods; defaults apply until it saves its own."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="consultation_policy"
    )
    default_period_days = models.PositiveSmallIntegerField(_("default period (days)"), default=30)
    minimum_period_days = models.PositiveSmallIntegerField(_("shortest period (days)"), default=15)
    outcome_due_weeks = models.PositiveSmallIntegerField(
        _("weeks after closing by which the outcome is due"), default=12
    )

    def __str__(self) -> str:
        return f"consultation policy of {self.agency}"


class Consultation(BilingualMixin, models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="consultations")
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    summary_ar = models.TextField(_("summary (Arabic)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    invited_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="consultation_invitations"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_consultations"
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="drafting_teams"
    )
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.DRAFT)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome_due_at = models.DateTimeField(null=True, blank=True)
    outcome_published_at = models.DateTimeField(null=True, blank=True)
    outcome_summary_ar = models.TextField(_("what we did (Arabic)"), blank=True)
    outcome_summary_en = models.TextField(_("what we did (English)"), blank=True)
    consulted_version = models.ForeignKey(
        "Version", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    current_version = models.ForeignKey(
        "Version", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.UniqueConstraint(fields=["agency", "slug"], name="unique_consultation_slug")
        ]
        indexes = [
            models.Index(fields=["phase", "opens_at"]),
            models.Index(fields=["phase", "closes_at"]),
        ]

    def __str__(self) -> str:
        return self.title_ar


class Version(BilingualMixin, models.Model):
    """One version of the draft's text. Articles keep their identity (``Node.key``) across them."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField()
    note_ar = models.TextField(_("what changed (Arabic)"), blank=True)
    note_en = models.TextField(_("what changed (English)"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.consultation} v{self.number}"


class NodeKind(models.TextChoices):
    CHAPTER = "chapter", _("Chapter")
    ARTICLE = "article", _("Article")
    PARAGRAPH = "paragraph", _("Paragraph")


class Node(BilingualMixin, models.Model):
    """A chapter, article or paragraph of one version of the text."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="nodes")
    key = models.UUIDField(default=uuid.uuid4)  # the same article in every version
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    kind = models.CharField(max_length=10, choices=NodeKind.choices)
    position = models.PositiveIntegerField()  # document order within the version
    number = models.PositiveIntegerField(null=True, blank=True)
    heading_ar = models.CharField(max_length=300, blank=True)
    heading_en = models.CharField(max_length=300, blank=True)
    body_ar = models.TextField(blank=True)
    body_en = models.TextField(blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="unique_node_key")]

    def __str__(self) -> str:
        return f"{self.kind} {self.number or ''} {self.heading_ar}".strip()


class Attachment(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(upload_to="consultations/%Y/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.title


class TimelineEntry(BilingualMixin, models.Model):
    """A public step in the consultation's life (opened, extended with a reason, closed…)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="timeline"
    )
    phase = models.CharField(max_length=20, choices=Phase.choices)
    note_ar = models.TextField(blank=True)
    note_en = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.consultation}: {self.phase}"


class Stance(models.TextChoices):
    SUPPORT = "support", _("Support")
    OBJECT = "object", _("Object")
    AMEND = "amend", _("Propose an amendment")
    QUESTION = "question", _("Question")
    OTHER = "other", _("Other")


class Answer(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")
    NOTED = "noted", _("Noted")


class Comment(models.Model):
    """The consultation's side of a public contribution: where it was made, with what stance,
    by whom (and for which agency), and the drafting team's answer."""

    contribution = models.OneToOneField(
        Contribution, on_delete=models.CASCADE, related_name="consultation_comment"
    )
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="comments")
    node = models.ForeignKey(
        Node, on_delete=models.PROTECT, null=True, blank=True, related_name="comments"
    )  # null: on the whole draft
    article_key = models.UUIDField(null=True, blank=True)
    stance = models.CharField(max_length=10, choices=Stance.choices)
    amendment = models.TextField(_("proposed text"), blank=True)
    participant_type = models.CharField(max_length=20, choices=ParticipantType.choices)
    on_behalf_of = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    invited = models.BooleanField(default=False)  # counted apart when audience is "both"
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer = models.CharField(max_length=20, choices=Answer.choices, blank=True)
    response_ar = models.TextField(blank=True)
    response_en = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # Where the comment sits in the document for the review table: the commented node's
    # position plus one (0: the whole draft). Copied when the comment is made (a published text
    # never moves), so the table reads in document order from an index instead of sorting.
    position = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["consultation", "position", "id"], name="comment_review_order"),
            models.Index(fields=["consultation", "node"]),
            models.Index(fields=["consultation", "article_key"]),
            models.Index(fields=["consultation", "answer"]),
            models.Index(fields=["consultation", "assigned_to"]),
            models.Index(fields=["consultation", "stance"]),
            # Counts by article, stance and participant type, and an article's thread, read
            # from the index alone (the contribution id is the last column).
            models.Index(
                fields=[
                    "consultation",
                    "article_key",
                    "stance",
                    "participant_type",
                    "invited",
                    "contribution",
                ],
                name="comment_article_counts",
            ),
            # The review table's progress line and its agency filter, from the index alone.
            models.Index(
                fields=["consultation", "answer", "contribution"], name="comment_answer_progress"
            ),
            models.Index(fields=["consultation", "on_behalf_of"], name="comment_on_behalf_of"),
        ]

    def __str__(self) -> str:
        return f"{self.stance} on {self.consultation}"
