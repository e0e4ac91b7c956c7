"""Effectiveness: whom the program identified and removed, by level, convicted or not.

The program's stated aim was to identify and remove "criminal aliens", Level 1 first. These totals say
how far the counts bear that out: the share of removals that were Level 1, and the share of removals of
people with no conviction (non-criminal). Levels of matches are charge-based and levels of removals are
conviction-based (domain.md §1.5), so the two are shown side by side, never subtracted.
Only the columns the table has are summed; the rest stay None.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from securecomm.oversight.quarters import Quarter
from securecomm.oversight.table import LEVEL_MATCHES, LEVEL_REMOVALS, CountRow, CountTable

__all__ = ["EffectivenessRow", "Period", "effectiveness"]

LEVEL_NAMES = ("Level 1", "Level 2", "Level 3", "non-criminal")


class Period(enum.StrEnum):
    QUARTER = "quarter"
    FISCAL_YEAR = "fiscal_year"


@dataclass(frozen=True, slots=True)
class EffectivenessRow:
    """Totals over every jurisdiction of one period."""

    period: str
    jurisdictions: int
    matches_total: int
    matches_minor: int
    submissions: int | None
    detainers: int | None
    matches_convicted: int | None
    matches_by_level: tuple[tuple[str, int], ...]  # (level name, count) for the columns given
    removals_by_level: tuple[tuple[str, int], ...]

    @property
    def removals_total(self) -> int | None:
        return sum(v for _, v in self.removals_by_level) if len(self.removals_by_level) == 4 else None

    @property
    def removals_convicted(self) -> int | None:
        """Levels 1-3 of removals are conviction-based: their sum is the removals of convicted people."""
        levels = dict(self.removals_by_level)
        if all(name in levels for name in LEVEL_NAMES[:3]):
            return sum(levels[name] for name in LEVEL_NAMES[:3])
        return None

    @property
    def removals_noncriminal_share(self) -> float | None:
        total = self.removals_total
        return dict(self.removals_by_level)["non-criminal"] / total if total else None

    @property
    def removals_level1_share(self) -> float | None:
        total = self.removals_total
        return dict(self.removals_by_level)["Level 1"] / total if total else None

    @property
    def match_rate(self) -> float | None:
        return self.matches_total / self.submissions if self.submissions else None

    @property
    def removals_per_match(self) -> float | None:
        total = self.removals_total
        return total / self.matches_total if total is not None and self.matches_total else None


def effectiveness(table: CountTable, *, by: Period) -> tuple[EffectivenessRow, ...]:
    """Totals per quarter or per federal fiscal year, in time order."""
    key: Callable[[Quarter], str] = str if by is Period.QUARTER else (lambda q: f"FY{q.fiscal_year}")
    groups: dict[str, list[CountRow]] = {}
    for row in sorted(table.rows, key=lambda r: r.quarter):
        groups.setdefault(key(row.quarter), []).append(row)

    def total(rows: list[CountRow], column: str) -> int | None:
        if not table.has(column):
            return None
        return sum(row.count(column) or 0 for row in rows)

    out = []
    for period, rows in groups.items():
        matches = [(name, total(rows, col)) for name, col in zip(LEVEL_NAMES, LEVEL_MATCHES, strict=True)]
        removals = [(name, total(rows, col)) for name, col in zip(LEVEL_NAMES, LEVEL_REMOVALS, strict=True)]
        out.append(
            EffectivenessRow(
                period=period,
                jurisdictions=len({row.jurisdiction for row in rows}),
                matches_total=sum(row.matches_total for row in rows),
                matches_minor=sum(row.matches_minor for row in rows),
                submissions=total(rows, "submissions"),
                detainers=total(rows, "detainers"),
                matches_convicted=total(rows, "matches_convicted"),
                matches_by_level=tuple((n, v) for n, v in matches if v is not None),
                removals_by_level=tuple((n, v) for n, v in removals if v is not None),
            )
        )
    return tuple(out)
