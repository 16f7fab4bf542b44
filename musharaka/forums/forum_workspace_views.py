"""Placeholder until this module is written (forums work in progress)."""

from django.http import HttpResponse


def forum_list(request, *args, **kwargs):
    return HttpResponse(status=501)


def forum_create(request, *args, **kwargs):
    return HttpResponse(status=501)


def forum_edit(request, *args, **kwargs):
    return HttpResponse(status=501)
