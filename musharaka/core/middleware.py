from django.shortcuts import redirect
from django.urls import reverse

from musharaka.core.audit import current_ip
from musharaka.core.selectors import user_needs_two_factor


class AuditContextMiddleware:
    """Makes the client address available to ``audit_record`` for this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(request.META.get("REMOTE_ADDR"))
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
