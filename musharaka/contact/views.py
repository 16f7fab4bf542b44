"""Placeholder until this module is written (contact work in progress)."""

from django.http import HttpResponse


def contact_index(request, *args, **kwargs):
    return HttpResponse(status=501)


def agency_inboxes(request, *args, **kwargs):
    return HttpResponse(status=501)


def public_answers(request, *args, **kwargs):
    return HttpResponse(status=501)


def request_new(request, *args, **kwargs):
    return HttpResponse(status=501)


def my_requests(request, *args, **kwargs):
    return HttpResponse(status=501)


def request_detail(request, *args, **kwargs):
    return HttpResponse(status=501)


def request_reply(request, *args, **kwargs):
    return HttpResponse(status=501)


def request_reopen(request, *args, **kwargs):
    return HttpResponse(status=501)


def request_rate(request, *args, **kwargs):
    return HttpResponse(status=501)


def attachment_download(request, *args, **kwargs):
    return HttpResponse(status=501)
