"""Template helpers loaded in every template (see TEMPLATES builtins)."""

from datetime import date, datetime

from django import template
from django.urls import translate_url
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from musharaka.core import dates
from musharaka.core.arabic import to_ascii_digits
from musharaka.core.bilingual import LocalText, localized

register = template.Library()


def _time_tag(value: date | datetime, text: str) -> str:
    iso = value.isoformat() if isinstance(value, datetime) else value.strftime("%Y-%m-%d")
    return format_html('<time datetime="{}">{}</time>', iso, text)


@register.filter
def hdate(value: date | datetime | None) -> str:
    """Gregorian date with the Umm al-Qura Hijri date beside it."""
    if not value:
        return ""
    text = f"{dates.format_gregorian(value)} ({dates.format_hijri(value)})"
    return _time_tag(value, text)


@register.filter
def hdatetime(value: datetime | None) -> str:
    """Like ``hdate`` with the Riyadh time of day."""
    if not value:
        return ""
    value = timezone.localtime(value)
    text = (
        f"{dates.format_gregorian(value)} ({dates.format_hijri(value)}) {dates.format_time(value)}"
    )
    return _time_tag(value, text)


@register.filter
def ident(value: object) -> str:
    """An identifier (tracking number, phone) in Western digits, isolated from the bidi text."""
    return format_html('<bdi dir="ltr" class="ident">{}</bdi>', to_ascii_digits(str(value)))


@register.simple_tag
def bi(obj: object, field: str) -> str:
    """A bilingual content field in the reader's language; Arabic fallback is marked as such."""
    value: LocalText = localized(obj, field)
    if not value.fallback:
        return format_html("{}", value.text)
    return format_html(
        '<span lang="ar" dir="rtl">{}</span> <small class="fallback-note">({})</small>',
        value.text,
        _("available in Arabic only"),
    )


@register.simple_tag(takes_context=True)
def switch_language_url(context, language: str) -> str:
    """The current page in the other language."""
    request = context.get("request")
    if request is None:
        return "/"
    url = translate_url(request.get_full_path(), language)
    return url
