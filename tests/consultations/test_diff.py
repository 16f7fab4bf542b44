"""Word-level diff of article text, in Arabic correctly, and per-article diff of versions."""

import pytest
from django.utils import translation

from musharaka.consultations import texts
from musharaka.consultations.diff import article_diff, render_ops, tokenize, version_diff
from tests.consultations.texts_fixtures import make_consultation


def text_of(ops, *kinds):
    return "".join(t for op, t in ops if op in kinds)


def test_tokens_split_arabic_punctuation_and_keep_diacritics_on_words():
    tokens = [t for t, _ in tokenize("تُنشَر المسودة، ثم؟ نعم؛ انتهى.")]
    assert tokens == ["تُنشَر", "المسودة", "،", "ثم", "؟", "نعم", "؛", "انتهى", "."]


def test_diacritics_only_change_is_equal_and_shows_the_new_text():
    ops = article_diff("تنشر الجهة المسودة", "تُنْشَرُ الجِهَةُ المسودة")
    assert ops == [("equal", "تُنْشَرُ الجِهَةُ المسودة")]


def test_changed_words_are_deleted_and_inserted():
    old = "تنشر الجهة المسودة مدة ثلاثين يوماً."
    new = "تنشر الجهة الحكومية المسودة مدة خمسة عشر يوماً."
    ops = article_diff(old, new)
    assert text_of(ops, "insert").split() == ["الحكومية", "خمسة", "عشر"]
    assert text_of(ops, "delete").split() == ["ثلاثين"]
    # Both texts can be read back from the operations, spacing included.
    assert text_of(ops, "equal", "insert") == new
    assert text_of(ops, "equal", "delete") == old


def test_a_punctuation_change_is_only_the_punctuation():
    ops = article_diff("الجهة، والمشارك", "الجهة؛ والمشارك")
    assert ops == [("equal", "الجهة"), ("delete", "، "), ("insert", "؛ "), ("equal", "والمشارك")]


def test_original_spacing_and_line_breaks_are_kept():
    old = "أولاً:  نص\n\nثانياً: نص"
    new = "أولاً:  نص معدل\n\nثانياً: نص"
    ops = article_diff(old, new)
    assert text_of(ops, "equal", "insert") == new
    assert text_of(ops, "insert").strip() == "معدل"


def test_empty_texts():
    assert article_diff("", "") == []
    assert article_diff("", "نص جديد") == [("insert", "نص جديد")]
    assert article_diff("نص قديم", "") == [("delete", "نص قديم")]


def test_rendering_marks_changes_for_screen_readers_and_escapes_html():
    with translation.override("en"):
        html = render_ops([("equal", "a <b> "), ("delete", "old "), ("insert", "new")])
    assert "a &lt;b&gt; " in html
    assert '<del><span class="visually-hidden">[removed: </span>old ' in html
    assert '<ins><span class="visually-hidden">[added: </span>new' in html


@pytest.fixture
def two_versions(agency, manager):
    consultation = make_consultation(agency, manager)
    first = texts.text_import(
        actor=manager,
        consultation=consultation,
        filename="v1.md",
        data=(
            "المادة 1\n\nتنشر الجهة المسودة.\n\n"
            "المادة 2\n\nنص سيحذف.\n\n"
            "المادة 3\n\nنص ثابت.\n\n"
            "المادة 4\n\nمدة ثلاثين يوماً.\n"
        ).encode(),
    )
    second = texts.text_import(
        actor=manager,
        consultation=consultation,
        filename="v2.md",
        data=(
            "المادة 1\n\nتُنْشَرُ الجهة المسودة.\n\n"
            "المادة 3\n\nنص ثابت.\n\n"
            "المادة 4\n\nمدة خمسة عشر يوماً.\n\n"
            "المادة 5\n\nمادة جديدة.\n"
        ).encode(),
    )
    return first, second


def test_version_diff_by_article_key_in_document_order(two_versions):
    first, second = two_versions
    changes = version_diff(first, second)
    assert [(c.node.number, c.status) for c in changes] == [
        (1, "unchanged"),  # diacritics only
        (2, "removed"),  # placed where it was
        (3, "unchanged"),
        (4, "changed"),
        (5, "added"),
    ]
    assert changes[0].new.body_ar == "تُنْشَرُ الجهة المسودة."
    changed = changes[3]
    assert text_of(changed.fields["body_ar"], "delete").strip() == "ثلاثين"
    assert text_of(changed.fields["body_ar"], "insert").strip() == "خمسة عشر"
    assert changes[4].fields["body_ar"] == [("insert", "مادة جديدة.")]
    assert changes[1].fields["body_ar"] == [("delete", "نص سيحذف.")]


def test_a_renumbered_article_with_the_same_key_is_changed_not_added(agency, manager):
    consultation = make_consultation(agency, manager)
    first = texts.text_import(
        actor=manager, consultation=consultation, filename="a.md", data="المادة 1\n\nنص.\n".encode()
    )
    second = texts.text_import(
        actor=manager, consultation=consultation, filename="b.md", data="المادة 2\n\nنص.\n".encode()
    )
    article = second.nodes.get(number=2)
    texts.node_update(
        actor=manager,
        node=article,
        data={"number": 2, "body_ar": "نص.", "same_as": str(first.nodes.get(number=1).key)},
    )
    (change,) = version_diff(first, second)
    assert change.status == "changed"
    assert change.renumbered


def test_an_english_reader_sees_a_change_made_only_in_the_arabic_text():
    from types import SimpleNamespace

    from musharaka.consultations.diff import ArticleChange, article_diff

    old = SimpleNamespace(number=2, heading_en="Period", body_en="Thirty days.")
    new = SimpleNamespace(number=2, heading_en="Period", body_en="Thirty days.")
    change = ArticleChange(
        key="k",
        status="changed",
        old=old,
        new=new,
        fields={
            "heading_ar": article_diff("المدة", "المدة"),
            "body_ar": article_diff("ثلاثون يومًا", "ستون يومًا"),
            "heading_en": article_diff("Period", "Period"),
            "body_en": article_diff("Thirty days.", "Thirty days."),
        },
    ).show("en")
    assert change.lang == "ar"
    assert "<ins" in change.body_html and "<del" in change.body_html
