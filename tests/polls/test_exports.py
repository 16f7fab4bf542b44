"""Responses as CSV and XLSX and the results summary as PDF, read back as staff would."""

import csv
import io
import subprocess

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from musharaka.polls import exports, services
from tests.conftest import make_staff
from tests.factories import UserFactory
from tests.polls.poll_data import make_quick_poll, make_survey
from tests.polls.test_results import answer_quick, answer_survey, fresh, opt, representative

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())  # Excel then reads the Arabic as UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def sheet_of(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def url(name, poll, lang="en", agency=None):
    with translation.override(lang):
        return reverse(name, args=[(agency or poll.agency).slug, poll.pk])


def survey_with_answers(manager, **settings):
    poll = make_survey(manager, **settings)
    answer_survey(
        poll,
        UserFactory(full_name="سارة", email="sara@example.sa"),
        services_picked=(1, 3),
        ranks=(2, 1, 3),
        matrix=("7", "9"),
        number="12.5",
    )
    answer_survey(
        poll,
        representative(),
        used=2,
        services_picked=(2,),
        why='=HYPERLINK("http://evil.example")',
        short="-2+3",
    )
    return fresh(poll)


# --- CSV ------------------------------------------------------------------------------------


def test_csv_has_one_row_per_response_and_one_column_per_question(manager):
    poll = survey_with_answers(manager)
    rows = read_csv(exports.csv_bytes(poll=poll, language="en"))
    header, first, second = rows
    assert header[:6] == [
        "Response",
        "Submitted at",
        "Participant type",
        "On behalf of",
        "Name",
        "Email",
    ]
    assert header[6] == "1. هل استخدمت البوابة؟ (en)"
    assert header[12:14] == [
        "7. قيّم كل جانب (en) — التصميم (en)",
        "7. قيّم كل جانب (en) — المحتوى (en)",
    ]
    assert len(header) == 6 + 10  # nine questions, the matrix as two columns
    assert first[:3] == ["1", first[1], "Citizen"]
    assert "T" in first[1] and first[1].endswith("+03:00")  # ISO, Riyadh time
    assert first[4:6] == ["سارة", "sara@example.sa"]
    assert first[6] == "نعم (en)"
    assert first[7] == "الرخص (en) | الشكاوى (en)"
    assert first[8] == "4"
    assert first[9] == "الوضوح (en):1 | السرعة (en):2 | الخصوصية (en):3"
    assert first[10] == "12.5"
    assert first[11] == "2026-11-01"
    assert first[12:14] == ["7", "9"]
    assert first[15] == ""  # the follow-up was not shown to them
    assert second[2] == "Government agency representative"
    assert second[3]  # the agency they answered for


def test_csv_cells_that_would_run_as_formulas_are_quoted(manager):
    poll = survey_with_answers(manager)
    second = read_csv(exports.csv_bytes(poll=poll, language="en"))[2]
    assert second[15] == '\'=HYPERLINK("http://evil.example")'
    assert second[14] == "'-2+3"


def test_csv_of_an_anonymous_poll_has_no_name_email_or_agency(manager):
    poll = survey_with_answers(manager, anonymous_results=True)
    content = exports.csv_bytes(poll=poll, language="en")
    header = read_csv(content)[0]
    assert header[:4] == [
        "Response",
        "Submitted at",
        "Participant type",
        "1. هل استخدمت البوابة؟ (en)",
    ]
    assert b"sara@example.sa" not in content
    assert "سارة".encode() not in content


def test_csv_leaves_out_drafts_and_labels_answers_in_arabic(manager):
    poll = make_quick_poll(manager)
    answer_quick(poll, choice=2)
    user = UserFactory()
    question = poll.questions.get()
    draft = services.response_start(actor=user, poll=poll)
    services.response_save_page(
        actor=user, response=draft, page=1, data={f"q{question.pk}": [opt(question, 1)]}
    )
    rows = read_csv(exports.csv_bytes(poll=fresh(poll), language="ar"))
    assert len(rows) == 2
    assert rows[1][-1] == "لا"


def test_csv_queries_do_not_grow_with_responses(manager):
    def queries(poll) -> int:
        poll = fresh(poll)
        with CaptureQueriesContext(connection) as captured:
            exports.csv_bytes(poll=poll, language="ar")
        return len(captured)

    small = make_survey(manager, title_en="Small")
    answer_survey(small)
    big = make_survey(manager, title_en="Big")
    for _ in range(6):
        answer_survey(big)
    assert queries(small) == queries(big)


def test_csv_reads_responses_in_chunks(manager, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 2)
    poll = make_quick_poll(manager)
    for choice in (1, 2, 3, 1, 2):
        answer_quick(poll, choice=choice)
    rows = read_csv(exports.csv_bytes(poll=fresh(poll), language="en"))
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "4", "5"]
    assert [r[-1] for r in rows[1:]] == [
        "نعم (en)",
        "لا (en)",
        "إلى حد ما (en)",
        "نعم (en)",
        "لا (en)",
    ]


# --- XLSX -----------------------------------------------------------------------------------


def test_xlsx_is_right_to_left_in_arabic_with_numbers_as_numbers(manager):
    poll = survey_with_answers(manager)
    sheet = sheet_of(exports.xlsx_bytes(poll=poll, language="ar"))
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.sheet_view.rightToLeft is True
    assert sheet.freeze_panes == "A2"
    assert len(rows) == 3
    assert rows[1][6] == "نعم"
    assert rows[1][8] == 4 and rows[1][10] == 12.5  # numbers, not text
    assert rows[2][15] == '=HYPERLINK("http://evil.example")'
    assert sheet.cell(row=3, column=16).data_type == "s"  # text, never a formula


def test_xlsx_in_english_is_left_to_right(manager):
    poll = survey_with_answers(manager, anonymous_results=True)
    sheet = sheet_of(exports.xlsx_bytes(poll=poll, language="en"))
    assert not sheet.sheet_view.rightToLeft
    header = next(sheet.iter_rows(values_only=True))
    assert header[:3] == ("Response", "Submitted at", "Participant type")
    assert "Email" not in header and "Name" not in header


# --- PDF ------------------------------------------------------------------------------------


def test_pdf_in_arabic_extracts_in_logical_order(manager, tmp_path):
    poll = survey_with_answers(manager)
    text = pdf_text(exports.summary_pdf_bytes(poll=poll, language="ar"), tmp_path)
    assert "استطلاع عن الخدمات الرقمية" in text
    assert "هل استخدمت البوابة" in text
    assert "الرخص" in text


def test_pdf_in_english_summarises_every_question(manager, tmp_path):
    poll = survey_with_answers(manager)
    services.poll_close(actor=manager, poll=poll)
    services.poll_statement_publish(
        actor=manager, poll=fresh(poll), statement_ar="سنعمل", statement_en="We will act on it."
    )
    text = pdf_text(exports.summary_pdf_bytes(poll=fresh(poll), language="en"), tmp_path)
    assert "Survey on digital services" in text
    assert "2 people answered." in text
    assert "Average rank" in text
    assert "Median" in text
    assert "We will act on it." in text
    assert "sara@example.sa" not in text


# --- Downloads through the workspace --------------------------------------------------------


@pytest.mark.parametrize("role", ["manager", "analyst", "editor"])
def test_staff_who_may_see_responses_download_every_format(client, agency, manager, role):
    poll = survey_with_answers(manager)
    client.force_login(make_staff(agency, role))
    response = client.get(url("workspace:poll_export_csv", poll))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert len(read_csv(b"".join(response.streaming_content))) == 3
    response = client.get(url("workspace:poll_export_xlsx", poll, "ar"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert sheet_of(response.content).sheet_view.rightToLeft is True
    for lang in ("ar", "en"):
        response = client.get(url("workspace:poll_export_pdf", poll, lang))
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
        assert f"-summary-{lang}.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize("name", ["poll_export_csv", "poll_export_xlsx", "poll_export_pdf"])
def test_downloads_are_refused_to_others(client, agency, other_agency, manager, name):
    poll = make_quick_poll(manager)
    client.force_login(make_staff(agency, "moderator"))
    assert client.get(url(f"workspace:{name}", poll)).status_code == 403
    client.force_login(make_staff(other_agency, "manager"))
    assert client.get(url(f"workspace:{name}", poll)).status_code == 404
    assert client.get(url(f"workspace:{name}", poll, agency=other_agency)).status_code == 404
    client.logout()
    response = client.get(url(f"workspace:{name}", poll))
    assert response.status_code == 302 and "login" in response["Location"]


def test_large_poll_xlsx_is_built_by_the_task_and_stored(client, manager, settings):
    settings.MUSHARAKA_EXPORT_INLINE_LIMIT = 1  # the immediate task backend runs at once
    poll = make_quick_poll(manager)
    for choice in (1, 2, 3):
        answer_quick(poll, choice=choice)
    client.force_login(manager)
    response = client.get(url("workspace:poll_export_xlsx", poll, "ar"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert sheet_of(content).max_row == 4
    stored = list((settings.MEDIA_ROOT / f"exports/polls/{poll.pk}").iterdir())
    assert [p.suffix for p in stored] == [".xlsx"]
    answer_quick(poll)  # a new response: the stored file is out of date and replaced
    response = client.get(url("workspace:poll_export_xlsx", poll, "ar"))
    assert sheet_of(b"".join(response.streaming_content)).max_row == 5
    assert len(list((settings.MEDIA_ROOT / f"exports/polls/{poll.pk}").iterdir())) == 1


def test_large_poll_xlsx_waits_for_the_task(client, manager, settings):
    settings.MUSHARAKA_EXPORT_INLINE_LIMIT = 0
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    poll = make_quick_poll(manager)
    answer_quick(poll)
    client.force_login(manager)
    response = client.get(url("workspace:poll_export_xlsx", poll))
    assert response.status_code == 202
    assert response["Refresh"] == "5"
    assert "being prepared in the background" in response.content.decode()
    client.get(url("workspace:poll_export_xlsx", poll))
    # One build however often the page reloads.
    assert [r.args for r in default_task_backend.results] == [[poll.pk, "en"]]
