"""Placeholder until this module is written (contact work in progress)."""

from django.http import HttpResponse


def inbox_list(request, *args, **kwargs):
    return HttpResponse(status=501)


def inbox_create(request, *args, **kwargs):
    return HttpResponse(status=501)


def inbox_edit(request, *args, **kwargs):
    return HttpResponse(status=501)


def calendar(request, *args, **kwargs):
    return HttpResponse(status=501)


def reply_templates(request, *args, **kwargs):
    return HttpResponse(status=501)


def reply_template_edit(request, *args, **kwargs):
    return HttpResponse(status=501)
