"""Placeholder until this module is written (polls work in progress)."""

from django.http import HttpResponse


def poll_list(request, *args, **kwargs):
    return HttpResponse(status=501)


def poll_create(request, *args, **kwargs):
    return HttpResponse(status=501)


def poll_edit(request, *args, **kwargs):
    return HttpResponse(status=501)


def question_add(request, *args, **kwargs):
    return HttpResponse(status=501)


def question_edit(request, *args, **kwargs):
    return HttpResponse(status=501)


def question_remove(request, *args, **kwargs):
    return HttpResponse(status=501)


def poll_publish(request, *args, **kwargs):
    return HttpResponse(status=501)


def poll_close(request, *args, **kwargs):
    return HttpResponse(status=501)


def poll_statement(request, *args, **kwargs):
    return HttpResponse(status=501)


def poll_responses(request, *args, **kwargs):
    return HttpResponse(status=501)
