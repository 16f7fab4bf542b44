"""Placeholder until this module is written (polls work in progress)."""

from django.http import HttpResponse


def staff_results(request, *args, **kwargs):
    return HttpResponse(status=501)


def export_csv(request, *args, **kwargs):
    return HttpResponse(status=501)


def export_xlsx(request, *args, **kwargs):
    return HttpResponse(status=501)


def export_pdf(request, *args, **kwargs):
    return HttpResponse(status=501)
