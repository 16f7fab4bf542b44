"""Staff pages for consultations, under /workspace/<agency>/consultations/ (``workspace`` namespace)."""

from django.urls import path  # noqa: F401  (helpers append their paths below)

urlpatterns: list = []
