"""A signed-in person's own pages beyond what allauth provides (``/account/...``)."""

from django.urls import path

from musharaka.core import views

app_name = "account"

urlpatterns = [
    path("representation/", views.account_representation, name="representation"),
]
