"""Placeholder until this module is written (contact work in progress)."""

from django.http import HttpResponse


def dashboard(request, *args, **kwargs):
    return HttpResponse(status=501)


def dashboard_xlsx(request, *args, **kwargs):
    return HttpResponse(status=501)
