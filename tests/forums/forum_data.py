"""Forums and topics for tests, made through the services."""

from musharaka.forums import services
from musharaka.forums.models import Forum, Posting
from musharaka.participation.services import contribution_submit


def make_forum(agency, *, posting=Posting.SIGNED_IN, slug="e-participation", **extra) -> Forum:
    return Forum.objects.create(
        agency=agency,
        slug=slug,
        name_ar="منتدى المشاركة الإلكترونية",
        name_en="E-participation forum",
        posting=posting,
        **extra,
    )


def start(forum, author, title="كيف نقيس رضا المستفيدين؟", body="ما أفضل طريقة لقياس الرضا؟"):
    return services.topic_start(actor=author, forum=forum, title=title, body=body)


def reply(topic, author, body="نستخدم استبانة قصيرة بعد كل خدمة", parent=None):
    return contribution_submit(
        actor=author,
        space=services.forum_space(topic.forum),
        body=body,
        target=topic,
        parent=parent,
    )
