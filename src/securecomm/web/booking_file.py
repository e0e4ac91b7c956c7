"""A booked person as their jail reads them: the booking, custody, detainers, claims and consular task,
with the acts the jail may record now.

Only what the jail itself holds or was sent: the booking and its answers (the IDR/IAR only where the
county receives them), its custody record, the detainers lodged with it, the claims made there and their
outcome, and its consular-notification task. Never the field office's case or advice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from securecomm.consular import ConsularTask, Obligation, next_step, task_alert
from securecomm.storage.agency_tables import BookingRow, ClaimRow, CustodyRow, DetainerRow
from securecomm.storage.consular_records import SqlConsularRecords
from securecomm.storage.tables import JurisdictionRow
from securecomm.web.case_file import ACTIVE_DETAINER_STATES, claim_out
from securecomm.web.file_schemas import (
    BookingFileOut,
    ConsularNotificationOut,
    ConsularTaskOut,
    ConsularTellingOut,
    CustodyOut,
)
from securecomm.web.notice_pdf import notice_languages, person_language
from securecomm.web.shaping import booking_out, detainer_out

__all__ = ["booking_file", "consular_out"]


def consular_out(task: ConsularTask, *, now: datetime) -> ConsularTaskOut:
    told, note = task.told, task.notification
    return ConsularTaskOut(
        task_id=task.task_id,
        nationality=task.nationality,
        obligation=task.obligation.value,
        state=task.state.value,
        next_step=next_step(task),
        alert=task_alert(task, now).value,
        language=task.language,
        opened_at=task.opened_at,
        target_at=task.target_at,
        outer_at=task.outer_at,
        reasons=list(task.reasons),
        told=None
        if told is None
        else ConsularTellingOut(
            at=told.at,
            by=told.by,
            language=told.language,
            answer=None if told.answer is None else told.answer.value,
        ),
        notification=None
        if note is None
        else ConsularNotificationOut(
            at=note.at,
            by=note.by,
            channel=note.channel.value,
            post=None if note.post is None else note.post.label,
            confirmation=note.confirmation,
        ),
        do_not_disclose_claim=task.protected_claim is not None,
    )


def booking_file(
    session: Session, booking: BookingRow, county: JurisdictionRow, *, now: datetime
) -> BookingFileOut:
    """Everything the booking page and `GET /api/bookings/{id}/file` show (inside the caller's transaction)."""
    custody = session.get(CustodyRow, booking.booking_id)
    detainers = session.scalars(
        select(DetainerRow)
        .where(DetainerRow.booking_id == booking.booking_id)
        .order_by(DetainerRow.issued_at)
    ).all()
    claims = session.scalars(
        select(ClaimRow).where(ClaimRow.booking_id == booking.booking_id).order_by(ClaimRow.at)
    ).all()
    task = SqlConsularRecords(session).task_for_booking(booking.booking_id)
    acts = ["claim"]
    if any(d.ended_at is None and d.state in ACTIVE_DETAINER_STATES for d in detainers):
        acts.append("service")
    if custody is not None and custody.state == "in_custody" and custody.release_eligible_at is None:
        acts.append("release")
    if task is not None and task.obligation not in (Obligation.NOT_APPLICABLE, Obligation.UNDETERMINED):
        if task.told is None:
            acts.append("consular_inform")
        elif task.notification is None:
            acts += ["consular_answer", *(["consular_notify"] if task.notify_required else [])]
    return BookingFileOut(
        booking=booking_out(booking, receives_idr=county.receives_idr),
        custody=None
        if custody is None
        else CustodyOut(
            state=custody.state,
            release_eligible_at=custody.release_eligible_at,
            release_reason=custody.release_reason,
            ended_at=custody.ended_at,
            outcome=custody.outcome,
        ),
        detainers=[detainer_out(d, now=now, subject=booking.subject) for d in detainers],
        claims=[claim_out(c) for c in claims],
        consular=None if task is None else consular_out(task, now=now),
        notice_languages=[lang.code for lang in notice_languages()],
        person_language=person_language(booking),
        acts=acts,
    )
