"""The quarterly report: what a reader of the HTML and the PDF finds, and what the public files hide."""

from __future__ import annotations

import csv
import io
from datetime import date

import numpy as np
import pytest
from pypdf import PdfReader

from securecomm.oversight.analysis import analyze
from securecomm.oversight.maps import known_fips
from securecomm.oversight.quarters import Quarter
from securecomm.oversight.report import render_report
from securecomm.oversight.simulation import SimulationSettings, simulate_table
from securecomm.oversight.suppression import SMALL_CELL_MINIMUM


@pytest.fixture(scope="module")
def rendered() -> tuple[dict[str, bytes], set[str]]:
    ids = tuple(sorted(known_fips())[::40][:80])
    world = simulate_table(
        np.random.default_rng(11),
        SimulationSettings(jurisdictions=80, planted_share=0.05, effect=3.0, rho=0.002),
        first=Quarter(2011, 1),
        quarters=3,
        ids=ids,
    )
    analysis = analyze(world.table)
    flagged = {flag.jurisdiction for flag in analysis.flags}
    assert flagged, "the fixture needs at least one flag"
    return render_report(analysis, prepared_on=date(2012, 8, 1)), flagged


@pytest.mark.slow
def test_the_pdf_says_what_a_flag_means_and_shows_the_evidence(
    rendered: tuple[dict[str, bytes], set[str]],
) -> None:
    files, flagged = rendered
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(files["report.pdf"])).pages)
    text = " ".join(text.split())
    assert "Referrals for review, not findings" in text
    assert "not a finding of profiling or misconduct" in text
    assert "[U]" in text  # the method is ours; DHS's protocol is uncertain
    assert "Limitations" in text and "Method" in text
    for jurisdiction in flagged:
        assert jurisdiction in text
    assert "q-value" in text


@pytest.mark.slow
def test_the_html_is_self_contained_with_every_picture(rendered: tuple[dict[str, bytes], set[str]]) -> None:
    files, _ = rendered
    html = files["report.html"].decode()
    assert '<img src="data:image/png;base64,' in html
    assert 'src="http' not in html and 'href="http' not in html
    for name in (
        "funnel-2011Q1.png",
        "funnel-2011Q3.png",
        "trends.png",
        "flags-map.png",
        "activation-map.png",
    ):
        assert files[name].startswith(b"\x89PNG\r\n\x1a\n"), name
    assert files["report.pdf"].startswith(b"%PDF")


@pytest.mark.slow
def test_public_files_never_show_a_small_count(rendered: tuple[dict[str, bytes], set[str]]) -> None:
    files, _ = rendered
    public = [name for name in files if name.startswith("public/") and name.endswith(".csv")]
    assert public
    for name in public:
        rows = list(csv.reader(io.StringIO(files[name].decode())))
        for row in rows[1:]:
            for value in row[1:]:
                assert value == "S" or int(value) == 0 or int(value) >= SMALL_CELL_MINIMUM, (name, row)
    assert b"suppressed" in files["public/statistics.html"]


@pytest.mark.slow
def test_results_cover_every_jurisdiction_quarter(rendered: tuple[dict[str, bytes], set[str]]) -> None:
    files, flagged = rendered
    rows = list(csv.DictReader(io.StringIO(files["results.csv"].decode())))
    assert {row["jurisdiction"] for row in rows if row["flagged"] == "1"} == flagged
    assert len({(row["jurisdiction"], row["quarter"]) for row in rows}) == len(rows)


def test_effectiveness_and_public_removals_appear_when_the_columns_exist() -> None:
    from securecomm.oversight.table import parse_counts_csv

    from .conftest import HEADER, csv_text

    header = (
        HEADER + ",matches_convicted,removals_level1,removals_level2,removals_level3,removals_noncriminal"
    )
    rows = [
        f"J{i:02d},2012Q{q},2000,900,{100 + i},{40 + i % 9},{50 + i % 5},{5 + i % 4},12,20,{3 + i % 3}"
        for i in range(30)
        for q in (3, 4)
    ]
    analysis = analyze(parse_counts_csv(csv_text(*rows, header=header)))
    files = render_report(analysis, prepared_on=date(2013, 1, 2), pdf=False)
    html = files["report.html"].decode()
    assert "Effectiveness: identifications and removals by level" in html
    assert "matches convicted" in html and "FY2013" in html
    removals = files["public/removals_by_level_and_fiscal_year.csv"].decode().splitlines()
    assert removals[0] == "fiscal year,Level 1,Level 2,Level 3,non-criminal,Total"
    assert len(removals) == 4  # FY2012, FY2013, Total
