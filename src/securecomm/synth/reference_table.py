"""Deriving the county reference table from the public sources (pure: rows in, rows out).

`scripts/build_reference_tables.py` reads the files and writes `securecomm/data/counties.csv`; a test
rebuilds it from the same files and compares. Sources and rules are documented in
docs/synthetic-world.md §1:

* counties and activation month: `sc_activation_dates` (one row per county, FIPS as an integer);
* names and size: the Census Bureau's 2010 county population counts (CENSUS2010POP);
* AOR: `ice_aor_counties`, Harlingen folded into San Antonio (see `field_offices`);
* booking agency (ORI) and time zone: `fbi_ucr_agency_list` with the rules of `booking_agency`.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from securecomm.synth.errors import ReferenceTableError
from securecomm.synth.field_offices import FieldOffice, field_office_for
from securecomm.synth.geography import STATES_BY_ABBR, STATES_BY_FIPS, STATES_BY_NAME, State
from securecomm.synth.reference_agency import Agency, choose_booking_agency, index_agencies
from securecomm.synth.reference_names import county_key

__all__ = [
    "COUNTY_TABLE_COLUMNS",
    "TZ_OVERRIDES",
    "CountyRecord",
    "derive_county_table",
    "read_csv_rows",
    "render_county_table",
]

COUNTY_TABLE_COLUMNS = (
    "fips",
    "name",
    "state",
    "tz",
    "tz_basis",
    "aor",
    "activated_on",
    "ori",
    "agency_name",
    "ori_basis",
    "size",
    "size_basis",
    "receives_idr",
    "has_287g",
)

# Counties whose zone needs a stated choice, each because the county is split between zones and the UCR
# point of its sheriff is the county's centroid (not the jail): fips -> (zone, reason). The zone is the one
# at the county seat, where the sheriff's office and jail are (docs/synthetic-world.md §1.3).
TZ_OVERRIDES: dict[str, tuple[str, str]] = {
    "02016": ("America/Nome", "Aleutians West AK: booking at Unalaska (166.5 W), east of the Adak line"),
    "04001": ("America/Phoenix", "Apache AZ: jail at St. Johns, outside the Navajo Nation (no DST)"),
    "04017": ("America/Phoenix", "Navajo AZ: jail at Holbrook, outside the Navajo Nation (no DST)"),
    "12045": ("America/New_York", "Gulf FL (split county): sheriff and jail at Port St. Joe, Eastern"),
    "31031": ("America/Chicago", "Cherry NE (split county): sheriff and jail at Valentine, Central"),
}

# A county with no Census count gets this many residents per UCR agency located only in it (a proxy).
RESIDENTS_PER_UCR_AGENCY = 5_000
MIN_PROXY_SIZE = 1_000


@dataclass(frozen=True, slots=True)
class CountyRecord:
    """One row of the packaged county table (strings and ints only; `Jurisdiction` is the typed view)."""

    fips: str
    name: str
    state: str
    tz: str
    tz_basis: str
    aor: str
    activated_on: date | None
    ori: str
    agency_name: str
    ori_basis: str
    size: int
    size_basis: str
    receives_idr: bool = True
    has_287g: bool = False

    def as_row(self) -> dict[str, str]:
        return {
            "fips": self.fips,
            "name": self.name,
            "state": self.state,
            "tz": self.tz,
            "tz_basis": self.tz_basis,
            "aor": self.aor,
            "activated_on": self.activated_on.isoformat() if self.activated_on else "",
            "ori": self.ori,
            "agency_name": self.agency_name,
            "ori_basis": self.ori_basis,
            "size": str(self.size),
            "size_basis": self.size_basis,
            "receives_idr": "true" if self.receives_idr else "false",
            "has_287g": "true" if self.has_287g else "false",
        }


def read_csv_rows(text: str) -> list[dict[str, str]]:
    """Rows of a CSV text as dicts; tolerates the `", "` separators of the AOR file."""
    reader = csv.DictReader(io.StringIO(text), skipinitialspace=True)
    return [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]


def render_county_table(records: Iterable[CountyRecord]) -> str:
    """The packaged CSV text (LF line ends, sorted by FIPS as given)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COUNTY_TABLE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(record.as_row())
    return out.getvalue()


def _int_field(row: Mapping[str, str], column: str, *, table: str, line: int) -> int | None:
    text = row.get(column, "").strip()
    if text in ("", "nan", "NaN", "NA"):
        return None
    try:
        return int(float(text))
    except ValueError:
        raise ReferenceTableError(
            f"{text!r} is not a number", table=table, line=line, column=column
        ) from None


def _populations(rows: Sequence[Mapping[str, str]]) -> dict[str, tuple[str, int]]:
    """fips -> (Census county name, 2010 census count), from the Census county estimates file."""
    out: dict[str, tuple[str, int]] = {}
    for line, row in enumerate(rows, start=2):
        level = _int_field(row, "SUMLEV", table="census population", line=line)
        if level != 50:  # 40 = state totals
            continue
        state = _int_field(row, "STATE", table="census population", line=line)
        county = _int_field(row, "COUNTY", table="census population", line=line)
        pop = _int_field(row, "CENSUS2010POP", table="census population", line=line)
        if state is None or county is None or pop is None:
            raise ReferenceTableError("missing STATE, COUNTY or CENSUS2010POP", table="census", line=line)
        out[f"{state:02d}{county:03d}"] = (row["CTYNAME"].strip(), pop)
    return out


def _aor_map(
    rows: Sequence[Mapping[str, str]], keys_by_state: Mapping[str, set[str]]
) -> tuple[dict[str, FieldOffice], dict[tuple[str, str], FieldOffice]]:
    """(state -> office for whole states, (state, county key) -> office for split states)."""
    whole: dict[str, FieldOffice] = {}
    split: dict[tuple[str, str], FieldOffice] = {}
    for line, row in enumerate(rows, start=2):
        office = field_office_for(row.get("office_name", ""))
        if office is None:
            raise ReferenceTableError(
                f"unknown field office {row.get('office_name')!r}", table="ice_aor_counties", line=line
            )
        state = STATES_BY_NAME.get(row.get("state_name", "").strip().casefold())
        if state is None:
            raise ReferenceTableError(
                f"unknown state {row.get('state_name')!r}", table="ice_aor_counties", line=line
            )
        county = row.get("county_name", "").strip()
        if not county:
            whole[state.abbr] = office
            continue
        key = county_key(county)
        if key not in keys_by_state.get(state.abbr, set()):
            raise ReferenceTableError(
                f"county {county!r} is not a county of {state.name}", table="ice_aor_counties", line=line
            )
        split[(state.abbr, key)] = office
    return whole, split


def _zone(
    state: State,
    agency: Agency | None,
    county_agencies: Sequence[Agency],
    tz_at: Callable[[float, float], str],
) -> tuple[str, str]:
    """(zone, basis): the state's zone, or for split states the zone at the booking facility."""
    if not state.is_split:
        return state.zone, "state"
    if agency is not None and agency.point is not None:
        zone = tz_at(*agency.point)
        if zone in state.zones:
            return zone, "agency"
    points = [a.point for a in county_agencies if a.point is not None]
    if points:
        lon = statistics.median(p[0] for p in points)
        lat = statistics.median(p[1] for p in points)
        zone = tz_at(lon, lat)
        if zone in state.zones:
            return zone, "county_agencies"
    return state.zone, "state_default"


def derive_county_table(
    *,
    activations: Sequence[Mapping[str, str]],
    aor_rows: Sequence[Mapping[str, str]],
    ucr_rows: Sequence[Mapping[str, str]],
    population_rows: Sequence[Mapping[str, str]],
    tz_at: Callable[[float, float], str],
) -> list[CountyRecord]:
    """The county table, one record per county of the activation list, sorted by FIPS.

    `tz_at(lon, lat)` names the IANA zone at a point (the build script passes `tzfpy.get_tz`).
    """
    populations = _populations(population_rows)
    counties: list[tuple[int, str, State, str, str]] = []  # (line, fips, state, name, key)
    keys_by_state: dict[str, set[str]] = {}
    for line, row in enumerate(activations, start=2):
        number = _int_field(row, "countyfips", table="sc_activation_dates", line=line)
        if number is None:
            raise ReferenceTableError("missing county FIPS", table="sc_activation_dates", line=line)
        fips = f"{number:05d}"
        state = STATES_BY_FIPS.get(fips[:2])
        if state is None or state.abbr != row.get("state", "").strip():
            raise ReferenceTableError(
                f"FIPS {fips} does not belong to state {row.get('state')!r}",
                table="sc_activation_dates",
                line=line,
                column="countyfips",
            )
        census = populations.get(fips)
        name = census[0] if census else row.get("countyname", "").strip().title()
        key = county_key(name)
        counties.append((line, fips, state, name, key))
        keys_by_state.setdefault(state.abbr, set()).add(key)

    whole, split = _aor_map(aor_rows, keys_by_state)
    agencies = index_agencies(ucr_rows, keys_by_state)
    records: list[CountyRecord] = []
    for (line, fips, state, name, key), row in zip(counties, activations, strict=True):
        year = _int_field(row, "activation_year", table="sc_activation_dates", line=line)
        month = _int_field(row, "activation_month", table="sc_activation_dates", line=line)
        activated_on = date(year, month, 1) if year is not None and month is not None else None
        office = split.get((state.abbr, key)) or whole.get(state.abbr)
        county_agencies = agencies.get((state.abbr, key), [])
        choice = choose_booking_agency(fips, county_agencies, agencies)
        zone, basis = _zone(state, choice.agency if choice else None, county_agencies, tz_at)
        if fips in TZ_OVERRIDES:
            zone, basis = TZ_OVERRIDES[fips][0], "override"
        census = populations.get(fips)
        if census is not None:
            size, size_basis = census[1], "census2010"
        else:
            sole = sum(1 for a in county_agencies if len(a.county_keys) == 1)
            size, size_basis = max(MIN_PROXY_SIZE, RESIDENTS_PER_UCR_AGENCY * sole), "ucr_agency_proxy"
        records.append(
            CountyRecord(
                fips=fips,
                name=name,
                state=state.abbr,
                tz=zone,
                tz_basis=basis,
                aor=office.value if office else "",
                activated_on=activated_on,
                ori=choice.agency.ori if choice else "",
                agency_name=choice.agency.name if choice else "",
                ori_basis=choice.basis if choice else "none",
                size=size,
                size_basis=size_basis,
            )
        )
    records.sort(key=lambda r: r.fips)
    _check_unique(records)
    return records


def _check_unique(records: Sequence[CountyRecord]) -> None:
    seen: set[str] = set()
    for record in records:
        if record.fips in seen:
            raise ReferenceTableError(
                f"FIPS {record.fips} appears twice", table="sc_activation_dates", line=0
            )
        seen.add(record.fips)
    unknown = {r.state for r in records} - set(STATES_BY_ABBR)
    if unknown:
        raise ReferenceTableError(f"unknown states {sorted(unknown)}", table="sc_activation_dates", line=0)
