"""Staff pages for polls and surveys (names: workspace:poll_*), under /workspace/<agency>/polls/."""

from django.urls import path

from musharaka.polls import export_views, workspace_views

urlpatterns = [
    path("", workspace_views.poll_list, name="poll_list"),
    path("new/", workspace_views.poll_create, name="poll_create"),
    path("<int:poll>/", workspace_views.poll_edit, name="poll_edit"),
    path("<int:poll>/questions/new/", workspace_views.question_add, name="poll_question_add"),
    path(
        "<int:poll>/questions/<int:question>/",
        workspace_views.question_edit,
        name="poll_question_edit",
    ),
    path(
        "<int:poll>/questions/<int:question>/remove/",
        workspace_views.question_remove,
        name="poll_question_remove",
    ),
    path(
        "<int:poll>/questions/<int:question>/move/",
        workspace_views.question_move,
        name="poll_question_move",
    ),
    path("<int:poll>/publish/", workspace_views.poll_publish, name="poll_publish"),
    path("<int:poll>/close/", workspace_views.poll_close, name="poll_close"),
    path("<int:poll>/statement/", workspace_views.poll_statement, name="poll_statement"),
    path("<int:poll>/responses/", workspace_views.poll_responses, name="poll_responses"),
    path("<int:poll>/results/", export_views.staff_results, name="poll_results"),
    path("<int:poll>/export.csv", export_views.export_csv, name="poll_export_csv"),
    path("<int:poll>/export.xlsx", export_views.export_xlsx, name="poll_export_xlsx"),
    path("<int:poll>/summary.pdf", export_views.export_pdf, name="poll_export_pdf"),
]
