"""The text of a draft: importing it from Markdown or DOCX, editing it, publishing versions.

The text is a tree of ``Node`` rows per ``Version``: chapters (from headings), articles (from
"المادة ٣" / "المادة الثالثة" / "Article 3") with their body. An article's ``key`` is its identity
across versions: an import matches articles to the previous version's by number, and staff can
say explicitly that an article is a former one (moved or renumbered) when editing. An article
moved into another chapter keeps its key. The English text can be typed or filled from an English
file of the same structure, part by part.

Every write checks ``core.content.edit`` (``core.content.publish`` to publish), refuses to touch
a published version (people commented on it), and is audited. The rules are in
``docs/consultations.md``.
"""

import io
import re
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from musharaka.consultations.models import Consultation, Node, NodeKind, Version
from musharaka.core.arabic import normalize, to_ascii_digits
from musharaka.core.audit import audit_record, field_changes
from musharaka.core.models import Agency, User

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_DOCX_UNPACKED_BYTES = 40 * 1024 * 1024  # a small zip that unpacks into gigabytes is refused
MARKDOWN_EXTENSIONS = {".md", ".markdown"}
DOCX_EXTENSIONS = {".docx"}
HEADING_MAX = 300
SHORT_TITLE = 100  # text after "المادة ٣:" up to this long, without a full stop, is a title
NODE_TEXT_FIELDS = ["heading_ar", "heading_en", "body_ar", "body_en"]

# --- Recognising article numbers -----------------------------------------------------------

_UNITS_F = [
    "الأولى",
    "الثانية",
    "الثالثة",
    "الرابعة",
    "الخامسة",
    "السادسة",
    "السابعة",
    "الثامنة",
    "التاسعة",
    "العاشرة",
]
_UNITS_M = [
    "الأول",
    "الثاني",
    "الثالث",
    "الرابع",
    "الخامس",
    "السادس",
    "السابع",
    "الثامن",
    "التاسع",
    "العاشر",
]
_TENS = {
    20: ("العشرون", "العشرين"),
    30: ("الثلاثون", "الثلاثين"),
    40: ("الأربعون", "الأربعين"),
    50: ("الخمسون", "الخمسين"),
    60: ("الستون", "الستين"),
    70: ("السبعون", "السبعين"),
    80: ("الثمانون", "الثمانين"),
    90: ("التسعون", "التسعين"),
}


def _ordinals() -> dict[str, int]:
    """Normalised Arabic ordinal phrase → number, 1 to 100, both genders, both case endings."""
    table: dict[str, int] = {}
    for units in (_UNITS_F, _UNITS_M):
        for n, word in enumerate(units, 1):
            table[word] = n
    compound_units = {
        1: ("الحادية", "الحادي"),
        **{n: (_UNITS_F[n - 1], _UNITS_M[n - 1]) for n in range(2, 10)},
    }
    for n, forms in compound_units.items():
        for unit in forms:
            for ten in ("عشرة", "عشر"):
                table[f"{unit} {ten}"] = 10 + n
    for tens, forms in _TENS.items():
        for ten in forms:
            table[ten] = tens
            for n, units in compound_units.items():
                for unit in units:
                    table[f"{unit} و{ten}"] = tens + n
    table["المائة"] = table["المئة"] = 100
    return {normalize(k): v for k, v in table.items()}


ORDINALS = _ordinals()

_EN_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_EN_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_UNITS_TH = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
]
_EN_TEENS_TH = [
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_ROMAN = [(100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv")]


def _roman(n: int) -> str:
    out = ""
    for value, letters in [*_ROMAN, (1, "i")]:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _english_numbers() -> dict[str, int]:
    """English article numbers 1 to 100: "one", "twenty-one", "twenty one", "first",
    "twenty-first", "one hundred", and Roman numerals ("iv"), all case-folded."""
    table: dict[str, int] = {}
    for n in range(1, 10):
        table[_EN_UNITS[n - 1]], table[_EN_UNITS_TH[n - 1]] = n, n
    for n in range(10, 20):
        table[_EN_TEENS[n - 10]], table[_EN_TEENS_TH[n - 10]] = n, n
    for i, ten in enumerate(_EN_TENS):
        tens = 20 + 10 * i
        table[ten] = table[ten[:-1] + "ieth"] = tens
        for n in range(1, 10):
            for joiner in ("-", " "):
                table[f"{ten}{joiner}{_EN_UNITS[n - 1]}"] = tens + n
                table[f"{ten}{joiner}{_EN_UNITS_TH[n - 1]}"] = tens + n
    for phrase in ("hundred", "one hundred", "hundredth", "one hundredth"):
        table[phrase] = 100
    for n in range(1, 101):
        table[_roman(n)] = n
    return table


NUMBER_WORDS = {**ORDINALS, **_english_numbers()}
_ARTICLE_WORDS = {normalize(w) for w in ("المادة", "مادة", "المادّة", "article", "art")}
_SEPARATORS = ":：-–—.)]"
_EDGE_PUNCT = "()[]:：-–—.,،؛;*_"
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w)")


@dataclass(frozen=True)
class ArticleStart:
    number: int
    rest: str  # the text after the number and its separator
    explicit: bool  # the number ended the line or was followed by a separator


def article_start(line: str) -> ArticleStart | None:
    """``ArticleStart`` when ``line`` begins an article ("المادة الثالثة:", "المادة (٣)",
    "Article 3 – Scope"), else None."""
    text = _EMPHASIS.sub("", line).strip()
    words = list(re.finditer(r"\S+", text))
    if len(words) < 2 or normalize(words[0].group()).strip(_EDGE_PUNCT) not in _ARTICLE_WORDS:
        return None
    number, last = None, None
    digits = to_ascii_digits(words[1].group()).strip(_EDGE_PUNCT)
    if digits.isdigit():
        number, last = int(digits), words[1]
    else:
        for length in (3, 2, 1):
            chosen = words[1 : 1 + length]
            if len(chosen) < length:
                continue
            phrase = " ".join(normalize(w.group()).strip(_EDGE_PUNCT) for w in chosen)
            if phrase in NUMBER_WORDS:
                number, last = NUMBER_WORDS[phrase], chosen[-1]
                break
    if number is None or last is None:
        return None
    after = text[last.end() :]
    explicit = (
        not after.strip()
        or last.group()[-1] in _SEPARATORS
        or after.lstrip()[:1] in set(_SEPARATORS)
    )
    rest = re.sub(rf"^[\s{re.escape(_SEPARATORS)}]+", "", after).strip()
    return ArticleStart(number=number, rest=rest, explicit=explicit)


# --- Parsing files into a flat outline -----------------------------------------------------


@dataclass
class Block:
    """One heading or paragraph of the source file, in order."""

    text: str
    level: int = 0  # 1..6 for headings, 0 for paragraphs
    item: bool = False  # a list item: joined to the previous item by a single line break


@dataclass
class ParsedNode:
    kind: str
    heading: str = ""
    number: int | None = None
    parent: int | None = None  # index into the parsed list
    level: int = 0
    parts: list[Block] = field(default_factory=list)

    @property
    def body(self) -> str:
        out = ""
        for i, part in enumerate(self.parts):
            if i:
                out += "\n" if part.item and self.parts[i - 1].item else "\n\n"
            out += part.text
        return out.strip()


_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_ITEM = re.compile(r"^\s*(?:[-*+]|[0-9٠-٩]+[.)]|\(?[0-9٠-٩]+\))\s+")


def markdown_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines: list[str] = []

    def flush() -> None:
        if lines:
            blocks.append(Block("\n".join(lines).strip(), item=bool(_MD_ITEM.match(lines[0]))))
            lines.clear()

    for raw in text.splitlines():
        line = raw.rstrip()
        heading = _MD_HEADING.match(line)
        if heading:
            flush()
            blocks.append(Block(heading.group(2).strip(), level=len(heading.group(1))))
        elif not line.strip():
            flush()
        else:
            if lines and _MD_ITEM.match(line) and not _MD_ITEM.match(lines[0]):
                flush()  # a list starting right under a paragraph line
            elif lines and _MD_ITEM.match(line):
                flush()  # each list item on its own, so an item can start an article
            lines.append(line)
    flush()
    return blocks


def docx_blocks(data: bytes) -> list[Block]:
    """Headings (Title, Heading 1..6) and paragraphs of a DOCX body, list paragraphs marked."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_DOCX_UNPACKED_BYTES:
                raise ValidationError(_("The Word file unpacks to more than 40 MB."), code="size")
        document = docx.Document(io.BytesIO(data))
    except ValidationError:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, etree.LxmlError):
        raise ValidationError(
            _("This is not a valid Word (DOCX) file: it could not be opened."), code="invalid"
        ) from None
    blocks: list[Block] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        lowered = style.lower()
        if lowered == "title":
            blocks.append(Block(text, level=1))
        elif lowered.startswith("heading"):
            digits = re.sub(r"\D", "", lowered)
            blocks.append(Block(text, level=min(int(digits or 1), 6)))
        elif lowered.startswith("list number"):
            blocks.append(Block(f"1. {text}", item=True))
        elif lowered.startswith("list"):
            blocks.append(Block(f"- {text}", item=True))
        else:
            blocks.append(Block(text))
    return blocks


def outline(blocks: list[Block]) -> list[ParsedNode]:
    """Chapters and articles in document order, each with its parent's index."""
    nodes: list[ParsedNode] = []
    chapter_1: int | None = None  # the last "#" chapter
    chapter: int | None = None  # the last chapter of any level: articles go under it
    current: int | None = None  # the node receiving body text

    def start_article(start: ArticleStart, heading: str, body: str) -> int:
        nodes.append(
            ParsedNode(
                NodeKind.ARTICLE, heading=heading[:HEADING_MAX], number=start.number, parent=chapter
            )
        )
        if body:
            nodes[-1].parts.append(Block(body))
        return len(nodes) - 1

    for block in blocks:
        if block.level:
            start = article_start(block.text)
            if start is not None:
                current = start_article(start, start.rest, "")
                continue
            if block.level <= 2:
                parent = chapter_1 if block.level == 2 else None
                nodes.append(
                    ParsedNode(
                        NodeKind.CHAPTER,
                        heading=block.text[:HEADING_MAX],
                        parent=parent,
                        level=block.level,
                    )
                )
                current = chapter = len(nodes) - 1
                if block.level == 1:
                    chapter_1 = chapter
                continue
            block = Block(f"**{block.text}**")  # a minor heading inside an article's text
        first, _sep, more = block.text.partition("\n")
        start = None if block.item else article_start(first)
        if start is not None and start.explicit:
            rest = start.rest
            is_title = rest and len(rest) <= SHORT_TITLE and rest[-1] not in ".،؛:!?؟"
            heading = rest if is_title else ""
            body = "\n".join(p for p in ([] if is_title else [rest]) + [more] if p).strip()
            current = start_article(start, heading, body)
            continue
        if current is None:  # text before any heading or article: an untitled opening section
            nodes.append(ParsedNode(NodeKind.CHAPTER))
            current = len(nodes) - 1
        nodes[current].parts.append(block)
    return nodes


def parse_file(*, filename: str, data: bytes) -> list[ParsedNode]:
    """The outline of an uploaded file, or ValidationError saying why it cannot be used."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in MARKDOWN_EXTENSIONS | DOCX_EXTENSIONS:
        raise ValidationError(
            _("Only Markdown (.md) and Word (.docx) files can be imported."), code="extension"
        )
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError(_("The file is larger than 2 MB."), code="size")
    if suffix in DOCX_EXTENSIONS:
        blocks = docx_blocks(data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _("The Markdown file is not UTF-8 text. Save it as UTF-8 and try again."),
                code="encoding",
            ) from None
        if "\x00" in text:
            raise ValidationError(_("The Markdown file contains binary data."), code="encoding")
        blocks = markdown_blocks(text)
    nodes = outline(blocks)
    numbers = [n.number for n in nodes if n.kind == NodeKind.ARTICLE]
    if not numbers:
        raise ValidationError(
            _(
                'No articles were found. Start each article on its own line with "المادة" and '
                'its number (for example "المادة الأولى" or "المادة 1") or "Article 1".'
            ),
            code="no_articles",
        )
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    if repeated:
        raise ValidationError(
            _(
                "Article numbers appear more than once: %(numbers)s. "
                "Each article needs its own number."
            )
            % {"numbers": ", ".join(str(n) for n in repeated)},
            code="duplicate",
        )
    return nodes


# --- Services ------------------------------------------------------------------------------


def _require(actor: User, action: str, agency: Agency) -> None:
    if not rules.test_rule(f"core.{action}", actor, agency):
        raise PermissionDenied(_("Your role in this agency does not allow this."))


def _require_editable(version: Version) -> None:
    if version.published_at is not None:
        raise ValidationError(
            _("A published version cannot be changed. Start a new version to revise the text.")
        )


def _latest_version(consultation: Consultation) -> Version | None:
    return consultation.versions.order_by("-number").first()


def _next_number(consultation: Consultation) -> int:
    return (consultation.versions.aggregate(m=Max("number"))["m"] or 0) + 1


@transaction.atomic
def text_import(*, actor: User, consultation: Consultation, filename: str, data: bytes) -> Version:
    """A new unpublished version from a Markdown or DOCX file. Articles take the identity of the
    previous version's article with the same number; chapters that of the same heading."""
    _require(actor, "content.edit", consultation.agency)
    parsed = parse_file(filename=filename, data=data)
    previous = _latest_version(consultation)
    article_keys: dict[int, uuid.UUID] = {}
    chapter_keys: dict[str, list[uuid.UUID]] = {}
    if previous is not None:
        for node in previous.nodes.all():
            if node.kind == NodeKind.ARTICLE and node.number is not None:
                article_keys[node.number] = node.key
            elif node.kind == NodeKind.CHAPTER:
                chapter_keys.setdefault(normalize(node.heading_ar), []).append(node.key)
    version = Version.objects.create(consultation=consultation, number=_next_number(consultation))
    saved: list[Node] = []
    for position, item in enumerate(parsed):
        if item.kind == NodeKind.ARTICLE:
            key = article_keys.get(item.number) or uuid.uuid4()
        else:
            same = chapter_keys.get(normalize(item.heading))
            key = same.pop(0) if same else uuid.uuid4()
        saved.append(
            Node.objects.create(
                version=version,
                key=key,
                parent=saved[item.parent] if item.parent is not None else None,
                kind=item.kind,
                position=position,
                number=item.number,
                heading_ar=item.heading,
                body_ar=item.body,
            )
        )
    articles = sum(1 for n in parsed if n.kind == NodeKind.ARTICLE)
    audit_record(
        actor=actor,
        verb="consultation.text_import",
        target=consultation,
        changes={
            "version": version.number,
            "file": PurePath(filename).name[:200],
            "articles": articles,
            "kept_identity": sum(1 for n in parsed if n.number in article_keys),
        },
    )
    return version


@dataclass(frozen=True)
class EnglishImport:
    """What ``text_import_english`` did, for the page to say."""

    filled: int  # chapters and articles that received English text from the file
    replaced: int  # of the version's parts, those whose English text was overwritten
    numbers_differ: list[tuple[int, int]]  # (Arabic number, number in the file), same place


def _where(node: Node | None, chapter_numbers: dict[int, int]) -> dict[str, object]:
    if node is None:
        return {}
    heading = node.heading_ar[:60] or _("untitled")
    return {"chapter": chapter_numbers.get(node.pk, 0), "heading": heading, "article": node.number}


def _shape_difference(
    parent: Node | None,
    arabic: list[Node],
    found: list[ParsedNode],
    chapter_numbers: dict[int, int],
) -> str | None:
    """Where the children of ``parent`` (Arabic) and of its counterpart in the file first
    differ: the number of chapters, of articles, or their order; None when they match."""
    where = _where(parent, chapter_numbers)
    for kind in (NodeKind.CHAPTER, NodeKind.ARTICLE, NodeKind.PARAGRAPH):
        a = sum(1 for n in arabic if n.kind == kind)
        f = sum(1 for n in found if n.kind == kind)
        if a == f:
            continue
        params = {"arabic": a, "file": f, **where}
        if parent is None and kind == NodeKind.CHAPTER:
            text = ngettext(
                "The Arabic text has %(arabic)s chapter at its top level and the file %(file)s.",
                "The Arabic text has %(arabic)s chapters at its top level and the file %(file)s.",
                a,
            )
        elif parent is None:
            text = ngettext(
                "The Arabic text has %(arabic)s article outside any chapter and the file %(file)s.",
                "The Arabic text has %(arabic)s articles outside any chapter and the file "
                "%(file)s.",
                a,
            )
        elif parent.kind == NodeKind.ARTICLE:
            text = ngettext(
                "Article %(article)s has %(arabic)s paragraph in the Arabic text and %(file)s "
                "in the file.",
                "Article %(article)s has %(arabic)s paragraphs in the Arabic text and %(file)s "
                "in the file.",
                a,
            )
        elif kind == NodeKind.CHAPTER:
            text = ngettext(
                "Chapter %(chapter)s (“%(heading)s”) has %(arabic)s chapter inside it in the "
                "Arabic text and %(file)s in the file.",
                "Chapter %(chapter)s (“%(heading)s”) has %(arabic)s chapters inside it in the "
                "Arabic text and %(file)s in the file.",
                a,
            )
        else:
            text = ngettext(
                "Chapter %(chapter)s (“%(heading)s”) has %(arabic)s article in the Arabic "
                "text and %(file)s in the file.",
                "Chapter %(chapter)s (“%(heading)s”) has %(arabic)s articles in the Arabic "
                "text and %(file)s in the file.",
                a,
            )
        return text % params
    for index, (a_node, f_node) in enumerate(zip(arabic, found, strict=True), 1):
        if a_node.kind == f_node.kind:
            continue
        params = {"part": index, **where}
        if parent is None:
            text = _(
                "Part %(part)s of the top level is a chapter in the Arabic text and an article "
                "in the file."
            )
            if a_node.kind != NodeKind.CHAPTER:
                text = _(
                    "Part %(part)s of the top level is an article in the Arabic text and a "
                    "chapter in the file."
                )
        else:
            text = _(
                "Part %(part)s of chapter %(chapter)s (“%(heading)s”) is a chapter in the "
                "Arabic text and an article in the file."
            )
            if a_node.kind != NodeKind.CHAPTER:
                text = _(
                    "Part %(part)s of chapter %(chapter)s (“%(heading)s”) is an article in the "
                    "Arabic text and a chapter in the file."
                )
        return text % params
    return None


def _match_shapes(nodes: list[Node], parsed: list[ParsedNode]) -> list[tuple[Node, ParsedNode]]:
    """The version's parts paired with the file's by place (chapter n ↔ chapter n, article n ↔
    article n of the same chapter), or ValidationError saying where the two first differ."""
    arabic_children: dict[int | None, list[Node]] = {}
    for node in nodes:
        arabic_children.setdefault(node.parent_id, []).append(node)
    file_children: dict[int | None, list[ParsedNode]] = {}
    for item in parsed:
        file_children.setdefault(item.parent, []).append(item)
    file_index = {id(item): i for i, item in enumerate(parsed)}
    chapters = [n for n in nodes if n.kind == NodeKind.CHAPTER]
    chapter_numbers = {n.pk: i for i, n in enumerate(chapters, 1)}
    a_top, f_top = arabic_children.get(None, []), file_children.get(None, [])
    a_opening = bool(a_top) and a_top[0].kind == NodeKind.CHAPTER and not a_top[0].heading_ar
    f_opening = bool(f_top) and f_top[0].kind == NodeKind.CHAPTER and not f_top[0].heading
    if a_opening != f_opening and len(a_top) != len(f_top):
        raise ValidationError(
            _("The file has text before its first heading or article and the Arabic text does not.")
            if f_opening
            else _(
                "The Arabic text starts with text before its first heading or article and the "
                "file does not."
            ),
            code="shape",
        )
    pairs: list[tuple[Node, ParsedNode]] = []

    def walk(parent: Node | None, found_parent: int | None) -> None:
        arabic = arabic_children.get(parent.pk if parent else None, [])
        found = file_children.get(found_parent, [])
        difference = _shape_difference(parent, arabic, found, chapter_numbers)
        if difference:
            raise ValidationError(difference, code="shape")
        for a_node, f_node in zip(arabic, found, strict=True):
            pairs.append((a_node, f_node))
            walk(a_node, file_index[id(f_node)])

    walk(None, None)
    return pairs


@transaction.atomic
def text_import_english(
    *,
    actor: User,
    version: Version,
    filename: str,
    data: bytes,
    replace: bool = False,
) -> EnglishImport:
    """Fill the English heading and text of an unpublished version from an English Markdown or
    DOCX file of the same structure, part by part in document order. The file is read like an
    Arabic import; a file of another shape is refused, saying where it first differs, and
    English already written is only overwritten with ``replace``."""
    consultation = version.consultation
    _require(actor, "content.edit", consultation.agency)
    _require_editable(version)
    nodes = list(version.nodes.order_by("position", "id"))
    if not any(n.kind == NodeKind.ARTICLE for n in nodes):
        raise ValidationError(
            _("This version has no Arabic text yet: import the Arabic text first."),
            code="no_arabic",
        )
    parsed = parse_file(filename=filename, data=data)
    pairs = _match_shapes(nodes, parsed)
    written = [n for n in nodes if n.heading_en.strip() or n.body_en.strip()]
    if written and not replace:
        raise ValidationError(
            ngettext(
                "%(count)s part of this version already has English text. Tick “Replace the "
                "English text already written” to overwrite it.",
                "%(count)s parts of this version already have English text. Tick “Replace the "
                "English text already written” to overwrite them.",
                len(written),
            )
            % {"count": len(written)},
            code="has_english",
        )
    filled = 0
    numbers_differ: list[tuple[int, int]] = []
    for node, item in pairs:
        node.heading_en, node.body_en = item.heading[:HEADING_MAX], item.body
        filled += bool(node.heading_en or node.body_en)
        if node.kind == NodeKind.ARTICLE and node.number != item.number:
            numbers_differ.append((node.number or 0, item.number or 0))
    Node.objects.bulk_update([node for node, _item in pairs], ["heading_en", "body_en"])
    audit_record(
        actor=actor,
        verb="consultation.text_import_english",
        target=consultation,
        changes={
            "version": version.number,
            "file": PurePath(filename).name[:200],
            "filled": filled,
            "replaced": len(written),
        },
    )
    return EnglishImport(filled=filled, replaced=len(written), numbers_differ=numbers_differ)


@transaction.atomic
def version_copy(*, actor: User, consultation: Consultation) -> Version:
    """A new unpublished version holding a copy of the latest one (same keys), to revise."""
    _require(actor, "content.edit", consultation.agency)
    source = _latest_version(consultation)
    if source is None:
        raise ValidationError(_("There is no text yet: import a file first."))
    version = Version.objects.create(consultation=consultation, number=_next_number(consultation))
    copies: dict[int, Node] = {}
    for node in source.nodes.order_by("position"):
        copies[node.pk] = Node.objects.create(
            version=version,
            key=node.key,
            parent=copies.get(node.parent_id) if node.parent_id else None,
            kind=node.kind,
            position=node.position,
            number=node.number,
            **{f: getattr(node, f) for f in NODE_TEXT_FIELDS},
        )
    audit_record(
        actor=actor,
        verb="consultation.version_copy",
        target=consultation,
        changes={"version": version.number, "from": source.number},
    )
    return version


def _reflow(version: Version, children: dict[int | None, list[Node]]) -> None:
    """Positions 0..n in depth-first order of ``children`` (parent id → ordered children)."""
    ordered: list[Node] = []

    def walk(parent: int | None) -> None:
        for node in children.get(parent, []):
            ordered.append(node)
            walk(node.pk)

    walk(None)
    for position, node in enumerate(ordered):
        node.position = position
    Node.objects.bulk_update(ordered, ["position", "parent"])


def _children(version: Version) -> dict[int | None, list[Node]]:
    children: dict[int | None, list[Node]] = {}
    for node in version.nodes.order_by("position"):
        children.setdefault(node.parent_id, []).append(node)
    return children


def _clean_node(*, version: Version, kind: str, data: dict, node: Node | None = None) -> dict:
    """Validated heading, body, number and identity for a node; errors keyed by field."""
    errors: dict[str, str] = {}
    cleaned = {f: (data.get(f) or "").strip() for f in NODE_TEXT_FIELDS}
    for f in ("heading_ar", "heading_en"):
        if len(cleaned[f]) > HEADING_MAX:
            errors[f] = _("A heading can have at most 300 characters.")
    if not cleaned["heading_ar"] and not cleaned["body_ar"]:
        errors["body_ar"] = _("Write the heading or the text in Arabic.")
    others = version.nodes.filter(kind=NodeKind.ARTICLE)
    if node is not None:
        others = others.exclude(pk=node.pk)
    if kind == NodeKind.ARTICLE:
        number = data.get("number")
        if number in (None, ""):
            number = (others.aggregate(m=Max("number"))["m"] or 0) + 1
        try:
            number = int(to_ascii_digits(str(number)))
        except ValueError:
            number = 0
        if number < 1:
            errors["number"] = _("The article number must be a whole number from 1.")
        elif others.filter(number=number).exists():
            errors["number"] = _("Another article of this version already has this number.")
        cleaned["number"] = number
    same_as = data.get("same_as")
    if same_as:
        try:
            key = uuid.UUID(str(same_as))
        except ValueError:
            key = None
        earlier = Node.objects.filter(
            version__consultation=version.consultation, kind=NodeKind.ARTICLE, key=key
        ).exclude(version=version)
        taken = version.nodes.filter(key=key)
        if node is not None:
            taken = taken.exclude(pk=node.pk)
        if key is None or not earlier.exists():
            errors["same_as"] = _("Choose an article of an earlier version.")
        elif taken.exists():
            errors["same_as"] = _("Another article of this version already continues that one.")
        else:
            cleaned["key"] = key
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def node_update(*, actor: User, node: Node, data: dict) -> Node:
    """Change a chapter's or article's text (both languages), an article's number, or say which
    earlier article it continues (``data["same_as"]``: that article's key)."""
    version = node.version
    _require(actor, "content.edit", version.consultation.agency)
    _require_editable(version)
    cleaned = _clean_node(version=version, kind=node.kind, data=data, node=node)
    fields = [f for f in [*NODE_TEXT_FIELDS, "number", "key"] if f in cleaned]
    before = {f: getattr(node, f) for f in fields}
    for f in fields:
        setattr(node, f, cleaned[f])
    node.save(update_fields=fields)
    changes = field_changes(node, before, fields)
    if changes:
        audit_record(
            actor=actor,
            verb="consultation.node_update",
            target=node,
            agency=version.consultation.agency,
            changes={"version": version.number, **changes},
        )
    return node


@transaction.atomic
def node_add(
    *,
    actor: User,
    version: Version,
    kind: str,
    data: dict,
    parent: Node | None = None,
    after: Node | None = None,
) -> Node:
    """A new chapter or article, under ``parent`` (a chapter), right after ``after`` (one of its
    children) or at its end. Without ``same_as`` it gets a new identity."""
    consultation = version.consultation
    _require(actor, "content.edit", consultation.agency)
    _require_editable(version)
    if kind not in (NodeKind.CHAPTER, NodeKind.ARTICLE):
        raise ValidationError({"kind": _("Choose a chapter or an article.")})
    for other in (parent, after):
        if other is not None and other.version_id != version.pk:
            raise ValidationError(_("That place is not in this version."))
    if parent is not None and parent.kind != NodeKind.CHAPTER:
        raise ValidationError({"parent": _("Articles and chapters go inside a chapter.")})
    if after is not None and after.parent_id != (parent.pk if parent else None):
        parent = after.parent
    cleaned = _clean_node(version=version, kind=kind, data=data)
    node = Node.objects.create(
        version=version,
        kind=kind,
        parent=parent,
        position=version.nodes.count(),
        **cleaned,
    )
    children = _children(version)
    siblings = children.setdefault(node.parent_id, [])
    siblings.remove(node)
    index = siblings.index(after) + 1 if after is not None and after in siblings else len(siblings)
    siblings.insert(index, node)
    _reflow(version, children)
    audit_record(
        actor=actor,
        verb="consultation.node_add",
        target=node,
        agency=consultation.agency,
        changes={"version": version.number, "kind": kind, "number": node.number},
    )
    return node


@transaction.atomic
def node_remove(*, actor: User, node: Node) -> None:
    """Remove a chapter (its contents move up to its place) or an article."""
    version = node.version
    agency = version.consultation.agency
    _require(actor, "content.edit", agency)
    _require_editable(version)
    children = _children(version)
    siblings = children.get(node.parent_id, [])
    index = siblings.index(node)
    moved = children.pop(node.pk, [])
    for child in moved:
        child.parent_id = node.parent_id
    siblings[index : index + 1] = moved
    label = str(node)
    Node.objects.filter(pk__in=[c.pk for c in moved]).update(parent=node.parent_id)
    try:
        node.delete()
    except ProtectedError:
        raise ValidationError(_("Comments were made on this part; it cannot be removed.")) from None
    _reflow(version, children)
    audit_record(
        actor=actor,
        verb="consultation.node_remove",
        target=version.consultation,
        changes={"version": version.number, "node": label, "key": str(node.key)},
    )


@transaction.atomic
def node_move(*, actor: User, node: Node, direction: str) -> Node:
    """Move a chapter or article one place up or down among its siblings (keys stay)."""
    version = node.version
    _require(actor, "content.edit", version.consultation.agency)
    _require_editable(version)
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose up or down."))
    children = _children(version)
    siblings = children.get(node.parent_id, [])
    index = siblings.index(node)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        raise ValidationError(_("It is already at that end."))
    siblings[index], siblings[other] = siblings[other], siblings[index]
    _reflow(version, children)
    audit_record(
        actor=actor,
        verb="consultation.node_move",
        target=node,
        agency=version.consultation.agency,
        changes={"version": version.number, "direction": direction},
    )
    node.refresh_from_db()
    return node


def _one_after_another(articles: list[Node]) -> list[int]:
    """Numbers for the articles (in document order) one after the other, from the lowest the
    version uses: 1 for a whole text, 12 for an extract starting at article 12."""
    numbers = [a.number for a in articles if a.number is not None]
    start = min(numbers) if numbers else 1
    return list(range(start, start + len(articles)))


def _labels_in_order(articles: list[Node]) -> list[int]:
    """The numbers the articles already use, lowest first: given in document order, they put
    the labels in order and keep any gap (an extract of articles 12, 15 and 20)."""
    return sorted(a.number or 0 for a in articles)


def _renumber_articles(
    version: Version, numbering: Callable[[list[Node]], list[int]] = _one_after_another
) -> dict[int, int]:
    """Articles given the numbers of ``numbering`` (one after the other by default) in
    document order; returns the numbers that changed (old → new)."""
    articles = list(version.nodes.filter(kind=NodeKind.ARTICLE).order_by("position"))
    changed: dict[int, int] = {}
    updated: list[Node] = []
    for article, number in zip(articles, numbering(articles), strict=True):
        if article.number != number:
            changed[article.number or 0] = number
            article.number = number
            updated.append(article)
    Node.objects.bulk_update(updated, ["number"])
    return changed


@transaction.atomic
def articles_renumber(*, actor: User, version: Version) -> dict[int, int]:
    """Put a draft's article labels back in document order after articles were added (they
    get the next free number) or moved up and down (they keep theirs): the numbers in use are
    given out again, lowest first, so gaps stay. Returns the numbers that changed; comments
    follow the articles, whose keys stay."""
    _require(actor, "content.edit", version.consultation.agency)
    _require_editable(version)
    changed = _renumber_articles(version, _labels_in_order)
    if changed:
        audit_record(
            actor=actor,
            verb="consultation.articles_renumber",
            target=version.consultation,
            changes={
                "version": version.number,
                "renumbered": {str(old): new for old, new in changed.items()},
            },
        )
    return changed


@transaction.atomic
def node_move_to(
    *,
    actor: User,
    node: Node,
    parent: Node | None,
    after: Node | None = None,
    first: bool = False,
    renumber: bool = True,
) -> Node:
    """Move a chapter or an article, with everything under it, into ``parent`` (a chapter of
    the same version; None: the top level of the text): first in it, right after ``after`` (one
    of its children), or at its end. The key stays, so comments and the comparison between
    versions follow it. With ``renumber``, the version's articles are then numbered one after
    the other in their new order, as the labels ("Article 3") are read in document order."""
    version = node.version
    _require(actor, "content.edit", version.consultation.agency)
    _require_editable(version)
    if node.kind not in (NodeKind.CHAPTER, NodeKind.ARTICLE):
        raise ValidationError(_("A paragraph moves with its article."), code="kind")
    for other in (parent, after):
        if other is not None and other.version_id != version.pk:
            raise ValidationError(_("That place is not in this version."), code="version")
    if parent is not None and parent.kind != NodeKind.CHAPTER:
        if node.kind == NodeKind.CHAPTER:
            raise ValidationError(_("A chapter cannot be moved into an article."), code="inside")
        raise ValidationError(
            _("Articles go inside a chapter, not inside an article."), code="inside"
        )
    children = _children(version)
    by_pk = {n.pk: n for group in children.values() for n in group}
    moving = by_pk[node.pk]
    ancestor = parent.pk if parent is not None else None
    while ancestor is not None:
        if ancestor == moving.pk:
            raise ValidationError(
                _("A part cannot be moved into itself or into a part inside it."), code="inside"
            )
        ancestor = by_pk[ancestor].parent_id
    target_id = parent.pk if parent is not None else None
    if after is not None and by_pk[after.pk].parent_id != target_id:
        raise ValidationError(_("That place is not inside the chosen chapter."), code="place")
    if after is not None and after.pk == moving.pk:
        raise ValidationError(_("It is already at that place."), code="same")
    before = {p: [n.pk for n in group] for p, group in children.items()}
    from_id = moving.parent_id
    children[from_id].remove(moving)
    targets = children.setdefault(target_id, [])
    if first:
        index = 0
    elif after is not None:
        index = targets.index(by_pk[after.pk]) + 1
    else:
        index = len(targets)
    targets.insert(index, moving)
    moving.parent_id = target_id
    if {p: [n.pk for n in group] for p, group in children.items() if group} == {
        p: pks for p, pks in before.items() if pks
    }:
        raise ValidationError(_("It is already at that place."), code="same")
    _reflow(version, children)
    renumbered = _renumber_articles(version) if renumber else {}
    audit_record(
        actor=actor,
        verb="consultation.node_move",
        target=node,
        agency=version.consultation.agency,
        changes={
            "version": version.number,
            "from": str(by_pk[from_id]) if from_id else None,
            "into": str(parent) if parent is not None else None,
            "index": index,
            "renumbered": {str(old): new for old, new in renumbered.items()},
        },
    )
    node.refresh_from_db()
    return node


@transaction.atomic
def version_publish(
    *,
    actor: User,
    consultation: Consultation,
    version: Version,
    note_ar: str = "",
    note_en: str = "",
) -> Version:
    """Publish a version: it becomes the consultation's current text (and, the first time, the
    consulted one) and can no longer change."""
    _require(actor, "content.publish", consultation.agency)
    if version.consultation_id != consultation.pk:
        raise PermissionDenied(_("Your role in this agency does not allow this."))
    if version.published_at is not None:
        raise ValidationError(_("This version is already published."))
    if not version.nodes.filter(kind=NodeKind.ARTICLE).exists():
        raise ValidationError(_("A version without articles cannot be published."))
    later = consultation.versions.filter(number__gt=version.number, published_at__isnull=False)
    if later.exists():
        raise ValidationError(_("A later version is already published."))
    version.published_at = timezone.now()
    version.note_ar, version.note_en = (note_ar or "").strip(), (note_en or "").strip()
    version.save(update_fields=["published_at", "note_ar", "note_en"])
    consultation.current_version = version
    fields = ["current_version", "updated_at"]
    if consultation.consulted_version_id is None:
        consultation.consulted_version = version
        fields.append("consulted_version")
    consultation.save(update_fields=fields)
    audit_record(
        actor=actor,
        verb="consultation.version_publish",
        target=consultation,
        changes={
            "version": version.number,
            "consulted_version": consultation.consulted_version.number
            if consultation.consulted_version
            else None,
        },
    )
    return version
