"""Bilingual content fields: ``<name>_ar`` is required, ``<name>_en`` falls back to Arabic."""

from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class LocalText:
    """A content value in the reader's language, or the Arabic one with ``fallback`` set."""

    text: str
    lang: str
    fallback: bool

    def __str__(self) -> str:
        return self.text


def localized(obj: object, field: str, language: str | None = None) -> LocalText:
    """Pick ``field_en`` for English readers when filled, else ``field_ar``."""
    language = (language or get_language() or "ar")[:2]
    arabic = getattr(obj, f"{field}_ar", "") or ""
    if language == "en":
        english = getattr(obj, f"{field}_en", "") or ""
        if english.strip():
            return LocalText(english, "en", False)
        return LocalText(arabic, "ar", bool(arabic))
    return LocalText(arabic, "ar", False)


class BilingualMixin:
    """Gives models ``obj.local("name")`` for views and templates."""

    def local(self, field: str) -> LocalText:
        return localized(self, field)

    @property
    def name(self) -> LocalText:
        return localized(self, "name")
