"""The rule registry: rule functions with an id, the dates they are in force and their sources.

A change of policy regime is a new dated function registered under the same id (OpenFisca's
`formula_2016_12`, without the magic names); `variant_for(id, as_of)` picks the one in force.
Registration refuses a rule without references and two variants whose dates overlap, so those
mistakes fail at import time rather than in front of an officer.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from securecomm.rules.model import Reference

__all__ = ["RuleSpec", "registered_rules", "rule", "variant_for", "variants"]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One registered rule variant."""

    id: str
    version: str
    effective_from: date
    effective_to: date | None
    references: tuple[Reference, ...]
    parameters: tuple[str, ...]
    function: Callable[..., Any]

    def in_force(self, as_of: date) -> bool:
        return self.effective_from <= as_of and (self.effective_to is None or as_of <= self.effective_to)

    @property
    def summary(self) -> str:
        """The first paragraph of the docstring: the operative text, quoted or paraphrased."""
        doc = inspect.getdoc(self.function) or ""
        return doc.split("\n\n", 1)[0].replace("\n", " ").strip()

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.function) or ""

    @property
    def location(self) -> str:
        """`src/securecomm/rules/<module>.py:<line>` (`<function>`), for the catalog."""
        source = inspect.getsourcefile(self.function) or "?"
        try:
            line = inspect.getsourcelines(self.function)[1]
        except OSError:
            line = 0
        path = Path(source)
        parts = path.parts
        if "securecomm" in parts:
            path = Path("src", *parts[parts.index("securecomm") :])
        return f"{path.as_posix()}:{line} ({self.function.__qualname__})"


_REGISTRY: dict[str, list[RuleSpec]] = {}


def rule(
    *,
    id: str,
    effective_from: date,
    references: Iterable[Reference],
    effective_to: date | None = None,
    version: str | None = None,
    parameters: Iterable[str] = (),
) -> Callable[[F], F]:
    """Register a rule variant. `version` defaults to the effective date; `parameters` names the
    parameter files the rule reads, so the catalog can show law, values and code side by side."""
    refs = tuple(references)
    if not refs:
        raise ValueError(f"rule {id!r} needs at least one reference")
    if effective_to is not None and effective_to < effective_from:
        raise ValueError(f"rule {id!r}: effective_to {effective_to} precedes effective_from {effective_from}")

    def register(function: F) -> F:
        spec = RuleSpec(
            id=id,
            version=version or effective_from.isoformat(),
            effective_from=effective_from,
            effective_to=effective_to,
            references=refs,
            parameters=tuple(parameters),
            function=function,
        )
        existing = _REGISTRY.setdefault(id, [])
        for other in existing:
            if other.function.__qualname__ == function.__qualname__ and other.version == spec.version:
                existing.remove(other)  # a module reloaded in a test session registers itself again
                break
        for other in existing:
            if _overlap(other, spec):
                raise ValueError(f"rule {id!r}: {spec.version} overlaps {other.version}")
        existing.append(spec)
        existing.sort(key=lambda s: s.effective_from)
        return function

    return register


def _overlap(a: RuleSpec, b: RuleSpec) -> bool:
    a_end = a.effective_to or date.max
    b_end = b.effective_to or date.max
    return a.effective_from <= b_end and b.effective_from <= a_end


def variants(id: str) -> tuple[RuleSpec, ...]:
    """Every registered variant of rule `id`, oldest first."""
    if id not in _REGISTRY:
        raise KeyError(f"no rule registered with id {id!r}; known: {sorted(_REGISTRY)}")
    return tuple(_REGISTRY[id])


def variant_for(id: str, as_of: date) -> RuleSpec | None:
    """The variant of `id` in force on `as_of`, or None when no regime covers that date."""
    for spec in variants(id):
        if spec.in_force(as_of):
            return spec
    return None


def registered_rules() -> tuple[RuleSpec, ...]:
    """All registered variants, ordered by id and date."""
    return tuple(spec for id in sorted(_REGISTRY) for spec in _REGISTRY[id])
