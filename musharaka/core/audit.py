"""The append-only, hash-chained audit trail. Every service that changes state calls
``audit_record``; ``chain_verify`` is what ``manage.py audit_verify`` runs.

One chain per agency (and chain 0 for the platform's own events, and for every event written
before the chains were split): an append locks only its chain, so agencies' writes do not queue
behind one another (ADR 0005; the chain itself: ADR 0002)."""

import hashlib
import json
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from musharaka.core.models import Agency, AuditEvent, User

GENESIS = "0" * 64
_ADVISORY_LOCK_KEY = 7_202_611  # any constant: with the chain, serialises its appends on PostgreSQL

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


def _lock_chain(chain: int) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_ADVISORY_LOCK_KEY, chain])
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
    """Append one event to its agency's chain. ``actor=None`` means the system did it."""
    if agency is None and target is not None:
        agency = target if isinstance(target, Agency) else getattr(target, "agency", None)
    chain = agency.pk if agency is not None else 0
    _lock_chain(chain)
    last = AuditEvent.objects.filter(chain=chain).order_by("-seq").values("seq", "hash").first()
    event = AuditEvent(
        chain=chain,
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
    chain: int
    seq: int
    problem: str


def chain_verify() -> Iterator[ChainProblem]:
    """Yield every place where a stored chain disagrees with itself."""
    chain, expected_prev, expected_seq = None, GENESIS, 1
    events = AuditEvent.objects.order_by("chain", "seq").iterator(chunk_size=2000)
    for event in events:
        if event.chain != chain:
            chain, expected_prev, expected_seq = event.chain, GENESIS, 1
        if event.seq != expected_seq:
            yield ChainProblem(
                chain, expected_seq, f"events {expected_seq}..{event.seq - 1} are missing"
            )
        if event.prev_hash != expected_prev:
            yield ChainProblem(chain, event.seq, "does not follow the event before it")
        if _digest(event) != event.hash:
            yield ChainProblem(chain, event.seq, "was changed after it was written")
        expected_prev, expected_seq = event.hash, event.seq + 1
