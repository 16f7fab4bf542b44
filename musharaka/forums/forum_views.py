"""Placeholder until this module is written (forums work in progress)."""

from django.http import HttpResponse


def forum_index(request, *args, **kwargs):
    return HttpResponse(status=501)


def forum_detail(request, *args, **kwargs):
    return HttpResponse(status=501)


def topic_new(request, *args, **kwargs):
    return HttpResponse(status=501)


def topic_detail(request, *args, **kwargs):
    return HttpResponse(status=501)


def topic_follow(request, *args, **kwargs):
    return HttpResponse(status=501)


def topic_moderate(request, *args, **kwargs):
    return HttpResponse(status=501)


def topic_answer(request, *args, **kwargs):
    return HttpResponse(status=501)


def topic_to_request(request, *args, **kwargs):
    return HttpResponse(status=501)


def topic_link(request, *args, **kwargs):
    return HttpResponse(status=501)
