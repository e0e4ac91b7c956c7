"""The dispatcher: takes the next due envelope from the outbox and hands it to its agency, in one transaction.

Within that transaction the agency's state changes, the envelopes it emits, the consumed-message
record and the delivery mark commit together. Stopped at any point — including kill -9 — the
transaction either committed or left no trace, so a restarted dispatcher redelivers exactly the
messages that had no effect. The consumed-message table also makes a message delivered twice by a
second worker (PostgreSQL, `FOR UPDATE SKIP LOCKED`) have no second effect.

Messages are delivered in (deliver_at, seq) order, which is deterministic for a deterministic world.
"""

from __future__ import annotations

import heapq
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from securecomm.messages import Envelope, envelope_from_json
from securecomm.storage.db import Database
from securecomm.storage.outbox import OutboxWriter, already_consumed, mark_consumed
from securecomm.storage.tables import OutboxRow

__all__ = ["DeliveryReport", "Dispatcher", "Route", "Router"]

logger = logging.getLogger(__name__)

# A route: the consumer's name (for the consumed-message record) and a function that applies an
# envelope inside the given transaction and returns what it emits.
Handle = Callable[[Session, Envelope], list[Envelope]]


@dataclass(frozen=True, slots=True)
class Route:
    consumer: str
    handle: Handle


@dataclass
class Router:
    """Maps a recipient address (`fbi`, `jail:06037`, `ero:LOS`) to its route by the part before ':'."""

    routes: dict[str, Route] = field(default_factory=dict)

    def add(self, prefix: str, route: Route) -> None:
        self.routes[prefix] = route

    def route_for(self, recipient: str) -> Route:
        prefix = recipient.split(":", 1)[0]
        try:
            return self.routes[prefix]
        except KeyError:
            raise LookupError(f"no agency handles messages for {recipient!r}") from None


@dataclass
class DeliveryReport:
    delivered: int = 0
    failed: int = 0


class Dispatcher:
    MAX_ATTEMPTS = 3

    def __init__(
        self, database: Database, router: Router, *, batch: int = 200, barriers: frozenset[str] = frozenset()
    ) -> None:
        """`batch`: messages delivered per transaction. `barriers`: message kinds after which a transaction
        always commits, because their handlers change state that later handlers read outside the database
        (the in-memory galleries are updated on commit): a search then always sees every earlier enrolment,
        so results never depend on where a batch ended (or where a crash cut it)."""
        self._db = database
        self._router = router
        self._skip_locked = database.backend == "postgresql"
        self._batch = max(1, batch)
        self._barriers = barriers

    def pending(self, *, until: datetime | None = None) -> int:
        """How many live messages wait for delivery (due by `until`, or at all)."""
        with self._db.transaction() as session:
            query = (
                select(func.count())
                .select_from(OutboxRow)
                .where(OutboxRow.delivered_at.is_(None), OutboxRow.dead_at.is_(None))
            )
            if until is not None:
                query = query.where(OutboxRow.deliver_at <= until)
            return int(session.scalar(query) or 0)

    def _next(self, session: Session, until: datetime) -> OutboxRow | None:
        query = (
            select(OutboxRow)
            .where(OutboxRow.delivered_at.is_(None), OutboxRow.dead_at.is_(None))
            .where(OutboxRow.deliver_at <= until)
            .order_by(OutboxRow.deliver_at, OutboxRow.seq)
            .limit(1)
        )
        if self._skip_locked:
            query = query.with_for_update(skip_locked=True)
        return session.scalars(query).first()

    def _apply(self, session: Session, row: OutboxRow) -> tuple[str, list[OutboxRow]]:
        """Hand one stored envelope to its agency inside `session`; returns its kind and the rows it emitted."""
        envelope = envelope_from_json(row.body)
        route = self._router.route_for(envelope.recipient)
        stored: list[OutboxRow] = []
        if not already_consumed(session, route.consumer, envelope.message_id):
            emitted = route.handle(session, envelope)
            stored = OutboxWriter(session).store(emitted)
            mark_consumed(session, route.consumer, envelope)
        row.delivered_at = envelope.deliver_at
        row.attempts += 1
        return envelope.kind.value, stored

    def deliver_batch(self, *, until: datetime) -> int | None:
        """Deliver up to `batch` due messages, in order, in one transaction (ending early at a barrier).

        The due messages are read once, in (deliver_at, seq) order; what a handler emits joins them when it
        falls before the last one read, so the order is exactly one-message-at-a-time order. Returns how many
        were delivered (None: nothing due). A failure rolls the whole batch back and raises; the caller then
        delivers one message at a time to find and record the failing one.
        """
        with self._db.transaction() as session:
            query = (
                select(OutboxRow)
                .where(OutboxRow.delivered_at.is_(None), OutboxRow.dead_at.is_(None))
                .where(OutboxRow.deliver_at <= until)
                .order_by(OutboxRow.deliver_at, OutboxRow.seq)
                .limit(self._batch)
            )
            if self._skip_locked:
                query = query.with_for_update(skip_locked=True)
            rows = list(session.scalars(query))
            if not rows:
                return None
            boundary = (rows[-1].deliver_at, rows[-1].seq)
            queue = [(r.deliver_at, r.seq, r) for r in rows]
            heapq.heapify(queue)
            delivered = 0
            while queue and delivered < self._batch:
                due_at, seq, row = heapq.heappop(queue)
                if (due_at, seq) > boundary:
                    break  # messages read later may come first: the next batch reads them in order
                kind, emitted = self._apply(session, row)
                delivered += 1
                for new in emitted:
                    if new.deliver_at <= until:
                        heapq.heappush(queue, (new.deliver_at, new.seq, new))
                if kind in self._barriers:
                    break
            return delivered

    def deliver_one(self, *, until: datetime) -> bool | None:
        """Deliver the next message due by `until`. True: delivered; False: failed; None: nothing due."""
        seq: int | None = None
        try:
            with self._db.transaction() as session:
                row = self._next(session, until)
                if row is None:
                    return None
                seq = row.seq
                self._apply(session, row)
                return True
        except Exception as error:  # a handler bug or bad stored data: record it, retry, then set aside
            if seq is None:
                raise
            self._record_failure(seq, error)
            return False

    def _record_failure(self, seq: int, error: Exception) -> None:
        logger.error("delivery of outbox seq %s failed: %s", seq, error)
        with self._db.transaction() as session:
            row = session.get(OutboxRow, seq)
            if row is None:
                return
            row.attempts += 1
            row.last_error = "".join(traceback.format_exception_only(type(error), error)).strip()[:2000]
            if row.attempts >= self.MAX_ATTEMPTS:
                row.dead_at = row.deliver_at

    def run(
        self,
        *,
        until: datetime,
        limit: int | None = None,
        on_delivered: Callable[[], None] | None = None,
    ) -> DeliveryReport:
        """Deliver everything due by `until` (or `limit` messages), in order, `batch` per transaction."""
        report = DeliveryReport()
        while limit is None or report.delivered + report.failed < limit:
            if limit is None and self._batch > 1:
                try:
                    count = self.deliver_batch(until=until)
                except Exception:  # find, record and set aside the failing message one at a time
                    count = 0
                else:
                    if count is None:
                        break
                    report.delivered += count
                    if on_delivered is not None:
                        for _ in range(count):
                            on_delivered()
                    continue
            outcome = self.deliver_one(until=until)
            if outcome is None:
                break
            if outcome:
                report.delivered += 1
            else:
                report.failed += 1
            if on_delivered is not None:
                on_delivered()
        return report
