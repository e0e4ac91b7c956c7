"""`securecomm status`: counts per stage, ground truth, and the flow's invariants, from the database alone.

Ground truth (`truth_*` tables) is read here and nowhere in the agencies: it is how identification
errors and wrong outcomes are counted, never how they are avoided.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from securecomm.audit import EventTag
from securecomm.messages import MessageKind
from securecomm.storage.agency_tables import (
    BookingRow,
    CriminalIdentityRow,
    DecisionRow,
    DetainerRow,
    IdentSearchRow,
    TruthBookingRow,
    TruthPersonRow,
    TruthSubjectRow,
)
from securecomm.storage.tables import AuditEventRow, ConsumedRow, JurisdictionRow, OutboxRow, SimStateRow

__all__ = ["flow_status"]


def _count(session: Session, query: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def _kind_count(session: Session, kind: MessageKind) -> int:
    return _count(session, select(OutboxRow.seq).where(OutboxRow.kind == kind.value))


def _sim_now(session: Session) -> datetime | None:
    row = session.get(SimStateRow, "now")
    return None if row is None else datetime.fromisoformat(row.value)


def flow_status(session: Session, *, now: datetime | None = None) -> dict[str, Any]:
    """Everything `securecomm status --json` prints."""
    now = now or _sim_now(session)
    pending_query = select(OutboxRow.seq).where(OutboxRow.delivered_at.is_(None), OutboxRow.dead_at.is_(None))
    due = pending_query if now is None else pending_query.where(OutboxRow.deliver_at <= now)
    scheduled = 0 if now is None else _count(session, pending_query.where(OutboxRow.deliver_at > now))
    suppressed = _count(
        session,
        select(AuditEventRow.seq).where(
            AuditEventRow.tag.in_((EventTag.IDENT_IDR_SUPPRESSED.value, EventTag.LESC_IDR_SUPPRESSED.value))
        ),
    )
    detainers_by_form = dict(
        session.execute(select(DetainerRow.form, func.count()).group_by(DetainerRow.form)).all()
    )
    lift_reasons = dict(
        session.execute(
            select(DetainerRow.lift_reason, func.count())
            .where(DetainerRow.lift_reason.is_not(None))
            .group_by(DetainerRow.lift_reason)
        ).all()
    )
    decisions = dict(session.execute(select(DecisionRow.kind, func.count()).group_by(DecisionRow.kind)).all())
    truth = ground_truth(session, now=now)
    return {
        "as_of": None if now is None else now.isoformat(),
        "bookings": _count(session, select(BookingRow.booking_id)),
        "sre": _count(session, select(BookingRow.booking_id).where(BookingRow.sre_at.is_not(None))),
        "ident_searches": _count(session, select(IdentSearchRow.booking_id)),
        "ident_matches": _count(
            session, select(IdentSearchRow.booking_id).where(IdentSearchRow.fin.is_not(None))
        ),
        "idr_no_match_sent": _kind_count(session, MessageKind.IDR_NO_MATCH),
        "iaq": _kind_count(session, MessageKind.IAQ),
        "iar": _kind_count(session, MessageKind.IAR),
        "idr_iar_sent": _kind_count(session, MessageKind.IDR_IAR),
        "idr_suppressed": suppressed,
        "detainers": sum(detainers_by_form.values()),
        "detainers_by_form": detainers_by_form,
        "lift_reasons": lift_reasons,
        "decisions": decisions,
        "pending_messages": _count(session, due),
        "scheduled_messages": scheduled,
        "dead_messages": _count(session, select(OutboxRow.seq).where(OutboxRow.dead_at.is_not(None))),
        "ground_truth": truth,
        "invariant_violations": invariant_violations(session, truth=truth),
    }


def ground_truth(session: Session, *, now: datetime | None) -> dict[str, int]:
    """Identification errors and wrong outcomes, counted against who each booking really was."""
    booking_person: dict[str, str] = {
        str(row[0]): str(row[1])
        for row in session.execute(select(TruthBookingRow.booking_id, TruthBookingRow.person_id))
    }
    subject_person: dict[tuple[str, str], str] = {
        (g, s): p
        for g, s, p in session.execute(
            select(TruthSubjectRow.gallery, TruthSubjectRow.subject_id, TruthSubjectRow.person_id)
        )
    }
    seeded_criminal = {p for (g, _), p in subject_person.items() if g == "criminal"}
    for fbi_number, first_booking in session.execute(
        select(CriminalIdentityRow.fbi_number, CriminalIdentityRow.first_booking_id)
    ):
        if first_booking in booking_person:
            subject_person.setdefault(("criminal", fbi_number), booking_person[first_booking])
    people_with = {g: {p for (gg, _), p in subject_person.items() if gg == g} for g in ("criminal", "ident")}
    false_matches = missed = 0
    earlier_people: set[str] = set()
    rows = session.execute(
        select(BookingRow.booking_id, BookingRow.fbi_number, BookingRow.sre, BookingRow.booked_at).order_by(
            BookingRow.booked_at, BookingRow.booking_id
        )
    ).all()
    for booking_id, fbi_number, sre, _ in rows:
        person = booking_person.get(booking_id)
        if person is None or sre is None:
            continue
        if not sre.get("new_identity"):
            if subject_person.get(("criminal", fbi_number or "")) != person:
                false_matches += 1
        elif person in seeded_criminal or person in earlier_people:
            missed += 1
        earlier_people.add(person)
    for booking_id, fin in session.execute(select(IdentSearchRow.booking_id, IdentSearchRow.fin)):
        person = booking_person.get(booking_id)
        if person is None:
            continue
        if fin is not None and subject_person.get(("ident", fin)) != person:
            false_matches += 1
        elif fin is None and person in people_with["ident"]:
            missed += 1
    citizens = set(session.scalars(select(TruthPersonRow.person_id).where(TruthPersonRow.is_citizen)))
    usc_detainers = usc_held = past_deadline = 0
    for booking_id, deadline_at, ended_at in session.execute(
        select(DetainerRow.booking_id, DetainerRow.deadline_at, DetainerRow.ended_at)
    ):
        citizen = booking_person.get(booking_id) in citizens
        usc_detainers += citizen
        if deadline_at is not None:
            usc_held += citizen
            overran = (
                ended_at > deadline_at if ended_at is not None else (now is not None and now > deadline_at)
            )
            past_deadline += bool(overran)
    return {
        "false_matches": false_matches,
        "missed_matches": missed,
        "usc_detainers": usc_detainers,
        "usc_held": usc_held,
        "holds_past_deadline": past_deadline,
    }


def invariant_violations(session: Session, *, truth: dict[str, int]) -> list[str]:
    """The flow's promises, checked; an empty list when all is well."""
    problems: list[str] = []
    handled = set(
        session.scalars(
            select(OutboxRow.correlation_id).where(
                OutboxRow.kind == MessageKind.BOOKING_SUBMITTED.value, OutboxRow.delivered_at.is_not(None)
            )
        )
    )
    answered = set(
        session.scalars(select(OutboxRow.correlation_id).where(OutboxRow.kind == MessageKind.SRE.value))
    )
    for booking_id in sorted(handled - answered)[:10]:
        problems.append(f"booking {booking_id}: the FBI handled it but no SRE was sent")
    matched = set(session.scalars(select(IdentSearchRow.booking_id).where(IdentSearchRow.fin.is_not(None))))
    iaqs = set(
        session.scalars(select(OutboxRow.correlation_id).where(OutboxRow.kind == MessageKind.IAQ.value))
    )
    for booking_id in sorted(iaqs - matched)[:10]:
        problems.append(f"booking {booking_id}: an IAQ was generated without an IDENT match")
    delivered_iaqs = set(
        session.scalars(
            select(OutboxRow.correlation_id).where(
                OutboxRow.kind == MessageKind.IAQ.value, OutboxRow.delivered_at.is_not(None)
            )
        )
    )
    iars = set(
        session.scalars(select(OutboxRow.correlation_id).where(OutboxRow.kind == MessageKind.IAR.value))
    )
    for booking_id in sorted(delivered_iaqs - iars)[:10]:
        problems.append(f"booking {booking_id}: LESC received the IAQ but sent no IAR")
    declined = {
        f"jail:{f}"
        for f in session.scalars(select(JurisdictionRow.fips).where(~JurisdictionRow.receives_idr))
    }
    if declined:
        leaked = session.scalars(
            select(OutboxRow.correlation_id).where(
                OutboxRow.kind.in_((MessageKind.IDR_NO_MATCH.value, MessageKind.IDR_IAR.value)),
                OutboxRow.recipient.in_(declined),
            )
        ).all()
        for booking_id in leaked[:10]:
            problems.append(
                f"booking {booking_id}: an IDR went to a jurisdiction that declined to receive IDRs"
            )
    delivered = _count(session, select(OutboxRow.seq).where(OutboxRow.delivered_at.is_not(None)))
    consumed = _count(session, select(ConsumedRow.message_id))
    if consumed != delivered:
        problems.append(
            f"{delivered} messages delivered but {consumed} consumed: a message was processed twice or lost"
        )
    repeats = Counter(
        session.execute(
            select(AuditEventRow.tag, AuditEventRow.subject_id, AuditEventRow.origin).where(
                AuditEventRow.origin.is_not(None)
            )
        ).all()
    )
    doubled = [key for key, n in repeats.items() if n > 1]
    for tag, subject, origin in doubled[:10]:
        problems.append(
            f"{tag} on {subject} recorded twice for message {origin}: a message had a second effect"
        )
    unverified = session.scalars(
        select(DetainerRow.detainer_id).where(
            and_(DetainerRow.deadline_at.is_not(None), or_(DetainerRow.verified_at.is_(None)))
        )
    ).all()
    for detainer_id in unverified[:10]:
        problems.append(f"detainer {detainer_id}: a hold began without citizenship verification")
    if truth["usc_held"]:
        problems.append(f"{truth['usc_held']} US citizen(s) held past release under a detainer")
    if truth["holds_past_deadline"]:
        problems.append(f"{truth['holds_past_deadline']} hold(s) past the deadline")
    return problems
