"""What every public contribution shares, whatever channel it arrives through.

A channel (consultations, forums, blogs, announcements, polls) owns *spaces*: one ``Space`` per
consultation, forum, blog or announcement, with its moderation mode. Every text the public
writes there is a ``Contribution``, checked, queued and decided the same way.
"""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from musharaka.core.bilingual import BilingualMixin
from musharaka.core.models import Agency


class ModerationMode(models.TextChoices):
    PRE = "pre", _("Pre-moderation: nothing is public until a moderator approves it")
    POST = "post", _("Post-moderation: public at once, reviewed afterwards")


class Space(BilingualMixin, models.Model):
    """A place where the public contributes, owned by one channel object."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="spaces")
    channel = models.CharField(_("channel"), max_length=30)
    owner_type = models.CharField(max_length=100)
    owner_id = models.CharField(max_length=64)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    url = models.CharField(max_length=500, blank=True)
    moderation = models.CharField(
        _("moderation"), max_length=4, choices=ModerationMode.choices, default=ModerationMode.POST
    )
    is_open = models.BooleanField(_("open for contributions"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participation space")
        verbose_name_plural = _("participation spaces")
        constraints = [
            models.UniqueConstraint(fields=["owner_type", "owner_id"], name="unique_space_owner")
        ]

    def __str__(self) -> str:
        return self.title_ar


class Status(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn by the author")


class QueueReason(models.TextChoices):
    PRE_MODERATION = "pre_moderation", _("Pre-moderated space")
    PERSONAL_DATA = "personal_data", _("Personal data found")
    ABUSE = "abuse", _("Abusive language found")
    SPAM = "spam", _("Looks like spam")
    FLAGS = "flags", _("Reported by readers")
    APPEAL = "appeal", _("Appeal by the author")
    EDITED = "edited", _("Edited after publication")


class Contribution(models.Model):
    """One public text: a comment, a reply, a forum post, a public answer."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="contributions")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="contributions")
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contributions"
    )
    body = models.TextField(_("text"))
    # What the author typed, kept only when the public body differs (masked or redacted);
    # shown to staff with a reason to see it, never publicly.
    body_original = models.TextField(blank=True)
    similarity_key = models.TextField(blank=True)
    language = models.CharField(max_length=5, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, db_index=True)
    needs_review = models.BooleanField(default=False)
    queue_reasons = models.JSONField(default=list, blank=True)
    findings = models.JSONField(default=list, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    rules = models.ForeignKey(
        "ParticipationRules", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    endorsement_count = models.PositiveIntegerField(default=0)
    flag_count = models.PositiveIntegerField(default=0)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        indexes = [
            models.Index(fields=["agency", "needs_review", "queued_at"]),
            models.Index(fields=["space", "target_type", "target_id", "status", "created_at"]),
            models.Index(fields=["author", "space", "created_at"]),
            models.Index(fields=["author", "created_at"]),
            # Replies of a page of threads (``parent IN (...)``) and "has a visible reply".
            models.Index(fields=["parent", "status"], name="contribution_parent_status"),
            # A space's published texts from the index alone (a channel's counts), and a
            # thread's top-level texts by id (the id is the index's implicit last column, so a
            # wider index here would stop SQLite probing it by id).
            models.Index(fields=["space", "status"], name="contribution_space_status"),
            # A thread's newest (or oldest) top-level texts of one target, read in order and
            # stopped after a page, instead of sorting every text of a big forum topic.
            models.Index(
                F("space"),
                F("target_type"),
                F("target_id"),
                F("parent"),
                Coalesce("published_at", "created_at"),
                name="contribution_thread_order",
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED


class ReasonCode(models.TextChoices):
    """Why a contribution was hidden or rejected: the published list authors are told about."""

    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Abusive, offensive or hateful language")
    PERSONAL_DATA = "personal_data", _("Personal data about anyone")
    OFF_TOPIC = "off_topic", _("Not about the subject under discussion")
    DUPLICATE = "duplicate", _("Repeats an earlier contribution")
    FALSE_ATTRIBUTION = "false_attribution", _("Falsely attributed to a person or organisation")
    ILLEGAL = "illegal", _("Breaks the law")
    OTHER = "other", _("Other breach of the participation rules")


class Action(models.TextChoices):
    APPROVE = "approve", _("Approved")
    HIDE = "hide", _("Hidden")
    REJECT = "reject", _("Rejected")
    REDACT = "redact", _("Edited to remove content")
    RESTORE = "restore", _("Restored")
    AUTO_HIDE = "auto_hide", _("Hidden after reports")
    WITHDRAW = "withdraw", _("Withdrawn")
    EDIT = "edit", _("Edited by the author")
    APPEAL = "appeal", _("Appealed")
    APPEAL_UPHELD = "appeal_upheld", _("Appeal refused: decision stands")
    APPEAL_GRANTED = "appeal_granted", _("Appeal granted")


class Decision(models.Model):
    """One step in a contribution's moderation history (who did what, why, and when)."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="decisions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    reason = models.CharField(max_length=20, choices=ReasonCode.choices, blank=True)
    note = models.TextField(blank=True)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["action", "created_at"])]

    def __str__(self) -> str:
        return f"{self.action} #{self.contribution_id}"


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam")
    ABUSE = "abuse", _("Abusive or offensive")
    PERSONAL_DATA = "personal_data", _("Contains personal data")
    OFF_TOPIC = "off_topic", _("Off-topic")
    FALSELY_ATTRIBUTED = "falsely_attributed", _("Falsely attributed")
    OTHER = "other", _("Other")


class Flag(models.Model):
    """A reader's report; each reader can report a contribution once."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=FlagReason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contribution", "user"], name="one_flag_per_reader")
        ]

    def __str__(self) -> str:
        return f"{self.reason} #{self.contribution_id}"


class Endorsement(models.Model):
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="endorsements"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contribution", "user"], name="one_endorsement")
        ]

    def __str__(self) -> str:
        return f"+1 #{self.contribution_id}"


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting a second moderator")
    UPHELD = "upheld", _("Decision upheld")
    GRANTED = "granted", _("Appeal granted")


class Appeal(models.Model):
    """The author's one appeal against a decision; a different moderator decides it."""

    contribution = models.OneToOneField(
        Contribution, on_delete=models.CASCADE, related_name="appeal"
    )
    text = models.TextField(_("why the decision should change"))
    appealed_decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"appeal #{self.contribution_id}"


class AbuseTerm(models.Model):
    """One entry of an agency's editable abusive-words list (matched on normalised text)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="abuse_terms")
    term = models.CharField(_("word or phrase"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "term"], name="unique_abuse_term")]

    def __str__(self) -> str:
        return self.term


class ModerationSettings(models.Model):
    """An agency's moderation choices; defaults apply until the agency saves its own."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="moderation_settings"
    )
    flag_threshold = models.PositiveSmallIntegerField(
        _("reports from different readers before a contribution is hidden for review"), default=3
    )
    max_length = models.PositiveIntegerField(_("longest contribution (characters)"), default=5000)
    max_links = models.PositiveSmallIntegerField(_("most links in one contribution"), default=2)
    regulation_consultations_pre_moderated = models.BooleanField(
        _("pre-moderate consultations of draft regulations"), default=True
    )
    other_spaces_pre_moderated = models.BooleanField(
        _("pre-moderate forums, blogs and other spaces"), default=False
    )

    def __str__(self) -> str:
        return f"moderation settings of {self.agency}"


class Suspension(models.Model):
    """The author may not contribute in this agency's spaces until ``until``."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="suspensions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    until = models.DateTimeField()
    reason = models.CharField(max_length=20, choices=ReasonCode.choices)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["agency", "user", "until"])]

    def __str__(self) -> str:
        return f"{self.user} until {self.until}"


class ParticipationRules(BilingualMixin, models.Model):
    """An agency's published participation rules; each publication is a new version."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="rules_versions")
    version = models.PositiveIntegerField()
    body_ar = models.TextField(_("rules (Arabic)"))
    body_en = models.TextField(_("rules (English)"), blank=True)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "version"], name="unique_rules_version")
        ]

    def __str__(self) -> str:
        return f"{self.agency} rules v{self.version}"


class RateCounter(models.Model):
    """A fixed-window counter for rate limits when no Redis is configured."""

    key = models.CharField(max_length=200)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="unique_rate_window")]

    def __str__(self) -> str:
        return f"{self.key}@{self.window}: {self.count}"
