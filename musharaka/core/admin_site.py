"""Django's admin stays for platform admins only; agency staff work in the workspace."""

from django.contrib.admin import AdminSite


def restrict_admin_to_platform_admins(site: AdminSite) -> None:
    site.has_permission = lambda request: bool(request.user.is_active and request.user.is_superuser)
