"""Placeholder until this module is written (forums work in progress)."""

from django.http import HttpResponse


def post_list(request, *args, **kwargs):
    return HttpResponse(status=501)


def post_create(request, *args, **kwargs):
    return HttpResponse(status=501)


def post_edit(request, *args, **kwargs):
    return HttpResponse(status=501)


def post_image_add(request, *args, **kwargs):
    return HttpResponse(status=501)


def post_publish(request, *args, **kwargs):
    return HttpResponse(status=501)


def post_preview(request, *args, **kwargs):
    return HttpResponse(status=501)


def categories(request, *args, **kwargs):
    return HttpResponse(status=501)
