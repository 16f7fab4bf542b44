from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from musharaka.core import auth
from musharaka.core import views as core_views
from musharaka.core.admin_site import restrict_admin_to_platform_admins

restrict_admin_to_platform_admins(admin.site)
# The admin signs in through allauth too, so its lockout and TOTP step apply there as well.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    # Only agency logos are public media. Attachments and exports are served by views that
    # check access and force a download; they must never be reachable here.
    path("media/agency-logos/<path:path>", core_views.agency_logo, name="agency_logo"),
]
urlpatterns += i18n_patterns(
    path("", include("musharaka.core.urls")),
    # TOTP enrolment that brings staff back to the workspace page they were heading for.
    path("accounts/2fa/totp/activate/", auth.activate_totp, name="mfa_activate_totp"),
    path("accounts/2fa/recovery-codes/", auth.view_recovery_codes, name="mfa_view_recovery_codes"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("musharaka.core.account_urls")),
    path("notifications/", include("musharaka.notifications.urls")),
    # Participation pages under their full paths (agencies/<slug>/moderation/, participation/…).
    path("", include("musharaka.participation.urls")),
    path("", include("musharaka.announcements.urls")),
    path("", include("musharaka.consultations.urls")),
    path("", include("musharaka.polls.urls")),
    path("", include("musharaka.contact.urls")),
    path("", include("musharaka.forums.urls")),
    path("workspace/", include("musharaka.core.workspace_urls")),
    prefix_default_language=False,
)

handler400 = "musharaka.core.errors.bad_request"
handler403 = "musharaka.core.errors.permission_denied"
handler404 = "musharaka.core.errors.page_not_found"
handler500 = "musharaka.core.errors.server_error"
