"""The complaints protocol as data: triage routes, notifications, protection, deadlines, references.

`data/protocol.yaml` holds the routes (whose conduct goes where, and why), the dated deadlines and the
structured references; this module reads it strictly (an unknown or missing key is refused, naming it) and
answers dated questions such as `deadlines(on=...)`. The whole protocol is tagged [U]: a reconstruction
from the program's public pages, with deadlines of our own choosing; see `confidence_note`.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

from securecomm.complaints.errors import ProtocolFileError
from securecomm.complaints.model import Conduct, Route

__all__ = ["DEADLINE_KINDS", "Explained", "Protocol", "Reference", "load_protocol", "protocol"]

_FILE = "securecomm/complaints/data/protocol.yaml"
_TOP = {"description", "confidence", "confidence_note", "last_verified_on", "values", "routes",
        "notifications", "protection", "references"}  # fmt: skip
DEADLINE_KINDS = ("acknowledge", "triage", "doj_answer", "findings")
_KINDS = {"statute", "regulation", "memo", "form", "web_page", "manual", "interpretation"}


@dataclass(frozen=True, slots=True)
class Reference:
    id: str
    title: str
    href: str
    kind: str
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Explained:
    """A statement of the protocol with the sources it rests on."""

    reason: str
    references: tuple[Reference, ...]


@dataclass(frozen=True, slots=True)
class Protocol:
    confidence: str
    confidence_note: str
    last_verified_on: date
    values: tuple[tuple[date, Mapping[str, int]], ...]  # effective from -> deadlines in days
    routes: Mapping[Route, tuple[frozenset[Conduct], Explained]]
    doj_notification: Explained
    protection: Explained
    references: Mapping[str, Reference]

    def deadlines(self, *, on: date) -> Mapping[str, int]:
        """The deadlines (days per step) in force on `on`; ProtocolFileError when none was yet."""
        found = None
        for start, values in self.values:
            if start <= on:
                found = values
        if found is None:
            first = self.values[0][0].isoformat()
            raise ProtocolFileError(
                f"no complaint deadlines in force on {on.isoformat()}; the complaint system starts {first}",
                where=f"{_FILE}: values",
            )
        return found

    def route_for(self, conduct: Conduct) -> Route:
        for route, (conducts, _) in self.routes.items():
            if conduct in conducts:
                return route
        raise ProtocolFileError(f"no route lists the conduct {conduct.value!r}", where=f"{_FILE}: routes")


def _mapping(value: Any, where: str, keys: Set[str], optional: Set[str] = frozenset()) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ProtocolFileError("expected a mapping", where=where)
    unknown = sorted(set(value) - keys - optional)
    missing = sorted(keys - set(value))
    if unknown or missing:
        raise ProtocolFileError(f"unknown keys {unknown}, missing keys {missing}", where=where)
    return value


def _references(data: Any) -> dict[str, Reference]:
    out = {}
    for ref_id, raw in _mapping(data, f"{_FILE}: references", set(data or {})).items():
        where = f"{_FILE}: references.{ref_id}"
        entry = _mapping(raw, where, {"title", "href", "kind"}, {"quote"})
        if not str(entry["href"]).startswith("https://"):
            raise ProtocolFileError("href must be an https:// address", where=where)
        if entry["kind"] not in _KINDS:
            raise ProtocolFileError(f"kind must be one of {sorted(_KINDS)}", where=where)
        quote = " ".join(str(entry["quote"]).split()) if entry.get("quote") else None
        out[ref_id] = Reference(ref_id, str(entry["title"]), str(entry["href"]), str(entry["kind"]), quote)
    return out


def _explained(
    raw: Any, where: str, refs: Mapping[str, Reference], extra: Set[str] = frozenset()
) -> Explained:
    entry = _mapping(raw, where, {"reason", "references"} | extra)
    cited = entry["references"]
    if not isinstance(cited, list) or not cited:
        raise ProtocolFileError("references must list at least one reference id", where=where)
    unknown = [r for r in cited if r not in refs]
    if unknown:
        raise ProtocolFileError(f"unknown reference ids {unknown}", where=where)
    return Explained(" ".join(str(entry["reason"]).split()), tuple(refs[r] for r in cited))


def load_protocol(text: str) -> Protocol:
    """Parse the protocol file's text (strictly)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ProtocolFileError(f"not valid YAML: {error}", where=_FILE) from None
    top = _mapping(data, _FILE, _TOP)
    refs = _references(top["references"])
    values: list[tuple[date, dict[str, int]]] = []
    start: Any
    for start, raw in sorted(_mapping(top["values"], f"{_FILE}: values", set(top["values"] or {})).items()):
        if not isinstance(start, date):
            raise ProtocolFileError(f"{start!r} is not a date (YYYY-MM-DD)", where=f"{_FILE}: values")
        where = f"{_FILE}: values.{start.isoformat()}"
        entry = _mapping(raw, where, {f"{k}_days" for k in DEADLINE_KINDS})
        days = {}
        for kind in DEADLINE_KINDS:
            value = entry[f"{kind}_days"]
            if not isinstance(value, int) or value < 1:
                raise ProtocolFileError(f"{kind}_days must be a whole number of days >= 1", where=where)
            days[kind] = value
        values.append((start, days))
    if not values:
        raise ProtocolFileError(
            "values must hold at least one dated set of deadlines", where=f"{_FILE}: values"
        )
    routes: dict[Route, tuple[frozenset[Conduct], Explained]] = {}
    raw_routes = _mapping(top["routes"], f"{_FILE}: routes", {r.value for r in Route})
    claimed: set[Conduct] = set()
    for route in Route:
        where = f"{_FILE}: routes.{route.value}"
        explained = _explained(raw_routes[route.value], where, refs, {"conduct"})
        try:
            conducts = frozenset(Conduct(c) for c in raw_routes[route.value]["conduct"])
        except (TypeError, ValueError):
            raise ProtocolFileError(
                f"conduct must list values of {[c.value for c in Conduct]}", where=where
            ) from None
        if conducts & claimed:
            raise ProtocolFileError(f"conduct {sorted(conducts & claimed)} is routed twice", where=where)
        claimed |= conducts
        routes[route] = (conducts, explained)
    if claimed != set(Conduct):
        raise ProtocolFileError(
            f"no route for conduct {sorted(set(Conduct) - claimed)}", where=f"{_FILE}: routes"
        )
    notifications = _mapping(top["notifications"], f"{_FILE}: notifications", {"doj_on_investigation"})
    last = top["last_verified_on"]
    if not isinstance(last, date):
        raise ProtocolFileError("last_verified_on must be a date", where=f"{_FILE}: last_verified_on")
    return Protocol(
        confidence=str(top["confidence"]),
        confidence_note=" ".join(str(top["confidence_note"]).split()),
        last_verified_on=last,
        values=tuple(values),
        routes=routes,
        doj_notification=_explained(
            notifications["doj_on_investigation"], f"{_FILE}: notifications.doj_on_investigation", refs
        ),
        protection=_explained(top["protection"], f"{_FILE}: protection", refs),
        references=refs,
    )


@cache
def protocol() -> Protocol:
    """The installed protocol, read once."""
    text = (
        resources.files("securecomm.complaints")
        .joinpath("data")
        .joinpath("protocol.yaml")
        .read_text(encoding="utf-8")
    )
    return load_protocol(text)
