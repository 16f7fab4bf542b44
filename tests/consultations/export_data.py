"""A consultation with articles, two versions and answered comments, made straight with the ORM
(the exports only read, so they need data, not the services that write it)."""

from django.utils import timezone

from musharaka.consultations.comments import review_position
from musharaka.consultations.models import (
    Answer,
    Comment,
    Consultation,
    Kind,
    Node,
    NodeKind,
    Phase,
    Stance,
    Version,
)
from musharaka.core.models import ParticipantType
from musharaka.participation.models import Contribution, Space, Status
from tests.factories import AgencyFactory, UserFactory

TITLE_AR = "مسودة الدليل الإرشادي للمشاركة الإلكترونية الحكومية"
TITLE_EN = "Draft Guideline for Government E-Participation"
COMMENT_AR = "نقترح إضافة تعريف واضح للمشاركة الإلكترونية يشمل القنوات الرقمية كافة."
RESPONSE_AR = "شكرًا لكم، أضفنا التعريف في المادة الأولى."


def make_consultation(agency, *, comments: int = 6, published_outcome: bool = True):
    owner = UserFactory()
    now = timezone.now()
    consultation = Consultation.objects.create(
        agency=agency,
        slug="e-participation-guideline",
        title_ar=TITLE_AR,
        title_en=TITLE_EN,
        summary_ar="ملخص المسودة",
        summary_en="Summary of the draft",
        kind=Kind.GUIDELINE,
        owner=owner,
        phase=Phase.OUTCOME_PUBLISHED if published_outcome else Phase.UNDER_REVIEW,
        opens_at=now - timezone.timedelta(days=40),
        closes_at=now - timezone.timedelta(days=10),
        closed_at=now - timezone.timedelta(days=10),
        outcome_published_at=now if published_outcome else None,
        outcome_summary_ar="عدّلنا التعريفات بناءً على المرئيات.",
        outcome_summary_en="We revised the definitions following the comments.",
    )
    v1 = Version.objects.create(consultation=consultation, number=1, published_at=now)
    v2 = Version.objects.create(consultation=consultation, number=2, published_at=now)
    articles = []
    for number in (1, 2, 3):
        node = Node.objects.create(
            version=v1,
            kind=NodeKind.ARTICLE,
            position=number,
            number=number,
            heading_ar=f"عنوان المادة {number}",
            heading_en=f"Heading {number}",
            body_ar=f"نص المادة {number} في المسودة.",
            body_en=f"Text of article {number} in the draft.",
        )
        Node.objects.create(
            version=v2,
            key=node.key,
            kind=NodeKind.ARTICLE,
            position=number,
            number=number,
            heading_ar=node.heading_ar,
            heading_en=node.heading_en,
            body_ar=node.body_ar + (" نص معدّل." if number == 1 else ""),
            body_en=node.body_en + (" Revised." if number == 1 else ""),
        )
        articles.append(node)
    Consultation.objects.filter(pk=consultation.pk).update(consulted_version=v1, current_version=v2)
    consultation.refresh_from_db()
    space = Space.objects.create(
        agency=agency,
        channel="consultations",
        owner_type="consultations.consultation",
        owner_id=str(consultation.pk),
        title_ar=TITLE_AR,
    )
    representing = AgencyFactory(name_ar="وزارة الصحة", name_en="Ministry of Health")
    author = UserFactory()
    stances = list(Stance.values)
    for i in range(comments):
        node = articles[i % 3]
        contribution = Contribution.objects.create(
            space=space,
            agency=agency,
            author=author,
            body=COMMENT_AR if i == 0 else f"تعليق رقم {i}",
            status=Status.PUBLISHED,
            published_at=now,
        )
        answered = i % 2 == 0
        Comment.objects.create(
            contribution=contribution,
            consultation=consultation,
            version=v1,
            node=node,
            article_key=node.key,
            position=review_position(node),
            stance=stances[i % len(stances)],
            participant_type=ParticipantType.AGENCY if i % 3 == 0 else ParticipantType.CITIZEN,
            on_behalf_of=representing if i % 3 == 0 else None,
            answer=Answer.ACCEPTED if answered else "",
            response_ar=RESPONSE_AR if answered else "",
            response_en="Thank you; we added the definition." if answered else "",
            answered_at=now if answered else None,
        )
    return consultation
