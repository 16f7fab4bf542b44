"""The one Arabic normaliser: search, duplicate detection, word lists and analysis all use it.

Two strengths: ``normalize`` keeps words readable (for display-side matching and search
tokens); ``normalize_key`` also folds ta marbuta and hamza carriers, for comparison keys where
"مدرسة" and "مدرسه" must be the same word.
"""

import re
import unicodedata

# Harakat, tanween, shadda, sukun, superscript alef, Quranic marks.
_DIACRITICS = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]"
)
_TATWEEL = "\u0640"
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")

_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",  # Persian yeh
        "ک": "ك",  # Persian keheh
    }
)
_KEY_LETTERS = str.maketrans({"ة": "ه", "ؤ": "و", "ئ": "ي"})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def to_ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits to 0-9 (identifiers are always shown in Western digits)."""
    return text.translate(_DIGITS)


def _codepoints(pattern: re.Pattern) -> list[int]:
    return [cp for cp in range(0x10000) if pattern.match(chr(cp))]


# One table does the per-character work of ``normalize`` in a single pass: marks, tatweel and
# invisible characters deleted, letter variants unified, digits made Western.
_ONE_PASS = {
    **dict.fromkeys(_codepoints(_DIACRITICS) + _codepoints(_INVISIBLE) + [ord(_TATWEEL)]),
    **_LETTERS,
    **_DIGITS,
}


def normalize(text: str) -> str:
    """NFKC, strip diacritics, tatweel and invisible marks, unify alef and yeh forms,
    Western digits, case-fold Latin, collapse white space."""
    text = unicodedata.normalize("NFKC", text).translate(_ONE_PASS).casefold()
    return _SPACES.sub(" ", text).strip()


def normalize_key(text: str) -> str:
    """``normalize`` plus ta marbuta → ha and hamza carriers folded: for equality keys."""
    return normalize(text).translate(_KEY_LETTERS)
