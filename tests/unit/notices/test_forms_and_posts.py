"""What the forms request (from the rules), the numbers printed, the consular posts and the nearest one."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from securecomm.notices import (
    HoldCounting,
    NoticeInputError,
    box_label,
    consular_posts,
    contacts,
    county_centroid,
    form_text,
    great_circle_km,
    hold_terms,
    nearest_post,
    posts_for,
)
from securecomm.rules import DetainerForm, RuleSet, parse_country

ON = date(2012, 3, 1)


def test_the_2010_to_2012_forms_hold_48_hours_without_weekends_and_holidays(ruleset: RuleSet) -> None:
    for form in (DetainerForm.I_247_2010, DetainerForm.I_247_2011, DetainerForm.I_247_2012):
        terms = hold_terms(form, on=ON, ruleset=ruleset)
        assert (terms.hours, terms.counting) == (48, HoldCounting.BUSINESS_DAYS)


def test_the_2015_and_2017_detainers_hold_48_elapsed_hours_and_n_and_x_hold_none(ruleset: RuleSet) -> None:
    assert hold_terms(DetainerForm.I_247D, on=ON, ruleset=ruleset).counting is HoldCounting.ELAPSED
    assert hold_terms(DetainerForm.I_247A, on=ON, ruleset=ruleset).hours == 48
    for form in (DetainerForm.I_247N, DetainerForm.I_247X):
        terms = hold_terms(form, on=ON, ruleset=ruleset)
        assert (terms.hours, terms.counting) == (None, HoldCounting.NONE)


def test_every_form_has_a_title_and_only_the_2010_edition_lacks_the_notice() -> None:
    without = [form for form in DetainerForm if not form_text(form).notice_on_form]
    assert without == [DetainerForm.I_247_2010]
    assert form_text(DetainerForm.I_247_2011).notice_languages == ("en", "es", "fr", "pt", "zh", "vi")
    assert form_text(DetainerForm.I_247N).title.startswith("Request for Voluntary Notification")


def test_box_wording_comes_from_the_rules_where_they_have_it(ruleset: RuleSet) -> None:
    assert (
        box_label("prior_felony", ruleset=ruleset) == "a prior felony conviction or a pending felony charge"
    )
    assert box_label("biometric_confirmation", ruleset=ruleset).startswith("biometric confirmation")
    assert box_label("investigation", ruleset=ruleset).startswith("Initiated an investigation")
    assert box_label("made_up_box", ruleset=ruleset) == "made_up_box (box id as recorded; no wording on file)"


def test_the_numbers_printed_on_every_notice() -> None:
    numbers = contacts()
    assert numbers.lesc_hotline == "(855) 448-6903"
    assert numbers.joint_intake_center == "1-877-246-8253"
    assert (numbers.interpreters_start, numbers.interpreters_end) == ("07:00", "24:00")


def test_great_circle_distances_match_known_values() -> None:
    assert great_circle_km(0, 0, 0, 1) == pytest.approx(111.195, abs=0.01)  # one degree of the equator
    assert great_circle_km(40.7128, -74.0060, 34.0522, -118.2437) == pytest.approx(3936, abs=5)  # NYC-LA
    assert great_circle_km(10, 20, 10, 20) == 0


def test_every_post_names_a_real_country_and_a_point_in_or_near_the_united_states() -> None:
    posts = consular_posts()
    assert len(posts) > 300
    for post in posts:
        assert parse_country(post.country) == post.country
        assert 13 <= post.latitude <= 62 and -160 <= post.longitude <= 145, post


def test_mandatory_countries_and_the_largest_nationalities_have_a_post() -> None:
    for country in ("MX", "GT", "SV", "HN", "CN", "GB", "PH", "PL", "JM", "NG", "RU", "VN", "HT", "TW"):
        assert posts_for(country), country


def test_the_nearest_post_is_the_one_in_the_facilitys_region() -> None:
    la = county_centroid("06037")
    cook = county_centroid("17031")
    fulton = county_centroid("13121")
    assert nearest_post("MX", la.latitude, la.longitude).post.city == "Los Angeles"  # type: ignore[union-attr]
    assert nearest_post("PL", cook.latitude, cook.longitude).post.city == "Chicago"  # type: ignore[union-attr]
    assert nearest_post("GB", fulton.latitude, fulton.longitude).post.city == "Atlanta"  # type: ignore[union-attr]
    honolulu = nearest_post("TW", 21.3, -157.85)
    assert honolulu is not None and honolulu.post.city == "Honolulu" and honolulu.distance_km < 20


def test_a_country_without_a_post_in_the_tables_has_no_nearest_post() -> None:
    assert posts_for("AQ") == ()
    assert nearest_post("AQ", 38.9, -77.0) is None


def test_a_point_off_the_earth_is_refused() -> None:
    with pytest.raises(NoticeInputError, match="not a point on Earth"):
        nearest_post("MX", 95.0, 0.0)


@settings(max_examples=60, deadline=None)
@given(
    country=st.sampled_from(["MX", "CN", "GB", "PL", "SV", "TW"]),
    latitude=st.floats(min_value=18, max_value=62),
    longitude=st.floats(min_value=-160, max_value=-66),
)
def test_no_post_of_the_country_is_closer_than_the_nearest(
    country: str, latitude: float, longitude: float
) -> None:
    best = nearest_post(country, latitude, longitude)
    assert best is not None
    for post in posts_for(country):
        assert best.distance_km <= great_circle_km(latitude, longitude, post.latitude, post.longitude) + 1e-9


def test_county_centroids_lie_inside_their_county() -> None:
    cook = county_centroid("17031")  # Cook County, IL: about 41.47..42.15 N, 87.52..88.26 W
    assert 41.47 < cook.latitude < 42.16 and -88.27 < cook.longitude < -87.52
    assert cook.name == "Cook"


def test_an_unknown_county_is_refused_with_a_fix() -> None:
    with pytest.raises(NoticeInputError, match="give the facility's coordinates instead"):
        county_centroid("99999")


@pytest.mark.parametrize(
    "module", ["securecomm.notices.languages", "securecomm.notices.formatting", "securecomm.notices.posts"]
)
def test_the_examples_in_the_docstrings_hold(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
