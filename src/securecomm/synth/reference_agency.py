"""Which agency books arrestees in a county: the rule that picks one ORI from the UCR agency list.

The rule, in order (docs/synthetic-world.md §1.4); the first rank with a candidate wins:

0. an explicit override, for agencies the UCR list files under no county (`ORI_OVERRIDES`);
1. the sheriff's office of that county alone (a name with "Sheriff", listed under that county only);
2. a county department of corrections;
3. a county-level police department (type County, Parish, Borough, Census Area, City and Borough,
   Municipality), e.g. Baltimore County Police;
4. a city police department of that county alone, big-city ORIs first (NCIC gives the largest city
   departments letters in place of the county number, e.g. `CODPD0000` Denver, `LANPD0000` New Orleans);
5. a state police post covering the county;
6. any other agency covering the county.

Within a rank: agencies listed under this county alone before multi-county ones, then ORIs ending in
`0000` (by NCIC convention the county-wide agency), then the ORI in alphabetical order. Deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from securecomm.synth.reference_names import UCR_COUNTY_ALIASES, county_key

__all__ = ["ORI_OVERRIDES", "Agency", "AgencyChoice", "choose_booking_agency", "index_agencies"]

# County FIPS -> ORI, for booking agencies whose UCR row names no county ("N/A").
ORI_OVERRIDES: dict[str, str] = {
    "11001": "DCMPD0000",  # District of Columbia: Metropolitan Police Department
    "36005": "NY0303000",  # Bronx: New York City Police Department
    "36047": "NY0303000",  # Kings (Brooklyn)
    "36061": "NY0303000",  # New York (Manhattan)
    "36081": "NY0303000",  # Queens
    "36085": "NY0303000",  # Richmond (Staten Island)
    # Consolidated Jacksonville-Duval: the city agency (sheriff's office) whose ORI the list files as a city PD.
    "12031": "FL0160200",
    # Bedford city VA (merged into Bedford County in 2013): its police department, now filed under Bedford.
    "51515": "VA0100100",
}

_COUNTY_LEVEL_TYPES = {"County", "Parish", "Borough", "Census Area", "City and Borough", "Municipality"}
_CITY_TYPES = {"City"}


@dataclass(frozen=True, slots=True)
class Agency:
    """One UCR agency: its ORI, name, type, the county keys it serves, and its (lon, lat) if known."""

    ori: str
    name: str
    agency_type: str
    state: str
    county_keys: tuple[str, ...]
    point: tuple[float, float] | None


@dataclass(frozen=True, slots=True)
class AgencyChoice:
    agency: Agency
    basis: str  # override | sheriff | corrections | county_police | city_police | state_police | other


def _point(row: Mapping[str, str]) -> tuple[float, float] | None:
    try:
        lat, lon = float(row.get("latitude", "")), float(row.get("longitude", ""))
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None
    return lon, lat


def index_agencies(
    rows: Sequence[Mapping[str, str]], keys_by_state: Mapping[str, set[str]]
) -> dict[tuple[str, str], list[Agency]]:
    """(state, county key) -> the agencies serving that county; also indexes override ORIs by their FIPS."""
    out: dict[tuple[str, str], list[Agency]] = {}
    by_ori: dict[str, Agency] = {}
    for row in rows:
        state = row.get("state_abbr", "").strip()
        keys: list[str] = []
        for part in row.get("county_name", "").split(";"):
            key = county_key(part)
            key = UCR_COUNTY_ALIASES.get((state, key), key)
            if key and key in keys_by_state.get(state, set()):
                keys.append(key)
        agency = Agency(
            ori=row.get("ori", "").strip(),
            name=row.get("agency_name", "").strip(),
            agency_type=row.get("agency_type_name", "").strip(),
            state=state,
            county_keys=tuple(keys),
            point=_point(row),
        )
        by_ori[agency.ori] = agency
        for key in keys:
            out.setdefault((state, key), []).append(agency)
    for fips, ori in ORI_OVERRIDES.items():
        if ori in by_ori:
            out.setdefault(("override", fips), []).append(by_ori[ori])
    return out


def _rank(agency: Agency) -> tuple[int, str]:
    name = agency.name.casefold()
    if "sheriff" in name and len(agency.county_keys) == 1:
        return 1, "sheriff"
    if "correction" in name and agency.agency_type in _COUNTY_LEVEL_TYPES:
        return 2, "corrections"
    if agency.agency_type in _COUNTY_LEVEL_TYPES and "police" in name:
        return 3, "county_police"
    if agency.agency_type in _CITY_TYPES and len(agency.county_keys) == 1:
        return 4, "city_police"
    if agency.agency_type == "State Police":
        return 5, "state_police"
    return 6, "other"


def _order(agency: Agency) -> tuple[int, int, int, int, str]:
    rank, _ = _rank(agency)
    big_city = 0 if rank == 4 and not agency.ori[2:5].isdigit() else 1
    return rank, big_city, len(agency.county_keys), 0 if agency.ori.endswith("0000") else 1, agency.ori


def choose_booking_agency(
    fips: str, candidates: Sequence[Agency], overrides: Mapping[tuple[str, str], list[Agency]] | None = None
) -> AgencyChoice | None:
    """The booking agency of a county by the rule in this module's docstring (None: no agency at all)."""
    if overrides and ("override", fips) in overrides:
        return AgencyChoice(overrides[("override", fips)][0], "override")
    if not candidates:
        return None
    best = min(candidates, key=_order)
    return AgencyChoice(best, _rank(best)[1])
