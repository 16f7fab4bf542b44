import pytest
from django.core.management import CommandError, call_command

from musharaka.core.audit import chain_verify
from musharaka.core.models import Agency, Membership, Representation, Role, User


@pytest.mark.django_db
def test_demo_refused_without_debug_or_explicit_request(settings):
    settings.DEBUG = False
    settings.MUSHARAKA_DEMO = False
    with pytest.raises(CommandError):
        call_command("demo_load")
    assert not Agency.objects.exists()


@pytest.mark.django_db
def test_demo_tells_the_seed_story(settings):
    settings.MUSHARAKA_DEMO = True
    call_command("demo_load")
    assert Agency.objects.filter(slug="yesser").exists()
    assert Agency.objects.count() >= 6
    for agency in Agency.objects.all():
        roles = set(Membership.objects.filter(agency=agency).values_list("role", flat=True))
        assert roles == set(Role.values), agency.slug
    assert Representation.objects.filter(agency__isnull=False).count() == 200
    assert User.objects.filter(is_superuser=True).count() == 1
    assert list(chain_verify()) == []


@pytest.mark.django_db
def test_demo_is_loaded_once(settings):
    settings.MUSHARAKA_DEMO = True
    call_command("demo_load", if_empty=True)
    users = User.objects.count()
    call_command("demo_load", if_empty=True)
    assert User.objects.count() == users
