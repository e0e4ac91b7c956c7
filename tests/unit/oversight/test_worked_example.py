"""The worked example on the real public data, checked against the published figures (domain.md §7)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from securecomm.config import shared_data_dir
from securecomm.oversight.errors import CountsFileError
from securecomm.oversight.worked_example import DECLINED, PublicData, checks, declined_share, load_public_data
from securecomm.oversight.worked_report import render_worked_example


@pytest.fixture(scope="module")
def public() -> PublicData:
    shared = shared_data_dir()
    if shared is None or not (shared / "public").is_dir():
        pytest.skip("shared/data/public is not on this machine (set SECURECOMM_SHARED_DATA)")
    root: Path = shared / "public"
    return load_public_data(lambda relative: (root / relative).read_text(encoding="utf-8"))


@pytest.mark.shared_data
def test_every_published_figure_is_reproduced(public: PublicData) -> None:
    results = checks(public)
    failed = [c.to_json() for c in results if not c.passed]
    assert not failed
    assert len(results) >= 20


@pytest.mark.shared_data
def test_national_detainers_and_the_rise_of_declined_by_lea(public: PublicData) -> None:
    assert public.national_by_year[2008] == 228_077
    assert public.national_by_year[2014] == 147_849
    declined = [public.national_by_reason[y][DECLINED] for y in (2011, 2012, 2013, 2014)]
    assert declined == [279, 942, 2_378, 13_595]
    assert declined_share(public.national_by_reason, public.national_by_year, 2014) == pytest.approx(
        0.092, abs=0.001
    )
    assert declined_share(public.national_by_reason, public.national_by_year, 2010) < 0.001


@pytest.mark.shared_data
def test_pennsylvania_rows_fit_inside_the_national_counts(public: PublicData) -> None:
    assert public.pa_rows == 32_757
    assert sum(r.get(DECLINED, 0) for r in public.pa_by_reason.values()) == 225
    for year, reasons in public.pa_by_reason.items():
        assert reasons.get(DECLINED, 0) <= public.national_by_reason[year].get(DECLINED, 0)
    assert sum(public.pa_by_reason[2008].values()) == 5_326


@pytest.mark.shared_data
def test_activation_landmarks(public: PublicData) -> None:
    first_year = [f for f, on in public.activations.items() if on.year == 2008]
    assert len(first_year) == 14
    assert "48201" in first_year  # Harris County, Texas
    assert len(public.activations) == 3_102 and public.counties_listed == 3_242


@pytest.mark.slow
@pytest.mark.shared_data
def test_the_worked_example_report_shows_the_checks(public: PublicData) -> None:
    files = render_worked_example(public, prepared_on=date(2026, 1, 1))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(files["worked-example.pdf"])).pages)
    text = " ".join(text.split())
    assert "13,595" in text and "Detainer Declined by LEA" in text
    assert "All 23 checks pass" in text
    for name in (
        "activation-map.png",
        "national-lift-reasons.png",
        "declined-by-lea.png",
        "pa-lift-reasons.png",
    ):
        assert files[name].startswith(b"\x89PNG")
    for line in files["pa_lift_reasons_by_year.csv"].decode().splitlines()[1:]:
        assert all(v == "S" or int(v) == 0 or int(v) >= 11 for v in line.split(",")[1:])


def test_a_malformed_public_file_is_named() -> None:
    texts = {"sc_activation_dates/sc_activation_dates_by_county.csv": "countyfips,state\n1001,AL\n"}
    with pytest.raises(CountsFileError, match="activation_month"):
        load_public_data(lambda relative: texts[relative])
