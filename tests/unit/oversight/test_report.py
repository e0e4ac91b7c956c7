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
