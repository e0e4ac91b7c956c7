"""The hold board's clock for simulations: the wall clock shifted to a chosen instant.

A synthetic world lives in the program's years (2008-2014); shown against today's date every hold in it
would be years past its deadline. `ShiftedClock` reads `start` when it is made and then runs at real
speed, so a demo's countdowns tick as they would have on that day. Sessions, throttling and the audit
trail always use the real wall clock.
"""

from __future__ import annotations

from datetime import datetime

from securecomm.clock import Clock, SystemClock, require_aware

__all__ = ["ShiftedClock"]


class ShiftedClock:
    def __init__(self, start: datetime, *, wall: Clock | None = None) -> None:
        self._wall = wall or SystemClock()
        self._offset = require_aware(start, name="start") - self._wall.now()

    def now(self) -> datetime:
        return self._wall.now() + self._offset
