"""Who may touch a notification: only the person it was sent to."""

import rules


@rules.predicate
def is_recipient(user, notification) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and notification is not None
        and notification.recipient_id == user.pk
    )


rules.add_rule("notifications.read", is_recipient)
