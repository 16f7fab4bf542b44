"""Dates as citizens read them: Gregorian beside Umm al-Qura Hijri, in Asia/Riyadh time."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from hijridate import Gregorian

GREGORIAN_MONTHS = [
    _("January"), _("February"), _("March"), _("April"), _("May"), _("June"),
    _("July"), _("August"), _("September"), _("October"), _("November"), _("December"),
]  # fmt: skip
HIJRI_MONTHS = {
    "ar": [
        "محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
        "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة",
    ],
    "en": [
        "Muharram", "Safar", "Rabi al-Awwal", "Rabi al-Thani", "Jumada al-Ula",
        "Jumada al-Akhirah", "Rajab", "Shaban", "Ramadan", "Shawwal", "Dhu al-Qadah",
        "Dhu al-Hijjah",
    ],
}  # fmt: skip


def local_date(value: date | datetime) -> date:
    """The calendar day in Riyadh for an aware datetime; dates pass through."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def hijri_parts(value: date | datetime) -> tuple[int, int, int]:
    """(year, month, day) in the Umm al-Qura calendar."""
    day = local_date(value)
    hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    return hijri.year, hijri.month, hijri.day


def format_gregorian(value: date | datetime) -> str:
    day = local_date(value)
    return f"{day.day} {GREGORIAN_MONTHS[day.month - 1]} {day.year}"


def format_hijri(value: date | datetime, language: str | None = None) -> str:
    year, month, day = hijri_parts(value)
    lang = "en" if (language or get_language() or "ar").startswith("en") else "ar"
    suffix = "هـ" if lang == "ar" else "AH"
    return f"{day} {HIJRI_MONTHS[lang][month - 1]} {year} {suffix}"


def format_time(value: datetime) -> str:
    return timezone.localtime(value).strftime("%H:%M")
