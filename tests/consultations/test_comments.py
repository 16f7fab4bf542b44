"""Commenting with a stance: what is taken, and every refusal with nothing half-saved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from musharaka.consultations.comments import comment_submit
from musharaka.consultations.models import Comment, Consultation, Phase, Stance
from musharaka.core.models import ParticipantType, Representation, RepresentationStatus
from musharaka.participation.models import Contribution
from tests.consultations.lifecycle_helpers import (
    articles,
    make_consultation,
    publish_text,
    rules_of,
)
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def represent(user, agency, kind=ParticipantType.AGENCY, status=RepresentationStatus.CONFIRMED):
    return Representation.objects.create(
        user=user,
        agency=agency,
        kind=kind,
        job_title="مدير",
        status=status,
        decided_at=timezone.now(),
    )


def send(user, c, **kwargs):
    kwargs.setdefault("body", "أقترح توضيح هذه المادة.")
    kwargs.setdefault("stance", Stance.SUPPORT)
    return comment_submit(actor=user, consultation=c, accepted_rules=rules_of(c), **kwargs)


def test_a_citizen_comments_on_an_article(agency, citizen):
    c = make_consultation(agency, phase=Phase.OPEN)
    node = articles(c)[1]
    comment = send(citizen, c, node=node, stance=Stance.OBJECT)
    assert comment.node == node and comment.article_key == node.key
    assert comment.participant_type == ParticipantType.CITIZEN
    assert comment.version == c.current_version
    assert comment.contribution.extra == {"stance": "object"}
    assert comment.contribution.target_id == str(node.pk)


def test_a_representative_comments_on_behalf_of_their_agency(agency, citizen):
    theirs = AgencyFactory()
    represent(citizen, theirs)
    c = make_consultation(agency, phase=Phase.OPEN, audience="both", invited_agencies=[theirs])
    comment = send(citizen, c, on_behalf_of=theirs, stance=Stance.AMEND, amendment="نص بديل")
    assert comment.on_behalf_of == theirs
    assert comment.participant_type == ParticipantType.AGENCY
    assert comment.invited is True
    assert comment.amendment == "نص بديل"


@pytest.mark.parametrize("phase", [p for p in Phase.values if p != Phase.OPEN])
def test_refused_unless_open(agency, citizen, phase):
    c = make_consultation(agency, phase=phase)
    if phase == Phase.DRAFT:
        publish_text(c)
    with pytest.raises(PermissionDenied):
        send(citizen, c)
    assert not Contribution.objects.exists() and not Comment.objects.exists()


def test_refused_after_the_period_even_before_the_task_closes_it(agency, citizen):
    c = make_consultation(agency, phase=Phase.OPEN)
    Consultation.objects.filter(pk=c.pk).update(closes_at=timezone.now())
    c.refresh_from_db()
    with pytest.raises(PermissionDenied):
        send(citizen, c)
    assert not Contribution.objects.exists()


def test_refused_on_an_article_of_an_old_version(agency, citizen):
    c = make_consultation(agency, phase=Phase.OPEN)
    old = articles(c)[0]
    v2 = publish_text(c, number=2)
    Consultation.objects.filter(pk=c.pk).update(current_version=v2)
    c.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        send(citizen, c, node=old)
    assert "node" in error.value.message_dict
    assert not Contribution.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"stance": "love"}, "stance"),
        ({"stance": Stance.AMEND, "amendment": "   "}, "amendment"),
    ],
)
def test_refused_bad_stance_or_empty_amendment(agency, citizen, kwargs, field):
    c = make_consultation(agency, phase=Phase.OPEN)
    with pytest.raises(ValidationError) as error:
        send(citizen, c, **kwargs)
    assert field in error.value.message_dict
    assert not Contribution.objects.exists()


@pytest.mark.parametrize(
    "status", [RepresentationStatus.PENDING, RepresentationStatus.REJECTED, None]
)
def test_refused_on_behalf_of_an_agency_not_confirmed(agency, citizen, status):
    theirs = AgencyFactory()
    if status:
        represent(citizen, theirs, status=status)
    c = make_consultation(agency, phase=Phase.OPEN)
    with pytest.raises(ValidationError) as error:
        send(citizen, c, on_behalf_of=theirs)
    assert "on_behalf_of" in error.value.message_dict
    assert not Contribution.objects.exists()


def test_invited_only_refuses_others(agency, citizen):
    invited, other = AgencyFactory(), AgencyFactory()
    c = make_consultation(agency, phase=Phase.OPEN, audience="invited", invited_agencies=[invited])
    with pytest.raises(PermissionDenied):
        send(citizen, c)
    represent(citizen, other)
    with pytest.raises(PermissionDenied):
        send(citizen, c, on_behalf_of=other)
    assert not Contribution.objects.exists()
    rep = UserFactory()
    represent(rep, invited)
    assert send(rep, c).invited is True


def test_the_pipeline_refusal_leaves_nothing(agency, citizen):
    c = make_consultation(agency, phase=Phase.OPEN)
    with pytest.raises(ValidationError):
        send(citizen, c, body="   ")
    assert not Comment.objects.exists() and not Contribution.objects.exists()


def test_whole_draft_comment_has_no_article(agency, citizen):
    c = make_consultation(agency, phase=Phase.OPEN)
    comment = send(citizen, c, stance=Stance.QUESTION)
    assert comment.node is None and comment.article_key is None
    assert comment.contribution.target_type == ""
