"""Consular notification: country codes, the dated list and the determination's shape."""

from __future__ import annotations

from datetime import date

import pytest

from securecomm.rules import UnknownCode, consular_determination, load_ruleset, parse_country
from securecomm.rules.consular_notification import country_codes


def test_the_iso_table_holds_every_alpha_2_code() -> None:
    codes = country_codes()
    assert len(codes) == 249
    assert {"CN", "HK", "MO", "TW", "GB", "BM", "PL", "US"} <= set(codes)


def test_codes_are_normalised_and_unknown_ones_refused() -> None:
    assert parse_country(" gb ") == "GB"
    with pytest.raises(UnknownCode, match="ISO 3166-1 alpha-2"):
        parse_country("UK")  # the United Kingdom's ISO code is GB


def test_every_listed_country_and_territory_is_a_real_code() -> None:
    ruleset = load_ruleset()
    for dated in ruleset.parameter("state.consular_notification.mandatory_countries").values:
        listing = dated.value
        named = set(listing["countries"]) | {c for subs in listing["territories"].values() for c in subs}
        assert named <= set(country_codes()), named - set(country_codes())
        assert len(listing["countries"]) == len(set(listing["countries"]))


def test_the_lists_have_55_then_57_entries() -> None:
    values = load_ruleset().parameter("state.consular_notification.mandatory_countries").values
    assert [len(v.value["countries"]) for v in values] == [55, 57]


def test_a_determination_carries_timing_statement_and_sources() -> None:
    result = consular_determination("RU", as_of=date(2010, 3, 1), ruleset=load_ruleset())
    assert result.value.mandatory and result.value.target_hours == 24 and result.value.outer_hours == 72
    assert "required to notify" in result.value.statement
    assert result.rule_id == "consular.notification"
    assert any(ref.kind.value == "treaty" for ref in result.references)
