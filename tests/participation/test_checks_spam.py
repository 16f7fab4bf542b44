"""Spam signals and near-duplicate detection."""

import pytest
from django.utils import translation

from musharaka.participation.checks import (
    count_links,
    is_near_duplicate,
    similarity_key,
    spam_findings,
)


def codes(text: str, **kwargs) -> list[str]:
    return [f.code for f in spam_findings(text, **kwargs)]


# --- links -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("زوروا https://example.com/path?a=1 الآن", 1),
        ("http://x.sa و https://www.example.com/a", 2),
        ("www.example.org", 1),
        ("example.com و spam.net/offer و bit.ly/abc", 3),
        ("site٣.com و ١٢٣.net", 2),  # Arabic-Indic digits
        ("exa\u200bmple.com", 1),  # zero-width space inside
        ("ｅｘａｍｐｌｅ．ｃｏｍ", 1),  # full-width letters and dot
        ("EXAMPLE.COM/PAGE", 1),
        ("sub.domain.example.com.sa.", 1),
    ],
)
def test_links_in_every_form_are_counted(text, count):
    assert count_links(text) == count


@pytest.mark.parametrize(
    "text",
    [
        "e.g. 1.5 million, i.e. a lot",
        "Node.js and file.py",
        "نهاية الجملة.بداية أخرى",
        "راسلوني ali@example.com أو sara@example.org أو a@b.sa",
        "version 2.0.1",
    ],
)
def test_ordinary_text_has_no_links(text):
    assert count_links(text) == 0


def test_more_links_than_allowed_is_spam_with_a_specific_message():
    text = "https://a.com https://b.com www.c.com"
    findings = spam_findings(text)
    assert [f.code for f in findings] == ["too_many_links"]
    assert findings[0].check == "spam"
    assert findings[0].detail == "3 links"
    with translation.override("en"):
        assert str(findings[0].message) == (
            "Your text contains too many links (3); the limit is 2."
        )
    assert codes("https://a.com https://b.com") == []
    assert codes("https://a.com", max_links=0) == ["too_many_links"]
    assert codes(text, max_links=3) == []


def test_link_message_follows_the_readers_language_when_shown():
    message = spam_findings("a.com b.com c.com")[0].message
    with translation.override("en"):
        english = str(message)
    assert "(3)" in english


# --- repetition ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["رائع!!!!!!!!!!", "هههههههههههه", "ههـههـههـههـههـهه", "nooooooooooo", "؟؟؟؟؟؟؟؟؟؟"],
)
def test_a_character_repeated_ten_times_is_spam(text):
    assert codes(text) == ["repeated_characters"]


@pytest.mark.parametrize(
    "text", ["رائع!!!!!!!!!", "ههههه ممتاز", "هههههههههه"[:9], "a" + " " * 20 + "b"]
)
def test_shorter_repetition_is_normal(text):
    assert codes(text) == []


@pytest.mark.parametrize(
    "text",
    ["لا " * 8, "spam " * 8, "Buy, buy, BUY, buy! buy buy buy buy", "نعم-" * 9, "مدرسة مدرسه " * 4],
)
def test_a_word_repeated_eight_times_in_a_row_is_spam(text):
    assert codes(text) == ["repeated_words"]


@pytest.mark.parametrize(
    "text", ["لا " * 7, "لا نعم " * 8, "spam " * 7 + "spammy", "ha ha ha ha ha ha ha hat"]
)
def test_fewer_or_interrupted_repetitions_are_normal(text):
    assert codes(text) == []


def test_each_signal_is_its_own_finding():
    text = "buy " * 8 + "!!!!!!!!!!!! a.com b.com c.com"
    assert sorted(codes(text)) == ["repeated_characters", "repeated_words", "too_many_links"]


# --- similarity ------------------------------------------------------------------------------


def test_similarity_key_folds_spelling_punctuation_and_spacing():
    assert similarity_key("أَهلاً،   بكم!!  في\nالمنصّة.") == "اهلا بكم في المنصه"
    assert similarity_key("Hello, WORLD... ١٢٣") == "hello world 123"
    assert similarity_key("snake_case-word") == "snake case word"
    assert similarity_key("!!! ...") == ""


def test_near_duplicates():
    original = similarity_key("نقترح تأجيل تطبيق الرسوم الجديدة حتى نهاية العام المالي القادم")
    edited = similarity_key("نقترح تأجيل تطبيق الرسوم الجديده حتى نهاية العام المالي القادم!!")
    different = similarity_key("نؤيد المشروع بشكل كامل ونشكر الوزارة على الشفافية في الطرح")
    assert is_near_duplicate(original, [original])
    assert is_near_duplicate(edited, [different, original])
    assert is_near_duplicate(
        similarity_key("نقترح تأجيل تطبيق الرسوم حتى نهاية العام المالي القادم"), [original]
    )
    assert not is_near_duplicate(different, [original])
    assert not is_near_duplicate(original, [])
    assert not is_near_duplicate(original, ["", original[:10], original * 3])


def test_threshold_is_respected():
    a = similarity_key("the quick brown fox jumps over the lazy dog")
    b = similarity_key("the quick brown cat jumps over the lazy dog")
    assert is_near_duplicate(a, [b], threshold=0.9)
    assert not is_near_duplicate(a, [b], threshold=0.99)
    assert is_near_duplicate(a, [a], threshold=1.0)


def test_short_texts_must_repeat_exactly():
    one = similarity_key("أؤيد المادة 3")
    assert not is_near_duplicate(one, [similarity_key("أؤيد المادة 4")])
    assert is_near_duplicate(one, [similarity_key("أُؤَيِّد المادة ٣!")])
    assert is_near_duplicate("reply at depth 1", ["reply at depth 3"], min_length=10)
    assert not is_near_duplicate("reply at depth 1", ["reply at depth 3"])


def test_empty_key_is_never_a_duplicate():
    assert not is_near_duplicate("", ["", "x"])


def test_previous_keys_can_be_any_iterable():
    key = similarity_key("شكرا على المبادرة")
    assert is_near_duplicate(key, (k for k in ["غير ذلك", key]))
