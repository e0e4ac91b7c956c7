"""States and their time zones: the reference facts a county's time zone is derived from.

A county's IANA zone is its state's zone unless the state is split between zones. For the split states
the zone is read at the county's booking facility (see `docs/synthetic-world.md` §1.3), and must be one of
`State.zones`; any other answer means bad coordinates and the build falls back to a documented rule.

Zones are IANA names, so historical changes inside a zone (Indiana 2006-07, Mercer County ND 2010) come
with the tz database itself: `America/North_Dakota/Beulah` knows Mercer County moved to Central in 2010.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["STATES", "STATES_BY_ABBR", "STATES_BY_FIPS", "STATES_BY_NAME", "State", "state_by_abbr"]


@dataclass(frozen=True, slots=True)
class State:
    """A state, the District of Columbia or a territory.

    `zone` is the zone of most of the state; `zones` every zone a county of it may have (first = `zone`).
    """

    abbr: str
    fips: str
    name: str
    zones: tuple[str, ...]

    @property
    def zone(self) -> str:
        return self.zones[0]

    @property
    def is_split(self) -> bool:
        """True where counties of this state keep different clocks."""
        return len(self.zones) > 1


_NY, _CHI, _DEN, _PHX, _LA = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    ("America/Los_Angeles"),
)
_INDIANA = (
    "America/Indiana/Indianapolis",
    _CHI,
    "America/Indiana/Knox",
    "America/Indiana/Tell_City",
    "America/Indiana/Petersburg",
    "America/Indiana/Vincennes",
    "America/Indiana/Winamac",
    "America/Indiana/Marengo",
    "America/Indiana/Vevay",
    "America/Kentucky/Louisville",
    _NY,
)
_ALASKA = (
    "America/Anchorage",
    "America/Juneau",
    "America/Sitka",
    "America/Yakutat",
    "America/Nome",
    "America/Metlakatla",
    "America/Adak",
)

STATES: tuple[State, ...] = (
    State("AL", "01", "Alabama", (_CHI,)),
    State("AK", "02", "Alaska", _ALASKA),
    # Arizona keeps standard time; only the Navajo Nation observes DST (America/Denver). Decided per county.
    State("AZ", "04", "Arizona", (_PHX, _DEN)),
    State("AR", "05", "Arkansas", (_CHI,)),
    State("CA", "06", "California", (_LA,)),
    State("CO", "08", "Colorado", (_DEN,)),
    State("CT", "09", "Connecticut", (_NY,)),
    State("DE", "10", "Delaware", (_NY,)),
    State("DC", "11", "District of Columbia", (_NY,)),
    State("FL", "12", "Florida", (_NY, _CHI)),
    State("GA", "13", "Georgia", (_NY,)),
    State("HI", "15", "Hawaii", ("Pacific/Honolulu",)),
    State("ID", "16", "Idaho", ("America/Boise", _LA)),
    State("IL", "17", "Illinois", (_CHI,)),
    State("IN", "18", "Indiana", _INDIANA),
    State("IA", "19", "Iowa", (_CHI,)),
    State("KS", "20", "Kansas", (_CHI, _DEN)),
    State("KY", "21", "Kentucky", (_NY, _CHI, "America/Kentucky/Louisville", "America/Kentucky/Monticello")),
    State("LA", "22", "Louisiana", (_CHI,)),
    State("ME", "23", "Maine", (_NY,)),
    State("MD", "24", "Maryland", (_NY,)),
    State("MA", "25", "Massachusetts", (_NY,)),
    State("MI", "26", "Michigan", ("America/Detroit", "America/Menominee")),
    State("MN", "27", "Minnesota", (_CHI,)),
    State("MS", "28", "Mississippi", (_CHI,)),
    State("MO", "29", "Missouri", (_CHI,)),
    State("MT", "30", "Montana", (_DEN,)),
    State("NE", "31", "Nebraska", (_CHI, _DEN)),
    # West Wendover (Elko County) keeps Mountain time by local choice; the county seat Elko keeps Pacific.
    State("NV", "32", "Nevada", (_LA, _DEN)),
    State("NH", "33", "New Hampshire", (_NY,)),
    State("NJ", "34", "New Jersey", (_NY,)),
    State("NM", "35", "New Mexico", (_DEN,)),
    State("NY", "36", "New York", (_NY,)),
    State("NC", "37", "North Carolina", (_NY,)),
    State(
        "ND",
        "38",
        "North Dakota",
        (
            _CHI,
            _DEN,
            "America/North_Dakota/Center",
            "America/North_Dakota/New_Salem",
            "America/North_Dakota/Beulah",
        ),
    ),
    State("OH", "39", "Ohio", (_NY,)),
    State("OK", "40", "Oklahoma", (_CHI,)),
    State("OR", "41", "Oregon", (_LA, "America/Boise")),
    State("PA", "42", "Pennsylvania", (_NY,)),
    State("RI", "44", "Rhode Island", (_NY,)),
    State("SC", "45", "South Carolina", (_NY,)),
    State("SD", "46", "South Dakota", (_CHI, _DEN)),
    State("TN", "47", "Tennessee", (_CHI, _NY)),
    State("TX", "48", "Texas", (_CHI, _DEN)),
    State("UT", "49", "Utah", (_DEN,)),
    State("VT", "50", "Vermont", (_NY,)),
    State("VA", "51", "Virginia", (_NY,)),
    State("WA", "53", "Washington", (_LA,)),
    State("WV", "54", "West Virginia", (_NY,)),
    State("WI", "55", "Wisconsin", (_CHI,)),
    State("WY", "56", "Wyoming", (_DEN,)),
    State("AS", "60", "American Samoa", ("Pacific/Pago_Pago",)),
    State("GU", "66", "Guam", ("Pacific/Guam",)),
    State("MP", "69", "Commonwealth of the Northern Mariana Islands", ("Pacific/Saipan",)),
    State("PR", "72", "Puerto Rico", ("America/Puerto_Rico",)),
    State("VI", "78", "United States Virgin Islands", ("America/St_Thomas",)),
)

STATES_BY_ABBR: dict[str, State] = {s.abbr: s for s in STATES}
STATES_BY_FIPS: dict[str, State] = {s.fips: s for s in STATES}
STATES_BY_NAME: dict[str, State] = {s.name.casefold(): s for s in STATES}


def state_by_abbr(abbr: str) -> State | None:
    """The state with this postal abbreviation, or None.

    >>> state_by_abbr("tx").name
    'Texas'
    """
    return STATES_BY_ABBR.get(abbr.strip().upper())
