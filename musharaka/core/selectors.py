"""Reads about agencies, people and roles, tuned for the pages that use them."""

from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404
from django.utils.translation import get_language

from musharaka.core.models import (
    Agency,
    AuditEvent,
    Membership,
    PageFeedback,
    Representation,
    RepresentationStatus,
    Role,
    User,
)


def roles_by_agency(*, user: User) -> dict[int, frozenset[str]]:
    """All of a user's roles, keyed by agency id; memoised on the user for the request."""
    cached = getattr(user, "_roles_by_agency", None)
    if cached is None:
        cached = {}
        for agency_id, role in Membership.objects.filter(
            user=user, agency__is_active=True
        ).values_list("agency_id", "role"):
            cached[agency_id] = cached.get(agency_id, frozenset()) | {role}
        user._roles_by_agency = cached
    return cached


def roles_in_agency(*, user: User, agency: Agency) -> frozenset[str]:
    return roles_by_agency(user=user).get(agency.pk, frozenset())


def user_is_staff_anywhere(*, user: User) -> bool:
    return user.is_superuser or user.is_staff or bool(roles_by_agency(user=user))


def user_needs_two_factor(*, user: User) -> bool:
    """Staff of any kind without an enrolled TOTP authenticator."""
    if not user_is_staff_anywhere(user=user):
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def workspace_agencies(*, user: User) -> QuerySet[Agency]:
    """The agencies whose workspace this user may open."""
    if user.is_superuser:
        return Agency.objects.filter(is_active=True)
    return Agency.objects.filter(pk__in=roles_by_agency(user=user).keys())


def workspace_agency(*, user: User, slug: str) -> Agency:
    """The agency behind a workspace URL, or 404 for anyone not on its staff."""
    agency = workspace_agencies(user=user).filter(slug=slug).first()
    if agency is None:
        raise Http404
    return agency


def agency_directory() -> QuerySet[Agency]:
    """Active agencies in the reader's alphabetical order (English names, else Arabic)."""
    agencies = Agency.objects.filter(is_active=True)
    if (get_language() or "ar").startswith("en"):
        name = Coalesce(NullIf("name_en", Value("")), "name_ar")
        return agencies.annotate(reader_name=name).order_by("reader_name")
    return agencies.order_by("name_ar")


def public_agency(*, slug: str) -> Agency:
    agency = Agency.objects.filter(slug=slug, is_active=True).first()
    if agency is None:
        raise Http404
    return agency


def agency_members(*, agency: Agency) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(agency=agency)
        .select_related("user")
        .order_by("user__full_name", "user__email", "role")
    )


def pending_representations(*, agency: Agency) -> QuerySet[Representation]:
    return (
        Representation.objects.filter(agency=agency, status=RepresentationStatus.PENDING)
        .select_related("user")
        .order_by("created_at")
    )


def confirmed_agency_of(*, user: User) -> Agency | None:
    """The agency a user is a confirmed representative of, if any."""
    rep = (
        Representation.objects.filter(user=user, status=RepresentationStatus.CONFIRMED)
        .exclude(agency=None)
        .select_related("agency")
        .first()
    )
    return rep.agency if rep else None


def workspace_counts(*, agency: Agency) -> dict[str, int]:
    """Work waiting in an agency's workspace; later channels add their queues here."""
    return {
        "representations": Representation.objects.filter(
            agency=agency, status=RepresentationStatus.PENDING
        ).count(),
        "members": Membership.objects.filter(agency=agency).values("user").distinct().count(),
        "moderation": _moderation_waiting(agency),
        "overdue_outcomes": _overdue_outcomes(agency),
    }


def _overdue_outcomes(agency: Agency) -> int:
    from musharaka.consultations.selectors import overdue_outcomes

    return overdue_outcomes(agency).count()


def _moderation_waiting(agency: Agency) -> int:
    from musharaka.participation.selectors import queue_count

    return queue_count(agency=agency)


def audit_trail(
    *,
    agency: Agency,
    verb: str = "",
    actor: str = "",
    date_from=None,
    date_to=None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(agency=agency).select_related("actor")
    if verb:
        events = events.filter(verb__startswith=verb)
    if actor:
        events = events.filter(
            Q(actor_label__icontains=actor) | Q(actor__full_name__icontains=actor)
        )
    if date_from:
        events = events.filter(created_at__date__gte=date_from)
    if date_to:
        events = events.filter(created_at__date__lte=date_to)
    return events.order_by("-id")


def feedback_by_page() -> QuerySet:
    """Per page: how many said useful and not useful."""
    return (
        PageFeedback.objects.values("path")
        .annotate(yes=Count("id", filter=Q(useful=True)), no=Count("id", filter=Q(useful=False)))
        .order_by("-no", "path")
    )


# --- Workspace pages: members, representatives, audit (appended for the staff workspace) ------


def user_by_email(*, email: str) -> User | None:
    """The account behind an email address, matched the way sign-in matches it (any case)."""
    return User.objects.filter(email__iexact=email.strip()).first()


def agency_membership(*, agency: Agency, pk: int) -> Membership:
    """One role of this agency's staff, or 404: ids from another agency must not resolve."""
    membership = Membership.objects.filter(agency=agency, pk=pk).select_related("user").first()
    if membership is None:
        raise Http404
    return membership


def agency_representation(*, agency: Agency, pk: int) -> Representation:
    """One declaration made to this agency, or 404 for anyone else's."""
    rep = Representation.objects.filter(agency=agency, pk=pk).select_related("user").first()
    if rep is None:
        raise Http404
    return rep


def confirmed_representatives(*, agency: Agency) -> QuerySet[Representation]:
    return (
        Representation.objects.filter(agency=agency, status=RepresentationStatus.CONFIRMED)
        .select_related("user", "decided_by")
        .order_by("-decided_at")
    )


def representations_of(*, user: User) -> QuerySet[Representation]:
    """A user's own declarations, newest first, for their account page."""
    return Representation.objects.filter(user=user).select_related("agency").order_by("-created_at")


def audit_verbs(*, agency: Agency) -> list[str]:
    """Verbs and their prefixes seen in this agency's trail, offered as filter suggestions."""
    verbs = set(
        AuditEvent.objects.filter(agency=agency)
        .order_by()
        .values_list("verb", flat=True)
        .distinct()
    )
    prefixes = {verb.split(".", 1)[0] for verb in verbs}
    return sorted(verbs | prefixes)


def membership_is_last_manager(*, membership: Membership) -> bool:
    """Whether removing this role would leave its agency without a manager."""
    return (
        membership.role == Role.MANAGER
        and not Membership.objects.filter(agency_id=membership.agency_id, role=Role.MANAGER)
        .exclude(pk=membership.pk)
        .exists()
    )
