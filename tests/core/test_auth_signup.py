"""Registration: the form, the Saudi mobile number, and email verification before sign-in."""

import re

import pytest
from allauth.account.models import EmailAddress
from django import forms

from musharaka.core.forms import normalise_saudi_mobile
from musharaka.core.models import User
from tests.factories import UserFactory

PASSWORD = "Qasr-Al-Masmak-1865"


def signup_data(**overrides) -> dict:
    data = {
        "email": "huda@example.sa",
        "full_name": "Huda Al-Harbi",
        "phone": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def confirmation_path(message) -> str:
    """The verification link in a mail, as a path the test client can open."""
    match = re.search(r"https?://testserver(/\S*/confirm-email/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.parametrize(
    "typed",
    [
        "0501234567",
        "050 123 4567",
        "050-123-4567",
        "501234567",
        "+966501234567",
        "+966 50 123 4567",
        "966501234567",
        "00966501234567",
        "00966 50 123 4567",
        "+966 (0)50 123 4567",
        "٠٥٠١٢٣٤٥٦٧",
        "٠٥٠ ١٢٣ ٤٥٦٧",
        "+٩٦٦٥٠١٢٣٤٥٦٧",
        "۰۵۰۱۲۳۴۵۶۷",
        "\u200f0501234567\u200f",
        "\u00a0050\u00a0123\u00a04567 ",
    ],
)
def test_common_forms_of_a_saudi_mobile_are_stored_the_same_way(typed):
    assert normalise_saudi_mobile(typed) == "+966501234567"


@pytest.mark.parametrize(
    "typed",
    [
        "0112345678",  # a Riyadh landline
        "05012345",  # too short
        "05012345678",  # too long
        "+971501234567",  # United Arab Emirates
        "0501234567x",
        "+",
        "phone",
    ],
)
def test_other_numbers_are_refused(typed):
    with pytest.raises(forms.ValidationError):
        normalise_saudi_mobile(typed)


@pytest.mark.django_db
def test_registration_stores_name_and_normalised_mobile(client, mailoutbox):
    response = client.post("/en/accounts/signup/", signup_data(phone="٠٥٠ ١٢٣ ٤٥٦٧"))

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    user = User.objects.get(email="huda@example.sa")
    assert user.full_name == "Huda Al-Harbi"
    assert user.phone == "+966501234567"
    assert user.language == "en"
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_mobile_is_optional(client):
    response = client.post("/en/accounts/signup/", signup_data())

    assert response.status_code == 302
    assert User.objects.get(email="huda@example.sa").phone == ""


@pytest.mark.django_db
def test_wrong_mobile_gets_a_clear_error_and_the_form_keeps_what_was_typed(client, mailoutbox):
    response = client.post("/en/accounts/signup/", signup_data(phone="0112345678"))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a Saudi mobile number such as 05XXXXXXXX or +9665XXXXXXXX." in page
    assert 'value="huda@example.sa"' in page
    assert 'value="Huda Al-Harbi"' in page
    assert 'value="0112345678"' in page
    assert not User.objects.exists()
    assert mailoutbox == []


@pytest.mark.django_db
def test_registering_a_taken_email_reveals_nothing_and_warns_the_owner(client, mailoutbox):
    UserFactory(email="huda@example.sa", full_name="Huda Al-Harbi")
    response = client.post("/en/accounts/signup/", signup_data(full_name="Someone Else"))

    # Same answer as a fresh registration, so the form cannot be used to probe who is
    # registered; the owner is told by mail instead, and nothing about the account changes.
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert list(User.objects.values_list("full_name", flat=True)) == ["Huda Al-Harbi"]
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["huda@example.sa"]
    assert mailoutbox[0].subject == "[Musharaka] Account Already Exists"


@pytest.mark.django_db
def test_whole_flow_register_verify_then_sign_in(client, mailoutbox):
    client.post("/en/accounts/signup/", signup_data(email="Huda@Example.SA"))
    user = User.objects.get(email__iexact="huda@example.sa")

    # Not verified yet: the right password does not sign in; the page says to verify.
    response = client.post(
        "/en/accounts/login/", {"login": "huda@example.sa", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Verify Your Email Address" in page

    # The mail, in English because the person registered in English, carries the link.
    message = mailoutbox[0]
    assert message.to == ["huda@example.sa"]
    assert message.subject == "[Musharaka] Please Confirm Your Email Address"
    assert "Hello from Musharaka!" in message.body
    link = confirmation_path(message)
    assert link.startswith("/en/accounts/confirm-email/")

    # Following the link shows the confirmation; confirming verifies the address.
    page = client.get(link)
    assert page.status_code == 200
    assert "huda@example.sa" in page.content.decode()
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    response = client.post(
        "/en/accounts/login/", {"login": "huda@example.sa", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_a_forged_confirmation_link_verifies_nothing(client, mailoutbox):
    client.post("/en/accounts/signup/", signup_data())
    link = confirmation_path(mailoutbox[0])

    response = client.post(link[:-3] + "xx/")

    assert response.status_code in {200, 404}
    assert not EmailAddress.objects.filter(verified=True).exists()


@pytest.mark.django_db
def test_verification_mail_follows_the_language_of_registration(client, mailoutbox):
    client.post("/en/accounts/signup/", signup_data(email="english@example.sa"))
    client.post("/accounts/signup/", signup_data(email="arabic@example.sa"))

    english, arabic = mailoutbox
    assert User.objects.get(email="english@example.sa").language == "en"
    assert User.objects.get(email="arabic@example.sa").language == "ar"
    assert confirmation_path(english).startswith("/en/")
    assert confirmation_path(arabic).startswith("/accounts/confirm-email/")
    # allauth ships an Arabic translation of this subject; the Arabic mail must not be English.
    assert english.subject == "[Musharaka] Please Confirm Your Email Address"
    assert "Please Confirm Your Email Address" not in arabic.subject
