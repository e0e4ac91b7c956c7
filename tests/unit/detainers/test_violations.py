"""A hold seen past its deadline is recorded once, while the person is still held."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from securecomm.audit import AuditEvent, EventTag
from securecomm.detainers import DetainerView, hold_board, record_overruns
from securecomm.rules import load_ruleset

from .test_board import CHICAGO, held, local

RULES = load_ruleset()


@dataclass
class Trail:
    """The audit sink and the board records' `recorded` over the same list of events."""

    events: list[AuditEvent] = field(default_factory=list)

    def record(self, event: AuditEvent) -> None:
        self.events.append(event)

    def detainer_views(
        self, *, fips: str | None = None, active_at: datetime | None = None
    ) -> tuple[DetainerView, ...]:
        return ()

    def recorded(self, tag: EventTag, subject_ids: Sequence[str]) -> set[str]:
        return {e.subject_id for e in self.events if e.tag is tag and e.subject_id in subject_ids}


def test_an_overrun_is_recorded_once_with_the_deadline_and_how_late() -> None:
    release = local(CHICAGO, 2012, 2, 17, 8)
    over = held("I-247-2011", release, CHICAGO, detainer_id="det-over")
    calm = held("I-247D", local(CHICAGO, 2012, 2, 21, 8), CHICAGO, detainer_id="det-calm")
    trail = Trail()
    seen = local(CHICAGO, 2012, 2, 22, 9, 30)
    board = hold_board([over, calm], at=seen, ruleset=RULES)
    first = record_overruns(board, records=trail, audit=trail, actor="board:48201")
    assert [o.detainer_id for o in first] == ["det-over"]
    assert first[0].overdue == timedelta(hours=1, minutes=30)
    (event,) = trail.events
    assert (event.tag, event.subject_id, event.actor, event.at) == (
        EventTag.HOLD_PAST_DEADLINE,
        "det-over",
        "board:48201",
        seen,
    )
    assert event.data["deadline_at"] == "2012-02-22T08:00:00-06:00"
    assert event.data["overdue_seconds"] == 5400 and event.data["still_held"] is True
    later = hold_board([over, calm], at=seen + timedelta(hours=3), ruleset=RULES)
    assert record_overruns(later, records=trail, audit=trail, actor="board:48201") == ()
    assert len(trail.events) == 1


def test_an_overrun_already_recorded_by_custody_is_not_recorded_again() -> None:
    over = held("I-247D", local(CHICAGO, 2015, 7, 3, 10), CHICAGO, detainer_id="det-x")
    trail = Trail()
    trail.record(
        AuditEvent(
            tag=EventTag.HOLD_PAST_DEADLINE,
            at=local(CHICAGO, 2015, 7, 5, 11),
            actor="custody:48201",
            subject_type="detainer",
            subject_id="det-x",
        )
    )
    board = hold_board([over], at=local(CHICAGO, 2015, 7, 5, 12), ruleset=RULES)
    assert record_overruns(board, records=trail, audit=trail, actor="board:48201") == ()


def test_nothing_is_recorded_before_the_deadline_and_an_actor_is_required() -> None:
    view = held("I-247D", local(CHICAGO, 2015, 7, 3, 10), CHICAGO)
    trail = Trail()
    board = hold_board([view], at=local(CHICAGO, 2015, 7, 5, 10), ruleset=RULES)  # exactly at the deadline
    assert record_overruns(board, records=trail, audit=trail, actor="board") == () and trail.events == []
    with pytest.raises(ValueError, match="recorded by someone"):
        record_overruns(board, records=trail, audit=trail, actor=" ")
