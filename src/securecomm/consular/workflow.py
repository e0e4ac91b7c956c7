"""Opening a consular task at booking, and what the rules say about a nationality.

The booking station calls `open_task` inside the booking's own transaction: a booked foreign national
has a task from the first instant, or the booking does not exist at all. A United States national needs
nothing and gets no task. A nationality that is not an ISO 3166-1 code (or a date outside the rules) is
not an error at booking: the task opens as `undetermined`, and the staff record the documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from securecomm.audit import AuditEvent, AuditSink, EventTag
from securecomm.consular.model import ConsularTask, Obligation
from securecomm.consular.ports import ConsularRecords
from securecomm.errors import BadInput
from securecomm.ids import deterministic_id
from securecomm.messages import Address
from securecomm.messages.booking import BookingSubmitted
from securecomm.rules import RuleSet, consular_determination
from securecomm.rules.consular_notification import TIMING

__all__ = ["Determined", "determine", "open_task", "task_id_for"]


@dataclass(frozen=True, slots=True)
class Determined:
    """The rules' answer for one person on one date, in the workflow's terms."""

    obligation: Obligation
    sending_state: str | None
    target_hours: int
    outer_hours: int
    reasons: tuple[str, ...]


def task_id_for(booking_id: str) -> str:
    """The task id of a booking (stable: a redelivered booking finds the same task)."""
    return deterministic_id("ct", booking_id)


def _timing(as_of: date, ruleset: RuleSet) -> tuple[int, int]:
    timing = ruleset.value(TIMING, as_of)
    return int(timing["target_hours"]), int(timing["outer_hours"])


def determine(
    nationality: str, *, lpr: bool, passport: str | None, as_of: date, ruleset: RuleSet
) -> Determined:
    """Mandatory, on request, Taiwan (TECRO on request), not applicable (US national) or undetermined."""
    try:
        advice = consular_determination(nationality, lpr=lpr, passport=passport, as_of=as_of, ruleset=ruleset)
    except BadInput as error:  # an unknown country code, or a date before the rules begin
        target, outer = _timing(as_of, ruleset)
        return Determined(
            Obligation.UNDETERMINED,
            None,
            target,
            outer,
            (f"Nationality not determined ({error}); record the person's documents.",),
        )
    value = advice.value
    codes = {reason.code for reason in advice.reasons}
    reasons = tuple(reason.text for reason in advice.reasons)
    if "consular.us_national" in codes:
        obligation, sending = Obligation.NOT_APPLICABLE, None
    elif "consular.taiwan" in codes:
        obligation, sending = Obligation.TAIWAN, "TW"
    elif value.mandatory:
        obligation, sending = Obligation.MANDATORY, value.listed_as or value.nationality
    else:
        obligation, sending = Obligation.ON_REQUEST, value.listed_as or value.nationality
    return Determined(obligation, sending, value.target_hours, value.outer_hours, reasons)


def open_task(
    booking: BookingSubmitted, *, records: ConsularRecords, audit: AuditSink, ruleset: RuleSet
) -> ConsularTask | None:
    """Open the task of a booked foreign national (None for a United States national or a known booking)."""
    nationality = booking.subject.nationality.strip().upper()
    if nationality == "US":
        return None
    zone = ZoneInfo(booking.facility_tz)
    opened_at: datetime = booking.booked_at.astimezone(
        UTC
    )  # elapsed hours: add them in UTC, never on a wall clock
    found = determine(
        nationality, lpr=False, passport=None, as_of=opened_at.astimezone(zone).date(), ruleset=ruleset
    )
    task = ConsularTask(
        task_id=task_id_for(booking.booking_id),
        booking_id=booking.booking_id,
        fips=booking.fips,
        facility_tz=booking.facility_tz,
        opened_at=opened_at,
        nationality=nationality,
        language=booking.subject.language,
        obligation=found.obligation,
        sending_state=found.sending_state,
        target_at=opened_at + timedelta(hours=found.target_hours),
        outer_at=opened_at + timedelta(hours=found.outer_hours),
        reasons=found.reasons,
    )
    if not records.add_task(task):
        return None
    audit.record(
        AuditEvent(
            tag=EventTag.CONSULAR_TASK_OPENED,
            at=opened_at,
            actor=Address.jail(booking.fips),
            subject_type="consular_task",
            subject_id=task.task_id,
            correlation_id=booking.booking_id,
            data={
                "nationality": nationality,
                "obligation": task.obligation.value,
                "sending_state": task.sending_state,
                "target_at": task.target_at.isoformat(),
                "outer_at": task.outer_at.isoformat(),
            },
        )
    )
    return task
