"""Signing in through a real OpenID Connect provider (the national SSO in production),
driven over HTTP like a browser: our continue page, the provider's login and consent pages,
the callback, and back to Musharaka signed in."""

import re
from html import unescape
from urllib.parse import urljoin

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.sessions.backends.db import SessionStore

from musharaka.core.models import User
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sso(settings, oidc_provider):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": [oidc_provider.app]}
    }
    return oidc_provider


def only_form(response: requests.Response) -> tuple[str, dict]:
    """The action and hidden fields of the single form of a page."""
    html = response.text
    forms = re.findall(r"<form\b[^>]*>.*?</form>", html, re.S)
    main_forms = [f for f in forms if "feedback" not in f]
    assert len(main_forms) == 1, html
    form = main_forms[0]
    action = re.search(r'action="([^"]*)"', form)
    fields = dict(
        re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form)
    )
    target = urljoin(response.url, unescape(action.group(1))) if action else response.url
    return target, {k: unescape(v) for k, v in fields.items()}


def start_sign_in(browser: requests.Session, base: str, sso) -> requests.Response:
    """From Musharaka's sign-in page to the provider's login page."""
    login_page = browser.get(f"{base}/en/accounts/login/")
    assert sso.app["name"] in login_page.text
    start = f"{base}/en/accounts/oidc/{sso.provider_id}/login/"
    continue_page = browser.get(start)
    assert continue_page.status_code == 200
    action, fields = only_form(continue_page)
    provider_login = browser.post(action, data=fields, timeout=10)
    assert provider_login.url.startswith(sso.issuer), provider_login.url
    assert 'name="login"' in provider_login.text
    return provider_login


def session_user_id(browser: requests.Session) -> str | None:
    key = browser.cookies.get("sessionid")
    return SessionStore(session_key=key).get("_auth_user_id") if key else None


def test_sign_in_with_the_national_sso_creates_a_verified_signed_in_account(live_server, sso):
    browser = requests.Session()
    provider_login = start_sign_in(browser, live_server.url, sso)

    action, fields = only_form(provider_login)
    consent = browser.post(
        action, data={**fields, "login": "nora@example.sa", "password": "any"}, timeout=10
    )
    assert consent.url.startswith(sso.issuer)
    action, fields = only_form(consent)
    landing = browser.post(action, data=fields, timeout=10)

    assert landing.status_code == 200
    assert landing.url == f"{live_server.url}/en/"
    user = User.objects.get(email="nora@example.sa")
    assert user.full_name == "نورة القحطاني"
    assert user.language == "en"
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    assert SocialAccount.objects.get(user=user).provider == sso.provider_id
    assert session_user_id(browser) == str(user.pk)
    assert "Sign out" in landing.text


def test_cancelling_at_the_provider_signs_nobody_in(live_server, sso):
    browser = requests.Session()
    provider_login = start_sign_in(browser, live_server.url, sso)

    abort = re.search(r'href="([^"]*/abort)"', provider_login.text)
    back = browser.get(urljoin(provider_login.url, unescape(abort.group(1))), timeout=10)

    assert back.url.startswith(live_server.url)
    assert back.status_code == 200
    assert "Login Cancelled" in back.text
    assert session_user_id(browser) is None
    assert not User.objects.exists()


def test_an_existing_local_account_is_not_taken_over_by_the_sso(live_server, sso, mailoutbox):
    """An SSO identity with the email of an existing Musharaka account does not get into that
    account (SOCIALACCOUNT_EMAIL_AUTHENTICATION is off). The page looks like any new
    registration, so it reveals nothing; the owner is told by mail."""
    UserFactory(email="owner@example.sa")
    browser = requests.Session()
    provider_login = start_sign_in(browser, live_server.url, sso)

    action, fields = only_form(provider_login)
    consent = browser.post(
        action, data={**fields, "login": "owner@example.sa", "password": "x"}, timeout=10
    )
    action, fields = only_form(consent)
    landing = browser.post(action, data=fields, timeout=10)

    assert landing.url == f"{live_server.url}/en/accounts/confirm-email/"
    assert session_user_id(browser) is None
    assert not SocialAccount.objects.exists()
    assert User.objects.filter(email="owner@example.sa").count() == 1
    assert [m.subject for m in mailoutbox if m.to == ["owner@example.sa"]] == [
        "[Musharaka] Account Already Exists"
    ]


def sign_in_through_provider(browser: requests.Session, base: str, sso, login: str):
    provider_login = start_sign_in(browser, base, sso)
    action, fields = only_form(provider_login)
    consent = browser.post(action, data={**fields, "login": login, "password": "x"}, timeout=10)
    action, fields = only_form(consent)
    return browser.post(action, data=fields, timeout=10)


def test_sso_staff_enrol_an_authenticator_without_a_password(live_server, sso):
    agency = AgencyFactory()
    browser = requests.Session()
    sign_in_through_provider(browser, live_server.url, sso, "staff@example.sa")
    staff = User.objects.get(email="staff@example.sa")
    MembershipFactory(user=staff, agency=agency)

    # They have no password to re-enter; the fresh SSO sign-in is the proof allauth wants.
    page = browser.get(f"{live_server.url}/en/workspace/{agency.slug}/", timeout=10)

    assert page.url.startswith(f"{live_server.url}/en/accounts/2fa/totp/activate/?next=")
    assert page.status_code == 200
    assert "Activate Authenticator App" in page.text
