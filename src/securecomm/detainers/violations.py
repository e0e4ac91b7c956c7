"""A hold past its deadline is a violation: the board records it as an audit event, once per detainer.

The custody agency schedules the expiry when the hold begins and records `jail:hold:past_deadline` when a
release comes late. The board is the second, independent line: whenever it is evaluated (the jail's
screen, `securecomm detainers due`, a simulation's daily sweep) every line still held past its deadline is
recorded at once, while the person is still there, with the deadline and how long it has been exceeded.
A detainer already recorded (by the board or by the custody agency) is not recorded again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from securecomm.audit import AuditEvent, AuditSink, EventTag
from securecomm.detainers.model import Board, DetainerView, HoldLine

__all__ = ["HoldBoardRecords", "Overrun", "record_overruns"]


class HoldBoardRecords(Protocol):
    """What the board reads: the detainers (as views) and which ones already carry a given audit event."""

    def detainer_views(
        self, *, fips: str | None = None, active_at: datetime | None = None
    ) -> tuple[DetainerView, ...]: ...

    def recorded(self, tag: EventTag, subject_ids: Sequence[str]) -> set[str]: ...


@dataclass(frozen=True, slots=True)
class Overrun:
    """A hold seen past its deadline: who, the deadline, when it was seen, and by how much."""

    detainer_id: str
    booking_id: str
    fips: str
    deadline_at: datetime
    seen_at: datetime
    overdue: timedelta
    deadline_mismatch: bool


def _overrun(line: HoldLine) -> Overrun:
    assert line.deadline_at is not None and line.remaining is not None
    return Overrun(
        detainer_id=line.detainer.detainer_id,
        booking_id=line.detainer.booking_id,
        fips=line.detainer.fips,
        deadline_at=line.deadline_at,
        seen_at=line.at,
        overdue=-line.remaining,
        deadline_mismatch=line.deadline_mismatch,
    )


def record_overruns(
    board: Board, *, records: HoldBoardRecords, audit: AuditSink, actor: str
) -> tuple[Overrun, ...]:
    """Record every violation on `board` that no audit event records yet; returns those newly recorded.

    `actor` names who looked (e.g. "board:48201" for a jail's screen, "sweep:simulation").
    """
    if not actor.strip():
        raise ValueError("an overrun is recorded by someone: give the board's or the person's name")
    violations = board.violations
    if not violations:
        return ()
    already = records.recorded(
        EventTag.HOLD_PAST_DEADLINE, [line.detainer.detainer_id for line in violations]
    )
    out = []
    for line in violations:
        if line.detainer.detainer_id in already:
            continue
        overrun = _overrun(line)
        audit.record(
            AuditEvent(
                tag=EventTag.HOLD_PAST_DEADLINE,
                at=board.at,
                actor=actor,
                subject_type="detainer",
                subject_id=overrun.detainer_id,
                correlation_id=overrun.booking_id,
                reason="still held after the hold deadline: release the person or record the transfer now",
                data={
                    "deadline_at": overrun.deadline_at.isoformat(),
                    "seen_at": overrun.seen_at.isoformat(),
                    "overdue_seconds": int(overrun.overdue.total_seconds()),
                    "still_held": True,
                    "deadline_mismatch": overrun.deadline_mismatch,
                    "detected_by": "hold board",
                },
            )
        )
        out.append(overrun)
    return tuple(out)
