"""Transparency: an optional, off-by-default capture of named intermediate results.

The fingerprint stages and rule evaluations call `log(key, value)`; when no capture is open this
costs one context-variable lookup. A test, a match-evidence picture or a reviewer opens one:

>>> with capture() as t:
...     log("example-key", 42)
>>> t.data["example-key"]
[42]

Keys are documented in docs/transparency-keys.md. This channel never feeds the audit trail or the
operational logs (three channels, never mixed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Transparency", "capture", "log"]


@dataclass
class Transparency:
    """Collects logged intermediates; `accepts` filters keys (None accepts all)."""

    accepts: Callable[[str], bool] | None = None
    data: dict[str, list[Any]] = field(default_factory=dict)

    def take(self, key: str, value: Any) -> None:
        if self.accepts is None or self.accepts(key):
            self.data.setdefault(key, []).append(value)

    def last(self, key: str) -> Any:
        """The most recent value logged under `key` (KeyError names the keys that were logged)."""
        if key not in self.data:
            raise KeyError(f"transparency key {key!r} was not logged; logged: {sorted(self.data)}")
        return self.data[key][-1]


_current: ContextVar[Transparency | None] = ContextVar("securecomm_transparency", default=None)


def log(key: str, value: Any) -> None:
    """Record `value` under `key` if a capture is open; otherwise do nothing."""
    sink = _current.get()
    if sink is not None:
        sink.take(key, value)


def is_capturing() -> bool:
    return _current.get() is not None


@contextmanager
def capture(keys: set[str] | None = None) -> Iterator[Transparency]:
    """Open a capture for the current context; nested captures shadow outer ones."""
    sink = Transparency(accepts=None if keys is None else keys.__contains__)
    token = _current.set(sink)
    try:
        yield sink
    finally:
        _current.reset(token)
