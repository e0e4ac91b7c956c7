"""The consular-notification task of one booked foreign national, as the jail keeps it.

A task has two duties. The person is always told, without delay, what consular notification means for
them; the consulate is notified when the rules make it mandatory (even if the person objects) or when the
person asks. The clock starts at booking (the first recorded instant of the arrest): the State Department's
24-hour target and 72-hour outer bound come from the rules (`state/consular_notification/timing.yaml`).

A protected claim (asylum, refugee status, fear of persecution or torture) is kept on the task for the
staff's eyes only; nothing built for a consulate reads it (see `securecomm.consular.disclosure`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from securecomm.notices import ConsularPost

__all__ = [
    "Answer",
    "Channel",
    "ConsularTask",
    "Notification",
    "Obligation",
    "ProtectedClaim",
    "ProtectedClaimKind",
    "TaskState",
    "Telling",
]


class Obligation(enum.StrEnum):
    """What the rules require for this person (values match `securecomm.notices.StatementKind`)."""

    MANDATORY = "mandatory"  # notify the consulate without delay, even if the person objects
    ON_REQUEST = "on_request"  # offer notification without delay; notify only if asked
    TAIWAN = "taiwan"  # a Taiwan passport: TECRO on request
    UNDETERMINED = "undetermined"  # nationality not known or not a country code: determine it first
    NOT_APPLICABLE = "not_applicable"  # found to be a United States national: nothing to do


class TaskState(enum.StrEnum):
    """The next step, derived from what has been recorded."""

    TO_DETERMINE = "to_determine"  # find out the nationality (documents, statements)
    TO_INFORM = "to_inform"  # tell the person (mandatory: the consulate may already be notified)
    TO_NOTIFY = "to_notify"  # told; the consulate must be notified (mandatory, or requested)
    NOTIFIED = "notified"  # done: told and the consulate notified
    DECLINED = "declined"  # done: told, on-request, the person declined
    NOT_APPLICABLE = "not_applicable"  # done: a United States national

    @property
    def open(self) -> bool:
        return self in (TaskState.TO_DETERMINE, TaskState.TO_INFORM, TaskState.TO_NOTIFY)


class Answer(enum.StrEnum):
    """The person's answer (values match `securecomm.notices.ConsularAnswer`).

    For a mandatory country the answer is recorded but changes nothing: "declined" means they object.
    """

    REQUESTED = "requested"
    DECLINED = "declined"


class Channel(enum.StrEnum):
    """How the consulate was notified: by fax if possible, otherwise by telephone (State Department SOP)."""

    FAX = "fax"
    PHONE = "phone"


class ProtectedClaimKind(enum.StrEnum):
    ASYLUM = "asylum"
    REFUGEE = "refugee"
    FEAR_OF_RETURN = "fear_of_return"  # fear of persecution or torture if returned


@dataclass(frozen=True, slots=True)
class Telling:
    """The person was told: when, by whom, in which language, and their answer."""

    at: datetime
    by: str
    language: str
    answer: Answer | None


@dataclass(frozen=True, slots=True)
class Notification:
    """The consulate was notified: when, by whom, how, to which post, and the confirmation kept.

    `confirmation` is the fax confirmation receipt's reference, or for a call the consular officer spoken to.
    `sent` is exactly what was communicated (built by `disclosure.consulate_record`): it is the record a
    reviewer checks to see that nothing protected left the jail.
    """

    at: datetime
    by: str
    channel: Channel
    post: ConsularPost | None
    distance_km: float | None
    confirmation: str
    sent: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ProtectedClaim:
    kind: ProtectedClaimKind
    at: datetime
    by: str


@dataclass(frozen=True, slots=True)
class ConsularTask:
    """One booked foreign national's consular notification. Instants are aware (stored as UTC)."""

    task_id: str
    booking_id: str
    fips: str
    facility_tz: str
    opened_at: datetime
    nationality: str  # ISO 3166-1 alpha-2 as recorded (may be unknown until documents are recorded)
    language: str  # ISO 639-1 the person reads best, from the booking
    obligation: Obligation
    sending_state: str | None  # whose consulate: the listed country (HK -> CN), or TW for TECRO
    target_at: datetime
    outer_at: datetime
    reasons: tuple[str, ...] = ()  # the rules' reasons, in words
    lpr: bool = False
    passport: str | None = None
    told: Telling | None = None
    notification: Notification | None = None
    protected_claim: ProtectedClaim | None = field(default=None)

    @property
    def notify_required(self) -> bool:
        if self.obligation is Obligation.MANDATORY:
            return True
        if self.obligation in (Obligation.ON_REQUEST, Obligation.TAIWAN):
            return self.told is not None and self.told.answer is Answer.REQUESTED
        return False

    @property
    def state(self) -> TaskState:
        if self.obligation is Obligation.NOT_APPLICABLE:
            return TaskState.NOT_APPLICABLE
        if self.obligation is Obligation.UNDETERMINED:
            return TaskState.TO_DETERMINE
        if self.told is None:
            return TaskState.TO_INFORM
        if self.notification is not None:
            return TaskState.NOTIFIED
        return TaskState.TO_NOTIFY if self.notify_required else TaskState.DECLINED

    @property
    def closed_at(self) -> datetime | None:
        """When the last duty was done (None while open)."""
        state = self.state
        if state is TaskState.NOTIFIED:
            assert self.told is not None and self.notification is not None
            return max(self.told.at, self.notification.at)
        if state is TaskState.DECLINED:
            assert self.told is not None
            return self.told.at
        return None
