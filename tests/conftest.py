import uuid

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.utils import translation

from tests.factories import AgencyFactory, MembershipFactory, UserFactory

TOTP_SECRET = "JBSWY3DPEHPK3PXPTESTSECRETAAAAAA"


def totp_code(offset: int = 0) -> str:
    import time

    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30 + offset))


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    # Argon2 is slow by design; tests sign in many times. Production keeps argon2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """A request to /en/... leaves English active in the test thread after the response; every
    test starts again from the default language (Arabic)."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Each test gets an empty cache of the configured kind (Redis keys get a unique prefix,
    so parallel workers sharing one Redis never see each other's keys)."""
    cache = dict(settings.CACHES["default"])
    if "redis" in cache["BACKEND"]:
        cache["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    else:
        # A new LOCATION: LocMemCache keeps its data per location for the whole process, so
        # without it rate limits (allauth's, per address and per email) leak between tests.
        cache = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{uuid.uuid4().hex}",
        }
    settings.CACHES = {"default": cache}


@pytest.fixture
def agency(db):
    return AgencyFactory()


@pytest.fixture
def other_agency(db):
    return AgencyFactory()


@pytest.fixture
def citizen(db):
    return UserFactory()


def make_staff(agency, role="manager", *, totp=True):
    membership = MembershipFactory(agency=agency, role=role)
    if totp:
        TOTP.activate(membership.user, TOTP_SECRET)
    return membership.user


@pytest.fixture
def manager(agency):
    return make_staff(agency, "manager")


@pytest.fixture
def staff_client(client, manager):
    """A manager of ``agency`` signed in (with TOTP enrolled)."""
    client.force_login(manager)
    return client
