"""In-memory ports for the consular workflow's unit tests (the SQL adapter has its own test)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest

from securecomm.audit import AuditEvent, EventTag
from securecomm.consular import ConsularDesk, ConsularTask, FacilityInfo, PersonInfo, open_task
from securecomm.messages.booking import BookingSubmitted, Charge, Subject
from securecomm.notices import ConsularPost, NearestPost
from securecomm.rules import RuleSet, load_ruleset

RULES = load_ruleset()
HARRIS = "48201"
BOOKED = datetime(2012, 3, 5, 15, tzinfo=UTC)  # Monday 09:00 in Houston


@dataclass
class MemoryRecords:
    tasks_by_id: dict[str, ConsularTask] = field(default_factory=dict)
    people: dict[str, PersonInfo] = field(default_factory=dict)
    events: list[AuditEvent] = field(default_factory=list)

    # ConsularRecords
    def add_task(self, task: ConsularTask) -> bool:
        if any(t.booking_id == task.booking_id for t in self.tasks_by_id.values()):
            return False
        self.tasks_by_id[task.task_id] = task
        return True

    def task(self, task_id: str) -> ConsularTask | None:
        return self.tasks_by_id.get(task_id)

    def task_for_booking(self, booking_id: str) -> ConsularTask | None:
        return next((t for t in self.tasks_by_id.values() if t.booking_id == booking_id), None)

    def save_task(self, task: ConsularTask) -> None:
        assert task.task_id in self.tasks_by_id
        self.tasks_by_id[task.task_id] = task

    def tasks(self, *, fips: str | None = None, open_at: datetime | None = None) -> tuple[ConsularTask, ...]:
        out = []
        for t in sorted(self.tasks_by_id.values(), key=lambda t: (t.opened_at, t.task_id)):
            if fips is not None and t.fips != fips:
                continue
            if open_at is not None:
                closed = t.closed_at
                if t.opened_at > open_at or t.state.value == "not_applicable":
                    continue
                if closed is not None and closed <= open_at:
                    continue
            out.append(t)
        return tuple(out)

    def person(self, booking_id: str) -> PersonInfo:
        return self.people[booking_id]

    def facility(self, fips: str) -> FacilityInfo:
        return FacilityInfo(
            fips=fips,
            name="Harris County Sheriff's Office",
            location="Harris County, TX",
            tz="America/Chicago",
        )

    def recorded(self, tag: EventTag, subject_ids: Sequence[str]) -> set[str]:
        return {e.subject_id for e in self.events if e.tag is tag and e.subject_id in subject_ids}

    # AuditSink
    def record(self, event: AuditEvent) -> None:
        self.events.append(event)

    def tags(self) -> list[str]:
        return [str(e.tag) for e in self.events]


POST = ConsularPost(
    country="MX", post="Consulate General of Mexico", kind="Consulate General", city="Houston", state="TX",
    latitude=29.76, longitude=-95.37, coordinates="city_centre",
)  # fmt: skip


def fake_locate(country: str, fips: str) -> NearestPost | None:
    if country == "ZW":
        return None  # a sending state the tables list no post for
    return NearestPost(
        ConsularPost(
            country=country, post=f"Consulate of {country}", kind="Consulate", city="Houston", state="TX",
            latitude=29.76, longitude=-95.37, coordinates="city_centre",
        ),
        11.02,
    )  # fmt: skip


def booking(
    name: str, nationality: str, *, at: datetime = BOOKED, language: str = "es", fips: str = HARRIS
) -> BookingSubmitted:
    return BookingSubmitted(
        booking_id=f"bk-{name}",
        tcn=f"TCN-{name}",
        fips=fips,
        ori="TX1010000",
        facility_tz="America/Chicago",
        booked_at=at,
        subject=Subject(
            name, date(1980, 1, 2), "M", nationality if nationality != "US" else "US", nationality, language
        ),
        charges=(Charge("2299", "BURGLARY"),),
        transaction_sha256="0" * 64,
    )


@pytest.fixture
def records() -> MemoryRecords:
    return MemoryRecords()


@pytest.fixture
def desk(records: MemoryRecords) -> ConsularDesk:
    return ConsularDesk(records, records, RULES, locate=fake_locate)


@pytest.fixture
def ruleset() -> RuleSet:
    return RULES


def opened(records: MemoryRecords, name: str, nationality: str, **kwargs: object) -> ConsularTask:
    b = booking(name, nationality, **kwargs)  # type: ignore[arg-type]
    records.people[b.booking_id] = PersonInfo(
        name=b.subject.name,
        date_of_birth=b.subject.date_of_birth,
        sex=b.subject.sex,
        place_of_birth=b.subject.place_of_birth,
        nationality=b.subject.nationality,
    )
    task = open_task(b, records=records, audit=records, ruleset=RULES)
    assert task is not None
    return task
