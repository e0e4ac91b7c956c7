"""The hold board's vocabulary: a detainer as the board reads it, the alert levels, and one board line.

The board works on plain values (`DetainerView`) and an instant, so it can be evaluated "now" on a live
jail or at any past instant of a simulation, and tested without a database.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from securecomm.detainers.errors import BoardInputError

__all__ = ["Board", "BoardSettings", "DetainerView", "HoldAlert", "HoldLine", "Phase"]


def _aware(value: datetime | None, where: str) -> None:
    if value is not None and value.tzinfo is None:
        raise BoardInputError(
            f"{value.isoformat()} has no UTC offset; store instants as aware UTC", where=where
        )


@dataclass(frozen=True, slots=True)
class DetainerView:
    """What the board needs of one detainer (the `detainers` table, read by an adapter).

    `language` is the language the copy was served in, or the one chosen for the notice when it has not
    been served yet; `verified_at` is when the field office verified the person is not a citizen. Instants are aware; `facility_tz` is the IANA zone of the holding facility.
    """

    detainer_id: str
    booking_id: str
    fips: str
    form: str
    state: str
    requests_hold: bool
    language: str
    facility_tz: str
    issued_at: datetime
    verified_at: datetime | None = None
    release_eligible_at: datetime | None = None
    deadline_at: datetime | None = None
    ended_at: datetime | None = None
    end_kind: str | None = None
    lift_reason: str | None = None

    def __post_init__(self) -> None:
        where = f"detainers[{self.detainer_id}]"
        for name in ("issued_at", "verified_at", "release_eligible_at", "deadline_at", "ended_at"):
            _aware(getattr(self, name), f"{where}.{name}")

    def active_at(self, at: datetime) -> bool:
        """Lodged by `at` and not ended by then (an end at exactly `at` counts as ended)."""
        at = at.astimezone(UTC)  # compare instants, never wall clocks of one zone
        return self.issued_at.astimezone(UTC) <= at and (
            self.ended_at is None or self.ended_at.astimezone(UTC) > at
        )


class Phase(enum.StrEnum):
    """Where a detainer stands at an instant."""

    AWAITING_RELEASE = "awaiting_release"  # lodged; the person is not yet release-eligible
    NO_HOLD = "no_hold"  # release-eligible, but the form requests notification only (I-247N/X)
    HOLDING = "holding"  # held past the release-eligible moment under the detainer: the clock runs
    ENDED = "ended"


class HoldAlert(enum.StrEnum):
    """How urgent a line is. Ordered from calm to violation; `rank` sorts the board."""

    PENDING = "pending"  # no clock yet (awaiting release, or a notification-only form)
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"  # the deadline is within the alert window (4 h by default)
    DUE_NOW = "due_now"  # the deadline is within the last window (30 min by default) or is now
    PAST_DEADLINE = "past_deadline"  # still held after the deadline: a violation

    @property
    def rank(self) -> int:
        return list(HoldAlert).index(self)

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    HoldAlert.PENDING: "no clock yet",
    HoldAlert.ON_TIME: "on time",
    HoldAlert.DUE_SOON: "due within {alert}",
    HoldAlert.DUE_NOW: "due now: release or transfer",
    HoldAlert.PAST_DEADLINE: "PAST DEADLINE: release now",
}


@dataclass(frozen=True, slots=True)
class BoardSettings:
    """The alert windows. Operational choices, not law: the law is the deadline itself."""

    alert_within: timedelta = timedelta(hours=4)
    due_now_within: timedelta = timedelta(minutes=30)

    def __post_init__(self) -> None:
        if self.due_now_within <= timedelta(0):
            raise BoardInputError("must be a positive duration", where="due_now_within")
        if self.alert_within <= self.due_now_within:
            raise BoardInputError(
                f"the alert window ({self.alert_within}) must be longer than the due-now window "
                f"({self.due_now_within})",
                where="alert_within",
            )

    def label(self, alert: HoldAlert) -> str:
        hours = self.alert_within.total_seconds() / 3600
        return alert.label.format(alert=f"{hours:g} h")


@dataclass(frozen=True, slots=True)
class HoldLine:
    """One detainer on the board at one instant. Times are in the facility's zone.

    `deadline_at` is the earlier of the stored deadline and the one the rules compute from the
    release-eligible moment; `deadline_mismatch` says the stored one was later (or missing) — the board
    never lets a wrong record extend a hold.
    """

    detainer: DetainerView
    at: datetime
    phase: Phase
    alert: HoldAlert
    release_eligible_at: datetime | None
    deadline_at: datetime | None
    remaining: timedelta | None
    countdown: str
    label: str
    deadline_mismatch: bool = False

    @property
    def violation(self) -> bool:
        return self.alert is HoldAlert.PAST_DEADLINE


@dataclass(frozen=True, slots=True)
class Board:
    """Every detainer active at `at`, the most urgent first."""

    at: datetime
    lines: tuple[HoldLine, ...]
    settings: BoardSettings

    @property
    def holding(self) -> tuple[HoldLine, ...]:
        return tuple(line for line in self.lines if line.phase is Phase.HOLDING)

    @property
    def violations(self) -> tuple[HoldLine, ...]:
        return tuple(line for line in self.lines if line.violation)

    def count(self, alert: HoldAlert) -> int:
        return sum(line.alert is alert for line in self.lines)
