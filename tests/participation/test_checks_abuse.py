"""The per-agency abuse word list: evasions are caught, innocent words are not."""

import pytest
from django.utils import translation

from musharaka.participation.checks import TermMatcher, compile_terms, find_abuse

TERMS = ["كلب", "حمار", "غبي", "أحمق", "حقيرة", "idiot", "kill", "ass", "يا حقير", "7mar"]
MATCHER = compile_terms(TERMS)


def terms_in(text: str) -> list[str]:
    return [f.detail for f in find_abuse(text, MATCHER)]


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("انت كلب", "كلب"),
        ("انت كَلْبٌ", "كلب"),  # diacritics
        ("انت كـــلـــب", "كلب"),  # tatweel
        ("انت ك ل ب", "كلب"),  # spelled out
        ("انت ك.ل.ب", "كلب"),
        ("انت ك-ل-ب", "كلب"),
        ("انت ك_ل_ب", "كلب"),
        ("انت ك. ل. ب", "كلب"),
        ("انت كلللللب", "كلب"),  # repeated letters
        ("انت ك\u200bل\u200cب", "كلب"),  # zero-width characters inside
        ("انت ك\u2060لب", "كلب"),
        ("يا غبى", "غبي"),  # ى/ي
        ("يا احمق", "أحمق"),  # أ/ا
        ("يا إحمق", "أحمق"),
        ("يا آحمق", "أحمق"),
        ("انتي حقيره", "حقيرة"),  # ة/ه
        ("YOU IDIOT", "idiot"),  # case
        ("you IdIoT!", "idiot"),
        ("you idiooooot", "idiot"),
        ("i.d.i.o.t", "idiot"),
        ("I will k.i.l.l you", "kill"),
        ("I will k i l l you", "kill"),
        ("I will k-i-l-l you", "kill"),
        ("I will kiiilll you", "kill"),
        ("you ass", "ass"),
        ("you a s s", "ass"),
        ("you asssss", "ass"),
        ("you asses", "ass"),
        ("idiots all of you", "idiot"),
        ("٧mar", "7mar"),  # Arabic-Indic digits
        ("يا حقير", "يا حقير"),  # phrase
        ("ياحقير", "يا حقير"),
        ("يا حقييير", "يا حقير"),
    ],
)
def test_evasions_are_caught(text, term):
    assert term in terms_in(text)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("الكلب", "كلب"),
        ("والكلب", "كلب"),
        ("بالكلب", "كلب"),
        ("كالكلب", "كلب"),
        ("فالكلب", "كلب"),
        ("للكلب", "كلب"),
        ("وكلب", "كلب"),
        ("فكلب", "كلب"),
        ("بكلب", "كلب"),
        ("لكلب", "كلب"),
        ("كلبة", "كلب"),
        ("كلبه", "كلب"),
        ("كلبات", "كلب"),
        ("كلبها", "كلب"),
        ("كلبهم", "كلب"),
        ("الحمارين", "حمار"),
        ("غبيون", "غبي"),
        ("والغبيين", "غبي"),
        ("بالكلللبات", "كلب"),
        ("كللب", "كلب"),  # one doubled letter is already a stretch in Arabic
        ("غبية", "غبي"),
    ],
)
def test_arabic_prefixes_and_suffixes(text, term):
    assert terms_in(f"هذا {text} هنا") == [term]


@pytest.mark.parametrize(
    "text",
    [
        "The class will assess the assessment of the passage; we assume a classic bass.",
        "as far as I know, the skills of the killer whale are impressive",
        "Pass the glass, Cassandra",
        "زرت مدينة الكلبشة",  # contains كلب
        "قلبي مع الحمارنة",  # contains حمار
        "ق ل ب",  # spelled out, but a different word
        "ا ل م ن ص ة",
        "كل بيت",
        "I am a s tudent",
    ],
)
def test_innocent_words_are_not_flagged(text):
    assert terms_in(text) == []


def test_words_containing_a_term_are_not_flagged():
    # The "Scunthorpe problem": whole words only.
    assert terms_in("class assessment bass passage classic assassin") == []
    assert terms_in("كلبشة مكلب") == []
    assert terms_in("as") == []  # "ass" with one s fewer is a different word
    # A letter doubled once is ordinary English spelling, not a stretched "asses"/"kill".
    assert terms_in("assess asses") == ["ass"]
    assert terms_in("kiill idioot") == []


def test_one_finding_per_term_with_the_term_as_detail():
    findings = find_abuse("كلب كلب يا كلب و حمار idiot", MATCHER)
    assert sorted(f.detail for f in findings) == ["idiot", "حمار", "كلب"]
    assert {f.check for f in findings} == {"abuse"}
    assert {f.code for f in findings} == {"abusive_term"}
    with translation.override("en"):
        assert "not allowed here" in str(findings[0].message)


def test_a_plain_list_and_a_compiled_matcher_give_the_same_findings():
    text = "انت ك ل ب و idiooot"
    assert find_abuse(text, TERMS) == find_abuse(text, MATCHER)
    assert isinstance(compile_terms(TERMS), TermMatcher)


def test_the_list_as_written_by_staff_is_normalised_too():
    matcher = compile_terms(["  كَلْب  ", "IDIOT", "ك ل ب"])
    assert {f.detail for f in find_abuse("idiot كلب", matcher)} == {"  كَلْب  ", "IDIOT", "ك ل ب"}
    assert find_abuse("قلب", matcher) == []


def test_empty_and_blank_lists_find_nothing():
    assert find_abuse("كلب idiot", []) == []
    assert find_abuse("كلب idiot", ["", "  ", "-"]) == []
    assert not compile_terms([])


def test_one_letter_terms_are_ignored():
    assert find_abuse("و ف ب", ["و", "x"]) == []
