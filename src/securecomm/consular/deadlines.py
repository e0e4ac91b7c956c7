"""The consular clock: "without delay", a 24-hour target and a 72-hour outer bound, with alerts.

Pure over tasks and an instant. The hours come from the rules when the task opens; the clock starts at
booking and runs in elapsed hours (the guidance counts hours after the arrest, weekends included). Alert
levels for an open task: within target, target near (default: the last 4 hours before it), past the
24-hour target, past the 72-hour outer bound. A task past its outer bound is recorded as an audit event
(`jail:consular:past_outer_bound`), once.

A task is read as of the instant asked: a telling or a notification recorded later does not count yet,
so `securecomm consular pending --at` shows a simulated past as the desk saw it then. (Documents recorded
later, which change the obligation, are applied as they are now.)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from securecomm.audit import AuditEvent, AuditSink, EventTag
from securecomm.consular.errors import ConsularInputError
from securecomm.consular.model import ConsularTask, Obligation, TaskState
from securecomm.consular.ports import ConsularRecords

__all__ = [
    "ConsularAlert",
    "PendingItem",
    "as_of",
    "next_step",
    "pending",
    "record_past_outer_bound",
    "task_alert",
]


class ConsularAlert(enum.StrEnum):
    WITHIN_TARGET = "within_target"
    TARGET_NEAR = "target_near"
    PAST_TARGET = "past_target"
    PAST_OUTER_BOUND = "past_outer_bound"
    DONE = "done"

    @property
    def rank(self) -> int:
        return (1, 2, 3, 4, 0)[list(ConsularAlert).index(self)]  # the later the bound passed, the higher


def as_of(task: ConsularTask, at: datetime) -> ConsularTask:
    """The task as it stood at `at`: acts recorded after `at` are left out."""
    at = at.astimezone(UTC)
    told = task.told if task.told is not None and task.told.at <= at else None
    notification = task.notification if task.notification is not None and task.notification.at <= at else None
    claim = (
        task.protected_claim if task.protected_claim is not None and task.protected_claim.at <= at else None
    )
    return replace(task, told=told, notification=notification, protected_claim=claim)


def task_alert(
    task: ConsularTask, at: datetime, *, warn_before: timedelta = timedelta(hours=4)
) -> ConsularAlert:
    """The alert level of `task` at `at` (`DONE` once nothing is left to do)."""
    at = at.astimezone(UTC)
    if not task.state.open:
        return ConsularAlert.DONE
    if at >= task.outer_at:
        return ConsularAlert.PAST_OUTER_BOUND
    if at >= task.target_at:
        return ConsularAlert.PAST_TARGET
    if at >= task.target_at - warn_before:
        return ConsularAlert.TARGET_NEAR
    return ConsularAlert.WITHIN_TARGET


def next_step(task: ConsularTask) -> str:
    """What the desk must do next, in words."""
    state = task.state
    consulate = "TECRO" if task.obligation is Obligation.TAIWAN else f"the consulate of {task.sending_state}"
    if state is TaskState.TO_DETERMINE:
        return "determine the nationality from the person's documents and record them"
    if state is TaskState.TO_INFORM:
        if task.obligation is Obligation.MANDATORY:
            also = "" if task.notification is not None else f"; notify {consulate} even if the person objects"
            return f"tell the person (mandatory-notification statement){also}"
        return f"offer to notify {consulate} and record the person's answer"
    if state is TaskState.TO_NOTIFY:
        return f"notify {consulate} by fax (or telephone) and keep the confirmation"
    return "nothing"


@dataclass(frozen=True, slots=True)
class PendingItem:
    """An open task at an instant: its next step, its alert level and the time left to each bound."""

    task: ConsularTask
    at: datetime
    alert: ConsularAlert
    step: str
    to_target: timedelta
    to_outer_bound: timedelta


def pending(
    tasks: Iterable[ConsularTask], *, at: datetime, warn_before: timedelta = timedelta(hours=4)
) -> tuple[PendingItem, ...]:
    """Every task open at `at`, the most urgent first (then the oldest)."""
    if at.tzinfo is None:
        raise ConsularInputError(f"{at.isoformat()} has no UTC offset (add Z or an offset)", where="--at")
    at = at.astimezone(UTC)
    items = []
    for stored in tasks:
        if stored.opened_at > at:
            continue
        task = as_of(stored, at)
        if not task.state.open:
            continue
        alert = task_alert(task, at, warn_before=warn_before)
        items.append(PendingItem(task, at, alert, next_step(task), task.target_at - at, task.outer_at - at))
    return tuple(sorted(items, key=lambda i: (-i.alert.rank, i.task.opened_at, i.task.task_id)))


def record_past_outer_bound(
    items: Sequence[PendingItem], *, records: ConsularRecords, audit: AuditSink, actor: str
) -> tuple[str, ...]:
    """Record each task past its 72-hour bound that no event records yet; returns their task ids."""
    late = [item for item in items if item.alert is ConsularAlert.PAST_OUTER_BOUND]
    if not late:
        return ()
    already = records.recorded(EventTag.CONSULAR_PAST_OUTER_BOUND, [item.task.task_id for item in late])
    out = []
    for item in late:
        if item.task.task_id in already:
            continue
        audit.record(
            AuditEvent(
                tag=EventTag.CONSULAR_PAST_OUTER_BOUND,
                at=item.at,
                actor=actor,
                subject_type="consular_task",
                subject_id=item.task.task_id,
                correlation_id=item.task.booking_id,
                reason="consular notification still open past the 72-hour outer bound",
                data={
                    "outer_at": item.task.outer_at.isoformat(),
                    "state": item.task.state.value,
                    "overdue_seconds": int(-item.to_outer_bound.total_seconds()),
                },
            )
        )
        out.append(item.task.task_id)
    return tuple(out)
