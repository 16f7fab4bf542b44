from hypothesis import given
from hypothesis import strategies as st

from musharaka.core.arabic import normalize, normalize_key, to_ascii_digits

DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"
arabic_letters = st.text(alphabet=st.characters(min_codepoint=0x0621, max_codepoint=0x064A))


def test_letter_variants_diacritics_and_tatweel_fold_together():
    assert normalize("أَحْمَـــد") == normalize("احمد")
    assert normalize("إسلام") == normalize("آسلام") == "اسلام"
    assert normalize("مستشفى") == "مستشفي"
    assert normalize_key("مدرسة") == normalize_key("مدرسه")


def test_digits_and_latin_case():
    assert normalize("رقم ٠٥٥١٢٣٤٥٦٧ و۱۲") == "رقم 0551234567 و12"
    assert normalize("Straße HELLO") == "strasse hello"
    assert to_ascii_digits("١٤٤٨") == "1448"


def test_invisible_and_spacing_tricks_removed():
    assert normalize("ك\u200bلمة   \u202eسيئة") == "كلمة سيئة"


@given(st.text())
def test_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)
    assert normalize_key(normalize_key(text)) == normalize_key(text)


@given(arabic_letters, st.lists(st.sampled_from(DIACRITICS + "\u0640")))
def test_inserting_diacritics_or_tatweel_changes_nothing(word, marks):
    decorated = "".join(ch + (marks[i] if i < len(marks) else "") for i, ch in enumerate(word))
    assert normalize(decorated) == normalize(word)


@given(st.integers(min_value=0, max_value=10**12))
def test_arabic_indic_numbers_read_as_western(number):
    arabic_indic = str(number).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert normalize(arabic_indic) == str(number)
