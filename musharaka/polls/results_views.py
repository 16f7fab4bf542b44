"""Placeholder until this module is written (polls work in progress)."""

from django.http import HttpResponse


def poll_results(request, *args, **kwargs):
    return HttpResponse(status=501)
