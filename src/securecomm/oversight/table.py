"""The typed input of the analysis: counts per jurisdiction and quarter.

Both roads into the analysis end here: a CSV an analyst brings (`parse_counts_csv`) and the booking
flow's database (`from_db.flow_counts` builds `CountRow`s directly). Everything downstream takes a `CountTable`,
so the statistics never see raw strings.

Columns (names are case-insensitive; extra columns are allowed and ignored):

* required: `jurisdiction` (any identifier; a 5-digit county FIPS code lets maps place it), `quarter`
  (`2012Q2`), `arrests_total`, `arrests_minor`, `matches_total`, `matches_minor` (Level 3 + non-criminal
  IDENT matches);
* optional text: `state` (2-letter code, for state peers; otherwise taken from a FIPS code),
  `activation_quarter` (when Secure Communities was activated there, for difference in differences);
* optional counts: see `OPTIONAL_COUNTS`;
* optional demographic counts, per group G (lower-case letters and `_`): `population_total`,
  `population_G` and `arrests_minor_G` (e.g. `population_hispanic`, `arrests_minor_hispanic`).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from securecomm.oversight.errors import CountsFileError
from securecomm.oversight.quarters import Quarter, QuarterFormatError

__all__ = [
    "COMPLAINT_COUNTS",
    "OPTIONAL_COUNTS",
    "REQUIRED_COLUMNS",
    "CountRow",
    "CountTable",
    "parse_counts_csv",
]

REQUIRED_COLUMNS = (
    "jurisdiction",
    "quarter",
    "arrests_total",
    "arrests_minor",
    "matches_total",
    "matches_minor",
)
LEVEL_MATCHES = ("matches_level1", "matches_level2", "matches_level3", "matches_noncriminal")
LEVEL_REMOVALS = ("removals_level1", "removals_level2", "removals_level3", "removals_noncriminal")
COMPLAINT_COUNTS = ("complaints", "complaints_crcl")  # shown beside the flags (securecomm.complaints)
# Optional counts used by the effectiveness measures, the public tables and the report.
OPTIONAL_COUNTS = (
    "submissions",
    "detainers",
    *LEVEL_MATCHES,
    "matches_convicted",
    *LEVEL_REMOVALS,
    *COMPLAINT_COUNTS,
)
_DEMOGRAPHIC = re.compile(r"^(population|arrests_minor)_([a-z][a-z_]*)$")
_STATE_BY_FIPS = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT", "10": "DE",
    "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL", "18": "IN", "19": "IA",
    "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD", "25": "MA", "26": "MI", "27": "MN",
    "28": "MS", "29": "MO", "30": "MT", "31": "NE", "32": "NV", "33": "NH", "34": "NJ", "35": "NM",
    "36": "NY", "37": "NC", "38": "ND", "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI",
    "45": "SC", "46": "SD", "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA",
    "54": "WV", "55": "WI", "56": "WY", "60": "AS", "66": "GU", "69": "MP", "72": "PR", "78": "VI",
}  # fmt: skip


def state_of(jurisdiction: str) -> str | None:
    """The state of a 5-digit county FIPS code, or None for any other identifier.

    >>> state_of("42017"), state_of("99999"), state_of("Bucks")
    ('PA', None, None)
    """
    if len(jurisdiction) == 5 and jurisdiction.isdigit():
        return _STATE_BY_FIPS.get(jurisdiction[:2])
    return None


@dataclass(frozen=True, slots=True)
class CountRow:
    """One jurisdiction in one quarter. `extra` holds the optional counts that were given."""

    jurisdiction: str
    quarter: Quarter
    arrests_total: int
    arrests_minor: int
    matches_total: int
    matches_minor: int
    state: str | None = None
    activation_quarter: Quarter | None = None
    extra: tuple[tuple[str, int], ...] = ()

    def count(self, name: str) -> int | None:
        """An optional count by column name, None when it was not given for this row."""
        for key, value in self.extra:
            if key == name:
                return value
        return None

    @property
    def effective_state(self) -> str | None:
        return self.state or state_of(self.jurisdiction)


@dataclass(frozen=True, slots=True)
class CountTable:
    """Rows in a canonical order (quarter, then jurisdiction), so results never depend on input order."""

    rows: tuple[CountRow, ...]
    source: str = "counts"
    optional_columns: tuple[str, ...] = ()
    demographic_groups: tuple[str, ...] = ()
    _by_quarter: dict[Quarter, tuple[CountRow, ...]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_rows(cls, rows: Iterable[CountRow], *, source: str = "counts") -> CountTable:
        """Validate uniqueness of (jurisdiction, quarter) and sort; name a duplicate when there is one."""
        ordered = tuple(sorted(rows, key=lambda r: (r.quarter, r.jurisdiction)))
        for before, after in itertools.pairwise(ordered):
            if (before.jurisdiction, before.quarter) == (after.jurisdiction, after.quarter):
                raise CountsFileError(
                    f"jurisdiction {after.jurisdiction!r} appears twice in {after.quarter}; give one row per "
                    "jurisdiction and quarter",
                    source=source,
                    column="jurisdiction",
                )
        present = {key for row in ordered for key, _ in row.extra}
        optional = tuple(name for name in OPTIONAL_COUNTS if name in present)
        groups = sorted(
            {m.group(2) for key in present if (m := _DEMOGRAPHIC.match(key)) and m.group(2) != "total"}
        )
        by_quarter: dict[Quarter, list[CountRow]] = {}
        for row in ordered:
            by_quarter.setdefault(row.quarter, []).append(row)
        return cls(
            rows=ordered,
            source=source,
            optional_columns=optional,
            demographic_groups=tuple(groups),
            _by_quarter={q: tuple(r) for q, r in by_quarter.items()},
        )

    @property
    def quarters(self) -> tuple[Quarter, ...]:
        return tuple(sorted(self._by_quarter))

    @property
    def jurisdictions(self) -> tuple[str, ...]:
        return tuple(sorted({row.jurisdiction for row in self.rows}))

    def in_quarter(self, quarter: Quarter) -> tuple[CountRow, ...]:
        return self._by_quarter.get(quarter, ())

    def has(self, column: str) -> bool:
        return column in self.optional_columns

    @property
    def has_activation(self) -> bool:
        return any(row.activation_quarter is not None for row in self.rows)


def parse_counts_csv(text: str, *, source: str = "counts.csv") -> CountTable:
    """Parse and validate a counts CSV; the first problem raises `CountsFileError` naming row and column.

    Rows are numbered as a spreadsheet shows them: the header is row 1.
    """
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise CountsFileError("the file is empty; it needs a header row", source=source) from None
    names = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        raise CountsFileError(
            f"missing required column(s) {', '.join(missing)}; the header must name "
            f"{', '.join(REQUIRED_COLUMNS)}",
            source=source,
            line=1,
            column=missing[0],
        )
    duplicated = sorted({name for name in names if name and names.count(name) > 1})
    if duplicated:
        raise CountsFileError(f"column {duplicated[0]!r} appears twice in the header", source=source, line=1)
    rows = []
    seen: dict[tuple[str, Quarter], int] = {}
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        line = reader.line_num
        if len(values) != len(names):
            raise CountsFileError(
                f"has {len(values)} fields but the header has {len(names)}", source=source, line=line
            )
        row = _parse_row(dict(zip(names, values, strict=True)), source=source, line=line)
        key = (row.jurisdiction, row.quarter)
        if key in seen:
            raise CountsFileError(
                f"jurisdiction {row.jurisdiction!r} in {row.quarter} was already given in row {seen[key]}",
                source=source,
                line=line,
                column="jurisdiction",
            )
        seen[key] = line
        rows.append(row)
    if not rows:
        raise CountsFileError("the file has a header but no data rows", source=source)
    return CountTable.from_rows(rows, source=source)


def _parse_row(record: Mapping[str, str], *, source: str, line: int) -> CountRow:
    def fail(message: str, column: str) -> CountsFileError:
        return CountsFileError(message, source=source, line=line, column=column)

    def count(column: str, *, required: bool) -> int | None:
        text = record[column].strip().replace(",", "") if column in record else ""
        if not text:
            if required:
                raise fail("is empty; a count (a whole number >= 0) is required", column)
            return None
        try:
            value = int(text)
        except ValueError:
            raise fail(f"{record[column]!r} is not a whole number", column) from None
        if value < 0:
            raise fail(f"{value} is negative; counts are >= 0", column)
        return value

    jurisdiction = record["jurisdiction"].strip()
    if not jurisdiction:
        raise fail("is empty; every row needs a jurisdiction identifier", "jurisdiction")
    try:
        quarter = Quarter.parse(record["quarter"])
    except QuarterFormatError as error:
        raise fail(str(error), "quarter") from None
    activation = None
    if record.get("activation_quarter", "").strip():
        try:
            activation = Quarter.parse(record["activation_quarter"])
        except QuarterFormatError as error:
            raise fail(str(error), "activation_quarter") from None
    state = record.get("state", "").strip().upper() or None
    required = {name: count(name, required=True) for name in REQUIRED_COLUMNS[2:]}
    extra = {}
    for column in record:
        if column in OPTIONAL_COUNTS or _DEMOGRAPHIC.match(column):
            value = count(column, required=False)
            if value is not None:
                extra[column] = value
    for part, whole in (("arrests_minor", "arrests_total"), ("matches_minor", "matches_total")):
        if (required[part] or 0) > (required[whole] or 0):
            raise fail(f"{required[part]} is more than {whole} ({required[whole]})", part)
    _check_consistency(extra, required, fail)
    return CountRow(
        jurisdiction=jurisdiction,
        quarter=quarter,
        arrests_total=required["arrests_total"] or 0,
        arrests_minor=required["arrests_minor"] or 0,
        matches_total=required["matches_total"] or 0,
        matches_minor=required["matches_minor"] or 0,
        state=state,
        activation_quarter=activation,
        extra=tuple(sorted(extra.items())),
    )


def _check_consistency(
    extra: dict[str, int], required: dict[str, int | None], fail: Callable[[str, str], CountsFileError]
) -> None:
    """Cross-column rules: levels add up, a group's counts fit inside the totals."""
    levels = [extra[name] for name in LEVEL_MATCHES if name in extra]
    matches_total = required["matches_total"] or 0
    if sum(levels) > matches_total:
        raise fail(
            f"the match levels add up to {sum(levels)}, more than matches_total ({matches_total})",
            LEVEL_MATCHES[0],
        )
    if "matches_level3" in extra and "matches_noncriminal" in extra:
        minor = extra["matches_level3"] + extra["matches_noncriminal"]
        if minor != required["matches_minor"]:
            raise fail(
                f"is {required['matches_minor']} but matches_level3 + matches_noncriminal = {minor}; "
                "minor matches are Level 3 plus non-criminal",
                "matches_minor",
            )
    complaints, crcl = extra.get("complaints"), extra.get("complaints_crcl")
    if complaints is not None and crcl is not None and crcl > complaints:
        raise fail(f"{crcl} is more than complaints ({complaints})", "complaints_crcl")
    if extra.get("matches_convicted", 0) > matches_total:
        raise fail(
            f"{extra['matches_convicted']} is more than matches_total ({matches_total})", "matches_convicted"
        )
    for column, value in extra.items():
        found = _DEMOGRAPHIC.match(column)
        if found is None or found.group(2) == "total":
            continue
        kind, group = found.groups()
        whole_name = "population_total" if kind == "population" else "arrests_minor"
        whole = extra.get(whole_name) if kind == "population" else required["arrests_minor"]
        if whole is None:
            raise fail(f"needs the column {whole_name} to compare group {group!r} with", column)
        if value > whole:
            raise fail(f"{value} is more than {whole_name} ({whole})", column)
