"""Helpers for the moderation pages and the workspace navigation badge."""

from django import template

from musharaka.participation import selectors
from musharaka.participation.models import Status

register = template.Library()


@register.simple_tag
def moderation_waiting(agency) -> int:
    """Contributions waiting in the agency's queue (one count query), for the nav badge."""
    return selectors.queue_count(agency=agency)


@register.filter
def status_label(value: str) -> str:
    """A status code (as stored in the history) in the reader's words."""
    return Status(value).label if value in Status.values else value
