"""Public opinion polls and surveys (the guideline's first channel).

A ``Poll`` is a quick poll (one question) or a survey (questions over pages). Its questions keep a
stable identity; once answers exist, wording edits are kept as ``QuestionRevision`` rows and
structural changes (kind, scale, removing options) are refused, so answers never lose meaning.

A ``Response`` is one person's answers: a draft while being filled in (signed-in respondents can
come back to it; anonymous ones hold a signed cookie), then submitted. ``Answer`` rows carry the
poll, whether they count (``final``) and the respondent's participant type, so results are one
grouped read over a single table.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from musharaka.core.bilingual import BilingualMixin
from musharaka.core.models import Agency, ParticipantType


class PollKind(models.TextChoices):
    QUICK = "quick", _("Quick poll")
    SURVEY = "survey", _("Survey")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone, without signing in")
    SIGNED_IN = "signed_in", _("Signed-in users")
    VERIFIED = "verified", _("Users verified through the national sign-on")
    INVITED = "invited", _("Representatives of invited agencies")


class ResultsPolicy(models.TextChoices):
    LIVE = "live", _("Shown live while open")
    AFTER_CLOSE = "after_close", _("Shown after closing")
    STAFF = "staff", _("Staff only")


class Phase(models.TextChoices):
    """Where a poll stands; ``Poll.phase`` derives it from the dates."""

    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Poll(BilingualMixin, models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="polls")
    slug = models.SlugField(_("short name in the address"), max_length=80)
    kind = models.CharField(_("kind"), max_length=10, choices=PollKind.choices)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    intro_ar = models.TextField(_("introduction (Arabic)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    audience = models.CharField(
        _("who may answer"), max_length=10, choices=Audience.choices, default=Audience.SIGNED_IN
    )
    invited_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="poll_invitations", verbose_name=_("invited agencies")
    )
    results_policy = models.CharField(
        _("results"), max_length=12, choices=ResultsPolicy.choices, default=ResultsPolicy.LIVE
    )
    anonymous_results = models.BooleanField(
        _("anonymous results (staff see answers, not who gave them)"), default=False
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    # Empty while a draft; set when published (then shown as scheduled until it opens).
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    statement_ar = models.TextField(_("what the agency will do (Arabic)"), blank=True)
    statement_en = models.TextField(_("what the agency will do (English)"), blank=True)
    statement_at = models.DateTimeField(null=True, blank=True)
    response_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-opens_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "slug"], name="unique_poll_slug")]
        indexes = [models.Index(fields=["published_at", "closes_at"])]

    def __str__(self) -> str:
        return self.title_ar

    def phase_at(self, now) -> str:
        if self.published_at is None:
            return Phase.DRAFT
        if now < self.opens_at:
            return Phase.SCHEDULED
        if now < self.closes_at:
            return Phase.OPEN
        return Phase.CLOSED

    @property
    def phase(self) -> str:
        return self.phase_at(timezone.now())

    def public_path(self) -> str:
        """The poll's address without a language prefix (Arabic, the default language)."""
        with override("ar"):
            return reverse(
                "polls:detail", kwargs={"agency_slug": self.agency.slug, "slug": self.slug}
            )


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Rating scale")
    RANKING = "ranking", _("Ranking")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    MATRIX = "matrix", _("Matrix (rows × scale)")


CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING})
SCALE_KINDS = frozenset({QuestionKind.SCALE, QuestionKind.MATRIX})
TEXT_KINDS = frozenset({QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT})


class Question(BilingualMixin, models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="questions")
    page = models.PositiveSmallIntegerField(_("page"), default=1)
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("type"), max_length=12, choices=QuestionKind.choices)
    text_ar = models.CharField(_("question (Arabic)"), max_length=500)
    text_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    help_ar = models.CharField(_("help text (Arabic)"), max_length=500, blank=True)
    help_en = models.CharField(_("help text (English)"), max_length=500, blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)
    # Multiple choice: how many options may (must) be picked.
    min_choices = models.PositiveSmallIntegerField(_("at least"), null=True, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("at most"), null=True, blank=True)
    # Rating scale and matrix: 1–5 or 0–10, with labelled ends.
    scale_min = models.SmallIntegerField(_("scale from"), default=1)
    scale_max = models.SmallIntegerField(_("scale to"), default=5)
    low_label_ar = models.CharField(_("low end label (Arabic)"), max_length=100, blank=True)
    low_label_en = models.CharField(_("low end label (English)"), max_length=100, blank=True)
    high_label_ar = models.CharField(_("high end label (Arabic)"), max_length=100, blank=True)
    high_label_en = models.CharField(_("high end label (English)"), max_length=100, blank=True)
    # Number: optional bounds.
    number_min = models.FloatField(_("smallest number"), null=True, blank=True)
    number_max = models.FloatField(_("largest number"), null=True, blank=True)
    # Free text shown publicly on the results page, after moderation.
    answers_public = models.BooleanField(_("show answers publicly (moderated)"), default=False)
    # Shown only if the respondent picked this option of an earlier question.
    show_if = models.ForeignKey(
        "Option",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("show only if this answer was given"),
    )
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["page", "position", "id"]

    def __str__(self) -> str:
        return self.text_ar


class Option(BilingualMixin, models.Model):
    """A choice of a choice or ranking question, or a row of a matrix."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(default=0)
    label_ar = models.CharField(_("label (Arabic)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label_ar


class QuestionRevision(models.Model):
    """The wording a question had before an edit made after answers existed."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveIntegerField()
    text_ar = models.CharField(max_length=500)
    text_en = models.CharField(max_length=500, blank=True)
    help_ar = models.CharField(max_length=500, blank=True)
    help_en = models.CharField(max_length=500, blank=True)
    options = models.JSONField(default=list)  # [[option id, label_ar, label_en], ...]
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question", "revision"]

    def __str__(self) -> str:
        return f"{self.question_id} r{self.revision}"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Response(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    # Anonymous respondents: a random token held in a signed cookie.
    token = models.CharField(max_length=64, blank=True, db_index=True)
    participant_type = models.CharField(
        max_length=12, choices=ParticipantType.choices, default=ParticipantType.CITIZEN
    )
    on_behalf_of = models.ForeignKey(
        Agency, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    page = models.PositiveSmallIntegerField(default=1)
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "respondent"],
                condition=Q(respondent__isnull=False),
                name="one_response_per_person",
            )
        ]
        indexes = [models.Index(fields=["poll", "status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.poll_id}/{self.pk}"


class Answer(models.Model):
    """One value of a response. Choice: one row per picked option. Ranking: one row per option
    with its rank. Matrix: one row per row-option with its scale value. Scale: ``value``.
    Number: ``number``. Date: ``date``. Text: ``text`` (and the public contribution, if any)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, null=True, blank=True)
    value = models.SmallIntegerField(null=True, blank=True)  # scale point, matrix cell, rank
    number = models.FloatField(null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    text = models.TextField(blank=True)
    contribution = models.ForeignKey(
        "participation.Contribution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Copied from the response so results are one grouped read of this table.
    final = models.BooleanField(default=False)
    participant_type = models.CharField(max_length=12, choices=ParticipantType.choices)

    class Meta:
        indexes = [
            # Every count of the results page from this index alone (no table reads), the
            # split by participant type included.
            models.Index(
                fields=["poll", "final", "question", "option", "value", "participant_type"],
                name="polls_answer_tally",
            ),
            models.Index(fields=["response", "question"]),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"
