"""Citizens' pages of direct communication (inside i18n_patterns, at the site root)."""

from django.urls import path

from musharaka.contact import views

app_name = "contact"

urlpatterns = [
    path("contact/", views.contact_index, name="index"),
    path("contact/<slug:agency_slug>/", views.agency_inboxes, name="agency"),
    path("contact/<slug:agency_slug>/questions/", views.public_answers, name="qa"),
    path("contact/<slug:agency_slug>/<slug:inbox_slug>/new/", views.request_new, name="new"),
    path("requests/", views.my_requests, name="mine"),
    path("requests/<str:number>/", views.request_detail, name="request"),
    path("requests/<str:number>/reply/", views.request_reply, name="reply"),
    path("requests/<str:number>/reopen/", views.request_reopen, name="reopen"),
    path("requests/<str:number>/rate/", views.request_rate, name="rate"),
    path(
        "requests/<str:number>/files/<int:attachment>/",
        views.attachment_download,
        name="attachment",
    ),
]
