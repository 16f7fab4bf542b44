"""Automatic checks on public contributions: pure, fast functions, no database access.

The moderation pipeline calls these on every public text, so each one is a handful of
precompiled, linear-time regular expressions (no nested unbounded quantifiers) plus set
lookups. Every comparison goes through the one Arabic normaliser (``musharaka.core.arabic``),
so diacritics, tatweel, letter variants and Arabic-Indic digits never change a result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz, process

from musharaka.core.arabic import normalize, normalize_key, to_ascii_digits

MASK = "[•••]"


@dataclass(frozen=True)
class Finding:
    """One thing a check noticed. ``message`` is for the author; ``detail`` is for staff only."""

    check: str  # "personal_data" | "abuse" | "spam"
    code: str
    message: str
    detail: str = ""


def _interpolate(message: str, params: dict) -> str:
    return message % params


# Interpolates when shown, so the message follows the reader's language, not the writer's.
_lazy_interpolate = lazy(_interpolate, str)


# --------------------------------------------------------------------------------------------
# validate_body
# --------------------------------------------------------------------------------------------

# Unicode category Cc except \t \n \r, plus surrogates (a str can only hold them unpaired).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]+")
# Arabic letters and the marks that sit on them: a joiner between two of these shapes the word.
_ARABIC_LETTER = re.compile(
    "[\u0620-\u064a\u064b-\u065f\u0670\u066e-\u06d3\u06d5\u06fa-\u06fc\u06ff"
    "\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdfb\ufe70-\ufefc]"
)
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029]")


def _keep_joiner_between_arabic(match: re.Match) -> str:
    text, start, end = match.string, match.start(), match.end()
    if (
        start > 0
        and end < len(text)
        and _ARABIC_LETTER.match(text, start - 1)
        and _ARABIC_LETTER.match(text, end)
    ):
        return match.group()
    return ""


def validate_body(text: str, *, max_length: int = 5000) -> str:
    """Refuse empty, oversized or binary text; neutralise invisible direction tricks; return the
    cleaned text (\\n line ends, no trailing spaces).

    Bidi overrides can make a comment read differently from what moderators see, and stray
    zero-width characters hide words from the abuse list, so both are removed (a joiner between
    two Arabic letters is kept: it can be a legitimate shaping choice).
    """
    if _CONTROL.search(text):
        raise ValidationError(
            _(
                "Your text contains control characters that cannot be shown; "
                "remove them and try again."
            ),
            code="control_characters",
        )
    text = _LINE_BREAKS.sub("\n", text)
    text = _BIDI_CONTROLS.sub("", text)
    if _ZERO_WIDTH.search(text):
        text = _ZERO_WIDTH.sub(_keep_joiner_between_arabic, text)
    # Per line rather than one regex: "[ \t]+$" is quadratic on long runs of inner spaces.
    text = "\n".join(line.rstrip(" \t\u00a0\u3000") for line in text.split("\n")).strip("\n")
    if not text.strip():
        raise ValidationError(_("Please write something before sending."), code="empty")
    if len(text) > max_length:
        raise ValidationError(
            _("Your text is longer than %(limit)s characters (%(count)s)."),
            code="too_long",
            params={"limit": f"{max_length:,}", "count": f"{len(text):,}"},
        )
    return text


# --------------------------------------------------------------------------------------------
# Personal data
# --------------------------------------------------------------------------------------------

_D = "0-9\u0660-\u0669\u06f0-\u06f9"  # Western, Arabic-Indic and Persian digits
_DIGIT = f"[{_D}]"
# A run of digit groups joined by up to three separator characters ("055 123-4567",
# "+966 (0)5…"). Separator and digit classes are disjoint, so matching is linear.
_NUMBER_SEPARATORS = " \u00a0\u202f\\-.\u2010-\u2015\u2212()"
_DIGIT_RUN = re.compile(f"{_DIGIT}+(?:[{_NUMBER_SEPARATORS}]{{1,3}}{_DIGIT}+)*")
_DIGIT_GROUP = re.compile(f"{_DIGIT}+")
_MOBILE_DIGITS = re.compile(r"(?:(?:00)?966)?0?5\d{8}")  # tried with fullmatch on ASCII digits
_MAX_ITEM_DIGITS = 15  # 00966 0 5XXXXXXXX
_ITEM_FIRST_DIGITS = "12059"  # ID, iqama, 05…/00966…, 966…, bare 5…
_ITEM_LENGTHS = frozenset({9, 10, 12, 13, 14, 15})  # 5…, 05…/ID, 966 5…, 966 05…, 00966 (0)5…

# A bare "5XXXXXXXX" is a phone only when a word says so just before it ("جوالي: 5…").
# Keywords start a word (Arabic ones may carry و/ف/ب/ل/لل/ال), so "hotel" is not "tel".
_PHONE_CONTEXT = re.compile(
    r"(?:(?<!\w)[وف]?(?:بال|ال|لل|ب|ل)?(?:جوال|هاتف|تلفون|تليفون|موبايل|واتس|رقم|اتصل|اتصال|تواصل)"
    r"|(?<![a-z])(?:phone|mobile|mob|cell|call|tel|whatsapp|contact|number))"
    r"\w*\W{0,5}(?:\w+\W{1,5}){0,2}$"
)

_IBAN = re.compile(f"(?<![A-Za-z{_D}])[Ss][Aa][ \\-]?(?:{_DIGIT}[ \\-]?){{21}}{_DIGIT}(?!{_DIGIT})")

# Emails are found from their "@" (or an obfuscated "at") outwards: a regex that scans for the
# local part first is quadratic on long runs of letters.
_AT = re.compile(
    r"@|[\[(\{<]\s*(?:at|آت)\s*[\])\}>]|(?<=\s)(?:at|آت)(?=\s)",
    re.IGNORECASE,
)
_EMAIL_LOCAL_REVERSED = re.compile(f"[A-Za-z{_D}._%+\\-]{{1,64}}")
_EMAIL_LABEL = re.compile(f"[A-Za-z{_D}][A-Za-z{_D}\\-]{{0,62}}|كوم")
_EMAIL_DOT = re.compile(
    r"\.|\s*[\[(\{<]\s*(?:dot|دوت|نقطة|نقطه)\s*[\])\}>]\s*|\s+(?:dot|دوت|نقطة|نقطه)\s+",
    re.IGNORECASE,
)
_TLD = re.compile(r"[A-Za-z]{2,24}|كوم")
# With a plain word "at" ("ali at gmail dot com") we ask for a well-known ending, so that
# "meet at school.today" stays readable.
_COMMON_TLDS = frozenset(
    {
        *("com", "net", "org", "sa", "edu", "gov", "info", "io", "me", "co", "biz", "ae"),
        *("uk", "us", "eg", "jo", "kw", "qa", "bh", "om", "كوم"),
    }
)

PERSONAL_DATA_CODES = ("national_id", "iqama", "mobile", "email", "iban")

_PERSONAL_DATA_MESSAGES = {
    "national_id": _("We hid a national ID number: do not publish personal data."),
    "iqama": _("We hid an iqama (residence permit) number: do not publish personal data."),
    "mobile": _("We hid a phone number: do not publish personal data."),
    "email": _("We hid an email address: do not publish personal data."),
    "iban": _("We hid a bank account number (IBAN): do not publish personal data."),
}


def saudi_id_is_valid(digits: str) -> bool:
    """Check digit of a Saudi national ID (starts with 1) or iqama (starts with 2).

    The algorithm is Luhn over the 10 digits: digits at even 0-based positions are doubled and
    their digit sum taken, the others added as they are, and the total must be a multiple of 10
    (as implemented in github.com/alhazmy13/Saudi-ID-Validator, validateSAID.py; e.g.
    1000000008 is valid, 1000000000 is not).
    """
    if len(digits) != 10 or digits[0] not in "12" or not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(digits):
        value = ord(char) - 48
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _classify_digits(digits: str, text: str, start: int) -> str | None:
    if len(digits) == 10 and digits[0] in "12":
        if saudi_id_is_valid(digits):
            return "national_id" if digits[0] == "1" else "iqama"
        return None
    if _MOBILE_DIGITS.fullmatch(digits):
        if len(digits) == 9:  # bare 5XXXXXXXX: only with a phone word just before it
            before = normalize(text[max(0, start - 40) : start]) + " "
            return "mobile" if _PHONE_CONTEXT.search(before) else None
        return "mobile"
    return None


def _number_spans(text: str, blanked: str) -> list[tuple[str, int, int]]:
    """IDs, iqamas and mobiles: windows of whole digit groups inside each run of digits."""
    spans = []
    for run in _DIGIT_RUN.finditer(blanked):
        groups = [
            (m.start(), m.end(), to_ascii_digits(m.group()))
            for m in _DIGIT_GROUP.finditer(blanked, run.start(), run.end())
        ]
        i = 0
        while i < len(groups):
            if groups[i][2][0] not in _ITEM_FIRST_DIGITS:
                i += 1
                continue
            best = None
            digits = ""
            for j in range(i, len(groups)):
                digits += groups[j][2]
                if len(digits) > _MAX_ITEM_DIGITS:
                    break
                if len(digits) not in _ITEM_LENGTHS:
                    continue
                code = _classify_digits(digits, text, groups[i][0])
                if code:
                    best = (j, code)
            if best is None:
                i += 1
                continue
            j, code = best
            start = groups[i][0]
            if code == "mobile" and start > 0 and text[start - 1] == "+":
                start -= 1
            spans.append((code, start, groups[j][1]))
            i = j + 1
    return spans


def _email_spans(text: str) -> list[tuple[str, int, int]]:
    spans: list[tuple[str, int, int]] = []
    for at in _AT.finditer(text):
        if spans and at.start() < spans[-1][2]:
            continue
        plain_word = at.group()[0] not in "@[({<"
        # Local part: read backwards from the "at", skipping a little white space ("ali @ x").
        end_local = at.start()
        while end_local > 0 and at.start() - end_local < 3 and text[end_local - 1].isspace():
            end_local -= 1
        window = text[max(0, end_local - 64) : end_local][::-1]
        local = _EMAIL_LOCAL_REVERSED.match(window)
        if not local:
            continue
        start = end_local - len(local.group().rstrip("."))
        if start >= end_local:
            continue
        # Domain: labels joined by real or spelled-out dots, ending on a top-level domain.
        pos = at.end()
        while pos < len(text) and pos - at.end() < 3 and text[pos].isspace():
            pos += 1
        label = _EMAIL_LABEL.match(text, pos)
        if not label:
            continue
        pos = label.end()
        end = None
        spelled = plain_word
        for _label_count in range(10):
            dot = _EMAIL_DOT.match(text, pos)
            if not dot:
                break
            label = _EMAIL_LABEL.match(text, dot.end())
            if not label:
                break
            spelled = spelled or dot.group() != "."
            tld = label.group()
            if _TLD.fullmatch(tld) and (not spelled or tld.casefold() in _COMMON_TLDS):
                end = label.end()
            pos = label.end()
        if end is not None:
            spans.append(("email", start, end))
    return spans


def find_personal_data(text: str) -> list[tuple[str, int, int]]:
    """Spans (code, start, end) of IDs, iqamas, mobiles, emails and IBANs: sorted, disjoint.

    Numbers are recognised in any digit script and with spaces, dashes, dots or brackets between
    groups; an ID counts only with a valid check digit, so years, prices and article numbers
    are left alone.
    """
    spans = _email_spans(text)
    spans += [("iban", m.start(), m.end()) for m in _IBAN.finditer(text)]
    spans = _disjoint(spans)
    blanked = text
    if spans:  # hide what is already found so its digits are not read twice
        parts, last = [], 0
        for _code, start, end in spans:
            parts += [text[last:start], "#" * (end - start)]
            last = end
        blanked = "".join([*parts, text[last:]])
    spans += _number_spans(text, blanked)
    return _disjoint(spans)


def _disjoint(spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    result: list[tuple[str, int, int]] = []
    for span in sorted(spans, key=lambda s: (s[1], -s[2])):
        if not result or span[1] >= result[-1][2]:
            result.append(span)
    return result


def mask_personal_data(text: str) -> tuple[str, list[Finding]]:
    """Replace each item of personal data, separators included, with ``[•••]``; one Finding
    per kind found (``detail`` says how many, never what)."""
    spans = find_personal_data(text)
    if not spans:
        return text, []
    parts, last = [], 0
    counts: dict[str, int] = {}
    for code, start, end in spans:
        parts += [text[last:start], MASK]
        last = end
        counts[code] = counts.get(code, 0) + 1
    parts.append(text[last:])
    findings = [
        Finding("personal_data", code, _PERSONAL_DATA_MESSAGES[code], detail=f"{count} masked")
        for code, count in counts.items()
    ]
    return "".join(parts), findings


# --------------------------------------------------------------------------------------------
# Abuse
# --------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+")
# Dots, dashes, underscores, stars, apostrophes between two letters are dropped so "k.i.l.l"
# and "ك-ل-ب" read as one word.
_IN_WORD_SEPARATORS = re.compile(r"(?<=[^\W_])[.\-_*·•'’‘`|/\\~+]+(?=[^\W_])")
_EXTRA_INVISIBLE = re.compile("[\u2060\u180e\u034f\u061c]")
_HAS_REPEAT = re.compile(r"(.)\1")
_REPEATS = re.compile(r"(.)\1+")
_REPEATED_LETTER_WORD = re.compile(r"(?<![^\W_])[^\W_]*?([^\W_])\1[^\W_]*")
# Letter by letter: "ك ل ب", "k i l l" (single letters separated by anything but letters).
_SPELLED_OUT = re.compile(r"(?<![^\W_])[^\W_](?![^\W_])(?:[\W_]+[^\W_](?![^\W_]))+")
# Attached prefixes and suffixes. Both are added to each term once, when the list is compiled,
# so that matching a text is a set intersection; words with repeated letters ("كلللب") take a
# slower path that strips prefixes at match time. ة is already ه after normalize_key.
_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل")
_PREFIXES_BY_FIRST_LETTER = {
    letter: tuple(p for p in _PREFIXES if p[0] == letter) for letter in {p[0] for p in _PREFIXES}
}
_SUFFIXES = ("ه", "ات", "ون", "ين", "ها", "هم")
_LATIN_SUFFIXES = ("s", "es")
_MIN_WORD = 2

ABUSE_MESSAGE = _("Your text contains a word that is not allowed here; a moderator will review it.")


@lru_cache(maxsize=16)
def _key(text: str) -> str:
    """``normalize_key`` of a text, remembered: the pipeline asks for the same body several times
    (abuse, spam, similarity) and normalising is the most expensive step."""
    return normalize_key(text)


def _abuse_text(key: str) -> str:
    """Normalised text with invisible marks and in-word separators gone ("k.i.l.l" → "kill")."""
    return _IN_WORD_SEPARATORS.sub("", _EXTRA_INVISIBLE.sub("", key))


def _collapse(word: str) -> str:
    return _REPEATS.sub(r"\1", word) if _HAS_REPEAT.search(word) else word


def _runs(word: str) -> tuple[str, tuple[int, ...]]:
    """ "idiooot" → ("idiot", (1, 1, 1, 3, 1))."""
    letters, counts = [], []
    for letter, group in groupby(word):
        letters.append(letter)
        counts.append(sum(1 for _x in group))
    return "".join(letters), tuple(counts)


class TermMatcher:
    """An agency's word list prepared once: matching a text costs a set intersection of its
    words with the prepared forms, plus a little work per word with repeated letters, however
    long the list."""

    def __init__(self, terms: Iterable[str]):
        # every prefixed/suffixed form → the term as written in the list
        self.forms: dict[str, str] = {}
        self.shared_forms: dict[str, set[str]] = {}  # the rare form that two terms produce
        # collapsed spelling of each suffixed form → [(letter run lengths, term)]: a word with
        # the same letters and every run at least as long matches ("كلللب", "idiooot")
        self.collapsed: dict[str, list[tuple[tuple[int, ...], str]]] = {}
        # first word of a phrase → [(its other words, term)]
        self.phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for term in terms:
            tokens = _TOKEN.findall(_abuse_text(normalize_key(term)))
            word = "".join(tokens)
            if len(word) < _MIN_WORD:
                continue
            if len(tokens) > 1:
                words = [_collapse(token) for token in tokens]
                self.phrases.setdefault(words[0], []).append((tuple(words[1:]), term))
            latin = word.isascii()
            suffixed_forms = [word, *(word + s for s in (_LATIN_SUFFIXES if latin else _SUFFIXES))]
            for suffixed in suffixed_forms:
                letters, counts = _runs(suffixed)
                self.collapsed.setdefault(letters, []).append((counts, term))
                self._add_form(suffixed, term)
                if not latin:
                    for prefix in _PREFIXES:
                        self._add_form(prefix + suffixed, term)
        self._form_keys = self.forms.keys()
        self._phrase_firsts = frozenset(self.phrases)

    def _add_form(self, form: str, term: str) -> None:
        first = self.forms.setdefault(form, term)
        if first != term:
            self.shared_forms.setdefault(form, {first}).add(term)

    def __bool__(self) -> bool:
        return bool(self.forms)

    def _repeated_matches(self, word: str, found: set[str]) -> None:
        candidates = [word]
        for prefix in _PREFIXES_BY_FIRST_LETTER.get(word[0], ()):
            if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_WORD:
                candidates.append(word[len(prefix) :])
        # Arabic is written with shadda, not doubled letters, so any stretch is deliberate; in
        # English a letter doubled once is ordinary spelling ("assess" is not "asses" stretched),
        # so only a run of three or more counts there.
        least = 2 if word.isascii() else 1
        for candidate in candidates:
            letters, counts = _runs(candidate)
            for term_counts, term in self.collapsed.get(letters, ()):
                if len(term_counts) == len(counts) and all(
                    mine == theirs or (mine > least and mine > theirs)
                    for mine, theirs in zip(counts, term_counts, strict=True)
                ):
                    found.add(term)

    def matches(self, text: str) -> list[str]:
        """The listed terms found in the text (as written in the list), each once, sorted."""
        if not self.forms:
            return []
        plain = _abuse_text(_key(text))
        tokens = _TOKEN.findall(plain)
        words = set(tokens)
        repeated = {m.group() for m in _REPEATED_LETTER_WORD.finditer(plain)}
        for spelled in _SPELLED_OUT.findall(plain):
            word = "".join(_TOKEN.findall(spelled))
            words.add(word)
            if _HAS_REPEAT.search(word):
                repeated.add(word)
        forms = self.forms
        hits = words & self._form_keys
        found = {forms[word] for word in hits}
        if self.shared_forms:
            for word in hits & self.shared_forms.keys():
                found.update(self.shared_forms[word])
        for word in repeated:
            self._repeated_matches(word, found)
        if self.phrases:
            self._phrase_matches(tokens, words, repeated, found)
        return sorted(found)

    def _phrase_matches(
        self, tokens: list[str], words: set[str], repeated: set[str], found: set[str]
    ) -> None:
        present = words | {_collapse(word) for word in repeated}
        if not self._phrase_firsts & present:
            return
        collapsed = [_collapse(token) for token in tokens]
        for i, word in enumerate(collapsed):
            for rest, term in self.phrases.get(word, ()):
                if tuple(collapsed[i + 1 : i + 1 + len(rest)]) == rest:
                    found.add(term)


def compile_terms(terms: Iterable[str]) -> TermMatcher:
    """Prepare an agency's word list once; pass the result to ``find_abuse``."""
    return TermMatcher(terms)


@lru_cache(maxsize=16)
def _cached_matcher(terms: frozenset[str]) -> TermMatcher:
    return TermMatcher(terms)


def find_abuse(text: str, terms: Iterable[str] | TermMatcher) -> list[Finding]:
    """One Finding per listed term found as a whole word (with Arabic prefixes and suffixes),
    whatever the diacritics, letter variants, case, spacing or repeated letters."""
    if not isinstance(terms, TermMatcher):
        terms = _cached_matcher(frozenset(terms))
    return [
        Finding("abuse", "abusive_term", ABUSE_MESSAGE, detail=term) for term in terms.matches(text)
    ]


# --------------------------------------------------------------------------------------------
# Spam
# --------------------------------------------------------------------------------------------

_LINK_TLDS = (
    "com|net|org|info|biz|sa|ae|eg|kw|qa|bh|om|jo|io|co|me|ly|tv|cc|ws|xyz|top|site|online"
    "|shop|store|app|dev|link|live|click|club|vip|pro|tk|ml|ga|cf|gq|ru|cn|uk|us|de|fr|in"
    "|edu|gov"
)
_LINK = re.compile(
    r"https?://[^\s<>\"']+"
    r"|www\.[^\s<>\"']+"
    # Bare domains; each label is atomic so a long dotted word cannot backtrack inside itself.
    r"|(?<![\w@.\-])(?:(?>[a-z0-9][a-z0-9\-]*)\.)+(?:" + _LINK_TLDS + r")(?![a-z0-9\-])"
    r"(?:/[^\s<>\"']*)?",
)
_REPEATED_CHARACTER = re.compile(r"(\S)\1{9,}")
REPEATED_WORDS = 8
# A whole word, then the same whole word seven more times with only non-letters between.
_REPEATED_WORD = re.compile(rf"(?<![^\W_])([^\W_]+)(?:[\W_]+\1(?![^\W_])){{{REPEATED_WORDS - 1}}}")

SPAM_MESSAGES = {
    "too_many_links": _("Your text contains too many links (%(count)s); the limit is %(max)s."),
    "repeated_characters": _(
        "Your text repeats the same character many times in a row; please shorten it."
    ),
    "repeated_words": _("Your text repeats the same word many times in a row; please shorten it."),
}


def count_links(text: str) -> int:
    """Links of any form (with or without scheme, bare domains), seen through the normaliser so
    that digit scripts, full-width dots and invisible characters do not hide them."""
    return len(_LINK.findall(_key(text)))


def spam_findings(text: str, *, max_links: int = 2) -> list[Finding]:
    """Too many links, a character repeated 10+ times, a word repeated 8+ times in a row."""
    findings = []
    plain = _key(text)
    links = _LINK.findall(plain)
    if len(links) > max_links:
        message = _lazy_interpolate(
            SPAM_MESSAGES["too_many_links"], {"count": len(links), "max": max_links}
        )
        findings.append(Finding("spam", "too_many_links", message, detail=f"{len(links)} links"))
    repeated = _REPEATED_CHARACTER.search(plain)
    if repeated:
        findings.append(
            Finding(
                "spam",
                "repeated_characters",
                SPAM_MESSAGES["repeated_characters"],
                detail=f"{repeated.group(1)!r} × {len(repeated.group())}",
            )
        )
    repeated = _REPEATED_WORD.search(plain)
    if repeated:
        findings.append(
            Finding(
                "spam",
                "repeated_words",
                SPAM_MESSAGES["repeated_words"],
                detail=f"{repeated.group(1)!r} × {REPEATED_WORDS}+",
            )
        )
    return findings


# --------------------------------------------------------------------------------------------
# Similarity
# --------------------------------------------------------------------------------------------

_PUNCTUATION = re.compile(r"[\W_]+")


def similarity_key(text: str) -> str:
    """The comparison form stored on a contribution: normalised, no punctuation, single spaces."""
    return _PUNCTUATION.sub(" ", _key(text)).strip()


def is_near_duplicate(
    key: str, previous_keys: Iterable[str], *, threshold: float = 0.9, min_length: int = 20
) -> bool:
    """Whether ``key`` is at least ``threshold`` similar (rapidfuzz ratio) to any earlier key.

    Below ``min_length`` characters only an exact repeat counts: in a short text one changed
    character is usually a different statement ("أؤيد المادة 3" / "أؤيد المادة 4").
    Exact matches and lengths are checked first: ratio is at most 2·min/(len a + len b), so
    keys whose lengths differ too much are never compared; the rest go to rapidfuzz in one call.
    """
    if not key:
        return False
    cutoff = threshold * 100
    length = len(key)
    fuzzy = length >= min_length
    candidates = []
    for other in previous_keys:
        if other == key:
            return True
        other_length = len(other)
        if (
            fuzzy
            and other_length >= min_length
            and 200 * min(length, other_length) >= cutoff * (length + other_length)
        ):
            candidates.append(other)
    if not candidates:
        return False
    return process.extractOne(key, candidates, scorer=fuzz.ratio, score_cutoff=cutoff) is not None
