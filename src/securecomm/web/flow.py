"""The web's door into the booking flow: a person's act becomes an action of the `System`, then delivery.

An officer who lodges a detainer, a jail clerk who records bail: each act runs in one transaction through
the same agencies the simulation uses (`System.unit`), its envelopes go to the outbox in that transaction,
and the messages now due are delivered at once, so a claim reaches the field office and a release starts
the hold clock before the page comes back.

Two clocks. People act at the *world's* now — the hold board's clock (`create_app(board_clock=...)`),
which is the wall clock in a live deployment and a shifted clock when a synthetic world set in 2012 is
served — so the detainer form "in use that day" and the hold deadline are those of the world's day. The
audit trail also records the wall-clock instant of the request (`via.recorded_at`).

Every audit event an act writes carries `via`: the account, its role and scope, the client's address and
the route (who, from where, through what), added by `ActContext.audit` around the unit's audit sink.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from securecomm.agencies.ports import SearchResult, Unit
from securecomm.audit import AuditEvent, AuditSink, EventTag
from securecomm.clock import Clock
from securecomm.errors import SecurecommError
from securecomm.ids import MessageId, deterministic_id
from securecomm.messages import Envelope, MessageKind
from securecomm.storage.audit_log import SessionAuditLog
from securecomm.storage.db import Database
from securecomm.storage.outbox import OutboxWriter
from securecomm.web.errors import FormError

if TYPE_CHECKING:  # the agencies and the rules load on the first act, not when the app is built
    from securecomm.app.system import System
    from securecomm.rules import RuleSet

__all__ = [
    "ActContext",
    "ActRefused",
    "FlowGateway",
    "PrintsNotSearchedHere",
    "act_envelope",
    "default_system",
    "required_text",
]


class ActRefused(FormError):
    """A person's act that the record's state or the rules do not allow; `where` names the form field."""


def required_text(value: str, *, where: str, what: str, limit: int = 2000) -> str:
    """The trimmed text of a required field, or ActRefused saying what to write.

    >>> required_text("  lodged: prior felony ", where="reason", what="the reason")
    'lodged: prior felony'
    """
    text = value.strip()
    if not text:
        raise ActRefused(f"give {what}; it is kept with the act in the audit trail", where=where)
    if len(text) > limit:
        raise ActRefused(f"{what} is too long ({len(text)} characters; at most {limit})", where=where)
    return text


class PrintsNotSearchedHere(SecurecommError):
    """The web application's `System` searches no prints: bookings enter through `submit` or `simulate`."""


class _NoSearch:
    """The biometric port of the web's own `System`: no act of a person searches or enrols prints."""

    def search(self, gallery: str, transaction_sha256: str) -> SearchResult:
        raise PrintsNotSearchedHere(
            "the web application does not search prints; run the dispatcher of `securecomm simulate` or "
            "`securecomm submit` for bookings"
        )

    def enrol(
        self, gallery: str, subject_id: str, encounter_id: str, transaction_sha256: str, *, at: datetime
    ) -> None:
        raise PrintsNotSearchedHere("the web application does not enrol prints")


def default_system(database: Database) -> System:
    """People decide (no officer policy); verification reads the authoritative citizenship records."""
    from securecomm.app.system import System
    from securecomm.app.truth import SqlCitizenshipRecords

    return System(
        database=database,
        biometrics=lambda _session: _NoSearch(),
        citizenship=SqlCitizenshipRecords,
        policy=None,
        serve_on_receipt=False,  # the jail records the service of the copy itself (when, how, which language)
    )


@dataclass(frozen=True, slots=True)
class ActContext:
    """Who acts, from where, through which route: the web's part of every audit event an act writes."""

    actor: str  # "user:ero-HOU"
    role: str
    scope: str | None
    origin: str  # the client's address
    route: str  # "POST /cases/case-1/decision"
    recorded_at: datetime  # the wall clock when the request came in

    @property
    def via(self) -> dict[str, Any]:
        return {
            "user": self.actor,
            "role": self.role,
            "scope": self.scope,
            "address": self.origin,
            "route": self.route,
            "recorded_at": self.recorded_at.astimezone(UTC).isoformat(),
        }

    def audit(self, inner: AuditSink) -> AuditSink:
        return _ViaWeb(inner, self.via)

    def event(
        self,
        tag: EventTag,
        *,
        at: datetime,
        subject_type: str,
        subject_id: str,
        correlation_id: str | None,
        reason: str | None = None,
        **data: Any,
    ) -> AuditEvent:
        """An audit event for an act no agency records (`EventTag.CUSTODY_TAKEN`, ...; the sink adds `via`)."""
        return AuditEvent(
            tag=tag,
            at=at,
            actor=self.actor,
            subject_type=subject_type,
            subject_id=subject_id,
            correlation_id=correlation_id,
            origin=self.origin,
            reason=reason,
            data={k: v for k, v in data.items() if v is not None},
        )


class _ViaWeb:
    def __init__(self, inner: AuditSink, via: dict[str, Any]) -> None:
        self._inner = inner
        self._via = via

    def record(self, event: AuditEvent) -> None:
        self._inner.record(replace(event, data={**event.data, "via": self._via}))


def act_envelope(
    kind: MessageKind,
    payload: Any,
    *,
    sender: str,
    recipient: str,
    booking_id: str,
    at: datetime,
    context: ActContext,
) -> Envelope:
    """The envelope that carries a person's act: delivered `at` (now), its id unique to actor and instant.

    For an act an agency performs on the spot (`FieldOffice.decide`), it is the cause of what the agency
    emits and is not stored; for a message to another agency (a release event, a claim) it goes to the
    outbox like any other.
    """
    message_id = MessageId(
        deterministic_id("msg", "web", context.actor, booking_id, kind.value, at.astimezone(UTC).isoformat())
    )
    return Envelope(
        message_id=message_id,
        kind=kind,
        schema_version=1,
        sender=sender,
        recipient=recipient,
        correlation_id=booking_id,
        causation_id=None,
        sent_at=at,
        deliver_at=at,
        payload=payload,
    )


class FlowGateway:
    """The booking flow as the web application acts on it (one per app; the `System` is built on first use)."""

    def __init__(
        self, database: Database, *, clock: Clock, world_clock: Clock, system: System | None = None
    ) -> None:
        self.database = database
        self.clock = clock  # the wall clock (protection overrides, like every web record, use it)
        self.world_clock = world_clock
        self._system = system
        self._lock = threading.Lock()

    @property
    def system(self) -> System:
        if self._system is None:
            with self._lock:
                if self._system is None:
                    self._system = default_system(self.database)
        return self._system

    @property
    def ruleset(self) -> RuleSet:
        return self.system.ruleset

    def now(self) -> datetime:
        """The world's now, in UTC: the instant a person's act happens."""
        return self.world_clock.now().astimezone(UTC)

    def act(
        self,
        action: Callable[[Session, Unit], list[Envelope]],
        *,
        at: datetime,
        context: ActContext,
    ) -> list[Envelope]:
        """Run `action` in one transaction (its envelopes to the outbox), then deliver what is due by `at`.

        `action` gets the session and the agencies' unit on it, whose audit sink adds `context.via`; an
        exception inside it rolls everything back. Delivery failures are the dispatcher's to record (a
        failing handler never undoes the act itself).
        """
        with self.database.transaction() as session:
            unit = self.system.unit(session)
            unit = replace(unit, audit=context.audit(SessionAuditLog(session)))
            envelopes = action(session, unit)
            OutboxWriter(session).send(envelopes)
        self.system.deliver(until=at)
        return envelopes
