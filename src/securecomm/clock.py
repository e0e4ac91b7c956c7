"""Time as an injected port: services never read the wall clock themselves.

`SystemClock` is used only by adapters (CLI, web, workers); tests and simulations use `FixedClock`
or `ManualClock`. All instants are timezone-aware; storage is UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

__all__ = ["Clock", "FixedClock", "ManualClock", "SystemClock", "require_aware"]


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware."""
        ...


def require_aware(instant: datetime, *, name: str) -> datetime:
    """Return `instant` if it carries a time zone, else raise ValueError naming it.

    >>> require_aware(datetime(2012, 1, 1, tzinfo=UTC), name="x").year
    2012
    """
    if instant.tzinfo is None or instant.tzinfo.utcoffset(instant) is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {instant.isoformat()}")
    return instant


class SystemClock:
    """The wall clock, in UTC. Only adapters construct this."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock stopped at one instant."""

    def __init__(self, at: datetime) -> None:
        self._at = require_aware(at, name="at")

    def now(self) -> datetime:
        return self._at


class ManualClock:
    """A clock that moves only when told to (simulations and tests)."""

    def __init__(self, at: datetime) -> None:
        self._at = require_aware(at, name="at")

    def now(self) -> datetime:
        return self._at

    def advance(self, by: timedelta) -> datetime:
        if by < timedelta(0):
            raise ValueError(f"a clock cannot move backwards (by={by})")
        self._at += by
        return self._at

    def set(self, at: datetime) -> None:
        at = require_aware(at, name="at")
        if at < self._at:
            raise ValueError(f"a clock cannot move backwards ({at.isoformat()} < {self._at.isoformat()})")
        self._at = at
