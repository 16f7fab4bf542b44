"""What every channel's exports share: the languages a report is written in, when a file is
built during the request rather than by a task, and PDF rendering with embedded Arabic faces.

Arabic faces, best first: Debian's Noto Naskh Arabic (fonts-noto-core) keeps text extractable in
logical order; the fontsource files under node_modules shape correctly too but copy out as
fragments. Latin text uses Noto Sans or DejaVu.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import translation

LANGUAGES = ("ar", "en")
SYSTEM_FONTS = Path("/usr/share/fonts/truetype/noto")
FONT_FILES = {
    400: [
        SYSTEM_FONTS / "NotoNaskhArabic-Regular.ttf",
        "vendor/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff2",
    ],
    700: [
        SYSTEM_FONTS / "NotoNaskhArabic-Bold.ttf",
        "vendor/noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff2",
    ],
}
ARABIC_RANGE = "U+0600-06FF, U+0750-077F, U+08A0-08FF, U+FB50-FDFF, U+FE70-FEFF"


def inline_limit() -> int:
    """Up to this many rows an export is built during the request; above it, by a task."""
    return settings.MUSHARAKA_EXPORT_INLINE_LIMIT


def export_language(language: str | None) -> str:
    language = (language or translation.get_language() or "ar")[:2]
    return language if language in LANGUAGES else "ar"


def _font_file(candidates: list) -> Path | None:
    for candidate in candidates:
        if isinstance(candidate, Path):
            if candidate.exists():
                return candidate
            continue
        found = finders.find(candidate)
        if found:
            return Path(found)
        if settings.STATIC_ROOT and (Path(settings.STATIC_ROOT) / candidate).exists():
            return Path(settings.STATIC_ROOT) / candidate
    return None


def font_faces() -> list[dict]:
    """The Arabic faces a report template embeds with ``@font-face``."""
    fonts = []
    for weight, candidates in FONT_FILES.items():
        found = _font_file(candidates)
        if found:
            fonts.append({"url": found.resolve().as_uri(), "weight": weight, "range": ARABIC_RANGE})
    return fonts


def pdf_bytes(html: str) -> bytes:
    from weasyprint import HTML  # imported late: it loads Pango, which web workers rarely need

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
