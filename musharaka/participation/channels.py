"""Channels that keep their own figures about their contributions (a forum topic's reply count
and last activity, say) are told when one changes: submitted, edited, withdrawn, endorsed or
decided by a moderator. Handlers run after the transaction commits, with the contribution's id.

A channel registers in its ``AppConfig.ready()``: ``channels.on_change("forums", handler)``.
"""

from collections.abc import Callable

from django.db import transaction

Handler = Callable[[int], None]
_handlers: dict[str, list[Handler]] = {}


def on_change(channel: str, handler: Handler) -> None:
    handlers = _handlers.setdefault(channel, [])
    if handler not in handlers:
        handlers.append(handler)


def contribution_changed(*, contribution) -> None:
    """Call from every write that changes a contribution or what is shown about it."""
    handlers = _handlers.get(contribution.space.channel, [])
    pk = contribution.pk
    for handler in handlers:
        transaction.on_commit(lambda handler=handler: handler(pk))


Check = Callable[..., None]
_checks: dict[str, list[Check]] = {}


def on_submit(channel: str, check: Check) -> None:
    """Register ``check(actor=, space=, target=, parent=)``: it raises PermissionDenied or
    ValidationError (with the reason for the author) when the channel refuses a new text, e.g.
    a reply in a locked forum topic. The shared forms and views then show the refusal."""
    checks = _checks.setdefault(channel, [])
    if check not in checks:
        checks.append(check)


def check_submit(*, actor, space, target, parent) -> None:
    for check in _checks.get(space.channel, []):
        check(actor=actor, space=space, target=target, parent=parent)
