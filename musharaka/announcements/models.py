"""An agency's news: announcements the public can read and comment on.

The first channel on the participation pipeline: each published announcement owns a
``participation.Space`` and its comments are ordinary contributions.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from musharaka.core.bilingual import BilingualMixin
from musharaka.core.models import Agency


class Announcement(BilingualMixin, models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="announcements")
    slug = models.SlugField(_("short name in the address"), max_length=80)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    body_ar = models.TextField(_("text (Arabic)"))
    body_en = models.TextField(_("text (English)"), blank=True)
    # Empty while the announcement is a draft.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    comments_open = models.BooleanField(_("open for comments"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "slug"], name="unique_announcement_slug")
        ]
        indexes = [models.Index(fields=["agency", "published_at"])]

    def __str__(self) -> str:
        return self.title_ar

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()

    def public_path(self) -> str:
        """The page's address without a language prefix (Arabic, the default language);
        stored on the participation space and turned into the reader's language on display."""
        with override("ar"):
            return reverse(
                "announcements:detail",
                kwargs={"slug": self.agency.slug, "announcement": self.slug},
            )
