"""Downloads of a poll's responses (CSV, XLSX) and its results summary (PDF), for staff.

One row per submitted response, one column per question (a matrix: one per row). When the poll's
results are anonymous, nothing says who answered: no name, email or agency column, only the
participant type. Responses are read in chunks of ``CHUNK`` with their answers, so memory and
the number of queries per chunk stay flat however many responses there are.

The CSV is streamed as it is written. The XLSX of a large poll (over ``inline_limit()``
responses) is built by a background task into default storage at a path naming the data's
state (``export_path``), like the consultation exports: a file that exists is current. The PDF
summary shows the cached results, so its cost does not grow with the responses.
"""

import csv
import hashlib
import io
import tempfile
from collections.abc import Iterator
from pathlib import Path

import xlsxwriter
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Count, Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from musharaka.core.bilingual import localized
from musharaka.core.exports import export_language, font_faces, pdf_bytes
from musharaka.core.models import ParticipantType
from musharaka.polls import results as poll_results
from musharaka.polls.models import (
    Answer,
    Phase,
    Poll,
    Question,
    QuestionKind,
    Response,
    ResponseStatus,
    ResultsPolicy,
)

CSV = "csv"
XLSX = "xlsx"
PDF = "pdf"
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    PDF: "application/pdf",
}
KINDS = {CSV: "responses", XLSX: "responses", PDF: "summary"}
CHUNK = 2000
JOIN = " | "
ANSWER_FIELDS = ("response_id", "question_id", "option_id", "value", "number", "date", "text")
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def download_name(*, poll: Poll, fmt: str, language: str) -> str:
    return f"{poll.slug}-{KINDS[fmt]}-{language}.{fmt}"


def safe_cell(value: str) -> str:
    """Text a spreadsheet will show, never run: a leading = + - @ gets a quote before it."""
    return "'" + value if value.startswith(FORMULA_START) else value


# --- Rows -----------------------------------------------------------------------------------


def _headers(poll: Poll, questions: list[Question], language: str) -> tuple[list[str], dict]:
    """Column titles and where each question (a matrix: each row) goes in a row."""
    with translation.override(language):
        headers = [_("Response"), _("Submitted at"), _("Participant type")]
        if not poll.anonymous_results:
            headers += [_("On behalf of"), _("Name"), _("Email")]
    slots: dict = {}
    for number, question in enumerate(questions, start=1):
        text = f"{number}. {localized(question, 'text', language)}"
        if question.kind == QuestionKind.MATRIX:
            for option in question.options.all():
                slots[(question.pk, option.pk)] = len(headers)
                headers.append(f"{text} — {localized(option, 'label', language)}")
        else:
            slots[question.pk] = len(headers)
            headers.append(text)
    return headers, slots


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _response_chunks(poll: Poll) -> Iterator[list[tuple]]:
    """Submitted responses in submission order, ``CHUNK`` at a time (keyset pagination)."""
    fields = ["id", "submitted_at", "participant_type"]
    if not poll.anonymous_results:
        fields += [
            "on_behalf_of__name_ar",
            "on_behalf_of__name_en",
            "respondent__full_name",
            "respondent__email",
        ]
    base = Response.objects.filter(poll=poll, status=ResponseStatus.SUBMITTED).order_by(
        "submitted_at", "id"
    )
    after = None
    while True:
        found = base
        if after is not None:
            found = found.filter(
                Q(submitted_at__gt=after[0]) | Q(submitted_at=after[0], id__gt=after[1])
            )
        chunk = list(found.values_list(*fields)[:CHUNK])
        if not chunk:
            return
        yield chunk
        after = (chunk[-1][1], chunk[-1][0])


def response_rows(*, poll: Poll, language: str) -> Iterator[list]:
    """The header, then one list per submitted response: numbers stay numbers, the rest text."""
    language = export_language(language)
    english = language == "en"
    questions = list(poll.questions.prefetch_related("options"))
    headers, slots = _headers(poll, questions, language)
    yield headers
    kinds = {q.pk: q.kind for q in questions}
    labels, positions = {}, {}
    for question in questions:
        for option in question.options.all():
            labels[option.pk] = str(localized(option, "label", language))
            positions[option.pk] = (option.position, option.pk)
    with translation.override(language):
        types = {value: str(label) for value, label in ParticipantType.choices}
    width = len(headers)
    number = 0
    for chunk in _response_chunks(poll):
        answers: dict[int, list[tuple]] = {}
        rows = (
            Answer.objects.filter(response_id__in=[r[0] for r in chunk], final=True)
            .order_by()
            .values_list(
                "response_id", "question_id", "option_id", "value", "number", "date", "text"
            )
        )
        for row in rows.iterator(chunk_size=CHUNK * 4):
            answers.setdefault(row[0], []).append(row)
        for response in chunk:
            number += 1
            cells: list = [None] * width
            cells[0] = number
            cells[1] = timezone.localtime(response[1]).isoformat(timespec="seconds")
            cells[2] = types.get(response[2], response[2])
            if not poll.anonymous_results:
                agency_ar, agency_en, name, email = response[3:7]
                cells[3] = ((agency_en or agency_ar) if english else agency_ar) or ""
                cells[4] = name or ""
                cells[5] = email or ""
            several: dict[int, list] = {}
            for _r, question_id, option_id, value, num, date, text in answers.get(response[0], ()):
                kind = kinds.get(question_id)
                if kind == QuestionKind.MATRIX:
                    slot = slots.get((question_id, option_id))
                    if slot is not None:
                        cells[slot] = value
                elif kind == QuestionKind.SINGLE:
                    cells[slots[question_id]] = labels.get(option_id, "")
                elif kind in (QuestionKind.MULTIPLE, QuestionKind.RANKING):
                    several.setdefault(question_id, []).append((option_id, value))
                elif kind == QuestionKind.SCALE:
                    cells[slots[question_id]] = value
                elif kind == QuestionKind.NUMBER:
                    cells[slots[question_id]] = None if num is None else _number(num)
                elif kind == QuestionKind.DATE:
                    cells[slots[question_id]] = date.isoformat() if date else None
                elif kind is not None:
                    cells[slots[question_id]] = text
            for question_id, picked in several.items():
                if kinds[question_id] == QuestionKind.RANKING:
                    picked.sort(key=lambda p: p[1] or 0)
                    text = JOIN.join(f"{labels.get(o, '')}:{rank}" for o, rank in picked)
                else:
                    picked.sort(key=lambda p: positions.get(p[0], (0, 0)))
                    text = JOIN.join(labels.get(o, "") for o, _v in picked)
                cells[slots[question_id]] = text
            yield cells


# --- CSV ------------------------------------------------------------------------------------


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_cell(value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def csv_chunks(*, poll: Poll, language: str) -> Iterator[str]:
    """The CSV as text chunks (one per chunk of responses), starting with a byte-order mark so
    Excel reads the Arabic as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    for written, row in enumerate(response_rows(poll=poll, language=language), start=1):
        writer.writerow([_csv_value(v) for v in row])
        if written % CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_bytes(*, poll: Poll, language: str) -> bytes:
    return "".join(csv_chunks(poll=poll, language=language)).encode("utf-8")


# --- XLSX -----------------------------------------------------------------------------------


def xlsx_write(*, poll: Poll, language: str, output) -> int:
    """Write the responses to ``output`` (a path or a binary file); returns the rows written.

    ``constant_memory`` streams rows to disk, so memory stays flat at 100,000 responses; the
    formula and URL guesses are off, so an answer starting with "=" stays text."""
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
        sheet = workbook.add_worksheet(_("Responses"))
        workbook.set_properties(
            {"title": str(localized(poll, "title", language))[:200], "subject": _("Responses")}
        )
    if language == "ar":
        sheet.right_to_left()
    header = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "text_wrap": True})
    rows = response_rows(poll=poll, language=language)
    headers = next(rows)
    fixed = 3 if poll.anonymous_results else 6
    for index in range(len(headers)):
        sheet.set_column(index, index, 12 if index < fixed else 24)
    sheet.write_row(0, 0, headers, header)
    sheet.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, start=1):
        sheet.write_row(count, 0, row)
    sheet.autofilter(0, 0, max(count, 1), len(headers) - 1)
    workbook.close()
    return count


def xlsx_bytes(*, poll: Poll, language: str) -> bytes:
    buffer = io.BytesIO()
    xlsx_write(poll=poll, language=language, output=buffer)
    return buffer.getvalue()


# --- Stored exports (built by a task) -------------------------------------------------------


def data_signature(*, poll: Poll) -> str:
    """A short hash of what an export shows: it changes when a response is submitted, the poll
    is edited (closing, the statement, anonymity) or a question is reworded."""
    poll.refresh_from_db(fields=["updated_at", "response_count", "anonymous_results"])
    state = Question.objects.filter(poll=poll).aggregate(n=Count("id"), revisions=Sum("revision"))
    parts = [
        poll.updated_at.isoformat(),
        str(poll.response_count),
        str(poll.anonymous_results),
        str(state["n"]),
        str(state["revisions"]),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def export_directory(*, poll: Poll) -> str:
    return f"exports/polls/{poll.pk}"


def export_path(*, poll: Poll, fmt: str, language: str, signature: str) -> str:
    name = f"{poll.slug}-{KINDS[fmt]}-{language}-{signature}.{fmt}"
    return f"{export_directory(poll=poll)}/{name}"


def stored_export(*, poll: Poll, fmt: str, language: str) -> str | None:
    """The path of the current stored export, if a task has built it."""
    signature = data_signature(poll=poll)
    path = export_path(poll=poll, fmt=fmt, language=language, signature=signature)
    return path if default_storage.exists(path) else None


def _store(*, poll: Poll, fmt: str, language: str, signature: str, source) -> str:
    """Save at the deterministic path and drop older states of the same export."""
    path = export_path(poll=poll, fmt=fmt, language=language, signature=signature)
    if default_storage.exists(path):
        default_storage.delete(path)
    saved = default_storage.save(path, source)
    prefix = f"{poll.slug}-{KINDS[fmt]}-{language}-"
    try:
        _dirs, files = default_storage.listdir(export_directory(poll=poll))
    except FileNotFoundError:
        files = []
    for name in files:
        other = f"{export_directory(poll=poll)}/{name}"
        if name.startswith(prefix) and name.endswith(f".{fmt}") and other != saved:
            default_storage.delete(other)
    return saved


def xlsx_store(*, poll: Poll, language: str) -> str:
    """Build the XLSX into default storage (for the background task); returns its path."""
    language = export_language(language)
    signature = data_signature(poll=poll)
    with tempfile.TemporaryDirectory() as workdir:
        target = Path(workdir) / "responses.xlsx"
        xlsx_write(poll=poll, language=language, output=str(target))
        with target.open("rb") as handle:
            return _store(
                poll=poll, fmt=XLSX, language=language, signature=signature, source=File(handle)
            )


# --- PDF summary ----------------------------------------------------------------------------


def summary_context(*, poll: Poll, language: str) -> dict:
    language = export_language(language)
    found = poll_results.poll_results(poll=poll, language=language)
    with translation.override(language):
        return {
            "poll": poll,
            "results": found,
            "language": language,
            "direction": "ltr" if language == "en" else "rtl",
            "title": str(localized(poll, "title", language)),
            "agency_name": str(localized(poll.agency, "name", language)),
            "statement": str(localized(poll, "statement", language)) if poll.statement_at else "",
            "phase": str(dict(Phase.choices).get(poll.phase, poll.phase)),
            "policy": str(dict(ResultsPolicy.choices).get(poll.results_policy, "")),
            "fonts": font_faces(),
            "generated_at": timezone.now(),
        }


def summary_html(*, poll: Poll, language: str) -> str:
    language = export_language(language)
    context = summary_context(poll=poll, language=language)
    with translation.override(language):
        return render_to_string("polls/results/summary_pdf.html", context)


def summary_pdf_bytes(*, poll: Poll, language: str) -> bytes:
    return pdf_bytes(summary_html(poll=poll, language=language))
