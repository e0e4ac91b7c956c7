"""The consular clock: without delay, the 24-hour target, the 72-hour outer bound, and the alerts."""

from __future__ import annotations

from datetime import timedelta

from securecomm.audit import EventTag
from securecomm.consular import (
    Answer,
    Channel,
    ConsularAlert,
    ConsularDesk,
    as_of,
    next_step,
    pending,
    record_past_outer_bound,
    task_alert,
)

from .conftest import BOOKED, MemoryRecords, opened

OFFICER = "jail:48201:officer-3"


def test_alerts_around_the_24_hour_target_and_the_72_hour_bound(records: MemoryRecords) -> None:
    task = opened(records, "ivan", "RU", language="en")
    levels = {
        hours: task_alert(task, BOOKED + timedelta(hours=hours))
        for hours in (0, 19.9, 20, 23.9, 24, 71.9, 72, 200)
    }
    assert levels == {
        0: ConsularAlert.WITHIN_TARGET,
        19.9: ConsularAlert.WITHIN_TARGET,
        20: ConsularAlert.TARGET_NEAR,  # the last 4 hours before the target
        23.9: ConsularAlert.TARGET_NEAR,
        24: ConsularAlert.PAST_TARGET,
        71.9: ConsularAlert.PAST_TARGET,
        72: ConsularAlert.PAST_OUTER_BOUND,
        200: ConsularAlert.PAST_OUTER_BOUND,
    }
    assert (
        task_alert(task, BOOKED + timedelta(hours=21), warn_before=timedelta(hours=2))
        is ConsularAlert.WITHIN_TARGET
    )


def test_pending_lists_open_tasks_most_urgent_first_with_their_next_step(
    records: MemoryRecords, desk: ConsularDesk
) -> None:
    old = opened(records, "old", "MX", at=BOOKED - timedelta(hours=30))
    new = opened(records, "new", "CN", language="zh")
    done = desk.inform(
        opened(records, "done", "GT"),
        at=BOOKED,
        actor=OFFICER,
        reason="r",
        language="es",
        answer=Answer.DECLINED,
    )
    later = opened(records, "later", "PL", at=BOOKED + timedelta(days=1))
    at = BOOKED + timedelta(hours=1)
    items = pending(records.tasks(open_at=at), at=at)
    assert [item.task.booking_id for item in items] == [old.booking_id, new.booking_id]
    assert [item.alert for item in items] == [ConsularAlert.PAST_TARGET, ConsularAlert.WITHIN_TARGET]
    assert items[0].to_target == timedelta(hours=-7) and items[1].to_outer_bound == timedelta(hours=71)
    assert items[0].step == "offer to notify the consulate of MX and record the person's answer"
    assert items[1].step.startswith(
        "tell the person (mandatory-notification statement); notify the consulate of CN"
    )
    assert done.booking_id not in {i.task.booking_id for i in items} and later.opened_at > at


def test_a_past_instant_shows_the_task_as_it_stood_then(records: MemoryRecords, desk: ConsularDesk) -> None:
    task = opened(records, "kim", "CN", language="en")
    task = desk.notify(
        task,
        at=BOOKED + timedelta(hours=2),
        actor=OFFICER,
        reason="mandatory",
        channel=Channel.FAX,
        confirmation="r",
    )
    task = desk.inform(
        task, at=BOOKED + timedelta(hours=3), actor=OFFICER, reason="r", language="en", answer=None
    )
    assert pending(records.tasks(open_at=BOOKED + timedelta(hours=4)), at=BOOKED + timedelta(hours=4)) == ()
    then = BOOKED + timedelta(hours=2, minutes=30)
    (item,) = pending(records.tasks(open_at=then), at=then)
    assert item.task.notification is not None and item.task.told is None
    assert item.step == "tell the person (mandatory-notification statement)"
    assert as_of(task, BOOKED).notification is None
    assert next_step(task) == "nothing"


def test_a_task_past_its_outer_bound_is_recorded_once(records: MemoryRecords) -> None:
    task = opened(records, "ola", "NG", language="en")
    at = BOOKED + timedelta(hours=80)
    items = pending(records.tasks(open_at=at), at=at)
    assert record_past_outer_bound(items, records=records, audit=records, actor="desk:48201") == (
        task.task_id,
    )
    event = records.events[-1]
    assert (event.tag, event.subject_id, event.data["overdue_seconds"]) == (
        EventTag.CONSULAR_PAST_OUTER_BOUND,
        task.task_id,
        8 * 3600,
    )
    assert record_past_outer_bound(items, records=records, audit=records, actor="desk:48201") == ()
    assert [str(e.tag) for e in records.events].count("jail:consular:past_outer_bound") == 1
