"""Counts from the booking flow's records: the definitions on hand-made facts, then a database the flow filled."""

from __future__ import annotations

from datetime import date, timedelta
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from securecomm.agencies.officer_policy import DecisionKind
from securecomm.complaints.monitoring import ComplaintCount
from securecomm.oversight.from_db import (
    BookingFact,
    ChargeFact,
    DetainerFact,
    JurisdictionFact,
    OutcomeFact,
    charge_level,
    flow_counts,
)
from securecomm.oversight.quarters import Quarter
from securecomm.rules import OffenseClass, load_ruleset
from securecomm.rules.offense_levels import ConvictionLevel, OffenseLevel
from securecomm.storage.agency_tables import CaseRow, DecisionRow, DetainerRow, IdentSearchRow
from securecomm.storage.oversight_records import booking_span, flow_counts_from

from .db_world import BURGLARY, DUI, HARRIS, MARICOPA, NO_LICENSE, ROBBERY, FlowWorld, at

RULES = load_ruleset()
DUI_FACT = (ChargeFact("5404", OffenseClass.MISDEMEANOR, traffic=True),)
BURGLARY_FACT = (ChargeFact("2299", OffenseClass.FELONY),)
ROBBERY_FACT = (ChargeFact("1299", OffenseClass.FELONY),)
COUNTY = JurisdictionFact("48201", "Harris County", "TX", "HOU", date(2008, 10, 27))


def booking(day: date, charges: tuple[ChargeFact, ...], *, matched: bool = False, forwarded: bool = True,
            convicted: ConvictionLevel | None = None, fips: str = "48201") -> BookingFact:  # fmt: skip
    return BookingFact(fips, day, day, charges, forwarded, matched, convicted)


def test_a_booking_is_minor_when_its_most_severe_charge_is_level_3_or_has_no_level() -> None:
    assert charge_level(DUI_FACT, on=date(2012, 3, 1), ruleset=RULES) is OffenseLevel.L3
    assert charge_level(DUI_FACT + BURGLARY_FACT, on=date(2012, 3, 1), ruleset=RULES) is OffenseLevel.L2
    assert charge_level(ROBBERY_FACT + DUI_FACT, on=date(2012, 3, 1), ruleset=RULES) is OffenseLevel.L1
    assert charge_level((), on=date(2012, 3, 1), ruleset=RULES) is OffenseLevel.NONE
    # before the program's levels existed (March 2008) no charge has a level
    assert charge_level(ROBBERY_FACT, on=date(2007, 5, 1), ruleset=RULES) is OffenseLevel.NONE
    q1 = date(2012, 2, 1)
    counts = flow_counts(
        [COUNTY],
        [booking(q1, DUI_FACT), booking(q1, ()), booking(q1, BURGLARY_FACT), booking(q1, ROBBERY_FACT + DUI_FACT)],
        [], [], ruleset=RULES,
    )  # fmt: skip
    (row,) = counts.table.rows
    assert (row.arrests_total, row.arrests_minor) == (4, 2)


def test_matches_are_levelled_by_charge_and_counted_convicted_by_the_case_advice() -> None:
    q2 = date(2012, 5, 1)
    facts = [
        booking(q2, DUI_FACT, matched=True, convicted=ConvictionLevel.NONCRIMINAL),
        booking(q2, (), matched=True),
        booking(q2, BURGLARY_FACT, matched=True, convicted=ConvictionLevel.L3),
        booking(q2, ROBBERY_FACT, matched=True, convicted=ConvictionLevel.L1),
        booking(q2, ROBBERY_FACT),  # forwarded, no match
        booking(q2, DUI_FACT, forwarded=False),  # never reached IDENT
    ]
    (row,) = flow_counts([COUNTY], facts, [], [], ruleset=RULES).table.rows
    assert (row.matches_total, row.matches_minor, row.count("submissions")) == (4, 2, 5)
    levels = [row.count(f"matches_level{n}") for n in (1, 2, 3)] + [row.count("matches_noncriminal")]
    assert levels == [1, 1, 1, 1]
    assert row.count("matches_convicted") == 2


def test_removals_are_removals_and_returns_by_conviction_level_once_per_case() -> None:
    may, june = date(2012, 5, 3), date(2012, 6, 20)
    outcomes = [
        OutcomeFact("c1", "48201", may, DecisionKind.VOLUNTARY_RETURN.value, ConvictionLevel.L3),
        OutcomeFact(
            "c1", "48201", june, DecisionKind.REINSTATE_REMOVAL.value, ConvictionLevel.L3
        ),  # same case
        OutcomeFact("c2", "48201", may, DecisionKind.REINSTATE_REMOVAL.value, ConvictionLevel.L1),
        OutcomeFact(
            "c3", "48201", may, DecisionKind.NTA.value, ConvictionLevel.L1
        ),  # proceedings, not removal
        OutcomeFact("c4", "48201", may, DecisionKind.RELEASE.value, None),
        OutcomeFact(
            "c5", "48201", may, DecisionKind.LODGE_DETAINER.value, ConvictionLevel.L2
        ),  # not an outcome
        OutcomeFact("c6", "48201", date(2012, 10, 2), DecisionKind.VOLUNTARY_RETURN.value, None),  # FY2013
    ]
    counts = flow_counts([COUNTY], [], [], outcomes, ruleset=RULES)
    removals = {
        (str(r.quarter), name): r.count(name)
        for r in counts.table.rows
        for name in ("removals_level1", "removals_level2", "removals_level3", "removals_noncriminal")
        if r.count(name)
    }
    assert removals == {
        ("2012Q2", "removals_level3"): 1,
        ("2012Q2", "removals_level1"): 1,
        ("2012Q4", "removals_noncriminal"): 1,  # no conviction level recorded: not shown to be convicted
    }
    outcomes_2012 = counts.outcomes_json()["FY2012"]
    assert outcomes_2012["voluntary_return"] == 1 and outcomes_2012["reinstate_removal"] == 2
    assert outcomes_2012["notice_to_appear"] == 1 and outcomes_2012["release"] == 1
    assert "lodge_detainer" not in outcomes_2012


def test_only_quarters_up_to_the_package_are_counted_with_complaints_beside() -> None:
    facts = [booking(date(2012, 3, 31), DUI_FACT), booking(date(2012, 4, 1), DUI_FACT)]
    detainers = [DetainerFact("48201", date(2012, 3, 2)), DetainerFact("48201", date(2012, 4, 2))]
    complaints = [ComplaintCount("48201", Quarter(2012, 1), 3, 1)]
    counts = flow_counts(
        [COUNTY], facts, detainers, [], ruleset=RULES, complaints=complaints, through=Quarter(2012, 1)
    )
    (row,) = counts.table.rows
    assert str(row.quarter) == "2012Q1" and row.arrests_total == 1 and row.count("detainers") == 1
    assert (row.count("complaints"), row.count("complaints_crcl")) == (3, 1)
    assert row.activation_quarter == Quarter(2008, 4) and row.state == "TX"


@pytest.fixture(scope="module")
def flow(tmp_path_factory: pytest.TempPathFactory) -> FlowWorld:
    """Five bookings through the real flow: Harris (activated) in two quarters, Maricopa (never activated)."""
    world = FlowWorld(tmp_path_factory.mktemp("flow"))
    for fin in ("F2", "F3", "F4"):
        world.encounter(fin, date(2010, 4, 1))
    world.book("h1", at=at(2012, 3, 1), charges=DUI)
    world.book("h2", at=at(2012, 3, 2), charges=BURGLARY, fin="F2")
    world.book("h3", at=at(2012, 3, 31, 23), charges=NO_LICENSE, fin="F3")  # 18:00 on 31 March in Houston
    world.book("h4", at=at(2012, 4, 10), charges=ROBBERY, fin="F4")
    world.book("m1", at=at(2012, 3, 3), charges=DUI, fips=MARICOPA)
    world.run(at(2012, 7, 30))
    return world


def test_counts_from_a_database_the_flow_filled(flow: FlowWorld) -> None:
    with flow.db.transaction() as tx:
        counts = flow_counts_from(tx, ruleset=RULES)
        assert booking_span(tx) == (date(2012, 3, 1), date(2012, 4, 10))
        searched = len(tx.scalars(select(IdentSearchRow)).all())
        detainers = len(tx.scalars(select(DetainerRow)).all())
    rows = {(r.jurisdiction, str(r.quarter)): r for r in counts.table.rows}
    assert set(rows) == {(HARRIS, "2012Q1"), (HARRIS, "2012Q2"), (MARICOPA, "2012Q1")}
    q1, q2, maricopa = rows[(HARRIS, "2012Q1")], rows[(HARRIS, "2012Q2")], rows[(MARICOPA, "2012Q1")]
    # h1 DUI (L3, no match), h2 burglary (L2, match), h3 no licence (L3, match; local date 31 March)
    assert (q1.arrests_total, q1.arrests_minor, q1.count("submissions")) == (3, 2, 3)
    assert (q1.matches_total, q1.matches_minor) == (2, 1)
    assert (q1.count("matches_level2"), q1.count("matches_level3")) == (1, 1)
    assert (q2.arrests_total, q2.matches_total, q2.count("matches_level1")) == (1, 1, 1)
    # Maricopa was never activated: its bookings were not forwarded to IDENT
    assert (maricopa.arrests_total, maricopa.count("submissions"), maricopa.matches_total) == (1, 0, 0)
    assert maricopa.activation_quarter is None
    assert sum(r.count("submissions") or 0 for r in rows.values()) == searched == 4
    assert sum(r.count("detainers") or 0 for r in rows.values()) == detainers


def test_removals_from_the_flow_follow_the_decisions_and_the_case_advice(flow: FlowWorld) -> None:
    with flow.db.transaction() as tx:
        counts = flow_counts_from(tx, ruleset=RULES)
        decided = tx.execute(select(DecisionRow.kind, CaseRow.advice).join(CaseRow)).all()
        charge_levels = {c.booking_id: c.advice["identification_level"] for c in tx.scalars(select(CaseRow))}
    expected: dict[str, int] = {}
    for kind, advice in decided:
        if kind in ("voluntary_return", "reinstate_removal"):
            column = {"L1": "removals_level1", "L2": "removals_level2", "L3": "removals_level3"}.get(
                advice["conviction_level"], "removals_noncriminal"
            )
            expected[column] = expected.get(column, 0) + 1
    assert expected, "the officer policy of this world returns people who accept voluntary return"
    counted = {
        name: sum(r.count(name) or 0 for r in counts.table.rows)
        for name in ("removals_level1", "removals_level2", "removals_level3", "removals_noncriminal")
    }
    assert {k: v for k, v in counted.items() if v} == expected
    # the charge levels this module computes are the field office's own advice on every matched booking
    assert sorted(charge_levels.values()) == ["L1", "L2", "L3"]


def test_the_database_read_stops_at_the_package_quarter(flow: FlowWorld) -> None:
    with flow.db.transaction() as tx:
        counts = flow_counts_from(tx, ruleset=RULES, through=Quarter(2012, 1))
    assert {str(q) for q in counts.table.quarters} == {"2012Q1"}
    assert counts.summary()["arrests"] == 4 and counts.summary()["jurisdictions_in_database"] == 2


CHARGE_MIXES = (DUI_FACT, BURGLARY_FACT, ROBBERY_FACT, (), DUI_FACT + BURGLARY_FACT)
facts_strategy = st.lists(
    st.builds(
        lambda day, mix, stage, fips: booking(
            date(2012, 1, 1) + timedelta(days=day),
            CHARGE_MIXES[mix],
            forwarded=stage >= 1,
            matched=stage == 2,
            convicted=ConvictionLevel.L2 if stage == 2 and day % 2 else None,
            fips=fips,
        ),
        st.integers(0, 500),
        st.integers(0, len(CHARGE_MIXES) - 1),
        st.integers(0, 2),
        st.sampled_from(("48201", "48113")),
    ),
    max_size=40,
)


@settings(max_examples=40, deadline=None)
@given(facts=facts_strategy, seed=st.randoms(use_true_random=False))
def test_counts_nest_and_do_not_depend_on_the_order_of_the_records(
    facts: list[BookingFact], seed: Random
) -> None:
    counts = flow_counts([COUNTY], facts, [], [], ruleset=RULES).table
    shuffled = list(facts)
    seed.shuffle(shuffled)
    assert flow_counts([COUNTY], shuffled, [], [], ruleset=RULES).table.rows == counts.rows
    for row in counts.rows:
        assert 0 <= row.arrests_minor <= row.arrests_total
        assert (
            0
            <= row.matches_minor
            <= row.matches_total
            <= (row.count("submissions") or 0)
            <= row.arrests_total
        )
        levels = sum(row.count(c) or 0 for c in ("matches_level1", "matches_level2", "matches_level3"))
        assert levels + (row.count("matches_noncriminal") or 0) == row.matches_total
        assert row.count("matches_level3") + row.count("matches_noncriminal") == row.matches_minor  # type: ignore[operator]
    assert sum(r.arrests_total for r in counts.rows) == len(facts)
