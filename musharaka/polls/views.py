"""Placeholder until this module is written (polls work in progress)."""

from django.http import HttpResponse


def poll_index(request, *args, **kwargs):
    return HttpResponse(status=501)


def agency_polls(request, *args, **kwargs):
    return HttpResponse(status=501)


def poll_detail(request, *args, **kwargs):
    return HttpResponse(status=501)
