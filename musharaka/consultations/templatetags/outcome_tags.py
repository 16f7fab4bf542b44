"""Template helpers of the outcome pages: ``{% load outcome_tags %}``."""

from django import template
from django.utils import timezone

from musharaka.consultations.models import Consultation, Phase

register = template.Library()


@register.filter
def outcome_overdue(consultation: Consultation) -> bool:
    """Closed (or under review) past the date its outcome was due, and still not published."""
    return bool(
        consultation.phase in (Phase.CLOSED, Phase.UNDER_REVIEW)
        and consultation.outcome_due_at is not None
        and consultation.outcome_published_at is None
        and consultation.outcome_due_at < timezone.now()
    )


@register.simple_tag
def overdue_outcomes_of(agency, limit: int = 5) -> list[Consultation]:
    """The agency's consultations whose outcome is overdue, most overdue first."""
    from musharaka.consultations.selectors import overdue_outcomes

    return list(overdue_outcomes(agency)[:limit])
