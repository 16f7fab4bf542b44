"""Importing the draft's text, editing it and publishing versions (``consultations.texts``)."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from musharaka.consultations import texts
from musharaka.consultations.models import Node, NodeKind, Version
from musharaka.core.models import AuditEvent, Role
from tests.conftest import make_staff
from tests.consultations.texts_fixtures import GUIDELINE_MD, docx_bytes


def articles(version: Version) -> list[Node]:
    return list(version.nodes.filter(kind=NodeKind.ARTICLE).order_by("position"))


def import_md(actor, consultation, text: str, name: str = "draft.md") -> Version:
    return texts.text_import(
        actor=actor, consultation=consultation, filename=name, data=text.encode()
    )


# --- Recognising articles ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("المادة الأولى", 1),
        ("المادة الثانية:", 2),
        ("المادة العاشرة", 10),
        ("المادة الحادية عشرة", 11),
        ("المادة الثانية عشرة: النطاق", 12),
        ("المادة التاسعة عشرة", 19),
        ("المادة العشرون", 20),
        ("المادة الحادية والعشرون", 21),
        ("المادة الخامسة والثلاثون", 35),
        ("المادَّةُ الأُولَى", 1),  # with diacritics
        ("المادة ٣", 3),
        ("المادة (١٢)", 12),
        ("مادة 7 -", 7),
        ("**المادة 4**", 4),
        ("Article 5 – Scope", 5),
        ("article 15", 15),
    ],
)
def test_article_numbers_in_words_and_digits(line, number):
    start = texts.article_start(line)
    assert start is not None
    assert start.number == number


@pytest.mark.parametrize(
    "line", ["المادة", "المادات الأولى", "تنص المادة الأولى", "Articles 3", "المادة كذا"]
)
def test_lines_that_do_not_start_an_article(line):
    assert texts.article_start(line) is None


def test_a_sentence_citing_an_article_does_not_start_one(consultation, manager):
    version = import_md(
        manager,
        consultation,
        "المادة 1: النطاق\n\nالمادة 1 من النظام تبقى نافذة.\n",
    )
    (only,) = articles(version)
    assert only.heading_ar == "النطاق"
    assert "تبقى نافذة" in only.body_ar


# --- Markdown ------------------------------------------------------------------------------


def test_markdown_import_builds_chapters_and_articles(consultation, manager):
    version = texts.text_import(
        actor=manager, consultation=consultation, filename="guide.md", data=GUIDELINE_MD.encode()
    )

    assert version.number == 1
    assert version.published_at is None
    nodes = list(version.nodes.order_by("position"))
    assert [(n.kind, n.number) for n in nodes] == [
        ("chapter", None),
        ("chapter", None),
        ("article", 1),
        ("article", 2),
        ("chapter", None),
        ("article", 3),
    ]
    part_one, definitions, first, second, part_two, third = nodes
    assert part_one.heading_ar == "الباب الأول: أحكام عامة"
    assert definitions.parent == part_one
    assert first.parent == definitions and second.parent == definitions
    assert third.parent == part_two
    assert first.heading_ar == "التعريفات"
    assert first.body_ar.startswith("يقصد بالألفاظ")
    assert "1. الجهة: الجهة الحكومية.\n2. المشارك" in first.body_ar  # list kept as a list
    # A long sentence after the number is the article's text, not its title.
    assert second.heading_ar == ""
    assert second.body_ar == "يسري هذا الدليل على جميع الجهات الحكومية."
    assert third.body_ar.startswith("تنشر الجهة")
    assert AuditEvent.objects.filter(verb="consultation.text_import", agency=consultation.agency)


def test_text_before_the_first_heading_is_kept(consultation, manager):
    version = import_md(manager, consultation, "تمهيد عن الدليل.\n\nالمادة 1\n\nالنص.\n")
    opening = version.nodes.order_by("position").first()
    assert opening.kind == NodeKind.CHAPTER
    assert opening.body_ar == "تمهيد عن الدليل."


def test_utf8_with_byte_order_mark_is_read(consultation, manager):
    data = "\ufeffالمادة الأولى\n\nنص.\n".encode()
    version = texts.text_import(
        actor=manager, consultation=consultation, filename="bom.md", data=data
    )
    assert articles(version)[0].number == 1


# --- DOCX ----------------------------------------------------------------------------------


def test_docx_import_uses_heading_styles(consultation, manager):
    data = docx_bytes(
        [
            ("الباب الأول", "Heading 1"),
            ("المادة الأولى: التعريفات", "Heading 2"),
            ("يقصد بالجهة الجهة الحكومية.", None),
            ("الجهة", "List Number"),
            ("المشارك", "List Number"),
            ("الباب الثاني", "Heading 1"),
            ("المادة الثانية", None),
            ("تنشر الجهة مشروعاتها.", None),
            ("Article 3", "Heading 2"),
            ("Third article text.", None),
        ]
    )
    version = texts.text_import(
        actor=manager, consultation=consultation, filename="Draft.DOCX", data=data
    )
    nodes = list(version.nodes.order_by("position"))
    assert [(n.kind, n.number, n.heading_ar) for n in nodes] == [
        ("chapter", None, "الباب الأول"),
        ("article", 1, "التعريفات"),
        ("chapter", None, "الباب الثاني"),
        ("article", 2, ""),
        ("article", 3, ""),
    ]
    assert nodes[1].parent == nodes[0]
    assert nodes[1].body_ar == "يقصد بالجهة الجهة الحكومية.\n\n1. الجهة\n1. المشارك"
    assert nodes[3].parent == nodes[2]
    assert nodes[4].body_ar == "Third article text."


# --- Refusals ------------------------------------------------------------------------------


def _refused(consultation, manager, filename, data, code):
    versions, events = Version.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        texts.text_import(actor=manager, consultation=consultation, filename=filename, data=data)
    assert error.value.code == code
    assert error.value.messages[0]
    assert Version.objects.count() == versions
    assert not Node.objects.exists()
    assert AuditEvent.objects.count() == events


def test_refuses_a_file_that_is_not_utf8(consultation, manager):
    _refused(consultation, manager, "draft.md", "المادة 1".encode("cp1256"), "encoding")


def test_refuses_a_docx_that_is_not_a_zip(consultation, manager):
    _refused(consultation, manager, "draft.docx", b"PK\x03\x04 not really", "invalid")


def test_refuses_a_zip_without_a_word_document(consultation, manager):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    _refused(consultation, manager, "draft.docx", buffer.getvalue(), "invalid")


def test_refuses_a_docx_with_broken_xml(consultation, manager):
    good = docx_bytes([("المادة 1", None)])
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/document.xml":
                content = content[: len(content) // 2]
            target.writestr(info, content)
    _refused(consultation, manager, "draft.docx", broken.getvalue(), "invalid")


def test_refuses_other_extensions(consultation, manager):
    _refused(consultation, manager, "draft.pdf", b"%PDF-1.4", "extension")
    _refused(consultation, manager, "draft", "المادة 1".encode(), "extension")


def test_refuses_a_file_over_2_mb(consultation, manager):
    data = ("المادة 1\n\n" + "نص " * 450_000).encode()
    assert len(data) > 2 * 1024 * 1024
    _refused(consultation, manager, "draft.md", data, "size")


def test_refuses_a_file_without_articles(consultation, manager):
    _refused(consultation, manager, "draft.md", "# عنوان\n\nنص بلا مواد.\n".encode(), "no_articles")
    _refused(consultation, manager, "draft.docx", docx_bytes([("نص فقط", None)]), "no_articles")


def test_refuses_repeated_article_numbers(consultation, manager):
    data = "المادة الأولى\n\nنص.\n\nالمادة 1\n\nنص آخر.\n".encode()
    _refused(consultation, manager, "draft.md", data, "duplicate")


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.RESPONDER, Role.ANALYST])
def test_roles_without_content_edit_cannot_import(consultation, agency, role):
    with pytest.raises(PermissionDenied):
        import_md(make_staff(agency, role), consultation, GUIDELINE_MD)
    assert not Version.objects.exists()


def test_staff_of_another_agency_cannot_import(consultation, other_agency):
    with pytest.raises(PermissionDenied):
        import_md(make_staff(other_agency, Role.MANAGER), consultation, GUIDELINE_MD)


# --- Versions and identity -----------------------------------------------------------------


def test_a_second_import_keeps_the_identity_of_articles_by_number(consultation, manager):
    first = import_md(manager, consultation, GUIDELINE_MD)
    second = import_md(
        manager,
        consultation,
        "# الباب الأول: أحكام عامة\n\nالمادة 3\n\nنص جديد.\n\nالمادة 1\n\nتعريفات.\n\n"
        "المادة الرابعة\n\nمادة جديدة.\n",
    )
    assert second.number == 2
    old = {n.number: n.key for n in articles(first)}
    new = {n.number: n.key for n in articles(second)}
    assert new[1] == old[1] and new[3] == old[3]
    assert new[4] not in old.values()
    old_chapter = first.nodes.get(heading_ar="الباب الأول: أحكام عامة")
    assert second.nodes.get(heading_ar="الباب الأول: أحكام عامة").key == old_chapter.key


def test_an_editor_can_say_a_renumbered_article_is_the_same(consultation, manager):
    first = import_md(manager, consultation, "المادة 1\n\nأ\n\nالمادة 2\n\nب\n")
    second = import_md(manager, consultation, "المادة 1\n\nب\n")
    moved = articles(second)[0]
    former_second = first.nodes.get(number=2)

    texts.node_update(
        actor=manager,
        node=moved,
        data={"number": 1, "body_ar": "ب", "same_as": str(former_second.key)},
    )

    moved.refresh_from_db()
    assert moved.key == former_second.key
    # A key of this same version cannot be claimed twice, nor an unknown one.
    with pytest.raises(ValidationError) as error:
        texts.node_update(
            actor=manager, node=moved, data={"number": 1, "body_ar": "ب", "same_as": "nonsense"}
        )
    assert "same_as" in error.value.message_dict


def test_version_copy_keeps_keys_and_structure(consultation, manager):
    first = import_md(manager, consultation, GUIDELINE_MD)
    copy = texts.version_copy(actor=manager, consultation=consultation)
    assert copy.number == 2
    before = [(n.key, n.kind, n.number, n.body_ar) for n in first.nodes.order_by("position")]
    after = [(n.key, n.kind, n.number, n.body_ar) for n in copy.nodes.order_by("position")]
    assert before == after
    third = copy.nodes.get(number=3)
    assert third.parent.heading_ar == "الباب الثاني: المشاركة"
    assert third.parent.version == copy


# --- Editing -------------------------------------------------------------------------------


def test_node_update_changes_both_languages_and_is_audited(consultation, manager):
    version = import_md(manager, consultation, GUIDELINE_MD)
    article = articles(version)[0]
    texts.node_update(
        actor=manager,
        node=article,
        data={
            "number": "١",
            "heading_ar": "التعريفات",
            "heading_en": "Definitions",
            "body_ar": "نص معدل",
            "body_en": "Revised text",
        },
    )
    article.refresh_from_db()
    assert (article.heading_en, article.body_ar, article.body_en) == (
        "Definitions",
        "نص معدل",
        "Revised text",
    )
    event = AuditEvent.objects.get(verb="consultation.node_update")
    assert event.agency == consultation.agency
    assert event.changes["body_en"] == ["", "Revised text"]


def test_node_update_refuses_a_number_already_used(consultation, manager):
    version = import_md(manager, consultation, GUIDELINE_MD)
    article = articles(version)[0]
    with pytest.raises(ValidationError) as error:
        texts.node_update(actor=manager, node=article, data={"number": 2, "body_ar": "نص"})
    assert "number" in error.value.message_dict
    article.refresh_from_db()
    assert article.number == 1


def test_node_update_needs_arabic_text(consultation, manager):
    version = import_md(manager, consultation, GUIDELINE_MD)
    with pytest.raises(ValidationError) as error:
        texts.node_update(actor=manager, node=articles(version)[0], data={"body_en": "x"})
    assert "body_ar" in error.value.message_dict


def test_add_move_and_remove_keep_keys_and_order(consultation, manager):
    version = import_md(manager, consultation, GUIDELINE_MD)
    first, second, third = articles(version)
    keys = {n.number: n.key for n in (first, second, third)}

    added = texts.node_add(
        actor=manager,
        version=version,
        kind=NodeKind.ARTICLE,
        data={"body_ar": "مادة مضافة"},
        after=first,
    )
    assert added.number == 4  # next free number
    assert added.parent == first.parent
    assert [n.number for n in articles(version)] == [1, 4, 2, 3]

    texts.node_move(actor=manager, node=added, direction="down")
    assert [n.number for n in articles(version)] == [1, 2, 4, 3]
    with pytest.raises(ValidationError):
        texts.node_move(actor=manager, node=first, direction="up")  # already first

    texts.node_remove(actor=manager, node=second)
    assert [n.number for n in articles(version)] == [1, 4, 3]
    assert {n.number: n.key for n in articles(version)}[3] == keys[3]
    positions = list(version.nodes.order_by("position").values_list("position", flat=True))
    assert positions == list(range(len(positions)))


def test_removing_a_chapter_keeps_its_articles(consultation, manager):
    version = import_md(manager, consultation, GUIDELINE_MD)
    part_two = version.nodes.get(heading_ar="الباب الثاني: المشاركة")
    texts.node_remove(actor=manager, node=part_two)
    third = version.nodes.get(number=3)
    assert third.parent is None
    assert [n.number for n in articles(version)] == [1, 2, 3]


def test_published_versions_cannot_change(consultation, manager):
    version = import_md(manager, consultation, GUIDELINE_MD)
    texts.version_publish(actor=manager, consultation=consultation, version=version)
    article = articles(version)[0]
    for call in (
        lambda: texts.node_update(actor=manager, node=article, data={"body_ar": "تغيير"}),
        lambda: texts.node_remove(actor=manager, node=article),
        lambda: texts.node_move(actor=manager, node=articles(version)[1], direction="up"),
        lambda: texts.node_add(
            actor=manager, version=version, kind=NodeKind.ARTICLE, data={"body_ar": "x"}
        ),
    ):
        with pytest.raises(ValidationError):
            call()
    article.refresh_from_db()
    assert article.body_ar != "تغيير"
    assert len(articles(version)) == 3


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.RESPONDER, Role.ANALYST])
def test_only_content_editors_edit_nodes(consultation, manager, agency, role):
    version = import_md(manager, consultation, GUIDELINE_MD)
    article = articles(version)[0]
    with pytest.raises(PermissionDenied):
        texts.node_update(actor=make_staff(agency, role), node=article, data={"body_ar": "x"})


# --- Publishing ----------------------------------------------------------------------------


def test_publishing_sets_current_and_consulted_versions(consultation, manager, agency):
    editor = make_staff(agency, Role.EDITOR)
    first = import_md(manager, consultation, GUIDELINE_MD)
    texts.version_publish(
        actor=editor, consultation=consultation, version=first, note_ar="المسودة", note_en="Draft"
    )
    consultation.refresh_from_db()
    first.refresh_from_db()
    assert first.published_at is not None and first.note_en == "Draft"
    assert consultation.current_version == first
    assert consultation.consulted_version == first

    second = texts.version_copy(actor=manager, consultation=consultation)
    texts.version_publish(actor=manager, consultation=consultation, version=second)
    consultation.refresh_from_db()
    assert consultation.current_version == second
    assert consultation.consulted_version == first  # stays the one people commented on
    assert AuditEvent.objects.filter(verb="consultation.version_publish").count() == 2

    with pytest.raises(ValidationError):
        texts.version_publish(actor=manager, consultation=consultation, version=second)


def test_an_older_draft_cannot_be_published_after_a_newer_version(consultation, manager):
    import_md(manager, consultation, GUIDELINE_MD)
    first = consultation.versions.get(number=1)
    newer = texts.version_copy(actor=manager, consultation=consultation)
    texts.version_publish(actor=manager, consultation=consultation, version=newer)
    with pytest.raises(ValidationError):
        texts.version_publish(actor=manager, consultation=consultation, version=first)


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.RESPONDER, Role.ANALYST])
def test_only_content_publishers_publish(consultation, manager, agency, role):
    version = import_md(manager, consultation, GUIDELINE_MD)
    with pytest.raises(PermissionDenied):
        texts.version_publish(
            actor=make_staff(agency, role), consultation=consultation, version=version
        )
    version.refresh_from_db()
    assert version.published_at is None
