"""A jail's acts on a booked person: serving the detainer copy, release events, claims, consular tasks.

* Serving the copy of a detainer with its Notice to the Detainee: when, how and in which language. Only a
  language the notices exist in can be recorded (never a silent fallback to English).
* A release-eligible event (bail posted, charges dismissed, sentence served, ...): a message to the jail's
  custody agency, delivered at once. Under a detainer that asks to hold, and whose citizenship check the
  field office recorded, the hold clock starts; otherwise the person is released.
* A claim to be a United States citizen or a crime victim: a message to the field office of the county's
  AOR, handled at once (`FieldOffice.on_claim`).
* The consular-notification task: telling the person, recording their answer, and the consulate notified
  with its confirmation (`securecomm.consular.ConsularDesk`).

Each act is one transaction with its audit event(s); see `flow.FlowGateway`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from securecomm.agencies.ports import Unit
from securecomm.audit import EventTag
from securecomm.consular import Answer, Channel, ConsularDesk, ConsularTask
from securecomm.messages import Address, Envelope, MessageKind
from securecomm.messages.custody import CitizenshipClaim, ClaimKind, ReleaseDue, ReleaseReason
from securecomm.notices import parse_language
from securecomm.storage.agency_tables import BookingRow, CustodyRow, DetainerRow
from securecomm.storage.tables import JurisdictionRow
from securecomm.web.flow import ActContext, ActRefused, FlowGateway, act_envelope, required_text

__all__ = [
    "ServiceManner",
    "consular_answer",
    "consular_inform",
    "consular_notify",
    "parse_enum",
    "record_claim",
    "record_release_event",
    "record_service",
]

_ACTIVE = ("lodged", "received", "served", "holding")


class ServiceManner(StrEnum):
    """How the copy reached the person."""

    IN_PERSON = "in_person"  # handed to the person, who can read the language
    INTERPRETER = "interpreter"  # handed over and read to the person by an interpreter
    READ_ALOUD = "read_aloud"  # handed over and read aloud by staff (the person does not read)

    @property
    def label(self) -> str:
        return {
            ServiceManner.IN_PERSON: "handed to the person",
            ServiceManner.INTERPRETER: "handed over, read by an interpreter",
            ServiceManner.READ_ALOUD: "handed over and read aloud by staff",
        }[self]


def parse_enum(kind: type[StrEnum], text: str, *, where: str) -> StrEnum:
    """The member of `kind` whose value is `text`, or ActRefused listing the values."""
    for member in kind:
        if member.value == text.strip():
            return member
    raise ActRefused(f"{text!r} is not one of: {', '.join(m.value for m in kind)}", where=where)


def _booking(session: Session, booking_id: str) -> BookingRow:
    row = session.get(BookingRow, booking_id)
    if row is None:
        raise ActRefused(f"no booking {booking_id!r}", where="booking_id")
    return row


def record_service(
    gateway: FlowGateway,
    context: ActContext,
    detainer_id: str,
    *,
    language: str,
    manner: str,
    at: datetime,
    served_at: datetime | None = None,
) -> list[Envelope]:
    """Record that the copy was served: when (`served_at`, default now), how, in which language.

    A second service (say, in another language the person asked for) replaces the one shown on the
    detainer; the audit trail keeps both.
    """
    code = parse_language(language, where="language").code
    how = ServiceManner(parse_enum(ServiceManner, manner, where="manner"))
    when = served_at or at

    def action(session: Session, unit: Unit) -> list[Envelope]:
        row = session.get(DetainerRow, detainer_id)
        if row is None:
            raise ActRefused(f"no detainer {detainer_id!r}", where="detainer_id")
        if row.ended_at is not None:
            raise ActRefused(
                f"detainer {detainer_id} ended on {row.ended_at.isoformat()} ({row.end_kind or row.state}); "
                "there is nothing left to serve",
                where="detainer_id",
            )
        if when < row.issued_at:
            raise ActRefused(
                f"{when.isoformat()} is before the detainer was issued ({row.issued_at.isoformat()})",
                where="served_at",
            )
        if when > at:
            raise ActRefused(f"{when.isoformat()} is in the future", where="served_at")
        before = (
            None
            if row.served_at is None
            else {
                "served_at": row.served_at.isoformat(),
                "language": row.served_language,
                "manner": row.served_manner,
            }
        )
        row.served_at, row.served_language, row.served_manner = when, code, how.value
        if row.state in ("lodged", "received"):
            row.state = "served"
        unit.audit.record(
            context.event(
                EventTag.DETAINER_SERVED,
                at=at,
                subject_type="detainer",
                subject_id=row.detainer_id,
                correlation_id=row.booking_id,
                language=code,
                manner=how.value,
                served_at=when.isoformat(),
                replaces=before,
            )
        )
        return []

    return gateway.act(action, at=at, context=context)


def record_release_event(
    gateway: FlowGateway, context: ActContext, booking_id: str, *, reason: str, at: datetime
) -> list[Envelope]:
    """The person would otherwise be released now; the custody agency starts the hold or releases."""
    why = ReleaseReason(parse_enum(ReleaseReason, reason, where="reason"))

    def action(session: Session, unit: Unit) -> list[Envelope]:
        booking = _booking(session, booking_id)
        custody = session.get(CustodyRow, booking_id)
        if custody is None:
            raise ActRefused(f"booking {booking_id} has no custody record at this jail", where="reason")
        if custody.state != "in_custody" or custody.release_eligible_at is not None:
            since = custody.release_eligible_at or custody.ended_at
            raise ActRefused(
                f"a release event is already recorded ({custody.release_reason or custody.outcome or custody.state}"
                f"{', ' + since.isoformat() if since else ''}); custody is {custody.state.replace('_', ' ')}",
                where="reason",
            )
        unit.audit.record(
            context.event(
                EventTag.RELEASE_EVENT_RECORDED,
                at=at,
                subject_type="booking",
                subject_id=booking_id,
                correlation_id=booking_id,
                reason=why.value,
            )
        )
        return [
            act_envelope(
                MessageKind.RELEASE_DUE,
                ReleaseDue(booking_id=booking_id, reason=why, at=at),
                sender=Address.jail(booking.fips),
                recipient=Address.custody(booking.fips),
                booking_id=booking_id,
                at=at,
                context=context,
            )
        ]

    return gateway.act(action, at=at, context=context)


def record_claim(
    gateway: FlowGateway, context: ActContext, booking_id: str, *, kind: str, statement: str, at: datetime
) -> list[Envelope]:
    """A US-citizenship or crime-victim claim made at the jail; it reaches the field office at once."""
    claim_kind = ClaimKind(parse_enum(ClaimKind, kind, where="kind"))
    said = statement.strip()
    if len(said) > 2000:
        raise ActRefused(
            f"the statement is too long ({len(said)} characters; at most 2000)", where="statement"
        )

    def action(session: Session, unit: Unit) -> list[Envelope]:
        booking = _booking(session, booking_id)
        county = session.get(JurisdictionRow, booking.fips)
        if county is None:
            raise ActRefused(
                f"booking {booking_id} names no known county ({booking.fips})", where="booking_id"
            )
        detainer = session.scalar(
            select(DetainerRow)
            .where(DetainerRow.booking_id == booking_id, DetainerRow.ended_at.is_(None))
            .where(DetainerRow.state.in_(_ACTIVE))
            .order_by(DetainerRow.issued_at.desc())
        )
        detainer_id = detainer.detainer_id if detainer else None
        unit.audit.record(
            context.event(
                EventTag.CLAIM_RECORDED,
                at=at,
                subject_type="booking",
                subject_id=booking_id,
                correlation_id=booking_id,
                kind=claim_kind.value,
                channel="jail",
                detainer_id=detainer_id,
            )
        )
        claim = CitizenshipClaim(booking_id, detainer_id, claim_kind, "jail", at, said)
        return [
            act_envelope(
                MessageKind.CITIZENSHIP_CLAIM,
                claim,
                sender=Address.jail(booking.fips),
                recipient=Address.ero(county.aor),
                booking_id=booking_id,
                at=at,
                context=context,
            )
        ]

    return gateway.act(action, at=at, context=context)


def _desk(gateway: FlowGateway, unit: Unit) -> ConsularDesk:
    return ConsularDesk(unit.consular, unit.audit, gateway.ruleset)


def _consular(
    gateway: FlowGateway,
    context: ActContext,
    booking_id: str,
    at: datetime,
    apply: Callable[[ConsularDesk, ConsularTask], ConsularTask],
) -> ConsularTask:
    found: list[ConsularTask] = []

    def action(session: Session, unit: Unit) -> list[Envelope]:
        desk = _desk(gateway, unit)
        found.append(apply(desk, desk.task_for_booking(booking_id)))
        return []

    gateway.act(action, at=at, context=context)
    return found[0]


def consular_inform(
    gateway: FlowGateway,
    context: ActContext,
    booking_id: str,
    *,
    language: str,
    answer: str,
    reason: str,
    at: datetime,
) -> ConsularTask:
    """The person was told about consular notification in `language`; `answer` (may be empty if mandatory)."""
    said = None if not answer.strip() else Answer(parse_enum(Answer, answer, where="answer"))
    text = required_text(reason, where="reason", what="a note on the telling (e.g. read at booking)")
    return _consular(
        gateway,
        context,
        booking_id,
        at,
        lambda desk, task: desk.inform(
            task, at=at, actor=context.actor, reason=text, language=language, answer=said
        ),
    )


def consular_answer(
    gateway: FlowGateway, context: ActContext, booking_id: str, *, answer: str, reason: str, at: datetime
) -> ConsularTask:
    """The person changed their answer (e.g. asks for notification after declining)."""
    said = Answer(parse_enum(Answer, answer, where="answer"))
    text = required_text(reason, where="reason", what="a note on the changed answer")
    return _consular(
        gateway,
        context,
        booking_id,
        at,
        lambda desk, task: desk.change_answer(task, at=at, actor=context.actor, reason=text, answer=said),
    )


def consular_notify(
    gateway: FlowGateway,
    context: ActContext,
    booking_id: str,
    *,
    channel: str,
    confirmation: str,
    reason: str,
    at: datetime,
) -> ConsularTask:
    """The consulate was notified (fax receipt or the officer spoken to kept as the confirmation)."""
    how = Channel(parse_enum(Channel, channel, where="channel"))
    text = required_text(reason, where="reason", what="a note on the notification")
    return _consular(
        gateway,
        context,
        booking_id,
        at,
        lambda desk, task: desk.notify(
            task, at=at, actor=context.actor, reason=text, channel=how, confirmation=confirmation
        ),
    )
