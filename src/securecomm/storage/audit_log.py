"""The append-only, hash-chained audit trail in the database.

Each event's hash covers its content and the previous event's hash; the single `audit_head` row holds
the latest hash and is updated in the same transaction, which also serialises concurrent writers.
`verify_chain` recomputes every hash: an edited, inserted or deleted event breaks the chain. Anchor
the head hash it prints somewhere outside the database to detect a wholesale rewrite.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from securecomm.audit.events import AuditEvent
from securecomm.storage.tables import AuditEventRow, AuditHead
from securecomm.storage.types import UtcDateTime

__all__ = ["GENESIS_HASH", "ChainReport", "SessionAuditLog", "verify_chain"]

GENESIS_HASH = "0" * 64
_TIME = UtcDateTime()


def _digest(seq: int, fields: dict[str, Any], prev_hash: str) -> str:
    canonical = json.dumps({"seq": seq, "prev": prev_hash, **fields}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _fields(row: AuditEventRow | AuditEvent) -> dict[str, Any]:
    tag = row.tag if isinstance(row.tag, str) else str(row.tag)
    return {
        "at": _TIME.process_bind_param(row.at, None),  # type: ignore[arg-type]
        "actor": row.actor,
        "tag": str(tag),
        "subject_type": row.subject_type,
        "subject_id": row.subject_id,
        "correlation_id": row.correlation_id,
        "origin": row.origin,
        "reason": row.reason,
        "data": row.data,
    }


class SessionAuditLog:
    """An `AuditSink` writing into the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def record(self, event: AuditEvent) -> None:
        head = self._session.get(AuditHead, 1, with_for_update=True)
        if head is None:
            head = AuditHead(id=1, seq=0, hash=GENESIS_HASH)
            self._session.add(head)
        seq = head.seq + 1
        fields = _fields(event)
        digest = _digest(seq, fields, head.hash)
        self._session.add(
            AuditEventRow(
                seq=seq,
                at=event.at,
                actor=event.actor,
                tag=str(event.tag),
                subject_type=event.subject_type,
                subject_id=event.subject_id,
                correlation_id=event.correlation_id,
                origin=event.origin,
                reason=event.reason,
                data=event.data,
                prev_hash=head.hash,
                hash=digest,
            )
        )
        head.seq, head.hash = seq, digest


@dataclass(frozen=True, slots=True)
class ChainReport:
    events: int
    head_hash: str
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _rows(session: Session, batch: int = 5000) -> Iterator[AuditEventRow]:
    last = 0
    while True:
        rows = session.scalars(
            select(AuditEventRow).where(AuditEventRow.seq > last).order_by(AuditEventRow.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def verify_chain(session: Session) -> ChainReport:
    """Recompute the chain; report every break with the event's sequence number."""
    problems: list[str] = []
    prev, expected_seq, count = GENESIS_HASH, 1, 0
    for row in _rows(session):
        count += 1
        if row.seq != expected_seq:
            problems.append(f"event {expected_seq}: missing (next present is {row.seq})")
        if row.prev_hash != prev:
            problems.append(f"event {row.seq}: prev_hash does not match event {row.seq - 1}")
        recomputed = _digest(row.seq, _fields(row), row.prev_hash)
        if recomputed != row.hash:
            problems.append(f"event {row.seq}: content does not match its hash (edited after it was written)")
        prev, expected_seq = row.hash, row.seq + 1
    head = session.get(AuditHead, 1)
    if head is not None and (head.hash != prev or head.seq != expected_seq - 1):
        problems.append(f"head: records event {head.seq} but the chain ends at event {expected_seq - 1}")
    if head is None and count:
        problems.append("head: missing while events exist")
    return ChainReport(events=count, head_hash=prev, problems=tuple(problems))
