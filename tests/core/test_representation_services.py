"""representation_declare and representation_decide: who may claim and decide what."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from musharaka.core.models import AuditEvent, Representation, RepresentationStatus, Role
from musharaka.core.services import representation_decide, representation_declare
from tests.conftest import make_staff
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_organisation_claim_never_carries_an_agency(citizen, agency):
    rep = representation_declare(
        user=citizen, kind="private", agency=agency, organisation_name="Acme", job_title="CEO"
    )
    assert rep.agency is None
    # A pending organisation claim does not block a claim on an agency, nor the reverse.
    representation_declare(user=citizen, kind="agency", agency=agency, job_title="Adviser")
    assert Representation.objects.filter(user=citizen).count() == 2


def test_a_confirmed_representative_cannot_claim_the_same_agency_again(citizen, agency):
    rep = representation_declare(user=citizen, kind="agency", agency=agency)
    representation_decide(actor=make_staff(agency), representation=rep, confirm=True)

    with translation.override("en"), pytest.raises(ValidationError, match="already a confirmed"):
        representation_declare(user=citizen, kind="agency", agency=agency)
    assert Representation.objects.filter(user=citizen).count() == 1


def test_a_rejected_claim_may_be_made_again(citizen, agency):
    rep = representation_declare(user=citizen, kind="agency", agency=agency)
    representation_decide(actor=make_staff(agency), representation=rep, confirm=False)
    again = representation_declare(user=citizen, kind="agency", agency=agency)
    assert again.status == RepresentationStatus.PENDING


@pytest.mark.parametrize("kind", ["citizen", "government", ""])
def test_unknown_kinds_are_refused(citizen, kind):
    with pytest.raises(ValidationError):
        representation_declare(user=citizen, kind=kind, organisation_name="X")
    assert not Representation.objects.exists()


def test_an_inactive_agency_cannot_be_claimed(citizen):
    with pytest.raises(ValidationError):
        representation_declare(user=citizen, kind="agency", agency=AgencyFactory(is_active=False))


def test_only_that_agencys_manager_decides_an_agency_claim(citizen, agency, other_agency):
    rep = representation_declare(user=citizen, kind="agency", agency=agency)
    for outsider in (make_staff(other_agency, Role.MANAGER), make_staff(agency, Role.EDITOR)):
        with pytest.raises(PermissionDenied):
            representation_decide(actor=outsider, representation=rep, confirm=True)
    rep.refresh_from_db()
    assert rep.status == RepresentationStatus.PENDING


def test_only_platform_admins_decide_organisation_claims(citizen, agency):
    rep = representation_declare(user=citizen, kind="academic", organisation_name="KAUST")
    with pytest.raises(PermissionDenied):
        representation_decide(
            actor=make_staff(agency, Role.MANAGER), representation=rep, confirm=True
        )

    admin = UserFactory(is_superuser=True, is_staff=True)
    representation_decide(actor=admin, representation=rep, confirm=True)
    rep.refresh_from_db()
    assert rep.status == RepresentationStatus.CONFIRMED
    assert AuditEvent.objects.get(verb="representation.confirm").actor == admin
