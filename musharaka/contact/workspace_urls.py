"""Staff pages of direct communication (names: workspace:contact_*), under
/workspace/<agency>/contact/."""

from django.urls import path

from musharaka.contact import dashboard_views, settings_views, workspace_views

urlpatterns = [
    path("", workspace_views.queue, name="contact_queue"),
    path("<int:request>/", workspace_views.request_detail, name="contact_request"),
    path("<int:request>/assign/", workspace_views.request_assign, name="contact_assign"),
    path("<int:request>/start/", workspace_views.request_start, name="contact_start"),
    path("<int:request>/note/", workspace_views.request_note, name="contact_note"),
    path("<int:request>/answer/", workspace_views.request_answer, name="contact_answer"),
    path("<int:request>/ask/", workspace_views.request_ask, name="contact_ask"),
    path("<int:request>/close/", workspace_views.request_close, name="contact_close"),
    path("<int:request>/merge/", workspace_views.request_merge, name="contact_merge"),
    path("<int:request>/transfer/", workspace_views.request_transfer, name="contact_transfer"),
    path("<int:request>/publish/", workspace_views.answer_publish, name="contact_publish"),
    path(
        "<int:request>/files/<int:attachment>/",
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
