"""A small message chain used by the dispatcher tests (also run in a child process that gets killed)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from securecomm.audit import AuditEvent, EventTag
from securecomm.ids import MessageId
from securecomm.messages import Envelope, MessageKind
from securecomm.messages.custody import CustodyEnded, CustodyOutcome
from securecomm.storage.audit_log import SessionAuditLog
from securecomm.storage.db import Database, open_database
from securecomm.storage.outbox import OutboxWriter
from securecomm.transport import Dispatcher, Route, Router

STEPS = 4
START = datetime(2012, 3, 1, 8, tzinfo=UTC)


def root(i: int) -> Envelope:
    return Envelope(
        message_id=MessageId(f"root-{i}"),
        kind=MessageKind.CUSTODY_ENDED,
        schema_version=1,
        sender="test",
        recipient="toy:x",
        correlation_id=f"b{i}",
        causation_id=None,
        sent_at=START,
        deliver_at=START + timedelta(minutes=i),
        payload=CustodyEnded(booking_id=f"b{i}", detainer_id="0", outcome=CustodyOutcome.RELEASED, at=START),
    )


def handle(session: Session, envelope: Envelope) -> list[Envelope]:
    payload: CustodyEnded = envelope.payload
    step = int(payload.detainer_id or "0")
    SessionAuditLog(session).record(
        AuditEvent(
            tag=EventTag.CUSTODY_RELEASED,
            at=envelope.deliver_at,
            actor="toy",
            subject_type="booking",
            subject_id=f"{payload.booking_id}/{step}",
            correlation_id=envelope.correlation_id,
            origin=envelope.message_id,
        )
    )
    if step + 1 >= STEPS:
        return []
    nxt = CustodyEnded(payload.booking_id, str(step + 1), CustodyOutcome.RELEASED, payload.at)
    return [
        envelope.reply(MessageKind.CUSTODY_ENDED, nxt, sender="toy", recipient="toy:x", delay=timedelta(1))
    ]


def seed(database: Database, n: int) -> None:
    with database.transaction() as session:
        OutboxWriter(session).send(root(i) for i in range(n))


def dispatcher(database: Database) -> Dispatcher:
    router = Router()
    router.add("toy", Route(consumer="toy", handle=handle))
    return Dispatcher(database, router)


if __name__ == "__main__":  # child process: deliver everything (the parent kills it at random points)
    db = open_database(sys.argv[1])
    dispatcher(db).run(until=START + timedelta(days=365))
