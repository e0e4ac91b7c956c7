"""An agency handles an envelope and returns the envelopes it emits; it never calls another agency."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any, ClassVar

from securecomm.agencies.ports import Unit
from securecomm.messages import Envelope, MessageKind

__all__ = ["Agency", "draw", "latency"]

Handler = Callable[[Any, Envelope, Unit], list[Envelope]]


class Agency:
    """Base class: `handles` maps message kinds to bound handlers; unknown kinds are an error."""

    name: ClassVar[str]
    handles: ClassVar[dict[MessageKind, str]] = {}

    def handle(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        method_name = self.handles.get(envelope.kind)
        if method_name is None:
            raise LookupError(
                f"{self.name} does not handle {envelope.kind.value} (message {envelope.message_id})"
            )
        method: Callable[[Envelope, Unit], list[Envelope]] = getattr(self, method_name)
        return method(envelope, unit)


def draw(*parts: object) -> float:
    """A deterministic uniform number in [0, 1) from its parts (message ids, purposes, a seed).

    Agencies that stand in for people in a simulation (officer policy, response times) draw from
    this, so a redelivered message makes the very same choice.

    >>> draw("m-1", "pickup") == draw("m-1", "pickup")
    True
    """
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def latency(low: timedelta, high: timedelta, *parts: object) -> timedelta:
    """A deterministic delay between `low` and `high` (uniform), e.g. a response time."""
    return low + (high - low) * draw(*parts)
