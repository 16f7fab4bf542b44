"""Staff must use an authenticator app (TOTP); citizens are never forced to."""

from urllib.parse import quote

from allauth.account import app_settings as account_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value

from tests.conftest import make_staff, totp_code
from tests.factories import PASSWORD, UserFactory


def sign_in_with_password(client, user):
    return client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})


def signed_in(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def code_for(secret: str) -> str:
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_staff_without_totp_is_sent_to_enrol_and_then_reaches_the_workspace(client, agency):
    staff = make_staff(agency, "editor", totp=False)
    workspace = f"/en/workspace/{agency.slug}/"
    assert sign_in_with_password(client, staff).status_code == 302
    assert signed_in(client, staff)

    response = client.get(workspace)
    assert response.status_code == 302
    enrol = f"/en/accounts/2fa/totp/activate/?next={workspace}"
    assert response["Location"] == enrol

    page = client.get(enrol)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Activate Authenticator App</h1>" in html
    assert "Staff accounts must use an authenticator app" in html
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in html  # shown for people who cannot scan the QR code

    # A wrong code is refused with a message, and nothing is enrolled.
    wrong = client.post(enrol, {"code": "000000" if code_for(secret) != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "Incorrect code." in wrong.content.decode()
    assert not Authenticator.objects.filter(user=staff).exists()

    response = client.post(enrol, {"code": code_for(secret), "next": workspace})
    assert response.status_code == 302
    codes_page = f"/en/accounts/2fa/recovery-codes/?next={quote(workspace, safe='')}"
    assert response["Location"] == codes_page
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()

    # The recovery codes are shown once, with the way on to the workspace.
    codes = client.get(response["Location"])
    assert codes.status_code == 200
    assert f'href="{workspace}"' in codes.content.decode()

    assert client.get(workspace).status_code == 200


def test_enrolment_ignores_a_next_address_on_another_site(client, agency):
    staff = make_staff(agency, totp=False)
    sign_in_with_password(client, staff)
    enrol = "/en/accounts/2fa/totp/activate/?next=https://evil.example/"
    client.get(enrol)
    secret = client.session[SECRET_SESSION_KEY]

    response = client.post(enrol, {"code": code_for(secret), "next": "https://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/recovery-codes/"
    assert "evil.example" not in client.get(response["Location"]).content.decode()


def test_staff_with_totp_is_asked_for_the_code_and_only_a_correct_one_signs_in(client, agency):
    staff = make_staff(agency, "manager")

    response = sign_in_with_password(client, staff)
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert not signed_in(client, staff)

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "<h1>Two-Factor Authentication</h1>" in page.content.decode()

    wrong = "000000" if totp_code() != "000000" else "111111"
    response = client.post("/en/accounts/2fa/authenticate/", {"code": wrong})
    assert response.status_code == 400
    assert "Incorrect code." in response.content.decode()
    assert not signed_in(client, staff)
    assert client.get(f"/en/workspace/{agency.slug}/").status_code == 302

    response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code()})
    assert response.status_code == 302
    assert signed_in(client, staff)
    assert client.get(f"/en/workspace/{agency.slug}/").status_code == 200


def test_a_password_alone_never_opens_the_workspace_for_enrolled_staff(client, agency):
    staff = make_staff(agency, "moderator")
    sign_in_with_password(client, staff)

    response = client.get(f"/en/workspace/{agency.slug}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_citizen_is_not_asked_to_enrol(client, agency):
    citizen = UserFactory()
    response = sign_in_with_password(client, citizen)
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert signed_in(client, citizen)

    # Not staff: no detour to enrolment, just the normal refusal for someone else's workspace.
    assert client.get(f"/en/workspace/{agency.slug}/").status_code == 404
    assert client.get("/en/").status_code == 200
    assert not Authenticator.objects.filter(user=citizen).exists()


def test_enrolment_long_after_sign_in_asks_for_the_password_again(client, agency):
    staff = make_staff(agency, totp=False)
    sign_in_with_password(client, staff)
    session = client.session
    records = session["account_authentication_methods"]
    for record in records:
        record["at"] -= account_settings.REAUTHENTICATION_TIMEOUT + 1
    session["account_authentication_methods"] = records
    session.save()

    response = client.get("/en/accounts/2fa/totp/activate/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/reauthenticate/")


def test_removing_an_existing_authenticator_asks_for_the_password_again(client, agency):
    staff = make_staff(agency)
    sign_in_with_password(client, staff)
    client.post("/en/accounts/2fa/authenticate/", {"code": totp_code()})
    assert signed_in(client, staff)

    response = client.get("/en/accounts/2fa/totp/deactivate/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/reauthenticate/")
