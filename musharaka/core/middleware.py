from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from musharaka.core.audit import current_ip
from musharaka.core.selectors import user_needs_two_factor


def client_ip(request) -> str | None:
    """The citizen's address. Behind N trusted proxies (MUSHARAKA_TRUSTED_PROXIES=N) it is the
    N-th address from the right of X-Forwarded-For; anything further left is client-supplied
    and could be forged."""
    proxies = settings.MUSHARAKA_TRUSTED_PROXIES
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


class AuditContextMiddleware:
    """Makes the client address available to ``audit_record`` for this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class StaffTwoFactorMiddleware:
    """Staff must enrol TOTP before any workspace page; they are sent to enrol first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if (
            (path.startswith("/admin/") or "/workspace/" in path)
            and request.user.is_authenticated
            and user_needs_two_factor(user=request.user)
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?next={path}")
        return self.get_response(request)
