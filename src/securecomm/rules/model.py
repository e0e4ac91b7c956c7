"""The values every rule speaks in: references, dated parameters, reasons and determinations.

A `Parameter` is one legal quantity as data (one YAML file): values keyed by the date they take
effect, each with the sources that support it. A `Determination` is what a rule returns: a value,
the reasons that led to it and the references behind them. Rules advise; an officer decides, and
that decision is recorded elsewhere as its own act.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

__all__ = [
    "Confidence",
    "DatedValue",
    "Determination",
    "Parameter",
    "Reason",
    "Reference",
    "ReferenceKind",
    "merge_references",
    "weakest",
]

T = TypeVar("T")


class ReferenceKind(enum.StrEnum):
    """What kind of source a reference is (ANCHORS.md C7)."""

    STATUTE = "statute"
    REGULATION = "regulation"
    TREATY = "treaty"
    EXECUTIVE_ORDER = "executive_order"
    MEMO = "memo"
    FORM = "form"
    MANUAL = "manual"
    COURT_ORDER = "court_order"
    INTERPRETATION = "interpretation"
    DATASET = "dataset"


class Confidence(enum.StrEnum):
    """How sure the project is of an encoded fact (the tags of shared/reference/domain.md).

    V: verified in a named public source; M: well known, wording or number not re-checked;
    U: uncertain or reconstructed: a clearly labelled, replaceable design assumption.
    """

    V = "V"
    M = "M"
    U = "U"


@dataclass(frozen=True, slots=True)
class Reference:
    """A structured citation: short legal title, the most official link, and what kind of source."""

    title: str
    href: str
    kind: ReferenceKind
    quote: str | None = None
    issued_on: date | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape used by the CLI and the catalog (empty optional fields left out)."""
        out: dict[str, Any] = {"title": self.title, "href": self.href, "kind": self.kind.value}
        if self.quote:
            out["quote"] = self.quote
        if self.issued_on:
            out["issued_on"] = self.issued_on.isoformat()
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True, slots=True)
class DatedValue:
    """One value of a parameter, in force from `effective_from` until the next dated value."""

    effective_from: date
    value: Any
    references: tuple[Reference, ...] = ()
    confidence: Confidence | None = None
    note: str | None = None
    line: int | None = None  # where the value sits in its file, for error messages and the catalog


@dataclass(frozen=True, slots=True)
class Parameter:
    """A legal quantity as dated data: one YAML file under rules/parameters/."""

    name: str
    description: str
    unit: str
    values: tuple[DatedValue, ...]
    references: tuple[Reference, ...]
    last_verified_on: date
    confidence: Confidence
    file: str
    calendar: str | None = None
    notes: str | None = None
    label: str | None = None

    def at(self, as_of: date) -> DatedValue | None:
        """The dated value in force on `as_of`; None before the first one or after a `null` end.

        >>> p = Parameter("x", "d", "hours", (DatedValue(date(2000, 1, 1), 48),), (), date(2026, 1, 1),
        ...               Confidence.V, "x.yaml")
        >>> p.at(date(2010, 5, 1)).value, p.at(date(1999, 1, 1))
        (48, None)
        """
        current: DatedValue | None = None
        for dated in self.values:  # sorted by effective_from (the loader guarantees it)
            if dated.effective_from <= as_of:
                current = dated
            else:
                break
        if current is None or current.value is None:
            return None
        return current

    def references_at(self, as_of: date) -> tuple[Reference, ...]:
        """The parameter's own references plus those of the value in force on `as_of`."""
        dated = self.at(as_of)
        extra = dated.references if dated is not None else ()
        return merge_references(self.references, extra)

    def confidence_at(self, as_of: date) -> Confidence:
        """A value may be less certain than its parameter as a whole; the weaker tag wins."""
        dated = self.at(as_of)
        if dated is None or dated.confidence is None:
            return self.confidence
        return weakest(self.confidence, dated.confidence)


@dataclass(frozen=True, slots=True)
class Reason:
    """One step of a rule's reasoning, in words a reviewer can check against the cited text."""

    code: str
    text: str
    rule_id: str | None = None

    def as_dict(self) -> dict[str, str]:
        out = {"code": self.code, "text": self.text}
        if self.rule_id:
            out["rule_id"] = self.rule_id
        return out


@dataclass(frozen=True, slots=True)
class Determination(Generic[T]):
    """What a rule returns: an advisory value with its reasons and the sources behind them."""

    value: T
    reasons: tuple[Reason, ...]
    references: tuple[Reference, ...]
    rule_id: str
    rule_version: str
    as_of: date
    confidence: Confidence = Confidence.V


def merge_references(*groups: tuple[Reference, ...] | list[Reference]) -> tuple[Reference, ...]:
    """Concatenate reference groups, keeping the first citation of each document (href and kind), in order.

    The same memo may be cited by a rule and by the parameter it reads under slightly different titles;
    a reader wants it once. An interpretation of a document is kept beside the document itself.
    """
    seen: set[tuple[str, ReferenceKind]] = set()
    out: list[Reference] = []
    for group in groups:
        for ref in group:
            key = (ref.href, ref.kind)
            if key not in seen:
                seen.add(key)
                out.append(ref)
    return tuple(out)


def weakest(*tags: Confidence) -> Confidence:
    """The least certain of several confidence tags (V when none is given).

    >>> weakest(Confidence.V, Confidence.U, Confidence.M)
    <Confidence.U: 'U'>
    """
    order = [Confidence.V, Confidence.M, Confidence.U]
    return max(tags, key=order.index, default=Confidence.V)
