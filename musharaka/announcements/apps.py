from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "musharaka.announcements"
    label = "announcements"
    verbose_name = _("Announcements")

    def ready(self) -> None:
        from musharaka.announcements.selectors import open_for_comments
        from musharaka.core import open_now

        open_now.register(open_for_comments)
