"""Glue between django-allauth, django-axes and Musharaka's user model.

Kept here so that ``settings.py`` only names these hooks: the account adapter (emails carry the
platform's name; no second password prompt right after signing in to enrol TOTP), the social
adapter (the national SSO fills in the full name), the username django-axes counts failures
against, the two TOTP enrolment pages that return staff to the workspace page they were heading
for, and the middleware that gives allauth's refused forms a 400. See docs/auth.md.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.utils import get_next_redirect_url
from allauth.core import context as allauth_context
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.views import ViewRecoveryCodesView
from allauth.mfa.totp.views import ActivateTOTPView
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The account a sign-in attempt is for, as django-axes should count it.

    allauth calls ``authenticate(request, email=..., password=...)`` while its form posts
    ``login``, and Django's admin posts ``username``; look in all of them. Lower-cased and
    stripped, so that ``Ali@Example.sa `` and ``ali@example.sa`` share one failure counter.
    """
    value = None
    for key in ("email", "login", "username"):
        if credentials and credentials.get(key):
            value = credentials[key]
            break
    if value is None and request is not None:
        data = getattr(request, "POST", None) or {}
        value = data.get("login") or data.get("username")
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


@dataclass(frozen=True)
class _PlatformSite:
    """What allauth's email templates read from ``current_site``."""

    name: str
    domain: str


# The ways of signing in that prove who someone is as well as re-entering the password does.
_FULL_SIGN_IN_METHODS = {"password", "socialaccount"}


class AccountAdapter(DefaultAccountAdapter):
    """Emails say "Musharaka" instead of the bare host name, and staff are not asked for their
    password twice in a row when they are sent to enrol an authenticator.

    Emails are rendered in the language active for the request that sends them (the language the
    person is using at that moment), which is also what signup stores in ``User.language``.
    """

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """allauth asks for the password again before any authenticator page, even seconds after
        sign-in, so staff sent to enrol would type it twice in a row. A full sign-in within the
        re-authentication window counts as that proof for authenticators added since it (the
        enrolment and the recovery codes it produces); an authenticator that existed before
        this sign-in still needs the password again to be changed or removed."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = allauth_context.request
        user = getattr(request, "user", None)
        if app != "allauth.mfa" or user is None or not user.is_authenticated:
            return True
        sign_ins = [
            record.get("at", 0)
            for record in get_authentication_records(request, user)
            if record.get("method") in _FULL_SIGN_IN_METHODS
        ]
        if not sign_ins or time.time() - max(sign_ins) >= account_settings.REAUTHENTICATION_TIMEOUT:
            return True
        signed_in_at = datetime.fromtimestamp(max(sign_ins), tz=UTC)
        return Authenticator.objects.filter(user=user, created_at__lt=signed_in_at).exists()

    def _platform_name(self) -> str:
        return str(settings.MUSHARAKA_PLATFORM_NAME)

    def format_email_subject(self, subject: str) -> str:
        return f"[{self._platform_name()}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        domain = request.get_host() if request is not None else ""
        context = {"current_site": _PlatformSite(self._platform_name(), domain), **context}
        super().send_mail(template_prefix, email, context)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """People arriving through an OpenID Connect provider get their full name from it."""

    def populate_user(self, request: HttpRequest, sociallogin, data: dict):
        user = super().populate_user(request, sociallogin, data)
        name = (data.get("name") or "").strip()
        if not name:
            name = " ".join(p for p in (data.get("first_name"), data.get("last_name")) if p)
        user.full_name = name[:150]
        user.language = (get_language() or settings.LANGUAGE_CODE)[:2]
        return user


def _with_next(url: str, next_url: str | None) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class StaffActivateTOTPView(ActivateTOTPView):
    """allauth's TOTP enrolment, but it keeps the ``next`` page the staff member was sent from
    (``StaffTwoFactorMiddleware`` adds it) and hands it on to the recovery-codes page."""

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["next_url"] = get_next_redirect_url(self.request)
        return context

    def get_success_url(self) -> str:
        next_url = get_next_redirect_url(self.request)
        if self.did_generate_recovery_codes:
            return _with_next(reverse("mfa_view_recovery_codes"), next_url)
        return next_url or reverse("mfa_index")


class StaffViewRecoveryCodesView(ViewRecoveryCodesView):
    """Shows the new recovery codes with a link on to the page the staff member wanted."""

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["next_url"] = get_next_redirect_url(self.request)
        return context


activate_totp = StaffActivateTOTPView.as_view()
view_recovery_codes = StaffViewRecoveryCodesView.as_view()


class FormErrorStatusMiddleware:
    """allauth answers a form with errors with 200; Musharaka's rule is a 4xx for bad input
    (so that scripts, tests and monitoring can tell a refused form from a page view). Applies to
    allauth's pages only; the lockout page keeps its 429."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        match = getattr(request, "resolver_match", None)
        module = getattr(getattr(match, "func", None), "__module__", "") or ""
        form = (response.context_data or {}).get("form")
        if (
            request.method == "POST"
            and response.status_code == 200
            and (module.startswith("allauth.") or module == __name__)
            and getattr(form, "is_bound", False)
            and form.errors
        ):
            response.status_code = 400
        return response
