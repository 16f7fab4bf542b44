"""The append-only, hash-chained audit trail. Every service that changes state calls
``audit_record``; ``chain_verify`` is what ``manage.py audit_verify`` runs."""

import hashlib
import json
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from musharaka.core.models import Agency, AuditEvent, User

GENESIS = "0" * 64
_ADVISORY_LOCK_KEY = 7_202_611  # any constant: serialises chain appends on PostgreSQL

# Set per request by AuditContextMiddleware, so services need not carry the request around.
current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)


def _digest(event: AuditEvent) -> str:
    payload = {
        "seq": event.seq,
        "created_at": event.created_at.isoformat(),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "agency": event.agency_id,
        "verb": event.verb,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_label": event.target_label,
        "changes": event.changes,
        "ip": event.ip,
        "prev_hash": event.prev_hash,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
    return hashlib.sha256(text.encode()).hexdigest()


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
    # SQLite: transaction_mode=IMMEDIATE already holds the database write lock.


@transaction.atomic
def audit_record(
    *,
    actor: User | None,
    verb: str,
    target: models.Model | None = None,
    agency: Agency | None = None,
    changes: dict | None = None,
) -> AuditEvent:
    """Append one event. ``actor=None`` means the system did it."""
    _lock_chain()
    last = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
    if agency is None and target is not None:
        agency = target if isinstance(target, Agency) else getattr(target, "agency", None)
    event = AuditEvent(
        seq=(last["seq"] + 1) if last else 1,
        actor=actor if actor is not None and actor.pk else None,
        actor_label=(actor.email if actor is not None and actor.pk else "system"),
        agency=agency,
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        changes=json.loads(json.dumps(changes or {}, cls=DjangoJSONEncoder)),
        ip=current_ip.get(),
        prev_hash=last["hash"] if last else GENESIS,
    )
    event.hash = _digest(event)
    event.save()
    return event


def field_changes(instance: models.Model, before: dict, fields: list[str]) -> dict:
    """``{field: [old, new]}`` for the fields whose value changed."""
    return {
        f: [before.get(f), getattr(instance, f)]
        for f in fields
        if before.get(f) != getattr(instance, f)
    }


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str


def chain_verify() -> Iterator[ChainProblem]:
    """Yield every place where the stored chain disagrees with itself."""
    expected_prev, expected_seq = GENESIS, 1
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            yield ChainProblem(expected_seq, f"events {expected_seq}..{event.seq - 1} are missing")
        if event.prev_hash != expected_prev:
            yield ChainProblem(event.seq, "does not follow the event before it")
        if _digest(event) != event.hash:
            yield ChainProblem(event.seq, "was changed after it was written")
        expected_prev, expected_seq = event.hash, event.seq + 1
