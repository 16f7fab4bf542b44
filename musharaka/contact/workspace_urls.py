"""Staff pages of direct communication (names: workspace:contact_*), under
/workspace/<agency>/contact/."""

from django.urls import path

from musharaka.contact import dashboard_views, settings_views, workspace_views

urlpatterns = [
    path("", workspace_views.queue, name="contact_queue"),
    path("<int:pk>/", workspace_views.request_detail, name="contact_request"),
    path("<int:pk>/assign/", workspace_views.request_assign, name="contact_assign"),
    path("<int:pk>/start/", workspace_views.request_start, name="contact_start"),
    path("<int:pk>/note/", workspace_views.request_note, name="contact_note"),
    path("<int:pk>/answer/", workspace_views.request_answer, name="contact_answer"),
    path("<int:pk>/ask/", workspace_views.request_ask, name="contact_ask"),
    path("<int:pk>/close/", workspace_views.request_close, name="contact_close"),
    path("<int:pk>/merge/", workspace_views.request_merge, name="contact_merge"),
    path("<int:pk>/transfer/", workspace_views.request_transfer, name="contact_transfer"),
    path("<int:pk>/publish/", workspace_views.answer_publish, name="contact_publish"),
    path(
        "<int:pk>/files/<int:attachment>/",
        workspace_views.attachment_download,
        name="contact_attachment",
    ),
    path("inboxes/", settings_views.inbox_list, name="contact_inboxes"),
    path("inboxes/new/", settings_views.inbox_create, name="contact_inbox_create"),
    path("inboxes/<int:inbox>/", settings_views.inbox_edit, name="contact_inbox_edit"),
    path("calendar/", settings_views.calendar, name="contact_calendar"),
    path("templates/", settings_views.reply_templates, name="contact_templates"),
    path(
        "templates/<int:template>/",
        settings_views.reply_template_edit,
        name="contact_template_edit",
    ),
    path("dashboard/", dashboard_views.dashboard, name="contact_dashboard"),
    path("dashboard.xlsx", dashboard_views.dashboard_xlsx, name="contact_dashboard_xlsx"),
]
