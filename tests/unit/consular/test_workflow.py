"""What a booking opens: mandatory versus on-request by the dated list, the exceptions, and the clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from securecomm.audit import EventTag
from securecomm.consular import Obligation, TaskState, determine, open_task, task_id_for

from .conftest import BOOKED, RULES, MemoryRecords, booking, opened


@pytest.mark.parametrize(
    ("nationality", "obligation", "sending"),
    [
        ("CN", Obligation.MANDATORY, "CN"),
        ("HK", Obligation.MANDATORY, "CN"),  # Hong Kong is listed under China
        ("BM", Obligation.MANDATORY, "GB"),  # a British Overseas Territory
        ("PL", Obligation.MANDATORY, "PL"),
        ("NG", Obligation.MANDATORY, "NG"),
        ("MX", Obligation.ON_REQUEST, "MX"),
        ("GT", Obligation.ON_REQUEST, "GT"),
        ("TW", Obligation.TAIWAN, "TW"),
    ],
)
def test_booking_a_foreign_national_opens_a_task_by_the_list_in_force(
    records: MemoryRecords, nationality: str, obligation: Obligation, sending: str
) -> None:
    task = opened(records, f"p-{nationality}", nationality)
    assert (task.obligation, task.sending_state, task.state) == (obligation, sending, TaskState.TO_INFORM)
    assert task.task_id == task_id_for(task.booking_id)
    assert task.target_at - task.opened_at == timedelta(hours=24)
    assert task.outer_at - task.opened_at == timedelta(hours=72)
    (event,) = records.events
    assert (event.tag, event.subject_id, event.actor, event.at) == (
        EventTag.CONSULAR_TASK_OPENED,
        task.task_id,
        "jail:48201",
        BOOKED,
    )
    assert event.data["obligation"] == obligation.value


def test_a_united_states_national_gets_no_task(records: MemoryRecords) -> None:
    assert open_task(booking("citizen", "US"), records=records, audit=records, ruleset=RULES) is None
    assert records.tasks_by_id == {} and records.events == []


def test_a_second_booking_message_does_not_open_a_second_task(records: MemoryRecords) -> None:
    opened(records, "twice", "CN")
    assert open_task(booking("twice", "CN"), records=records, audit=records, ruleset=RULES) is None
    assert len(records.tasks_by_id) == 1 and len(records.events) == 1


def test_an_unknown_nationality_opens_an_undetermined_task_that_names_the_problem(
    records: MemoryRecords,
) -> None:
    task = opened(records, "unknown", "XX")
    assert (task.obligation, task.state, task.sending_state) == (
        Obligation.UNDETERMINED,
        TaskState.TO_DETERMINE,
        None,
    )
    assert "XX" in task.reasons[0] and "documents" in task.reasons[0]
    assert task.outer_at - task.opened_at == timedelta(hours=72)  # the clock runs all the same


def test_the_poland_lpr_and_taiwan_passport_exceptions() -> None:
    on = date(2012, 3, 5)
    assert (
        determine("PL", lpr=False, passport=None, as_of=on, ruleset=RULES).obligation is Obligation.MANDATORY
    )
    poland_lpr = determine("PL", lpr=True, passport=None, as_of=on, ruleset=RULES)
    assert (poland_lpr.obligation, poland_lpr.sending_state) == (Obligation.ON_REQUEST, "PL")
    assert any("lawful permanent resident" in r for r in poland_lpr.reasons)
    # Another listed country's LPR stays mandatory: the exception is Poland's.
    assert (
        determine("CN", lpr=True, passport=None, as_of=on, ruleset=RULES).obligation is Obligation.MANDATORY
    )
    taiwan = determine("CN", lpr=False, passport="TW", as_of=on, ruleset=RULES)
    assert (taiwan.obligation, taiwan.sending_state) == (Obligation.TAIWAN, "TW")
    assert any("TECRO" in r for r in taiwan.reasons)


def test_the_list_is_dated_albania_became_mandatory_later() -> None:
    before = determine("AL", lpr=False, passport=None, as_of=date(2012, 3, 5), ruleset=RULES)
    after = determine("AL", lpr=False, passport=None, as_of=date(2024, 1, 10), ruleset=RULES)
    assert (before.obligation, after.obligation) == (Obligation.ON_REQUEST, Obligation.MANDATORY)


def test_the_clock_is_elapsed_hours_across_a_dst_change(records: MemoryRecords) -> None:
    # Booked Saturday 10 March 2012 20:00 CST; clocks sprang forward on Sunday 11 March.
    task = opened(records, "dst", "CN", at=datetime(2012, 3, 11, 2, tzinfo=UTC))
    assert task.target_at == datetime(2012, 3, 12, 2, tzinfo=UTC)
    assert task.outer_at == datetime(2012, 3, 14, 2, tzinfo=UTC)
