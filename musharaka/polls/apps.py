from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    name = "musharaka.polls"
    label = "polls"
    verbose_name = _("Polls and surveys")

    def ready(self) -> None:
        from musharaka.core import open_now
        from musharaka.polls.selectors import open_polls

        open_now.register(open_polls)
