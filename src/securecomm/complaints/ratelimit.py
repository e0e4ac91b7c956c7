"""A sliding-window rate limit per client address, for the public complaint form and status page.

Generous on purpose: a legal-aid office or a shelter may file many complaints from one address, so the
defaults allow 30 submissions a minute and 300 an hour from one address (far above ten a minute), enough
to stop a flood without turning away a busy office. The limiter holds only recent request times per
address, bounded in memory, and takes the time as an argument (no clock reads here).
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = ["FORM_LIMITS", "STATUS_LIMITS", "Limit", "RateLimiter"]


@dataclass(frozen=True, slots=True)
class Limit:
    requests: int
    per: timedelta

    def __post_init__(self) -> None:
        if self.requests < 1 or self.per <= timedelta(0):
            raise ValueError("a rate limit needs at least one request per positive period")


FORM_LIMITS = (Limit(30, timedelta(minutes=1)), Limit(300, timedelta(hours=1)))
STATUS_LIMITS = (Limit(60, timedelta(minutes=1)), Limit(600, timedelta(hours=1)))


class RateLimiter:
    """Counts requests per key; `hit` answers None (allowed, counted) or how long to wait."""

    def __init__(self, limits: Sequence[Limit], *, max_keys: int = 50_000) -> None:
        if not limits:
            raise ValueError("give at least one limit")
        self.limits = tuple(sorted(limits, key=lambda limit: limit.per))
        self.max_keys = max_keys
        self._times: OrderedDict[str, deque[datetime]] = OrderedDict()
        self._lock = threading.Lock()

    def hit(self, key: str, now: datetime) -> timedelta | None:
        window = self.limits[-1].per
        with self._lock:
            times = self._times.pop(key, None) or deque()
            while times and now - times[0] >= window:
                times.popleft()
            wait = timedelta(0)
            for limit in self.limits:
                recent = [t for t in times if now - t < limit.per]
                if len(recent) >= limit.requests:
                    wait = max(wait, recent[len(recent) - limit.requests] + limit.per - now)
            if wait <= timedelta(0):
                times.append(now)
            self._times[key] = times  # most recently used last
            while len(self._times) > self.max_keys:
                self._times.popitem(last=False)
            return wait if wait > timedelta(0) else None
