from django.urls import path

from musharaka.core import views

app_name = "workspace"

urlpatterns = [
    path("", views.workspace_index, name="index"),
    path("<slug:agency>/", views.workspace_home, name="home"),
]
