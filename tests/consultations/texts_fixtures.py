"""Shared pieces of the text tests: a consultation and files to import."""

import io

import docx
from django.urls import reverse
from django.utils import translation

from musharaka.consultations.models import Consultation, Kind, Phase

GUIDELINE_MD = """# الباب الأول: أحكام عامة

## الفصل الأول: التعريفات

المادة الأولى: التعريفات
يقصد بالألفاظ الآتية المعاني المبينة أمامها:
1. الجهة: الجهة الحكومية.
2. المشارك: كل من يشارك.

المادة الثانية: يسري هذا الدليل على جميع الجهات الحكومية.

# الباب الثاني: المشاركة

### المادة ٣

تنشر الجهة مشروعاتها للمشاركة مدة لا تقل عن ثلاثين يوماً.
"""


def make_consultation(agency, owner, **extra) -> Consultation:
    values = {
        "agency": agency,
        "slug": "guideline",
        "title_ar": "دليل المشاركة الإلكترونية",
        "title_en": "E-participation guideline",
        "kind": Kind.GUIDELINE,
        "owner": owner,
        "phase": Phase.OPEN,
    }
    values.update(extra)
    return Consultation.objects.create(**values)


def docx_bytes(paragraphs: list[tuple[str, str | None]]) -> bytes:
    """A Word file of ``(text, style)`` paragraphs, built the way Word would save it."""
    document = docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def workspace_url(name: str, consultation, agency_slug: str | None = None, **kwargs) -> str:
    """A consultation's workspace page in English, under its own agency or under ``agency_slug``
    (to show another agency's staff get nothing)."""
    with translation.override("en"):
        return reverse(
            f"workspace:{name}",
            kwargs={
                "agency": agency_slug or consultation.agency.slug,
                "consultation": consultation.pk,
                **kwargs,
            },
        )
