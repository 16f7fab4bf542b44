"""Consultations with a published version, articles and comments, made straight with the ORM
and the participation services: shared by the review and outcome tests."""

import random
from datetime import timedelta

from django.utils import timezone

from musharaka.consultations.comments import review_position
from musharaka.consultations.models import (
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
from musharaka.participation.models import Contribution, Status
from musharaka.participation.selectors import current_rules
from musharaka.participation.services import contribution_submit, space_get_or_create
from tests.conftest import make_staff
from tests.factories import UserFactory


def make_consultation(
    agency,
    *,
    owner=None,
    phase: str = Phase.UNDER_REVIEW,
    articles: int = 3,
    slug: str = "draft-guideline",
    **fields,
) -> Consultation:
    owner = owner or make_staff(agency, "editor")
    now = timezone.now()
    consultation = Consultation.objects.create(
        agency=agency,
        slug=slug,
        title_ar="مسودة دليل المشاركة الإلكترونية",
        title_en="Draft e-participation guideline",
        kind=Kind.GUIDELINE,
        owner=owner,
        phase=phase,
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=10),
        closed_at=now - timedelta(days=10) if phase != Phase.OPEN else None,
        outcome_due_at=now + timedelta(weeks=11),
        **fields,
    )
    version = Version.objects.create(consultation=consultation, number=1, published_at=now)
    chapter = Node.objects.create(
        version=version,
        kind=NodeKind.CHAPTER,
        position=0,
        heading_ar="الفصل الأول",
        heading_en="Chapter one",
    )
    for i in range(1, articles + 1):
        Node.objects.create(
            version=version,
            parent=chapter,
            kind=NodeKind.ARTICLE,
            position=i,
            number=i,
            heading_ar=f"عنوان المادة {i}",
            heading_en=f"Heading {i}",
            body_ar=f"تلتزم الجهة بنشر المسودة لمدة ثلاثين يوما في المادة {i}.",
            body_en=f"The agency publishes the draft for thirty days under article {i}.",
        )
    consultation.consulted_version = version
    consultation.current_version = version
    consultation.save()
    return consultation


def articles_of(consultation: Consultation, version: Version | None = None) -> list[Node]:
    version = version or consultation.consulted_version
    return list(version.nodes.filter(kind=NodeKind.ARTICLE).order_by("position"))


def add_version(consultation: Consultation, *, changes: dict[int, str]) -> Version:
    """Version 2: the same articles (same keys), with the Arabic body of some replaced."""
    old = consultation.current_version
    new = Version.objects.create(
        consultation=consultation, number=old.number + 1, published_at=timezone.now()
    )
    parents: dict[int, Node] = {}
    for node in old.nodes.order_by("position"):
        copy = Node.objects.create(
            version=new,
            key=node.key,
            parent=parents.get(node.parent_id),
            kind=node.kind,
            position=node.position,
            number=node.number,
            heading_ar=node.heading_ar,
            heading_en=node.heading_en,
            body_ar=changes.get(node.number, node.body_ar)
            if node.kind == NodeKind.ARTICLE
            else node.body_ar,
            body_en=node.body_en,
        )
        parents[node.pk] = copy
    consultation.current_version = new
    consultation.save(update_fields=["current_version"])
    return new


_counter = iter(range(1, 10**9))
_WORDS = [
    "الشفافية",
    "المساءلة",
    "التعريف",
    "الصياغة",
    "المدة",
    "النطاق",
    "الجهات",
    "البيانات",
    "الخصوصية",
    "المنصة",
    "التقارير",
    "الإفصاح",
    "الاستبيان",
    "المواطن",
    "القطاع",
    "الخاص",
    "الجامعات",
    "الوزارة",
    "الهيئة",
    "اللائحة",
]


def _body(n: int) -> str:
    """A text no earlier one is close to (the pipeline refuses near-duplicates)."""
    return " ".join(random.Random(n).sample(_WORDS, 7))


def add_comment(
    consultation: Consultation,
    node: Node | None = None,
    *,
    author=None,
    stance: str = Stance.SUPPORT,
    participant_type: str = ParticipantType.CITIZEN,
    on_behalf_of=None,
    status: str = Status.PUBLISHED,
    body: str | None = None,
    amendment: str = "",
) -> Comment:
    """A comment as the lifecycle's comment service would leave it: a contribution through the
    participation pipeline, and its consultation side."""
    author = author or UserFactory()
    space = space_get_or_create(
        agency=consultation.agency,
        channel="consultations",
        owner=consultation,
        title_ar=consultation.title_ar,
        title_en=consultation.title_en,
    )
    n = next(_counter)
    contribution = contribution_submit(
        actor=author,
        space=space,
        body=body or _body(n),
        target=node,
        accepted_rules=current_rules(agency=consultation.agency),
    )
    if contribution.status != status:
        Contribution.objects.filter(pk=contribution.pk).update(
            status=status,
            published_at=timezone.now() if status == Status.PUBLISHED else None,
        )
        contribution.refresh_from_db()
    return Comment.objects.create(
        contribution=contribution,
        consultation=consultation,
        version=node.version if node else consultation.consulted_version,
        node=node,
        article_key=node.key if node else None,
        position=review_position(node),
        stance=stance,
        amendment=amendment,
        participant_type=participant_type,
        on_behalf_of=on_behalf_of,
    )
