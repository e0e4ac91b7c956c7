from __future__ import annotations

from securecomm.oversight.effectiveness import Period, effectiveness
from securecomm.oversight.table import parse_counts_csv

from .conftest import HEADER, csv_text

LEVELS = ",removals_level1,removals_level2,removals_level3,removals_noncriminal,submissions"


def test_totals_by_fiscal_year_put_october_in_the_next_year() -> None:
    table = parse_counts_csv(
        csv_text(
            "A,2012Q3,1000,500,80,30,5,6,7,8,900",
            "B,2012Q3,1000,500,20,10,1,2,3,4,600",
            "A,2012Q4,1000,500,50,25,10,0,0,30,800",
            header=HEADER + LEVELS,
        )
    )
    fy = {row.period: row for row in effectiveness(table, by=Period.FISCAL_YEAR)}
    assert set(fy) == {"FY2012", "FY2013"}
    assert fy["FY2012"].removals_by_level == (
        ("Level 1", 6),
        ("Level 2", 8),
        ("Level 3", 10),
        ("non-criminal", 12),
    )
    assert fy["FY2012"].removals_total == 36
    assert fy["FY2012"].removals_convicted == 24
    assert fy["FY2012"].matches_total == 100
    assert fy["FY2012"].match_rate == 100 / 1500
    assert fy["FY2013"].removals_level1_share == 0.25
    assert fy["FY2013"].removals_noncriminal_share == 0.75
    assert [row.period for row in effectiveness(table, by=Period.QUARTER)] == ["2012Q3", "2012Q4"]


def test_missing_columns_stay_unknown() -> None:
    table = parse_counts_csv(csv_text("A,2012Q3,1000,500,80,30"))
    (row,) = effectiveness(table, by=Period.QUARTER)
    assert row.removals_by_level == ()
    assert row.removals_total is None and row.submissions is None and row.removals_per_match is None
