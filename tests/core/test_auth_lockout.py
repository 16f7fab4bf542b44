"""django-axes locks an account after repeated failed sign-ins through allauth's own form."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F

from tests.factories import PASSWORD, UserFactory

LOGIN = "/en/accounts/login/"


@pytest.fixture(autouse=True)
def _three_attempts(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


@pytest.fixture
def sara(db):
    return UserFactory(email="sara@example.sa")


def sign_in(client, password, login="sara@example.sa"):
    return client.post(LOGIN, {"login": login, "password": password})


def signed_in(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def test_failures_below_the_limit_show_the_form_error(client, sara):
    response = sign_in(client, "wrong-password")

    assert response.status_code == 400
    assert "The email address and/or password you specified are not correct." in (
        response.content.decode()
    )
    assert AccessAttempt.objects.get().username == "sara@example.sa"


def test_account_is_locked_after_the_limit_even_for_the_right_password(client, sara):
    assert sign_in(client, "wrong-1").status_code == 400
    # Other spellings of the same address count against the same account.
    assert sign_in(client, "wrong-2", login="  SARA@Example.sa").status_code == 400

    response = sign_in(client, "wrong-3")
    assert response.status_code == 429
    page = response.content.decode()
    assert "<h1>Sign-in temporarily locked</h1>" in page
    assert "sign-in is locked for 15 minutes" in page

    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client, sara)


def test_lock_is_per_account_not_per_address(client, sara):
    other = UserFactory(email="other@example.sa")
    for attempt in range(3):
        sign_in(client, f"wrong-{attempt}")

    # Same browser, same address, another account: not affected.
    response = sign_in(client, PASSWORD, login="other@example.sa")
    assert response.status_code == 302
    assert signed_in(client, other)


def test_sign_in_works_again_after_the_cool_off(client, sara, settings):
    for attempt in range(3):
        sign_in(client, f"wrong-{attempt}")
    assert sign_in(client, PASSWORD).status_code == 429

    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )

    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client, sara)


def test_a_short_cool_off_setting_is_honoured(client, sara, settings):
    settings.AXES_COOLOFF_TIME = timedelta(seconds=2)
    for attempt in range(3):
        sign_in(client, f"wrong-{attempt}")
    assert sign_in(client, PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=3))

    assert sign_in(client, PASSWORD).status_code == 302


def test_successful_sign_in_resets_the_counter(client, sara):
    sign_in(client, "wrong-1")
    sign_in(client, "wrong-2")
    assert sign_in(client, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.exists()
    client.post("/en/accounts/logout/")

    # Two more failures would have made four; after the reset they are only two.
    assert sign_in(client, "wrong-3").status_code == 400
    assert sign_in(client, "wrong-4").status_code == 400
    assert sign_in(client, PASSWORD).status_code == 302
    assert signed_in(client, sara)


def test_admin_sign_in_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/login/?next=%2Fadmin%2F")
