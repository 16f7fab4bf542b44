"""Property-based tests: generated personal data in random Arabic/English text is always masked
completely, and ordinary numbers never are."""

import re

from hypothesis import assume, given
from hypothesis import strategies as st

from musharaka.core.arabic import to_ascii_digits
from musharaka.participation.checks import (
    MASK,
    find_personal_data,
    mask_personal_data,
    saudi_id_is_valid,
    similarity_key,
    validate_body,
)

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

# Filler words: letters only (no digits, and not the words "at"/"dot" that spell out emails).
WORDS = [
    "نقترح",
    "تعديل",
    "المادة",
    "الخاصة",
    "بالرسوم",
    "لأن",
    "المواطنين",
    "يواجهون",
    "صعوبة",
    "في",
    "السداد",
    "وشكرا",
    "لكم",
    "على",
    "إتاحة",
    "الفرصة",
    "we",
    "suggest",
    "amending",
    "the",
    "article",
    "because",
    "families",
    "struggle",
    "to",
    "pay",
    "please",
    "contact",
    "me",
    "regarding",
    "this",
    "draft",
]
PUNCTUATION = ["", "", "", ",", ".", "،", "!", "؟", ":"]

digit = st.sampled_from("0123456789")


@st.composite
def filler(draw) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), max_size=12))
    return " ".join(word + draw(st.sampled_from(PUNCTUATION)) for word in words)


@st.composite
def digit_script(draw, digits: str) -> str:
    """The same number in Western, Arabic-Indic or Persian digits, or a mix of them."""
    script = draw(st.sampled_from(["ascii", "arabic", "persian", "mixed"]))
    if script == "arabic":
        return digits.translate(ARABIC_INDIC)
    if script == "persian":
        return digits.translate(PERSIAN)
    if script == "mixed":
        tables = draw(st.lists(st.sampled_from([None, ARABIC_INDIC, PERSIAN]), min_size=1))
        return "".join(
            ch.translate(tables[i % len(tables)]) if tables[i % len(tables)] else ch
            for i, ch in enumerate(digits)
        )
    return digits


@st.composite
def separated(draw, digits: str, separators: list[str]) -> str:
    """Digits with separators put between some of them (at most three gaps)."""
    gaps = draw(st.sets(st.integers(1, len(digits) - 1), max_size=3))
    out = []
    for i, ch in enumerate(digits):
        if i in gaps:
            out.append(draw(st.sampled_from(separators)))
        out.append(ch)
    return "".join(out)


@st.composite
def saudi_id(draw) -> tuple[str, str]:
    first = draw(st.sampled_from("12"))
    body = first + "".join(draw(st.lists(digit, min_size=8, max_size=8)))
    number = next(body + d for d in "0123456789" if saudi_id_is_valid(body + d))
    written = draw(separated(draw(digit_script(number)), [" ", "-", " - "]))
    return ("national_id" if first == "1" else "iqama"), written


@st.composite
def mobile(draw) -> tuple[str, str]:
    subscriber = "5" + "".join(draw(st.lists(digit, min_size=8, max_size=8)))
    form = draw(st.sampled_from(["05", "+966", "00966", "966", "+966 (0)", "word"]))
    national = draw(separated(subscriber, [" ", "-", ".", " - "]))
    if form == "05":
        national = draw(separated("0" + subscriber, [" ", "-", ".", "(", ")", ") "]))
        return "mobile", draw(digit_script(national))
    if form == "word":
        word = draw(st.sampled_from(["جوالي", "رقم الجوال:", "هاتف", "phone:", "mobile", "call"]))
        return "mobile", f"{word} {draw(digit_script(national))}"
    space = draw(st.sampled_from(["", " ", "-"])) if form != "+966 (0)" else " "
    code = form.replace("(0)", "").strip()
    written = draw(digit_script(code + space + ("(0)" if "(0)" in form else "") + national))
    return "mobile", written


@st.composite
def iban(draw) -> tuple[str, str]:
    digits = "".join(draw(st.lists(digit, min_size=22, max_size=22)))
    digits = draw(digit_script(digits))
    if draw(st.booleans()):
        digits = " ".join([digits[:2], *(digits[i : i + 4] for i in range(2, 22, 4))])
    return "iban", draw(st.sampled_from(["SA", "sa", "Sa"])) + digits


label = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10)


@st.composite
def email(draw) -> tuple[str, str]:
    local = draw(st.lists(label, min_size=1, max_size=3)).copy()
    local = draw(st.sampled_from([".", "_", "-", "+"])).join(local)
    domain = draw(st.lists(label, min_size=1, max_size=2))
    tld = draw(st.sampled_from(["com", "sa", "net", "org"]))
    style = draw(st.sampled_from(["plain", "at-dot", "brackets", "arabic"]))
    if style == "plain":
        address = f"{local}@{'.'.join([*domain, tld])}"
    else:
        at, dot = {
            "at-dot": (" at ", " dot "),
            "brackets": (" [at] ", " [dot] "),
            "arabic": (" آت ", " دوت "),
        }[style]
        address = local + at + dot.join([*domain, tld])
    return "email", draw(digit_script(address))


personal_item = st.one_of(saudi_id(), mobile(), iban(), email())


def digit_runs(text: str, size: int = 4) -> set[str]:
    digits = re.sub(r"\D", "", to_ascii_digits(text))
    return {digits[i : i + size] for i in range(len(digits) - size + 1)}


@given(filler(), personal_item, filler())
def test_masking_leaves_nothing_detectable_and_no_digits_of_the_item(before, item, after):
    code, written = item
    text = f"{before} {written} {after}"
    assert code in {c for c, _s, _e in find_personal_data(text)}, written

    masked, findings = mask_personal_data(text)
    assert code in {f.code for f in findings}
    assert MASK in masked
    assert find_personal_data(masked) == []
    remaining = re.sub(r"\D", "", to_ascii_digits(masked))
    assert not (digit_runs(written) & digit_runs(remaining)), masked
    # The filler has no digits, so nothing numeric of the item may survive at all.
    assert remaining == ""


@given(filler(), st.lists(personal_item, min_size=2, max_size=4), filler())
def test_several_items_are_all_masked(before, items, after):
    text = before + " " + " و ".join(written for _code, written in items) + " " + after
    masked, findings = mask_personal_data(text)
    assert {code for code, _w in items} <= {f.code for f in findings}
    assert find_personal_data(masked) == []
    assert not re.search(r"\d", to_ascii_digits(masked))


@given(
    filler(),
    st.one_of(
        st.integers(1300, 1500).map(lambda y: f"عام {y}هـ"),
        st.integers(1900, 2100).map(lambda y: f"in {y}"),
        st.integers(1, 500).map(lambda n: f"المادة {n}"),
        st.integers(1, 10**8).map(lambda n: f"السعر {n} ريال"),
        st.integers(1, 10**8).map(lambda n: f"{n:,} SAR"),
        st.integers(1, 28).map(lambda d: f"{d}/05/1447"),
    ),
    st.booleans(),
    filler(),
)
def test_ordinary_numbers_are_left_alone(before, number, arabic_digits, after):
    if arabic_digits:
        number = number.translate(ARABIC_INDIC)
    text = f"{before} {number} {after}"
    assert find_personal_data(text) == []
    assert mask_personal_data(text)[0] == text


@given(st.sampled_from("12"), st.lists(digit, min_size=8, max_size=8), st.integers(1, 9))
def test_ten_digits_with_a_wrong_check_digit_are_not_an_id(first, body, shift):
    stem = first + "".join(body)
    valid = next(stem + d for d in "0123456789" if saudi_id_is_valid(stem + d))
    wrong = stem + str((int(valid[-1]) + shift) % 10)
    assert find_personal_data(f"الرقم {wrong} فقط") == []
    assert find_personal_data(f"الرقم {valid} فقط") != []


@given(st.text(max_size=300))
def test_detectors_never_crash_and_spans_are_sorted_disjoint(text):
    spans = find_personal_data(text)
    assert all(0 <= s < e <= len(text) for _c, s, e in spans)
    assert all(spans[i][2] <= spans[i + 1][1] for i in range(len(spans) - 1))
    masked, _findings = mask_personal_data(text)
    assert find_personal_data(masked) == []


@given(st.text(max_size=300))
def test_validate_body_output_is_stable(text):
    try:
        cleaned = validate_body(text)
    except Exception as error:  # only the documented refusal
        assert type(error).__name__ == "ValidationError"
        return
    assume(cleaned)
    assert validate_body(cleaned) == cleaned
    assert "\r" not in cleaned
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", cleaned)


@given(st.text(max_size=200))
def test_similarity_key_is_idempotent(text):
    assert similarity_key(similarity_key(text)) == similarity_key(text)
