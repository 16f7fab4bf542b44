"""Generations of a space's public content, for pages that cache what readers see.

A page that caches a rendered thread (or counts) of a space puts the space's *generation* in the
cache key. Every write that can change what readers see bumps the generation, so the next reader
misses and renders afresh: cached entries are never invalidated one by one, they just stop being
read and expire. The generation lives in Django's cache (shared by every app server), never in
process memory.

A bump happens at once and again when the transaction commits: a reader between the two may
have rendered the old rows under the new generation, and the second bump retires that.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

_KEY = "participation:generation:{}"


def _key(space_id: int) -> str:
    return _KEY.format(space_id)


def space_generation(*, space_id: int) -> str:
    """The space's current generation (a random token, created on first use: an evicted or
    reset generation can never bring back an old one's cached entries)."""
    key = _key(space_id)
    value = cache.get(key)
    if value is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        value = cache.get(key) or ""
    return value


def _bump(key: str) -> None:
    cache.set(key, uuid.uuid4().hex, timeout=None)


def space_generation_bump(*, space_id: int | None) -> None:
    """Call from every write that changes a space's public content: a new text, an edit, a
    withdrawal, an endorsement, a moderation decision, an answer."""
    if space_id is None:
        return
    key = _key(space_id)
    _bump(key)
    transaction.on_commit(lambda: _bump(key))


def owner_generation_bump(*, owner) -> None:
    """The same, for the space of ``owner`` (a consultation, say) when no space is at hand."""
    from musharaka.participation.models import Space

    for space_id in Space.objects.filter(
        owner_type=owner._meta.label_lower, owner_id=str(owner.pk)
    ).values_list("pk", flat=True):
        space_generation_bump(space_id=space_id)
