"""Downloads of a consultation: the comment-response matrix (XLSX) and the outcome report (PDF).

Both are reads, so they live beside the selectors rather than in services. Small consultations
are built inline for a direct download; large ones (``inline_limit()``) are built by the tasks in
``tasks.py`` into default storage at a path that names the data's state (``export_path``), so a
file that exists is current and nothing has to record it.
"""

import hashlib
import io
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Count, F, Max, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from musharaka.consultations.models import (
    Answer,
    Comment,
    Consultation,
    Node,
    NodeKind,
    Phase,
    Stance,
    Version,
)
from musharaka.core.bilingual import localized
from musharaka.core.exports import export_language, font_faces, pdf_bytes
from musharaka.core.models import Agency, ParticipantType
from musharaka.participation.models import Status

MATRIX = "matrix"
OUTCOME = "outcome"
EXTENSIONS = {MATRIX: "xlsx", OUTCOME: "pdf"}
CONTENT_TYPES = {
    MATRIX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    OUTCOME: "application/pdf",
}
CHUNK = 2000
RESPONSES_PER_ARTICLE = 8
AGENCIES_IN_STATISTICS = 15


def article_label(
    *, kind: str | None, number: int | None, heading: str = "", language: str = "ar"
) -> str:
    """ "المادة 3" / "Article 3"; a chapter by its heading; no node: the whole draft."""
    with translation.override(language):
        if kind is None:
            return _("The whole draft")
        if kind == NodeKind.ARTICLE and number is not None:
            return _("Article %(number)s") % {"number": number}
        if kind == NodeKind.CHAPTER:
            return heading or (_("Chapter %(number)s") % {"number": number or ""}).strip()
        return heading or str(number or "")


# --- State and storage ---------------------------------------------------------------------


def comment_count(*, consultation: Consultation) -> int:
    return Comment.objects.filter(consultation=consultation).count()


def data_signature(*, consultation: Consultation) -> str:
    """A short hash of everything an export shows; it changes whenever a comment arrives, is
    moderated, edited or answered, or the consultation itself changes."""
    state = Comment.objects.filter(consultation=consultation).aggregate(
        count=Count("id"),
        last=Max("id"),
        answered=Max("answered_at"),
        answers=Count("id", filter=~Q(answer="")),
        published=Count("id", filter=Q(contribution__status=Status.PUBLISHED)),
        edited=Max("contribution__edited_at"),
        moderated=Max("contribution__decisions__id"),
    )
    consultation.refresh_from_db(fields=["updated_at", "phase"])
    parts = [consultation.updated_at.isoformat(), consultation.phase]
    parts += [str(state[k]) for k in sorted(state)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def export_directory(*, consultation: Consultation) -> str:
    return f"exports/consultations/{consultation.pk}"


def export_path(*, consultation: Consultation, kind: str, language: str, signature: str) -> str:
    """Where this export of this state of the data lives in default storage."""
    name = f"{consultation.slug}-{kind}-{language}-{signature}.{EXTENSIONS[kind]}"
    return f"{export_directory(consultation=consultation)}/{name}"


def download_name(*, consultation: Consultation, kind: str, language: str) -> str:
    return f"{consultation.slug}-{kind}-{language}.{EXTENSIONS[kind]}"


def stored_export(*, consultation: Consultation, kind: str, language: str) -> str | None:
    """The path of the current stored export, if a task has built it."""
    signature = data_signature(consultation=consultation)
    path = export_path(consultation=consultation, kind=kind, language=language, signature=signature)
    return path if default_storage.exists(path) else None


def _store(*, consultation: Consultation, kind: str, language: str, signature: str, source):
    """Save the file at its deterministic path and drop older states of the same export."""
    path = export_path(consultation=consultation, kind=kind, language=language, signature=signature)
    if default_storage.exists(path):
        default_storage.delete(path)
    saved = default_storage.save(path, source)
    prefix = f"{consultation.slug}-{kind}-{language}-"
    try:
        _dirs, files = default_storage.listdir(export_directory(consultation=consultation))
    except FileNotFoundError:
        files = []
    for name in files:
        other = f"{export_directory(consultation=consultation)}/{name}"
        if name.startswith(prefix) and other != saved:
            default_storage.delete(other)
    return saved


# --- The comment-response matrix -----------------------------------------------------------

MATRIX_COLUMNS = [  # (header, width)
    ("#", 8),
    ("Article", 16),
    ("Stance", 16),
    ("Participant type", 22),
    ("On behalf of", 30),
    ("Comment", 70),
    ("Proposed text", 50),
    ("Decision", 16),
    ("Response (Arabic)", 60),
    ("Response (English)", 60),
    ("Status", 16),
    ("Received", 17),
]


def _matrix_headers(language: str) -> list[str]:
    with translation.override(language):
        labels = {
            "#": "#",
            "Article": _("Article"),
            "Stance": _("Stance"),
            "Participant type": _("Participant type"),
            "On behalf of": _("On behalf of"),
            "Comment": _("Comment"),
            "Proposed text": _("Proposed text"),
            "Decision": _("Decision"),
            "Response (Arabic)": _("Response (Arabic)"),
            "Response (English)": _("Response (English)"),
            "Status": _("Status"),
            "Received": _("Received"),
        }
        return [labels[name] for name, _width in MATRIX_COLUMNS]


def matrix_comments(*, consultation: Consultation) -> QuerySet:
    """Every comment the team has to account for (withdrawn ones left out), in text order,
    as plain tuples: one query, however many comments."""
    return (
        Comment.objects.filter(consultation=consultation)
        .exclude(contribution__status=Status.WITHDRAWN)
        .order_by(F("node__position").asc(nulls_first=True), "id")
        .values_list(
            "id",
            "node__kind",
            "node__number",
            "node__heading_ar",
            "node__heading_en",
            "stance",
            "participant_type",
            "on_behalf_of__name_ar",
            "on_behalf_of__name_en",
            "contribution__body",
            "amendment",
            "answer",
            "response_ar",
            "response_en",
            "contribution__status",
            "contribution__created_at",
        )
    )


def matrix_write(*, consultation: Consultation, language: str, output) -> int:
    """Write the matrix to ``output`` (a path or a binary file); returns the number of rows.

    ``constant_memory`` streams rows to disk, so memory stays flat at 100,000 comments; the
    formula and URL guesses are off so a comment starting with "=" stays text."""
    language = export_language(language)
    workbook = xlsxwriter.Workbook(
        output,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    with translation.override(language):
        title = str(localized(consultation, "title", language))[:31]
        sheet = workbook.add_worksheet(_("Comments"))
        workbook.set_properties({"title": title, "subject": _("Comment-response matrix")})
        stances = {value: str(label) for value, label in Stance.choices}
        types = {value: str(label) for value, label in ParticipantType.choices}
        answers = {value: str(label) for value, label in Answer.choices}
        statuses = {value: str(label) for value, label in Status.choices}
        answered = _("Answered")
        labels: dict[tuple, str] = {}
    if language == "ar":
        sheet.right_to_left()
    header = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "text_wrap": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    top = workbook.add_format({"valign": "top"})
    for index, (_name, width) in enumerate(MATRIX_COLUMNS):
        wrapped = width >= 30
        sheet.set_column(index, index, width, wrap if wrapped else top)
    sheet.write_row(0, 0, _matrix_headers(language), header)
    sheet.freeze_panes(1, 0)
    english = language == "en"
    row = 0
    for (
        pk,
        kind,
        number,
        heading_ar,
        heading_en,
        stance,
        participant_type,
        agency_ar,
        agency_en,
        body,
        amendment,
        answer,
        response_ar,
        response_en,
        status,
        created_at,
    ) in matrix_comments(consultation=consultation).iterator(chunk_size=CHUNK):
        key = (kind, number, heading_ar, heading_en)
        label = labels.get(key)
        if label is None:
            heading = (heading_en or heading_ar) if english else heading_ar
            label = article_label(kind=kind, number=number, heading=heading, language=language)
            labels[key] = label
        row += 1
        sheet.write_row(
            row,
            0,
            (
                pk,
                label,
                stances.get(stance, stance),
                types.get(participant_type, participant_type),
                ((agency_en or agency_ar) if english else agency_ar) or "",
                body,
                amendment,
                answers.get(answer, "") if answer else "",
                response_ar,
                response_en,
                answered if answer else statuses.get(status, status),
                timezone.localtime(created_at).strftime("%Y-%m-%d %H:%M"),
            ),
        )
    sheet.autofilter(0, 0, max(row, 1), len(MATRIX_COLUMNS) - 1)
    workbook.close()
    return row


def matrix_bytes(*, consultation: Consultation, language: str) -> bytes:
    buffer = io.BytesIO()
    matrix_write(consultation=consultation, language=language, output=buffer)
    return buffer.getvalue()


def matrix_store(*, consultation: Consultation, language: str) -> str:
    """Build the matrix into default storage (for the background task); returns its path."""
    language = export_language(language)
    signature = data_signature(consultation=consultation)
    with tempfile.TemporaryDirectory() as workdir:
        target = Path(workdir) / "matrix.xlsx"
        matrix_write(consultation=consultation, language=language, output=str(target))
        with target.open("rb") as handle:
            return _store(
                consultation=consultation,
                kind=MATRIX,
                language=language,
                signature=signature,
                source=File(handle),
            )


# --- The outcome report --------------------------------------------------------------------


@dataclass
class ArticleOutcome:
    key: object
    label: str
    heading: str
    text: str
    revised_text: str = ""
    changed: bool = False
    total: int = 0
    stances: list[tuple[str, int]] = field(default_factory=list)
    decisions: list[tuple[str, int]] = field(default_factory=list)
    responses: list[tuple[str, str, int]] = field(default_factory=list)


def _report_version(consultation: Consultation, which: str) -> Version | None:
    version_id = getattr(consultation, f"{which}_version_id")
    if version_id:
        return Version.objects.filter(pk=version_id).first()
    versions = consultation.versions.order_by("number")
    return versions.first() if which == "consulted" else versions.last()


def _articles(version: Version | None) -> list[Node]:
    if version is None:
        return []
    return list(version.nodes.filter(kind=NodeKind.ARTICLE).order_by("position"))


def _counted(rows, labels: dict[str, str]) -> list[tuple[str, int]]:
    return [(labels.get(value, value), n) for value, n in rows if n]


def outcome_report_context(*, consultation: Consultation, language: str) -> dict:
    """Everything the report shows, from a handful of aggregate queries (none per comment)."""
    language = export_language(language)
    published = Comment.objects.filter(
        consultation=consultation, contribution__status=Status.PUBLISHED
    )
    consulted = _report_version(consultation, "consulted")
    current = _report_version(consultation, "current")
    with translation.override(language):
        stances = {v: str(label) for v, label in Stance.choices}
        answers = {v: str(label) for v, label in Answer.choices}
        types = {v: str(label) for v, label in ParticipantType.choices}

        per_article: dict = defaultdict(lambda: {"stances": [], "decisions": [], "responses": []})
        totals: dict = defaultdict(int)
        for row in published.values("article_key", "stance").annotate(n=Count("id")):
            per_article[row["article_key"]]["stances"].append((row["stance"], row["n"]))
            totals[row["article_key"]] += row["n"]
        for row in (
            published.exclude(answer="").values("article_key", "answer").annotate(n=Count("id"))
        ):
            per_article[row["article_key"]]["decisions"].append((row["answer"], row["n"]))
        # Each article's most frequent responses (answers are often given in bulk); streamed,
        # so memory holds only what is kept however many distinct responses there are.
        responses = (
            published.exclude(answer="")
            .values_list("article_key", "answer", "response_ar", "response_en")
            .annotate(n=Count("id"))
            .order_by("article_key", "-n")
        )
        for key, answer, response_ar, response_en, n in responses.iterator(chunk_size=CHUNK):
            kept = per_article[key]["responses"]
            text = (response_en if language == "en" else response_ar) or response_ar
            if text and len(kept) < RESPONSES_PER_ARTICLE:
                kept.append((answers.get(answer, answer), text, n))

        revised = {node.key: node for node in _articles(current)} if current else {}
        english = language == "en"
        articles = []
        keys = [None] + [node.key for node in _articles(consulted)]
        nodes = {node.key: node for node in _articles(consulted)}
        for key in keys:
            if key is None and key not in per_article:
                continue
            node = nodes.get(key)
            data = per_article.get(key, {"stances": [], "decisions": [], "responses": []})
            text = str(localized(node, "body", language)) if node else ""
            new = revised.get(key)
            revised_version = bool(node and current and current != consulted)
            if revised_version and new is None:
                changed, new_text = True, _("This article was removed.")
            elif revised_version:
                changed = (new.body_ar, new.body_en) != (node.body_ar, node.body_en)
                new_text = str(localized(new, "body", language))
            else:
                changed, new_text = False, ""
            outcome = ArticleOutcome(
                key=key,
                label=article_label(
                    kind=node.kind if node else None,
                    number=node.number if node else None,
                    language=language,
                ),
                heading=str(localized(node, "heading", language)) if node else "",
                text=text,
                changed=changed,
                revised_text=new_text if changed else "",
                total=totals.get(key, 0),
                stances=_counted(sorted(data["stances"], key=lambda r: -r[1]), stances),
                decisions=_counted(sorted(data["decisions"], key=lambda r: -r[1]), answers),
                responses=data["responses"],
            )
            articles.append(outcome)

        by_type = published.values_list("participant_type").annotate(n=Count("id"))
        by_stance = published.values_list("stance").annotate(n=Count("id"))
        by_answer = published.exclude(answer="").values_list("answer").annotate(n=Count("id"))
        by_agency_rows = list(
            published.exclude(on_behalf_of=None)
            .values_list("on_behalf_of")
            .annotate(n=Count("id"))
            .order_by("-n")[:AGENCIES_IN_STATISTICS]
        )
        agencies = Agency.objects.in_bulk([pk for pk, _n in by_agency_rows])
        by_agency = [
            (str(localized(agencies[pk], "name", language)), n)
            for pk, n in by_agency_rows
            if pk in agencies
        ]
        total = sum(totals.values())
        answered = published.exclude(answer="").count()
        return {
            "consultation": consultation,
            "language": language,
            "direction": "ltr" if english else "rtl",
            "separator": "," if english else "،",
            "title": str(localized(consultation, "title", language)),
            "summary": str(localized(consultation, "summary", language)),
            "outcome_summary": str(localized(consultation, "outcome_summary", language)),
            "agency_name": str(localized(consultation.agency, "name", language)),
            "phase": dict(Phase.choices).get(consultation.phase, consultation.phase),
            "consulted": consulted,
            "current": current,
            "articles": articles,
            "total": total,
            "answered": answered,
            "unanswered": total - answered,
            "by_stance": _counted(sorted(by_stance, key=lambda r: -r[1]), stances),
            "by_type": _counted(sorted(by_type, key=lambda r: -r[1]), types),
            "by_answer": _counted(sorted(by_answer, key=lambda r: -r[1]), answers),
            "by_agency": by_agency,
            "fonts": font_faces(),
            "generated_at": timezone.now(),
        }


def outcome_html(*, consultation: Consultation, language: str) -> str:
    language = export_language(language)
    context = outcome_report_context(consultation=consultation, language=language)
    with translation.override(language):
        return render_to_string("consultations/exports/outcome_report.html", context)


def outcome_pdf_bytes(*, consultation: Consultation, language: str) -> bytes:
    return pdf_bytes(outcome_html(consultation=consultation, language=language))


def outcome_pdf_store(*, consultation: Consultation, language: str) -> str:
    """Build the report into default storage (for the background task); returns its path."""
    language = export_language(language)
    signature = data_signature(consultation=consultation)
    content = outcome_pdf_bytes(consultation=consultation, language=language)
    return _store(
        consultation=consultation,
        kind=OUTCOME,
        language=language,
        signature=signature,
        source=io.BytesIO(content),
    )
