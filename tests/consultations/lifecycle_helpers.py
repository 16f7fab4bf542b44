"""Consultations in each phase, with a published text, for the lifecycle, comments, public and
workspace tests."""

from datetime import timedelta

from django.utils import timezone

from musharaka.consultations import services
from musharaka.consultations.models import (
    Consultation,
    Kind,
    Node,
    NodeKind,
    Phase,
    Version,
)
from musharaka.participation.selectors import current_rules, space_for
from tests.conftest import make_staff


def publish_text(consultation: Consultation, *, articles: int = 3, number: int = 1) -> Version:
    """A published version: one chapter holding ``articles`` articles."""
    version = Version.objects.create(
        consultation=consultation, number=number, published_at=timezone.now()
    )
    chapter = Node.objects.create(
        version=version,
        kind=NodeKind.CHAPTER,
        position=0,
        number=1,
        heading_ar="الأحكام العامة",
        heading_en="General provisions",
    )
    for i in range(1, articles + 1):
        Node.objects.create(
            version=version,
            parent=chapter,
            kind=NodeKind.ARTICLE,
            position=i,
            number=i,
            heading_ar=f"عنوان المادة {i}",
            heading_en=f"Heading of article {i}",
            body_ar=f"نص المادة رقم {i} من المسودة.",
            body_en=f"Text of draft article {i}.",
        )
    return version


def make_consultation(agency, *, editor=None, phase: str = Phase.DRAFT, **fields) -> Consultation:
    """A consultation walked through the services up to ``phase``."""
    editor = editor or make_staff(agency, "manager", totp=False)
    now = timezone.now()
    data = {
        "title_ar": "مسودة دليل المشاركة الإلكترونية",
        "title_en": "Draft e-participation guideline",
        "summary_ar": "ملخص المسودة",
        "summary_en": "Summary of the draft",
        "kind": Kind.GUIDELINE,
        "sectors": "health, education",
        "audience": "public",
        "owner": editor,
        "team": [],
        "invited_agencies": [],
        "opens_at": now + timedelta(days=1),
        "closes_at": now + timedelta(days=31),
        **fields,
    }
    consultation = services.consultation_create(actor=editor, agency=agency, data=data)
    if phase == Phase.DRAFT:
        return consultation
    publish_text(consultation)
    services.consultation_schedule(actor=editor, consultation=consultation)
    if phase == Phase.SCHEDULED:
        return consultation
    services.consultation_open(actor=editor, consultation=consultation)
    if phase == Phase.OPEN:
        return consultation
    services.consultation_close(actor=editor, consultation=consultation, reason_ar="سبب")
    if phase == Phase.CLOSED:
        return consultation
    services.consultation_start_review(actor=editor, consultation=consultation)
    if phase == Phase.UNDER_REVIEW:
        return consultation
    Consultation.objects.filter(pk=consultation.pk).update(
        phase=Phase.OUTCOME_PUBLISHED, outcome_published_at=timezone.now()
    )
    consultation.refresh_from_db()
    if phase == Phase.OUTCOME_PUBLISHED:
        return consultation
    services.consultation_archive(actor=editor, consultation=consultation)
    return consultation


def articles(consultation: Consultation) -> list[Node]:
    version = consultation.current_version or consultation.versions.order_by("-number").first()
    return list(Node.objects.filter(version=version, kind=NodeKind.ARTICLE).order_by("position"))


def rules_of(consultation: Consultation):
    return current_rules(agency=consultation.agency)


def space_of(consultation: Consultation):
    return space_for(owner=consultation)
