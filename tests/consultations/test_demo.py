"""The demo tells the consultation story end to end, through the services."""

import pytest
from django.core.management import call_command

from musharaka.consultations.models import Comment, Consultation, NodeKind, Phase, Stance
from musharaka.participation.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.MUSHARAKA_DEMO = True
    call_command("demo_load", verbosity=0)


def test_demo_consultations(demo):
    guideline = Consultation.objects.get(agency__slug="yesser", slug="e-participation-guideline")
    assert guideline.phase == Phase.OPEN
    assert guideline.title_en == "Draft Guideline for Government E-Participation"
    articles = guideline.current_version.nodes.filter(kind=NodeKind.ARTICLE)
    assert articles.count() >= 12
    assert not articles.filter(body_en="").exists()
    received = Comment.objects.filter(consultation=guideline)
    assert received.count() >= 150
    assert received.filter(contribution__status=Status.PUBLISHED).count() >= 150
    assert set(received.values_list("stance", flat=True)) == set(Stance.values)
    assert received.exclude(on_behalf_of=None).count() == received.count()
    assert received.filter(node=None).exists()  # some on the whole draft

    policy = Consultation.objects.get(agency__slug="yesser", slug="social-media-policy")
    assert policy.phase == Phase.OUTCOME_PUBLISHED
    assert policy.outcome_published_at is not None
    assert policy.versions.count() == 2
    assert policy.current_version.number == 2 and policy.consulted_version.number == 1
    assert not Comment.objects.filter(consultation=policy, answer="").exists()

    scheduled = Consultation.objects.get(agency__slug="moh", slug="telehealth-regulation")
    assert scheduled.phase == Phase.SCHEDULED


def test_demo_outcome_pdf_is_public(demo, client):
    response = client.get("/en/consultations/yesser/social-media-policy/outcome.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
