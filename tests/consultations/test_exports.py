"""The comment-response matrix (XLSX) and the outcome report (PDF), read back as a user would."""

import io
import subprocess

import openpyxl
import pytest
from django.core.files.storage import default_storage

from musharaka.consultations import exports
from musharaka.consultations.models import Comment
from tests.consultations.export_data import (
    COMMENT_AR,
    RESPONSE_AR,
    TITLE_AR,
    TITLE_EN,
    make_consultation,
)

pytestmark = pytest.mark.django_db


def _sheet(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_matrix_has_one_row_per_comment_right_to_left_in_arabic(agency):
    consultation = make_consultation(agency, comments=7)
    sheet = _sheet(exports.matrix_bytes(consultation=consultation, language="ar"))
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 7
    assert sheet.sheet_view.rightToLeft is True
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    texts = [row[5] for row in rows[1:]]
    assert COMMENT_AR in texts  # Arabic text intact
    assert RESPONSE_AR in [row[8] for row in rows[1:]]


def test_matrix_in_english_labels_articles_stances_and_agencies(agency):
    consultation = make_consultation(agency, comments=3)
    sheet = _sheet(exports.matrix_bytes(consultation=consultation, language="en"))
    rows = list(sheet.iter_rows(values_only=True))
    assert not sheet.sheet_view.rightToLeft
    assert rows[0][:6] == ("#", "Article", "Stance", "Participant type", "On behalf of", "Comment")
    first = rows[1]
    assert first[1] == "Article 1"
    assert first[2] == "Support"
    assert first[3] == "Government agency representative"
    assert first[4] == "Ministry of Health"
    assert first[7] == "Accepted"
    assert first[9] == "Thank you; we added the definition."
    assert first[10] == "Answered"
    assert [row[1] for row in rows[1:]] == ["Article 1", "Article 2", "Article 3"]


def test_matrix_keeps_formula_like_comments_as_text(agency):
    consultation = make_consultation(agency, comments=1)
    comment = Comment.objects.get(consultation=consultation)
    comment.contribution.body = '=HYPERLINK("http://evil.example","x")'
    comment.contribution.save()
    sheet = _sheet(exports.matrix_bytes(consultation=consultation, language="en"))
    cell = sheet.cell(row=2, column=6)
    assert cell.value == '=HYPERLINK("http://evil.example","x")'
    assert cell.data_type == "s"


def test_matrix_leaves_out_withdrawn_comments(agency):
    consultation = make_consultation(agency, comments=3)
    comment = Comment.objects.filter(consultation=consultation).first()
    comment.contribution.status = "withdrawn"
    comment.contribution.save()
    rows = list(_sheet(exports.matrix_bytes(consultation=consultation, language="en")).iter_rows())
    assert len(rows) == 1 + 2


def test_matrix_query_count_does_not_grow_with_comments(agency, django_assert_max_num_queries):
    consultation = make_consultation(agency, comments=30)
    with django_assert_max_num_queries(3):
        exports.matrix_bytes(consultation=consultation, language="ar")


def test_pdf_in_arabic_extracts_the_title_in_logical_order(agency, tmp_path):
    consultation = make_consultation(agency)
    text = _pdf_text(exports.outcome_pdf_bytes(consultation=consultation, language="ar"), tmp_path)
    assert TITLE_AR in text
    # pdftotext sets combining marks (shadda, tanween) apart; the letters stay in order.
    assert "عدلنا التعريفات" in text  # the outcome summary
    assert "وزارة الصحة" in text  # statistics by agency


def test_pdf_in_english_shows_articles_statistics_and_changes(agency, tmp_path):
    consultation = make_consultation(agency, comments=6)
    text = _pdf_text(exports.outcome_pdf_bytes(consultation=consultation, language="en"), tmp_path)
    assert TITLE_EN in text
    assert "6 comments were received" in text
    assert "Article 1: Heading 1" in text
    assert "Thank you; we added the definition." in text
    assert "Change made" in text and "Revised." in text
    assert "Ministry of Health" in text


def test_outcome_context_counts_only_published_comments(agency):
    consultation = make_consultation(agency, comments=6)
    hidden = Comment.objects.filter(consultation=consultation).first()
    hidden.contribution.status = "hidden"
    hidden.contribution.save()
    context = exports.outcome_report_context(consultation=consultation, language="en")
    assert context["total"] == 5
    assert sum(a.total for a in context["articles"]) == 5
    assert [a.changed for a in context["articles"]] == [True, False, False]


def test_stored_export_path_changes_when_a_comment_is_answered(agency):
    consultation = make_consultation(agency, comments=2)
    path = exports.matrix_store(consultation=consultation, language="ar")
    assert default_storage.exists(path)
    assert exports.stored_export(consultation=consultation, kind="matrix", language="ar") == path
    Comment.objects.filter(consultation=consultation, answer="").update(answer="noted")
    assert exports.stored_export(consultation=consultation, kind="matrix", language="ar") is None
    newer = exports.matrix_store(consultation=consultation, language="ar")
    assert newer != path
    assert not default_storage.exists(path)  # the stale file is removed
