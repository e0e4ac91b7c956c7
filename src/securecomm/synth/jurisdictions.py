"""Jurisdictions: the real counties the synthetic world runs on, as typed values.

The packaged table `securecomm/data/counties.csv` is derived from public data by
`scripts/build_reference_tables.py` (see `reference_table`), so the world builds on a machine without the
shared research data. `parse_jurisdictions` reads any text in that layout; `load_jurisdictions` reads the
packaged one.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from securecomm.ids import AorCode, Fips, Ori
from securecomm.synth.errors import (
    MalformedFips,
    ReferenceTableError,
    UnknownJurisdiction,
    WorldParameterError,
)
from securecomm.synth.field_offices import FieldOffice
from securecomm.synth.geography import STATES_BY_ABBR
from securecomm.synth.reference_table import COUNTY_TABLE_COLUMNS

__all__ = [
    "Jurisdiction",
    "find_jurisdiction",
    "load_jurisdictions",
    "normalise_fips",
    "parse_jurisdictions",
    "pick_counties",
]

_FIPS = re.compile(r"^\d{5}$")
_ORI = re.compile(r"^[A-Z]{2}[A-Z0-9]{7}$")
PACKAGED_TABLE = "counties.csv"


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """A county (or county-equivalent) as the booking flow sees it.

    `fips` is the 5-character zero-padded county FIPS code; `tz` the IANA zone of its booking facility;
    `aor` the 2008-2014 ICE field office; `activated_on` the first day of the month Secure Communities was
    activated there (None: not in the activation list); `ori` its booking agency (None: no agency known);
    `size` the 2010 Census population (or a documented proxy) used to scale bookings and pick counties.
    `receives_idr` False models a jurisdiction that declined the IDR responses (ICE's side is unchanged).
    """

    fips: Fips
    name: str
    state: str
    tz: str
    aor: AorCode
    activated_on: date | None
    ori: Ori | None
    size: int
    receives_idr: bool = True
    has_287g: bool = False
    agency_name: str | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def is_activated_on(self, day: date) -> bool:
        """True if Secure Communities was active here on `day` (prints forwarded to IDENT)."""
        return self.activated_on is not None and self.activated_on <= day


def normalise_fips(value: str | int, *, where: str = "fips") -> Fips:
    """A county FIPS code as 5 zero-padded digits; rejects anything else with a clear error.

    >>> normalise_fips(1001), normalise_fips("48201")
    ('01001', '48201')
    """
    text = str(value).strip()
    if isinstance(value, int) or (text.isdigit() and len(text) in (4, 5)):
        text = f"{int(text):05d}"
    if not _FIPS.match(text) or text[:2] == "00":
        raise MalformedFips(value, where=where)
    return Fips(text)


def _bool(text: str, *, line: int, column: str) -> bool:
    if text in ("true", "false"):
        return text == "true"
    raise ReferenceTableError(f"{text!r} is not true/false", table=PACKAGED_TABLE, line=line, column=column)


def _parse_row(row: dict[str, str], line: int, table: str) -> Jurisdiction:
    def fail(column: str, message: str) -> ReferenceTableError:
        return ReferenceTableError(message, table=table, line=line, column=column)

    fips = row["fips"]
    if not _FIPS.match(fips):
        raise fail("fips", f"{fips!r} is not a 5-digit zero-padded FIPS code")
    state = STATES_BY_ABBR.get(row["state"])
    if state is None or state.fips != fips[:2]:
        raise fail("state", f"{row['state']!r} is not the state of FIPS {fips}")
    try:
        ZoneInfo(row["tz"])
    except (ZoneInfoNotFoundError, ValueError):
        raise fail("tz", f"{row['tz']!r} is not an IANA time zone") from None
    if row["tz"] not in state.zones:
        raise fail("tz", f"{row['tz']!r} is not a zone of {state.name} (expected one of {state.zones})")
    aor = row["aor"]
    if aor not in FieldOffice.__members__:
        raise fail("aor", f"{aor!r} is not one of the 24 field office codes {sorted(FieldOffice)}")
    try:
        activated_on = date.fromisoformat(row["activated_on"]) if row["activated_on"] else None
    except ValueError:
        raise fail("activated_on", f"{row['activated_on']!r} is not a date (YYYY-MM-DD)") from None
    ori = row["ori"] or None
    if ori is not None and not _ORI.match(ori):
        raise fail("ori", f"{ori!r} is not a 9-character ORI")
    try:
        size = int(row["size"])
    except ValueError:
        raise fail("size", f"{row['size']!r} is not a whole number") from None
    if size <= 0:
        raise fail("size", f"size must be positive, got {size}")
    return Jurisdiction(
        fips=Fips(fips),
        name=row["name"],
        state=state.abbr,
        tz=row["tz"],
        aor=AorCode(aor),
        activated_on=activated_on,
        ori=Ori(ori) if ori else None,
        size=size,
        receives_idr=_bool(row["receives_idr"], line=line, column="receives_idr"),
        has_287g=_bool(row["has_287g"], line=line, column="has_287g"),
        agency_name=row["agency_name"] or None,
    )


def parse_jurisdictions(text: str, *, table: str = PACKAGED_TABLE) -> tuple[Jurisdiction, ...]:
    """Jurisdictions from CSV text in the packaged layout, validated row by row (errors name the line)."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COUNTY_TABLE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ReferenceTableError(f"missing columns {missing}", table=table, line=1)
    out = [_parse_row(row, line, table) for line, row in enumerate(reader, start=2)]
    seen: set[str] = set()
    for line, item in enumerate(out, start=2):
        if item.fips in seen:
            raise ReferenceTableError(
                f"FIPS {item.fips} appears twice", table=table, line=line, column="fips"
            )
        seen.add(item.fips)
    return tuple(out)


@cache
def load_jurisdictions() -> tuple[Jurisdiction, ...]:
    """Every county of the packaged table (3,242: the 50 states, DC and Puerto Rico), sorted by FIPS."""
    text = (resources.files("securecomm") / "data" / PACKAGED_TABLE).read_text(encoding="utf-8")
    return parse_jurisdictions(text)


def find_jurisdiction(fips: str | int, jurisdictions: Sequence[Jurisdiction] | None = None) -> Jurisdiction:
    """The jurisdiction with this FIPS code (raises `UnknownJurisdiction`)."""
    try:
        key = normalise_fips(fips)
    except MalformedFips:
        raise UnknownJurisdiction(str(fips)) from None
    for item in load_jurisdictions() if jurisdictions is None else jurisdictions:
        if item.fips == key:
            return item
    raise UnknownJurisdiction(key)


def pick_counties(
    n: int, *, activated_by: date, jurisdictions: Sequence[Jurisdiction] | None = None
) -> tuple[Jurisdiction, ...]:
    """The `n` largest counties already activated on `activated_by` (ties by FIPS): deterministic.

    Only counties with a booking agency (ORI) qualify, since the flow needs one to book anybody.
    """
    if n < 1:
        raise WorldParameterError(f"the number of counties must be at least 1, got {n}", parameter="counties")
    pool = [
        j
        for j in (load_jurisdictions() if jurisdictions is None else jurisdictions)
        if j.is_activated_on(activated_by) and j.ori is not None
    ]
    if len(pool) < n:
        raise WorldParameterError(
            f"only {len(pool)} counties were activated by {activated_by.isoformat()}, {n} requested "
            "(choose a later start date or fewer counties)",
            parameter="counties",
        )
    pool.sort(key=lambda j: (-j.size, j.fips))
    return tuple(pool[:n])
