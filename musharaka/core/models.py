"""Agencies (the tenants), people, their roles, the audit trail and page feedback."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from musharaka.core.bilingual import BilingualMixin


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone with an account: citizens, agency representatives and staff alike.

    Platform admins are superusers; agency staff are users with a Membership.
    """

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default="ar"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the platform admin"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        return self.full_name or self.email.split("@")[0]


class AgencyKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    AUTHORITY = "authority", _("Authority")
    COMMISSION = "commission", _("Commission")
    PROGRAMME = "programme", _("Programme")
    MUNICIPALITY = "municipality", _("Municipality")
    CENTRE = "centre", _("Centre")
    UNIVERSITY = "university", _("University")
    OTHER = "other", _("Other")


class Agency(BilingualMixin, models.Model):
    """A government entity: the tenant every agency-owned record belongs to."""

    slug = models.SlugField(_("short name in addresses"), unique=True, max_length=60)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    logo = models.ImageField(_("logo"), upload_to="agency-logos/", blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("contact telephone"), max_length=20, blank=True)
    address_ar = models.CharField(_("address (Arabic)"), max_length=300, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name_ar"]

    def __str__(self) -> str:
        return self.name_ar


class Role(models.TextChoices):
    MANAGER = "manager", _("Manager")
    EDITOR = "editor", _("Editor")
    MODERATOR = "moderator", _("Moderator")
    RESPONDER = "responder", _("Responder")
    ANALYST = "analyst", _("Analyst")
    SOCIAL_MEDIA_OFFICER = "social_media_officer", _("Social media officer")


class Membership(models.Model):
    """One role a user holds in one agency; a person may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_membership")
        ]
        indexes = [models.Index(fields=["agency", "role"])]

    def __str__(self) -> str:
        return f"{self.user} / {self.agency} / {self.role}"


class ParticipantType(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    AGENCY = "agency", _("Government agency representative")
    PRIVATE = "private", _("Private sector")
    NONPROFIT = "nonprofit", _("Non-profit organisation")
    ACADEMIC = "academic", _("Academic")


class RepresentationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Not confirmed")


class Representation(models.Model):
    """A user's declaration that they speak for an agency or organisation; staff confirm it.

    Claims on a government agency are confirmed by that agency's managers; claims for other
    organisations (private, non-profit, academic) by platform admins.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="representations")
    kind = models.CharField(
        _("you represent"),
        max_length=20,
        choices=[c for c in ParticipantType.choices if c[0] != ParticipantType.CITIZEN],
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="representations",
        verbose_name=_("government agency"),
    )
    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RepresentationStatus.choices,
        default=RepresentationStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        indexes = [models.Index(fields=["agency", "status"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.agency or self.organisation_name}"


class AuditEvent(models.Model):
    """One state change, append-only and chained to the previous event of its chain by its hash.

    Each agency has its own chain (``chain`` is its id; 0 is the platform's own), so agencies
    never wait for one another's appends. ``seq`` is contiguous within a chain, so a deleted
    event leaves a gap; ``hash`` covers every field and the previous hash, so an edited event
    breaks the chain. ``manage.py audit_verify`` checks both, chain by chain.
    """

    chain = models.PositiveIntegerField(default=0)
    seq = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=254, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    verb = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique")
        ]
        indexes = [models.Index(fields=["agency", "-id"], name="audit_agency_newest")]

    def __str__(self) -> str:
        return f"#{self.chain}.{self.seq} {self.verb}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only")


class PageFeedback(models.Model):
    """An answer to "Was this page useful?" on any page."""

    path = models.CharField(max_length=300, db_index=True)
    useful = models.BooleanField()
    reason = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=5)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")

    def __str__(self) -> str:
        return f"{self.path}: {'yes' if self.useful else 'no'}"
