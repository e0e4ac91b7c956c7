"""What the consular workflow needs from the outside world; the storage adapter implements it.

The port is part of every agency transaction (`securecomm.agencies.ports.Unit.consular`), so the task a
booking opens commits with the booking, and each staff act commits with its audit event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from securecomm.audit import EventTag
from securecomm.consular.model import ConsularTask

__all__ = ["ConsularRecords", "FacilityInfo", "PersonInfo"]


@dataclass(frozen=True, slots=True)
class PersonInfo:
    """The booked person as the booking recorded them (what a consulate may be told)."""

    name: str
    date_of_birth: date
    sex: str
    place_of_birth: str
    nationality: str


@dataclass(frozen=True, slots=True)
class FacilityInfo:
    """The booking facility: its name, where it is (county, state), its zone and its county's FIPS code."""

    fips: str
    name: str
    location: str
    tz: str


class ConsularRecords(Protocol):
    def add_task(self, task: ConsularTask) -> bool:
        """Store a new task; False (and nothing stored) when the booking already has one."""
        ...

    def task(self, task_id: str) -> ConsularTask | None: ...

    def task_for_booking(self, booking_id: str) -> ConsularTask | None: ...

    def save_task(self, task: ConsularTask) -> None:
        """Replace the stored task with `task` (same id)."""
        ...

    def tasks(self, *, fips: str | None = None, open_at: datetime | None = None) -> tuple[ConsularTask, ...]:
        """Tasks, oldest first. With `open_at`, only those open then: opened by that instant and not closed
        by it (a task closed later was still open then), United States nationals excluded."""
        ...

    def person(self, booking_id: str) -> PersonInfo: ...

    def facility(self, fips: str) -> FacilityInfo: ...

    def recorded(self, tag: EventTag, subject_ids: Sequence[str]) -> set[str]:
        """Which of `subject_ids` already have an audit event with `tag`."""
        ...
