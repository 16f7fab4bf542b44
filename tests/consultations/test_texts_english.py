"""Filling the English text of a version from an English file (``texts.text_import_english``)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from musharaka.consultations import texts
from musharaka.consultations.models import NodeKind, Version
from musharaka.core.models import AuditEvent, Role
from tests.conftest import make_staff
from tests.consultations.texts_fixtures import (
    docx_bytes,
    workspace_url,
)

# The English of GUIDELINE_MD: two parts, a chapter of two articles in the first, one article in
# the second.
GUIDELINE_EN = """# Part One: General provisions

## Chapter One: Definitions

Article One: Definitions
The following words have the meanings given to them:
1. Agency: a government agency.
2. Participant: anyone who takes part.

Article 2: This guideline applies to every government agency.

# Part Two: Participation

### Article Three

An agency publishes its drafts for at least thirty days.
"""


def english_of(version: Version) -> list[tuple[str, str]]:
    return list(version.nodes.order_by("position").values_list("heading_en", "body_en"))


def arabic_of(version: Version) -> list[tuple]:
    return list(
        version.nodes.order_by("position").values_list("key", "number", "heading_ar", "body_ar")
    )


def import_en(actor, version, text: str = GUIDELINE_EN, name: str = "en.md", **kwargs):
    return texts.text_import_english(
        actor=actor, version=version, filename=name, data=text.encode(), **kwargs
    )


# --- English article headings --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Article 1", 1),
        ("Article One", 1),
        ("ARTICLE TWELVE: Scope", 12),
        ("Article Twenty-One – Definitions", 21),
        ("Article twenty one", 21),
        ("Article First", 1),
        ("Article Thirty-Fifth:", 35),
        ("Article One Hundred", 100),
        ("Article IV", 4),
        ("Art. 7", 7),
        ("**Article Nine**", 9),
    ],
)
def test_english_article_headings_in_words_and_digits(line, number):
    start = texts.article_start(line)
    assert start is not None
    assert start.number == number


@pytest.mark.parametrize(
    "line", ["Article", "Articles 3", "Article the law sets", "Article Onetwo", "Article IIII"]
)
def test_english_lines_that_do_not_start_an_article(line):
    assert texts.article_start(line) is None


# --- Filling the English text --------------------------------------------------------------


def test_markdown_fills_the_english_of_each_part_by_place(version, manager, consultation):
    arabic = arabic_of(version)

    done = import_en(manager, version)

    assert english_of(version) == [
        ("Part One: General provisions", ""),
        ("Chapter One: Definitions", ""),
        (
            "Definitions",
            "The following words have the meanings given to them:\n\n"
            "1. Agency: a government agency.\n2. Participant: anyone who takes part.",
        ),
        ("", "This guideline applies to every government agency."),
        ("Part Two: Participation", ""),
        ("", "An agency publishes its drafts for at least thirty days."),
    ]
    assert arabic_of(version) == arabic  # keys, numbers and Arabic untouched
    assert (done.filled, done.replaced, done.numbers_differ) == (6, 0, [])
    event = AuditEvent.objects.get(verb="consultation.text_import_english")
    assert event.agency == consultation.agency
    assert event.changes == {"version": 1, "file": "en.md", "filled": 6, "replaced": 0}


def test_a_docx_fills_the_english_too(version, manager):
    data = docx_bytes(
        [
            ("Part One: General provisions", "Heading 1"),
            ("Chapter One: Definitions", "Heading 2"),
            ("Article One: Definitions", "Heading 3"),
            ("The following words have the meanings given to them:", None),
            ("Agency", "List Number"),
            ("Participant", "List Number"),
            ("Article Two", None),
            ("This guideline applies to every government agency.", None),
            ("Part Two: Participation", "Heading 1"),
            ("Article 3 – Publication period", None),
            ("An agency publishes its drafts for at least thirty days.", None),
        ]
    )
    texts.text_import_english(actor=manager, version=version, filename="EN.DOCX", data=data)
    nodes = list(version.nodes.order_by("position"))
    assert [n.heading_en for n in nodes] == [
        "Part One: General provisions",
        "Chapter One: Definitions",
        "Definitions",
        "",
        "Part Two: Participation",
        "Publication period",
    ]
    assert nodes[2].body_en.endswith("1. Agency\n1. Participant")
    assert nodes[3].body_en == "This guideline applies to every government agency."
    assert nodes[0].heading_ar == "الباب الأول: أحكام عامة"


@pytest.mark.usefixtures("english")
def test_other_numbers_in_the_file_are_reported_not_refused(version, manager):
    done = import_en(manager, version, GUIDELINE_EN.replace("Article Three", "Article 5"))
    assert done.numbers_differ == [(3, 5)]
    assert version.nodes.get(number=3).body_en.startswith("An agency publishes")


# --- Refusals ------------------------------------------------------------------------------


def _refused(actor, version, text, *, code, message, **kwargs) -> None:
    before, arabic = english_of(version), arabic_of(version)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        import_en(actor, version, text, **kwargs)
    assert error.value.code == code
    assert error.value.messages == [message]
    assert english_of(version) == before and arabic_of(version) == arabic
    assert AuditEvent.objects.count() == events


@pytest.mark.usefixtures("english")
def test_a_chapter_with_another_number_of_articles_is_refused_saying_where(version, manager):
    # The second article moved to part two: chapter 2 has one article instead of two.
    text = GUIDELINE_EN.replace(
        "Article 2: This guideline applies to every government agency.\n\n# Part Two: "
        "Participation\n",
        "# Part Two: Participation\n\nArticle 2: This guideline applies to every agency.\n",
    )
    _refused(
        manager,
        version,
        text,
        code="shape",
        message="Chapter 2 (“الفصل الأول: التعريفات”) has 2 articles in the Arabic text and 1 in "
        "the file.",
    )


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("# Part Two: Participation\n", ""),
            "The Arabic text has 2 chapters at its top level and the file 1.",
        ),
        (
            ("An agency publishes", "Article 4: Extra.\n\nAn agency publishes"),
            "Chapter 3 (“الباب الثاني: المشاركة”) has 1 article in the Arabic text and 2 in "
            "the file.",
        ),
        (
            ("## Chapter One: Definitions\n", ""),
            "Chapter 1 (“الباب الأول: أحكام عامة”) has 1 chapter inside it in the Arabic text "
            "and 0 in the file.",
        ),
        (
            ("# Part One: General provisions\n", "E-participation guideline\n\n# Part One\n"),
            "The file has text before its first heading or article and the Arabic text does not.",
        ),
    ],
)
def test_other_shapes_are_refused_saying_where(version, manager, change, message):
    old, new = change
    _refused(manager, version, GUIDELINE_EN.replace(old, new), code="shape", message=message)


@pytest.mark.usefixtures("english")
def test_english_already_written_is_kept_unless_replacing_is_ticked(version, manager):
    article = version.nodes.get(number=2)
    texts.node_update(
        actor=manager,
        node=article,
        data={"number": 2, "body_ar": article.body_ar, "heading_en": "Scope", "body_en": "Mine"},
    )
    _refused(
        manager,
        version,
        GUIDELINE_EN,
        code="has_english",
        message="1 part of this version already has English text. Tick “Replace the English "
        "text already written” to overwrite it.",
    )

    done = import_en(manager, version, replace=True)
    article.refresh_from_db()
    assert (article.heading_en, article.body_en) == (
        "",
        "This guideline applies to every government agency.",
    )
    assert done.replaced == 1
    # Now every part has English: refused again without the box, with the count.
    with pytest.raises(ValidationError) as error:
        import_en(manager, version)
    assert error.value.messages[0].startswith("6 parts of this version already have English")


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("en.txt", b"Article 1", "extension"),
        ("en.md", "Article 1".encode("utf-16"), "encoding"),
        ("en.docx", b"PK\x03\x04 not a Word file", "invalid"),
        ("en.md", b"Article 1\n\n" + b"x" * (texts.MAX_IMPORT_BYTES + 1), "size"),
        ("en.md", b"# Only a heading\n\nSome text.\n", "no_articles"),
    ],
)
def test_the_file_checks_of_the_arabic_import_apply(version, manager, name, data, code):
    before = english_of(version)
    with pytest.raises(ValidationError) as error:
        texts.text_import_english(actor=manager, version=version, filename=name, data=data)
    assert error.value.code == code
    assert english_of(version) == before


@pytest.mark.usefixtures("english")
def test_a_published_version_or_one_without_arabic_is_refused(consultation, manager, version):
    texts.version_publish(actor=manager, consultation=consultation, version=version)
    _refused(
        manager,
        version,
        GUIDELINE_EN,
        code=None,
        message="A published version cannot be changed. Start a new version to revise the text.",
    )
    empty = Version.objects.create(consultation=consultation, number=2)
    with pytest.raises(ValidationError) as error:
        import_en(manager, empty)
    assert error.value.code == "no_arabic"


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.RESPONDER, Role.ANALYST])
def test_only_content_editors_import_english(agency, version, role):
    with pytest.raises(PermissionDenied):
        import_en(make_staff(agency, role), version)
    assert not version.nodes.exclude(body_en="").exists()


def test_staff_of_another_agency_cannot_import_english(other_agency, version):
    with pytest.raises(PermissionDenied):
        import_en(make_staff(other_agency, Role.MANAGER), version)
    assert not version.nodes.exclude(body_en="").exists()


# --- The page ------------------------------------------------------------------------------


def english_url(consultation, number: int = 1, agency_slug: str | None = None) -> str:
    return workspace_url(
        "consultation_import_english", consultation, agency_slug=agency_slug, version=number
    )


def upload(text: str, name: str = "en.md") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/markdown")


def test_the_page_fills_the_english_and_is_linked_from_the_text(
    staff_client, consultation, version
):
    with translation.override("en"):
        text_url = reverse(
            "workspace:consultation_text",
            kwargs={"agency": consultation.agency.slug, "consultation": consultation.pk},
        )
    assert english_url(consultation) in staff_client.get(text_url).content.decode()
    page = staff_client.get(english_url(consultation))
    assert page.status_code == 200
    assert 'name="replace"' in page.content.decode()

    response = staff_client.post(english_url(consultation), {"file": upload(GUIDELINE_EN)})
    assert response.status_code == 302
    assert version.nodes.get(number=3).body_en.startswith("An agency publishes")
    shown = staff_client.get(response.url).content.decode()
    assert "English text was filled in for 6 parts of version 1." in shown


def test_the_page_shows_a_shape_refusal_with_a_400(staff_client, consultation, version):
    before = english_of(version)
    response = staff_client.post(
        english_url(consultation),
        {"file": upload(GUIDELINE_EN.replace("# Part Two: Participation\n", ""))},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The Arabic text has 2 chapters at its top level and the file 1." in html
    assert "id_file_error" in html
    assert english_of(version) == before


def test_the_page_protects_english_already_written(staff_client, consultation, version):
    node = version.nodes.get(kind=NodeKind.CHAPTER, heading_ar="الباب الثاني: المشاركة")
    node.heading_en = "Typed by hand"
    node.save()
    response = staff_client.post(english_url(consultation), {"file": upload(GUIDELINE_EN)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "1 part of this version already has English text." in html
    node.refresh_from_db()
    assert node.heading_en == "Typed by hand"

    response = staff_client.post(
        english_url(consultation), {"file": upload(GUIDELINE_EN), "replace": "on"}
    )
    assert response.status_code == 302
    node.refresh_from_db()
    assert node.heading_en == "Part Two: Participation"


def test_the_page_without_a_file_is_a_400(staff_client, consultation, version):
    assert staff_client.post(english_url(consultation), {}).status_code == 400


def test_other_agencies_staff_get_404(client, consultation, version, other_agency):
    client.force_login(make_staff(other_agency, Role.MANAGER))
    for url in (english_url(consultation), english_url(consultation, 1, other_agency.slug)):
        assert client.get(url).status_code == 404
        assert client.post(url, {"file": upload(GUIDELINE_EN)}).status_code == 404
    assert not version.nodes.exclude(body_en="").exists()


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.ANALYST, Role.RESPONDER])
def test_roles_without_content_edit_get_403(client, consultation, version, agency, role):
    client.force_login(make_staff(agency, role))
    assert client.get(english_url(consultation)).status_code == 403
    response = client.post(english_url(consultation), {"file": upload(GUIDELINE_EN)})
    assert response.status_code == 403
    assert not version.nodes.exclude(body_en="").exists()
