"""The web application's settings: the database and the security limits, with documented defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from argon2 import Parameters

from securecomm.web.passwords import STRONG

__all__ = ["WebSettings"]


@dataclass(frozen=True, slots=True)
class WebSettings:
    """Everything `create_app` needs besides its clocks.

    * `idle_timeout`: a session unused this long ends (30 min, the usual ceiling for criminal-justice
      information systems); `session_lifetime` ends it regardless (one 12-hour shift).
    * `throttle_window`, `max_failures_per_username`, `max_failures_per_address`: after that many failed
      sign-ins within the window, further attempts for that username, or from that address, are refused
      until the oldest failure leaves the window (the address limit is higher: a jail's officers may
      share one address).
    * `page_size`: rows per page of a record list; `poll_seconds`: how often an open hold board asks the
      server for changes (the countdowns tick every second in the browser regardless).
    """

    database_url: str
    idle_timeout: timedelta = timedelta(minutes=30)
    session_lifetime: timedelta = timedelta(hours=12)
    throttle_window: timedelta = timedelta(minutes=15)
    max_failures_per_username: int = 5
    max_failures_per_address: int = 20
    password_parameters: Parameters = field(default_factory=lambda: STRONG)
    page_size: int = 100
    poll_seconds: int = 30

    def __post_init__(self) -> None:
        if self.idle_timeout <= timedelta(0) or self.session_lifetime < self.idle_timeout:
            raise ValueError("idle_timeout must be positive and no longer than session_lifetime")
        if self.max_failures_per_username < 1 or self.max_failures_per_address < 1:
            raise ValueError("the sign-in throttle limits must be at least 1")
        if self.page_size < 1 or self.poll_seconds < 1:
            raise ValueError("page_size and poll_seconds must be at least 1")
