"""Placeholder until this module is written (contact work in progress)."""

from django.http import HttpResponse


def queue(request, *args, **kwargs):
    return HttpResponse(status=501)


def request_detail(request, *args, **kwargs):
    return HttpResponse(status=501)


def request_assign(request, *args, **kwargs):
    return HttpResponse(status=501)


def request_start(request, *args, **kwargs):
    return HttpResponse(status=501)


def request_note(request, *args, **kwargs):
    return HttpResponse(status=501)


def request_answer(request, *args, **kwargs):
    return HttpResponse(status=501)


def request_ask(request, *args, **kwargs):
    return HttpResponse(status=501)


def request_close(request, *args, **kwargs):
    return HttpResponse(status=501)


def request_merge(request, *args, **kwargs):
    return HttpResponse(status=501)


def request_transfer(request, *args, **kwargs):
    return HttpResponse(status=501)


def answer_publish(request, *args, **kwargs):
    return HttpResponse(status=501)


def attachment_download(request, *args, **kwargs):
    return HttpResponse(status=501)
