from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PollsConfig(AppConfig):
    name = "musharaka.polls"
    label = "polls"
    verbose_name = _("Polls and surveys")

    def ready(self) -> None:
        from musharaka.core import open_now
        from musharaka.participation import channels
        from musharaka.polls.selectors import open_polls
        from musharaka.polls.services import CHANNEL, check_public_text

        open_now.register(open_polls)
        channels.on_submit(CHANNEL, check_public_text)
