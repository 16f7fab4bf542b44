from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "musharaka.forums"
    label = "forums"
    verbose_name = _("Blogs and forums")

    def ready(self) -> None:
        from musharaka.forums.services import (
            BLOG_CHANNEL,
            CHANNEL,
            check_comment,
            check_reply,
            topic_contribution_changed,
        )
        from musharaka.participation import channels

        channels.on_change(CHANNEL, topic_contribution_changed)
        channels.on_submit(CHANNEL, check_reply)
        channels.on_submit(BLOG_CHANNEL, check_comment)
