"""Background tasks of the forums. Arguments are ids; the work lives in ``services``."""

from django_tasks import task


@task()
def announce_reply(contribution_id: int) -> int:
    """Tell a newly published forum text's followers and the staff it mentions, each once
    (``services.reply_announce``; safe to run twice)."""
    from musharaka.forums.services import reply_announce

    return reply_announce(contribution_id=contribution_id)
