"""validate_body and the personal-data detector: unit cases, Arabic and English."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from musharaka.participation.checks import (
    MASK,
    find_personal_data,
    mask_personal_data,
    saudi_id_is_valid,
    validate_body,
)


def with_check_digit(first_nine: str) -> str:
    """Complete nine digits into a valid Saudi ID/iqama (the Luhn check digit)."""
    for last in "0123456789":
        if saudi_id_is_valid(first_nine + last):
            return first_nine + last
    raise AssertionError("no check digit")


def english(error: ValidationError) -> str:
    with translation.override("en"):
        return " ".join(error.messages)


# --- validate_body -------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t \n", "\u202e\u202c", "\u200b"])
def test_empty_text_is_refused(text):
    with pytest.raises(ValidationError) as caught:
        validate_body(text)
    assert caught.value.code == "empty"
    assert "write something" in english(caught.value)


def test_oversized_text_is_refused_with_both_numbers():
    with pytest.raises(ValidationError) as caught:
        validate_body("ب" * 5312)
    assert caught.value.code == "too_long"
    assert english(caught.value) == "Your text is longer than 5,000 characters (5,312)."


def test_limit_is_inclusive_and_configurable():
    assert validate_body("a" * 5000) == "a" * 5000
    with pytest.raises(ValidationError):
        validate_body("a" * 101, max_length=100)


def test_length_is_counted_after_normalising_newlines():
    text = "ا\r\n" * 1700  # 5,100 characters as sent, 3,399 once \r\n is \n
    cleaned = validate_body(text)
    assert "\r" not in cleaned
    assert len(cleaned) == 3399


@pytest.mark.parametrize(
    "text", ["abc\x00def", "رسالة\x07", "\x1b[31mred", "a\x7fb", "a\x85b", "a\ud800b"]
)
def test_control_characters_and_lone_surrogates_are_refused(text):
    with pytest.raises(ValidationError) as caught:
        validate_body(text)
    assert caught.value.code == "control_characters"
    assert english(caught.value) == (
        "Your text contains control characters that cannot be shown; remove them and try again."
    )


def test_tabs_and_newlines_are_kept_and_line_ends_normalised():
    assert validate_body("أولا\tثانيا\r\nثالثا\rرابعا") == "أولا\tثانيا\nثالثا\nرابعا"
    assert validate_body("a\u2028b\u2029c") == "a\nb\nc"


def test_trailing_spaces_and_blank_edges_are_stripped():
    assert validate_body("\n\nسطر أول   \n    كود  \t\n\n") == "سطر أول\n    كود"


def test_bidi_overrides_and_isolates_are_removed():
    text = "ادفع \u202e0001\u202c ريال \u2066x\u2069 \u202a\u202b\u202d"
    assert validate_body(text) == "ادفع 0001 ريال x"


def test_zero_width_joiners_are_kept_only_between_arabic_letters():
    assert validate_body("ك\u200dل\u200cمة") == "ك\u200dل\u200cمة"
    assert validate_body("k\u200bi\u200dll \u200dكلمة\u200d x\ufeff") == "kill كلمة x"


# --- personal data: national IDs and iqamas --------------------------------------------------


def test_saudi_id_check_digit():
    assert saudi_id_is_valid("1000000008")
    assert saudi_id_is_valid("2000000006")
    assert not saudi_id_is_valid("1000000000")
    assert not saudi_id_is_valid("1234567890")
    assert not saudi_id_is_valid("3000000004")  # Luhn-valid but neither ID nor iqama
    assert not saudi_id_is_valid("100000008")


@pytest.mark.parametrize(
    ("text", "code", "found"),
    [
        ("رقم هويتي 1000000008 شكرا", "national_id", "1000000008"),
        ("هويتي ١٠٠٠٠٠٠٠٠٨", "national_id", "١٠٠٠٠٠٠٠٠٨"),
        ("الإقامة ۲۰۰۰۰۰۰۰۰۶.", "iqama", "۲۰۰۰۰۰۰۰۰۶"),
        ("ID: 1 000 000 008, thanks", "national_id", "1 000 000 008"),
        ("iqama 200-000-0006", "iqama", "200-000-0006"),
        ("رقم 1000 000 - 008", "national_id", "1000 000 - 008"),
    ],
)
def test_ids_and_iqamas_are_found_in_any_script_and_grouping(text, code, found):
    spans = find_personal_data(text)
    assert [(c, text[s:e]) for c, s, e in spans] == [(code, found)]


def test_ids_with_a_wrong_check_digit_are_ordinary_numbers():
    valid = with_check_digit("112233445")
    wrong = valid[:-1] + str((int(valid[-1]) + 3) % 10)
    assert find_personal_data(f"رقم {valid}") != []
    assert find_personal_data(f"رقم {wrong}") == []
    assert find_personal_data("1234567890") == []


# --- personal data: mobiles ------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "0551234567",
        "055 123 4567",
        "055-123-4567",
        "055.123.4567",
        "(055) 123 4567",
        "٠٥٥١٢٣٤٥٦٧",
        "٠٥٥ ١٢٣ ٤٥٦٧",
        "+966551234567",
        "+966 55 123 4567",
        "+966-55-123-4567",
        "+966 (0)55 123 4567",
        "00966551234567",
        "00966 55 123 4567",
        "966551234567",
        "٩٦٦٥٥١٢٣٤٥٦٧",
    ],
)
def test_mobile_forms_are_masked_leaving_no_digits(number):
    masked, findings = mask_personal_data(f"تواصلوا معي {number} بعد العصر")
    assert [f.code for f in findings] == ["mobile"]
    assert masked.startswith("تواصلوا معي ")
    assert masked.endswith(" بعد العصر")
    assert MASK in masked
    assert not any(ch.isdigit() for ch in masked)


@pytest.mark.parametrize(
    "text",
    [
        "جوالي 551234567",
        "رقم الجوال: 55 123 4567",
        "اتصل على ٥٥١٢٣٤٥٦٧",
        "واتساب 551234567",
        "call me on 551234567",
        "Mobile: 551-234-567",
        "للتواصل: 551234567",
        "بالجوال 551234567",
        "phone number 551234567",
    ],
)
def test_bare_nine_digit_mobile_needs_a_phone_word(text):
    assert [c for c, _s, _e in find_personal_data(text)] == ["mobile"]


def test_bare_nine_digit_number_without_a_phone_word_is_not_a_mobile():
    assert find_personal_data("بلغ عدد الزوار 551234567 زائرا") == []
    assert find_personal_data("budget of 551234567 riyals") == []
    assert find_personal_data("the hotel has 551234567 visitors") == []
    assert find_personal_data("an excellent 551234567") == []


# --- personal data: emails and IBANs ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("راسلوني ali.salem@example.com شكرا", "ali.salem@example.com"),
        ("mail: Ali_99+x@Mail.Example.COM.", "Ali_99+x@Mail.Example.COM"),
        ("بريدي ali١٢٣@gmail.com", "ali١٢٣@gmail.com"),
        ("write to ali at gmail dot com today", "ali at gmail dot com"),
        ("write to ali [at] gmail [dot] com today", "ali [at] gmail [dot] com"),
        ("write to ali(at)mail(dot)gov(dot)sa", "ali(at)mail(dot)gov(dot)sa"),
        ("بريدي ali آت gmail دوت كوم", "ali آت gmail دوت كوم"),
        ("بريدي ali @ gmail.com", "ali @ gmail.com"),
    ],
)
def test_emails_plain_and_obfuscated(text, email):
    spans = find_personal_data(text)
    assert [(c, text[s:e]) for c, s, e in spans] == [("email", email)]


@pytest.mark.parametrize(
    "text",
    [
        "I will be at home tomorrow.",
        "meet at school.today",
        "the price @ 20 riyals",
        "see @ministry on social media",
        "نلتقي at the ministry",
    ],
)
def test_ordinary_at_is_not_an_email(text):
    assert find_personal_data(text) == []


@pytest.mark.parametrize(
    "iban",
    [
        "SA0380000000608010167519",
        "SA03 8000 0000 6080 1016 7519",
        "sa03 8000 0000 6080 1016 7519",
        "SA٠٣ ٨٠٠٠ ٠٠٠٠ ٦٠٨٠ ١٠١٦ ٧٥١٩",
    ],
)
def test_ibans(iban):
    text = f"حولوا المبلغ إلى {iban} من فضلكم"
    spans = find_personal_data(text)
    assert [(c, text[s:e]) for c, s, e in spans] == [("iban", iban)]
    masked, _findings = mask_personal_data(text)
    assert masked == f"حولوا المبلغ إلى {MASK} من فضلكم"


def test_a_short_sa_number_is_not_an_iban():
    assert find_personal_data("USA 0380000000608010167519") == []
    assert find_personal_data("SA038000") == []


# --- personal data: ordinary numbers and the masking result ----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "صدر النظام عام 1447هـ الموافق 2026م",
        "عام ١٤٤٧ و ٢٠٢٦",
        "المادة 12 والمادة ١٣ من النظام",
        "السعر 1500 ريال أو 1,500.75 ريال",
        "بتاريخ 15/03/1447",
        "the fee rises from 250 to 300 in 2026",
        "Article 12, paragraph 3",
        "رقم الطلب 1234567890",
    ],
)
def test_ordinary_numbers_are_not_personal_data(text):
    assert find_personal_data(text) == []
    assert mask_personal_data(text) == (text, [])


def test_mask_gives_one_finding_per_kind_with_a_count_but_never_the_value():
    text = "جوالي 0551234567 أو 0561234567 وهويتي 1000000008 وبريدي a@b.sa"
    masked, findings = mask_personal_data(text)
    assert masked == f"جوالي {MASK} أو {MASK} وهويتي {MASK} وبريدي {MASK}"
    by_code = {f.code: f for f in findings}
    assert set(by_code) == {"mobile", "national_id", "email"}
    assert {f.check for f in findings} == {"personal_data"}
    assert by_code["mobile"].detail == "2 masked"
    for finding in findings:
        assert "055" not in finding.detail and "@" not in finding.detail
    with translation.override("en"):
        assert str(by_code["mobile"].message) == (
            "We hid a phone number: do not publish personal data."
        )


def test_spans_are_sorted_and_disjoint():
    text = "a@b.sa 0551234567 SA0380000000608010167519 1000000008 c@d.com"
    spans = find_personal_data(text)
    assert [c for c, _s, _e in spans] == ["email", "mobile", "iban", "national_id", "email"]
    assert all(spans[i][2] <= spans[i + 1][1] for i in range(len(spans) - 1))
