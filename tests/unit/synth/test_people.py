"""Proportions of the population and of IDENT records match the parameters (fixed seeds, stated tolerances)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from securecomm.ids import Fips
from securecomm.synth import (
    ApparentStatus,
    EncounterKind,
    TruePerson,
    TrueStatus,
    WorldParameters,
    apparent_status,
    person_rates,
)
from securecomm.synth.ident import ident_encounters
from securecomm.synth.people import generate_person

START = date(2012, 3, 1)
N = 6000


@pytest.fixture(scope="module")
def params() -> WorldParameters:
    return WorldParameters(seed=2024, start_on=START)


@pytest.fixture(scope="module")
def sample(params: WorldParameters) -> list[TruePerson]:
    return [generate_person(params, Fips("48201"), i, pool=N) for i in range(N)]


def test_status_shares_follow_the_mix(params: WorldParameters, sample: list[TruePerson]) -> None:
    counts = Counter(p.status for p in sample)
    for status, share in params.status_mix.items():
        sd = (share * (1 - share) / N) ** 0.5
        assert abs(counts[status] / N - share) < 4 * sd + 1e-3, status


def test_histories_are_consistent(sample: list[TruePerson]) -> None:
    for p in sample:
        assert len(p.nationality) == 2 and len(p.country_of_birth) == 2 and len(p.language) == 2
        assert (p.nationality == "US") == p.is_citizen
        assert (p.country_of_birth == "US") == (p.status is TrueStatus.USC_BIRTH)
        assert (date(2012, 3, 1) - p.born_on).days >= 18 * 365
        if p.status.is_foreign_born:
            assert p.entered_on is not None and p.born_on <= p.entered_on < START
        if p.status in (TrueStatus.USC_NATURALISED, TrueStatus.USC_DERIVED):
            assert p.lpr_on is not None and p.citizen_since is not None and p.lpr_on < p.citizen_since < START
        if p.status is TrueStatus.USC_NATURALISED:
            assert p.lpr_on is not None and p.citizen_since is not None
            assert (p.citizen_since - p.lpr_on).days >= 5 * 365 - 1  # 5 years as an LPR (INA 316)
        if p.status is TrueStatus.USC_DERIVED:
            assert p.citizen_since is not None and (p.citizen_since - p.born_on).days < 18 * 366  # before 18
        if p.status is TrueStatus.OVERSTAY:
            assert p.admitted_until is not None and p.admitted_until < START
        if p.status is TrueStatus.NONIMMIGRANT:
            assert p.admitted_until is not None and p.admitted_until > START
        if p.status is TrueStatus.REENTRY:
            assert p.removed_on is not None and p.entered_on is not None and p.removed_on < p.entered_on


def test_languages_include_the_notice_languages(sample: list[TruePerson]) -> None:
    languages = Counter(p.language for p in sample)
    assert languages["en"] / N > 0.8
    assert {"en", "es", "zh", "vi", "tl", "ht"} <= set(languages)


def test_ident_match_share_follows_coverage(params: WorldParameters, sample: list[TruePerson]) -> None:
    matched = sum(1 for p in sample if ident_encounters(p, params))
    expected = person_rates(params).ident_match
    sd = (expected * (1 - expected) / N) ** 0.5
    assert abs(matched / N - expected) < 4 * sd


def test_lawful_people_are_in_ident_too(params: WorldParameters, sample: list[TruePerson]) -> None:
    kinds = Counter(e.kind for p in sample for e in ident_encounters(p, params))
    assert kinds[EncounterKind.LPR_ADJUSTMENT] > 0 and kinds[EncounterKind.NATURALISATION] > 0
    assert kinds[EncounterKind.VISA_APPLICATION] > 0 and kinds[EncounterKind.REMOVAL] > 0


def test_the_failure_mode_citizens_whose_ident_record_stops_at_lpr() -> None:
    # Every derived citizen in IDENT has a stale record at rate 1; none at rate 0.
    for rate, expect_stale in ((1.0, True), (0.0, False)):
        params = WorldParameters(
            seed=5, start_on=START, stale_derived_rate=rate, stale_naturalisation_rate=rate
        )
        people = [generate_person(params, Fips("06037"), i, pool=N) for i in range(3000)]
        citizens = [p for p in people if p.status in (TrueStatus.USC_DERIVED, TrueStatus.USC_NATURALISED)]
        in_ident = [(p, ident_encounters(p, params)) for p in citizens]
        in_ident = [(p, e) for p, e in in_ident if e]
        assert len(in_ident) > 20
        for _, encounters in in_ident:
            seen = apparent_status(encounters, on=START)
            assert (seen is ApparentStatus.LPR) == expect_stale
            assert (seen is ApparentStatus.CITIZEN) == (not expect_stale)


def test_misleading_citizen_records_at_the_documented_rate(
    params: WorldParameters, sample: list[TruePerson]
) -> None:
    misleading = 0
    for p in sample:
        encounters = ident_encounters(p, params)
        if (
            p.is_citizen
            and encounters
            and apparent_status(encounters, on=START) is not ApparentStatus.CITIZEN
        ):
            misleading += 1
    expected = person_rates(params).misleading_citizen_match * N
    assert abs(misleading - expected) < 4 * expected**0.5 + 2


def test_apparent_status_of_those_without_status(params: WorldParameters, sample: list[TruePerson]) -> None:
    expected = {
        TrueStatus.OVERSTAY: ApparentStatus.OVERSTAY,
        TrueStatus.NONIMMIGRANT: ApparentStatus.NONIMMIGRANT,
        TrueStatus.EWI: ApparentStatus.APPREHENDED,
        TrueStatus.FINAL_ORDER: ApparentStatus.FINAL_ORDER,
        TrueStatus.REENTRY: ApparentStatus.PREVIOUSLY_REMOVED,
        TrueStatus.LPR: ApparentStatus.LPR,
    }
    for p in sample:
        encounters = ident_encounters(p, params)
        if encounters and p.status in expected:
            assert apparent_status(encounters, on=START) is expected[p.status], p.status
