"""The worked example on real public data: activation by county, detainers by lift reason, and the 2014
rise of "Detainer Declined by LEA", checked against the published figures of domain.md §7.

Inputs (under `shared/data/public/`, read by the caller and handed in as text):

* `sc_activation_dates/sc_activation_dates_by_county.csv` — county activation month and year;
* `npr_ice_detainers_2007_2015/*.csv` — national ICE detainer aggregates (ICE FOIA via NPR), calendar years;
* `pa_ice_detainers_2007_2015/pa_detainers.csv` — row-level detainers lodged in Pennsylvania facilities.

No per-jurisdiction arrest or match counts are public (domain.md §6), so the outlier analysis itself cannot
be run on real data; this example reproduces the descriptive figures a quarterly report would carry.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from securecomm.oversight.errors import CountsFileError

__all__ = [
    "ACTIVATION_FILE",
    "DECLINED",
    "Check",
    "PublicData",
    "checks",
    "load_public_data",
]

ACTIVATION_FILE = "sc_activation_dates/sc_activation_dates_by_county.csv"
NPR = "npr_ice_detainers_2007_2015"
PA_FILE = "pa_ice_detainers_2007_2015/pa_detainers.csv"
DECLINED = "Detainer Declined by LEA"
CITIZEN = "United States Citizen Interviewed"
NO_REASON = "no lift reason recorded"


@dataclass(frozen=True, slots=True)
class PublicData:
    """The parsed public files."""

    activations: dict[str, date]  # county FIPS -> first day of the activation month
    activation_states: dict[str, str]  # county FIPS -> state
    counties_listed: int
    national_by_year: dict[int, int]  # all detainers, calendar year
    national_by_month: dict[str, int]  # "2010-03" -> detainers
    national_by_reason: dict[int, dict[str, int]]  # year -> lift reason -> detainers
    pa_by_reason: dict[int, dict[str, int]]  # year -> lift reason (or NO_REASON) -> detainers
    pa_rows: int


def _rows(text: str, *, source: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise CountsFileError(
            f"missing column(s) {', '.join(missing)}", source=source, line=1, column=missing[0]
        )
    return list(reader)


def _int(value: str, *, source: str, line: int, column: str) -> int:
    try:
        return int(float(value))
    except ValueError:
        raise CountsFileError(f"{value!r} is not a number", source=source, line=line, column=column) from None


def load_public_data(read: Callable[[str], str]) -> PublicData:
    """Parse the public files; `read(relative path)` returns a file's text (the caller does the I/O)."""
    activations: dict[str, date] = {}
    states: dict[str, str] = {}
    rows = _rows(
        read(ACTIVATION_FILE),
        source=ACTIVATION_FILE,
        required=("countyfips", "state", "activation_month", "activation_year"),
    )
    for line, row in enumerate(rows, start=2):
        fips = f"{_int(row['countyfips'], source=ACTIVATION_FILE, line=line, column='countyfips'):05d}"
        if row["activation_year"].strip():
            year = _int(row["activation_year"], source=ACTIVATION_FILE, line=line, column="activation_year")
            month = _int(
                row["activation_month"], source=ACTIVATION_FILE, line=line, column="activation_month"
            )
            activations[fips] = date(year, month, 1)
            states[fips] = row["state"]
    by_year = {}
    source = f"{NPR}/all_detainers_by_year.csv"
    for line, row in enumerate(_rows(read(source), source=source, required=("year", "count")), start=2):
        by_year[_int(row["year"], source=source, line=line, column="year")] = _int(
            row["count"], source=source, line=line, column="count"
        )
    by_month = {}
    source = f"{NPR}/detainers_by_year_and_month.csv"
    for line, row in enumerate(_rows(read(source), source=source, required=("year_month", "count")), start=2):
        by_month[row["year_month"]] = _int(row["count"], source=source, line=line, column="count")
    by_reason: dict[int, dict[str, int]] = {}
    source = f"{NPR}/detainers_by_lift_reason_and_year.csv"
    required = ("year", "lift_reason", "count")
    for line, row in enumerate(_rows(read(source), source=source, required=required), start=2):
        year = _int(row["year"], source=source, line=line, column="year")
        by_reason.setdefault(year, {})[row["lift_reason"]] = _int(
            row["count"], source=source, line=line, column="count"
        )
    pa: dict[int, Counter[str]] = {}
    pa_rows = _rows(read(PA_FILE), source=PA_FILE, required=("date", "lift_reason"))
    for line, row in enumerate(pa_rows, start=2):
        year = _int(row["date"][:4], source=PA_FILE, line=line, column="date")
        pa.setdefault(year, Counter())[row["lift_reason"].strip() or NO_REASON] += 1
    return PublicData(
        activations=activations,
        activation_states=states,
        counties_listed=len(rows),
        national_by_year=by_year,
        national_by_month=by_month,
        national_by_reason=by_reason,
        pa_by_reason={year: dict(counts) for year, counts in sorted(pa.items())},
        pa_rows=len(pa_rows),
    )


@dataclass(frozen=True, slots=True)
class Check:
    """A published figure, what the data give, and whether they agree within `tolerance` (relative)."""

    name: str
    published: int
    reproduced: int
    source: str
    tolerance: float = 0.0
    note: str = ""

    @property
    def relative_difference(self) -> float:
        return (self.reproduced - self.published) / self.published if self.published else 0.0

    @property
    def passed(self) -> bool:
        return abs(self.relative_difference) <= self.tolerance

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "published": self.published,
            "reproduced": self.reproduced,
            "tolerance": self.tolerance,
            "passed": self.passed,
            "source": self.source,
            "note": self.note,
        }


NPR_SOURCE = "ICE FOIA via NPR, domain.md §7 [V]"
# Published figures (domain.md §7), all [V]. Calendar years of the detainer date; 2015 is 1 Jan - 19 Jul.
PUBLISHED_DETAINERS = {
    2008: 228_077, 2009: 256_947, 2010: 301_119, 2011: 314_966,
    2012: 272_878, 2013: 204_215, 2014: 147_849, 2015: 49_653,
}  # fmt: skip
PUBLISHED_DECLINED = {2011: 279, 2012: 942, 2013: 2_378, 2014: 13_595}
PUBLISHED_CITIZEN = {2008: 76, 2010: 101, 2012: 150}
PUBLISHED_CITIZEN_TOTAL = 693  # Oct 2007 - Jul 2015
# Activation milestones: (as of, jurisdictions, states, source). Counties in the file are not ICE's
# "jurisdictions" (which also count some independent cities and territories), hence a tolerance.
ACTIVATION_TOLERANCE = 0.05
PUBLISHED_ACTIVATIONS = (
    (date(2008, 12, 31), 14, None, "Warren Inst. 2011: 14 jurisdictions piloted in 2008"),
    (date(2010, 9, 30), 658, 32, "ICE Q4 FY2010 report: 658 jurisdictions in 32 states"),
    (date(2011, 5, 17), 1_300, 42, "visual.ly / NILC: ~1,300 counties in 42 states (17 May 2011)"),
    (date(2011, 7, 31), 1_422, None, "NILC: 1,422 jurisdictions (Jul 2011)"),
    (date(2011, 10, 31), 1_595, None, "Warren Inst.: 1,595 jurisdictions (Oct 2011)"),
)


def activated_by(data: PublicData, day: date) -> tuple[int, int]:
    """Counties and states activated on or before `day` (months count from their first day)."""
    fips = [f for f, on in data.activations.items() if on <= day]
    return len(fips), len({data.activation_states[f] for f in fips})


def declined_share(by_reason: dict[int, dict[str, int]], totals: dict[int, int], year: int) -> float:
    total = totals.get(year, 0)
    return by_reason.get(year, {}).get(DECLINED, 0) / total if total else 0.0


def checks(data: PublicData) -> tuple[Check, ...]:
    """Every published figure of domain.md §7 that these files can reproduce."""
    out = [
        Check(f"national detainers, {year}", n, data.national_by_year.get(year, 0), NPR_SOURCE)
        for year, n in PUBLISHED_DETAINERS.items()
    ]
    out += [
        Check(f'"{DECLINED}", {year}', n, data.national_by_reason.get(year, {}).get(DECLINED, 0), NPR_SOURCE)
        for year, n in PUBLISHED_DECLINED.items()
    ]
    out += [
        Check(
            f'"{CITIZEN}" lifts, {year}', n, data.national_by_reason.get(year, {}).get(CITIZEN, 0), NPR_SOURCE
        )
        for year, n in PUBLISHED_CITIZEN.items()
    ]
    citizen_total = sum(reasons.get(CITIZEN, 0) for reasons in data.national_by_reason.values())
    out.append(
        Check(f'"{CITIZEN}" lifts, Oct 2007 - Jul 2015', PUBLISHED_CITIZEN_TOTAL, citizen_total, NPR_SOURCE)
    )
    for day, jurisdictions, states, source in PUBLISHED_ACTIVATIONS:
        counties, active_states = activated_by(data, day)
        tolerance = 0.0 if day.year == 2008 else ACTIVATION_TOLERANCE
        note = "counties in the activation file vs jurisdictions counted by ICE"
        out.append(Check(f"activated by {day.isoformat()}", jurisdictions, counties, source, tolerance, note))
        if states is not None:
            out.append(
                Check(
                    f"states with an activation by {day.isoformat()}",
                    states,
                    active_states,
                    source,
                    0.05,
                    note,
                )
            )
    return tuple(out)
