"""The jail's safeguard records on SQLAlchemy, inside the caller's transaction.

* `SqlConsularRecords` implements `securecomm.consular.ConsularRecords` (the consular tasks), and is the
  `consular` port of every agency `Unit`.
* `SqlHoldBoardRecords` implements `securecomm.detainers.HoldBoardRecords`: the hold board's reading of the
  `detainers` table (the lead's, read only here) and of the audit trail.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from securecomm.audit import EventTag
from securecomm.consular.model import (
    Answer,
    Channel,
    ConsularTask,
    Notification,
    Obligation,
    ProtectedClaim,
    ProtectedClaimKind,
    TaskState,
    Telling,
)
from securecomm.consular.ports import FacilityInfo, PersonInfo
from securecomm.detainers.model import DetainerView
from securecomm.messages import decode
from securecomm.messages.booking import Subject
from securecomm.storage.agency_tables import BookingRow, DetainerRow
from securecomm.storage.consular_tables import ConsularTaskRow
from securecomm.storage.tables import AuditEventRow, JurisdictionRow

__all__ = ["SqlConsularRecords", "SqlHoldBoardRecords"]

_POST_FIELDS = (
    "country",
    "post",
    "kind",
    "city",
    "state",
    "latitude",
    "longitude",
    "coordinates",
    "phone",
    "source",
)


def _recorded(session: Session, tag: EventTag, subject_ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    ids = list(dict.fromkeys(subject_ids))
    for start in range(0, len(ids), 500):  # stay under every database's bound-parameter limit
        chunk = ids[start : start + 500]
        found.update(
            session.scalars(
                select(AuditEventRow.subject_id).where(
                    AuditEventRow.tag == str(tag), AuditEventRow.subject_id.in_(chunk)
                )
            )
        )
    return found


def _post_to_json(task: ConsularTask) -> dict[str, Any] | None:
    post = None if task.notification is None else task.notification.post
    return None if post is None else {name: getattr(post, name) for name in _POST_FIELDS}


def _post_from_json(data: dict[str, Any] | None) -> Any:
    if data is None:
        return None
    from securecomm.notices import ConsularPost  # only when a notified task is read

    return ConsularPost(**{name: data[name] for name in _POST_FIELDS})


def _row_values(task: ConsularTask) -> dict[str, Any]:
    told, note, claim = task.told, task.notification, task.protected_claim
    return {
        "task_id": task.task_id,
        "booking_id": task.booking_id,
        "fips": task.fips,
        "facility_tz": task.facility_tz,
        "opened_at": task.opened_at,
        "nationality": task.nationality,
        "language": task.language,
        "lpr": task.lpr,
        "passport": task.passport,
        "obligation": task.obligation.value,
        "sending_state": task.sending_state,
        "reasons": list(task.reasons),
        "target_at": task.target_at,
        "outer_at": task.outer_at,
        "state": task.state.value,
        "closed_at": task.closed_at,
        "told_at": None if told is None else told.at,
        "told_by": None if told is None else told.by,
        "told_language": None if told is None else told.language,
        "answer": None if told is None or told.answer is None else told.answer.value,
        "notified_at": None if note is None else note.at,
        "notified_by": None if note is None else note.by,
        "channel": None if note is None else note.channel.value,
        "post": _post_to_json(task),
        "post_distance_km": None if note is None else note.distance_km,
        "confirmation": None if note is None else note.confirmation,
        "sent_record": None if note is None else note.sent,
        "protected_claim": None if claim is None else claim.kind.value,
        "protected_claim_at": None if claim is None else claim.at,
        "protected_claim_by": None if claim is None else claim.by,
    }


def _task(row: ConsularTaskRow) -> ConsularTask:
    told = None
    if row.told_at is not None:
        told = Telling(
            at=row.told_at,
            by=row.told_by or "",
            language=row.told_language or "",
            answer=None if row.answer is None else Answer(row.answer),
        )
    note = None
    if row.notified_at is not None:
        note = Notification(
            at=row.notified_at,
            by=row.notified_by or "",
            channel=Channel(str(row.channel)),
            post=_post_from_json(row.post),
            distance_km=row.post_distance_km,
            confirmation=row.confirmation or "",
            sent=row.sent_record or {},
        )
    claim = None
    if row.protected_claim is not None and row.protected_claim_at is not None:
        claim = ProtectedClaim(
            ProtectedClaimKind(row.protected_claim), row.protected_claim_at, row.protected_claim_by or ""
        )
    return ConsularTask(
        task_id=row.task_id,
        booking_id=row.booking_id,
        fips=row.fips,
        facility_tz=row.facility_tz,
        opened_at=row.opened_at,
        nationality=row.nationality,
        language=row.language,
        obligation=Obligation(row.obligation),
        sending_state=row.sending_state,
        target_at=row.target_at,
        outer_at=row.outer_at,
        reasons=tuple(row.reasons or ()),
        lpr=row.lpr,
        passport=row.passport,
        told=told,
        notification=note,
        protected_claim=claim,
    )


class SqlConsularRecords:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_task(self, task: ConsularTask) -> bool:
        # This sits on every booking's path. The task id derives from the booking id (`task_id_for`), so a
        # primary-key lookup finds an earlier task of the booking (the unique booking_id guards the rest);
        # no flush here and none forced by the lookup: the row goes out with the booking's own at commit.
        with self.session.no_autoflush:
            if self.session.get(ConsularTaskRow, task.task_id) is not None:
                return False
        self.session.add(ConsularTaskRow(**_row_values(task)))
        return True

    def task(self, task_id: str) -> ConsularTask | None:
        row = self.session.get(ConsularTaskRow, task_id)
        return None if row is None else _task(row)

    def task_for_booking(self, booking_id: str) -> ConsularTask | None:
        row = self.session.scalar(select(ConsularTaskRow).where(ConsularTaskRow.booking_id == booking_id))
        return None if row is None else _task(row)

    def save_task(self, task: ConsularTask) -> None:
        row = self.session.get(ConsularTaskRow, task.task_id)
        if row is None:
            raise LookupError(f"no consular task {task.task_id!r} to save")
        for name, value in _row_values(task).items():
            setattr(row, name, value)
        self.session.flush()

    def tasks(self, *, fips: str | None = None, open_at: datetime | None = None) -> tuple[ConsularTask, ...]:
        query = select(ConsularTaskRow).order_by(ConsularTaskRow.opened_at, ConsularTaskRow.task_id)
        if fips is not None:
            query = query.where(ConsularTaskRow.fips == fips)
        if open_at is not None:
            query = query.where(
                ConsularTaskRow.opened_at <= open_at,
                ConsularTaskRow.state != TaskState.NOT_APPLICABLE.value,
                or_(ConsularTaskRow.closed_at.is_(None), ConsularTaskRow.closed_at > open_at),
            )
        return tuple(_task(row) for row in self.session.scalars(query))

    def person(self, booking_id: str) -> PersonInfo:
        row = self.session.get(BookingRow, booking_id)
        if row is None:
            raise LookupError(f"no booking {booking_id!r}")
        subject = decode(Subject, row.subject)
        return PersonInfo(
            name=subject.name,
            date_of_birth=subject.date_of_birth,
            sex=subject.sex,
            place_of_birth=subject.place_of_birth,
            nationality=subject.nationality,
        )

    def facility(self, fips: str) -> FacilityInfo:
        from securecomm.synth.errors import UnknownJurisdiction
        from securecomm.synth.jurisdictions import find_jurisdiction

        row = self.session.get(JurisdictionRow, fips)
        if row is None:
            raise LookupError(f"no jurisdiction {fips!r}")
        try:
            agency = find_jurisdiction(fips).agency_name
        except UnknownJurisdiction:
            agency = None
        name = agency or f"{row.name} booking facility ({row.ori})"
        return FacilityInfo(fips=fips, name=name, location=f"{row.name}, {row.state}", tz=row.tz)

    def recorded(self, tag: EventTag, subject_ids: Sequence[str]) -> set[str]:
        return _recorded(self.session, tag, subject_ids)


def detainer_view(row: DetainerRow) -> DetainerView:
    return DetainerView(
        detainer_id=row.detainer_id,
        booking_id=row.booking_id,
        fips=row.fips,
        form=row.form,
        state=row.state,
        requests_hold=row.requests_hold,
        language=row.served_language or row.notice_language,
        facility_tz=row.facility_tz,
        issued_at=row.issued_at,
        verified_at=row.verified_at,
        release_eligible_at=row.release_eligible_at,
        deadline_at=row.deadline_at,
        ended_at=row.ended_at,
        end_kind=row.end_kind,
        lift_reason=row.lift_reason,
    )


class SqlHoldBoardRecords:
    def __init__(self, session: Session) -> None:
        self.session = session

    def detainer_views(
        self, *, fips: str | None = None, active_at: datetime | None = None
    ) -> tuple[DetainerView, ...]:
        query = select(DetainerRow).order_by(DetainerRow.issued_at, DetainerRow.detainer_id)
        if fips is not None:
            query = query.where(DetainerRow.fips == fips)
        if active_at is not None:
            query = query.where(
                DetainerRow.issued_at <= active_at,
                or_(DetainerRow.ended_at.is_(None), DetainerRow.ended_at > active_at),
            )
        return tuple(detainer_view(row) for row in self.session.scalars(query))

    def recorded(self, tag: EventTag, subject_ids: Sequence[str]) -> set[str]:
        return _recorded(self.session, tag, subject_ids)
