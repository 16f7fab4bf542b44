"""Placeholder until this module is written (forums work in progress)."""

from django.http import HttpResponse


def blog_index(request, *args, **kwargs):
    return HttpResponse(status=501)


def agency_blog(request, *args, **kwargs):
    return HttpResponse(status=501)


def post_detail(request, *args, **kwargs):
    return HttpResponse(status=501)


def post_image(request, *args, **kwargs):
    return HttpResponse(status=501)


class PlatformRssFeed:
    def __call__(self, request, *args, **kwargs):
        return HttpResponse(status=501)


PlatformAtomFeed = AgencyRssFeed = AgencyAtomFeed = PlatformRssFeed
