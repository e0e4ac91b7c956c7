"""The simulated staff: deterministic, acting through the audited desk, never past the 72-hour bound."""

from __future__ import annotations

from datetime import timedelta

import pytest

from securecomm.consular import (
    Answer,
    ConsularDesk,
    Obligation,
    SimulatedStaff,
    StaffRates,
    TaskState,
    pending,
    simulate_staff_actions,
)

from .conftest import BOOKED, RULES, MemoryRecords, fake_locate, opened

NATIONALITIES = ("MX", "CN", "GT", "PL", "TW", "RU", "SV", "PH", "HN", "IN") * 6


def world(records: MemoryRecords) -> None:
    for i, code in enumerate(NATIONALITIES):
        opened(records, f"p{i}", code, at=BOOKED + timedelta(minutes=37 * i))


def test_every_task_is_done_within_the_outer_bound_and_a_rerun_does_nothing(records: MemoryRecords) -> None:
    world(records)
    desk = ConsularDesk(records, records, RULES, locate=fake_locate)
    staff = SimulatedStaff(seed=7)
    end = BOOKED + timedelta(days=4)
    done = simulate_staff_actions(desk, staff, until=end)
    assert done > len(NATIONALITIES)  # everybody told, some notified
    assert pending(records.tasks(open_at=end), at=end) == ()
    tasks = records.tasks()
    for task in tasks:
        assert task.told is not None and task.told.by.startswith("jail:48201:officer-")
        assert task.closed_at is not None and task.closed_at < task.outer_at
        if task.obligation is Obligation.MANDATORY:
            assert task.state is TaskState.NOTIFIED
    requested = [
        t
        for t in tasks
        if t.obligation is Obligation.ON_REQUEST and t.told and t.told.answer is Answer.REQUESTED
    ]
    assert all(t.state is TaskState.NOTIFIED for t in requested)
    assert any(t.state is TaskState.DECLINED for t in tasks)
    events = len(records.events)
    assert simulate_staff_actions(desk, staff, until=end) == 0 and len(records.events) == events


def test_the_same_seed_makes_the_same_choices_and_steps_add_up(records: MemoryRecords) -> None:
    world(records)
    stepped = MemoryRecords()
    world(stepped)
    staff = SimulatedStaff(seed=3)
    simulate_staff_actions(
        ConsularDesk(records, records, RULES, locate=fake_locate), staff, until=BOOKED + timedelta(days=4)
    )
    desk = ConsularDesk(stepped, stepped, RULES, locate=fake_locate)
    for hours in range(0, 97, 6):  # a simulation acting every six simulated hours
        simulate_staff_actions(desk, staff, until=BOOKED + timedelta(hours=hours))
    assert records.tasks() == stepped.tasks()


def test_no_act_before_its_time_and_an_undetermined_nationality_is_left_to_people(
    records: MemoryRecords,
) -> None:
    task = opened(records, "x", "XX")
    mx = opened(records, "m", "MX")
    desk = ConsularDesk(records, records, RULES, locate=fake_locate)
    assert simulate_staff_actions(desk, SimulatedStaff(seed=1), until=BOOKED + timedelta(minutes=5)) == 0
    simulate_staff_actions(desk, SimulatedStaff(seed=1), until=BOOKED + timedelta(days=5))
    assert records.task(task.task_id).state is TaskState.TO_DETERMINE  # type: ignore[union-attr]
    assert records.task(mx.task_id).state in (TaskState.NOTIFIED, TaskState.DECLINED)  # type: ignore[union-attr]


def test_rates_are_checked() -> None:
    with pytest.raises(ValueError, match="request_share"):
        StaffRates(request_share=1.5)
    with pytest.raises(ValueError, match="notify_after"):
        StaffRates(notify_after=(timedelta(hours=2), timedelta(hours=1)))
