"""The transactional outbox: envelopes are stored in the same transaction as the change that caused them."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from securecomm.messages import Envelope, envelope_to_json
from securecomm.storage.tables import ConsumedRow, OutboxRow

__all__ = ["OutboxWriter", "already_consumed", "mark_consumed"]


class OutboxWriter:
    """Adds envelopes to the outbox of the current transaction; a message id already stored is skipped."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def send(self, envelopes: Iterable[Envelope]) -> int:
        return len(self.store(envelopes))

    def store(self, envelopes: Iterable[Envelope]) -> list[OutboxRow]:
        """Add the envelopes not stored yet; returns their rows (flushed, so their `seq` is known)."""
        batch = list(envelopes)
        if not batch:
            return []
        ids = [e.message_id for e in batch]
        existing = set(
            self._session.scalars(select(OutboxRow.message_id).where(OutboxRow.message_id.in_(ids)))
        )
        added: list[OutboxRow] = []
        for envelope in batch:
            if envelope.message_id in existing:
                continue
            existing.add(envelope.message_id)
            added.append(
                OutboxRow(
                    message_id=envelope.message_id,
                    kind=envelope.kind.value,
                    schema_version=envelope.schema_version,
                    sender=envelope.sender,
                    recipient=envelope.recipient,
                    correlation_id=envelope.correlation_id,
                    causation_id=envelope.causation_id,
                    sent_at=envelope.sent_at,
                    deliver_at=envelope.deliver_at,
                    body=envelope_to_json(envelope),
                    attempts=0,
                )
            )
        self._session.add_all(added)
        self._session.flush()
        return added


def already_consumed(session: Session, consumer: str, message_id: str) -> bool:
    return session.get(ConsumedRow, (consumer, message_id)) is not None


def mark_consumed(session: Session, consumer: str, envelope: Envelope) -> None:
    session.add(
        ConsumedRow(consumer=consumer, message_id=envelope.message_id, consumed_at=envelope.deliver_at)
    )
