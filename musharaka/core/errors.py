"""Translated error pages; nothing here may fail, since they render when something else has."""

from django.shortcuts import render


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    """No context processors: the database or a template may be what failed."""
    from django.http import HttpResponseServerError
    from django.template import loader

    template = loader.get_template("errors/500.html")
    return HttpResponseServerError(template.render({"request": None}))


def csrf_failure(request, reason=""):
    """An expired or missing form token: say what to do, in the reader's language."""
    return render(request, "errors/csrf.html", status=403)
