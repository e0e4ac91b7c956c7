"""The CLI contract: --json prints one object; bad CSV exits 2 with one line and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from securecomm.cli import main
from securecomm.oversight.simulation import SimulationSettings, simulate_quarter, table_to_csv

from .conftest import csv_text


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as stopped:
        code = int(stopped.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def counts_file(tmp_path: Path) -> tuple[Path, frozenset[str]]:
    sim = simulate_quarter(
        np.random.default_rng(3),
        SimulationSettings(jurisdictions=60, planted_share=0.05, effect=3.0, rho=0.002),
    )
    path = tmp_path / "counts.csv"
    path.write_text(table_to_csv(sim.table))
    return path, sim.planted


def test_analyze_prints_one_json_object_and_writes_the_report(
    counts_file: tuple[Path, frozenset[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, planted = counts_file
    out = tmp_path / "report"
    code, stdout, _ = _run(
        ["oversight", "analyze", "--counts", str(path), "--out", str(out), "--no-pdf", "--json"], capsys
    )
    assert code == 0
    payload = json.loads(stdout)  # exactly one JSON document
    assert stdout.strip().count("\n") == 0
    assert payload["tested"] == 60
    assert payload["flags"], "a tripled jurisdiction should be flagged"
    for flag in payload["flags"]:
        assert set(flag) == {
            "jurisdiction",
            "quarter",
            "observed_share",
            "expected_share",
            "q_value",
            "evidence",
        }
        assert flag["q_value"] <= 0.05
        assert flag["observed_share"] > flag["expected_share"]
        assert "not a finding" in flag["evidence"]["sentence"]
        assert flag["evidence"]["trials"] >= 30
    assert {f["jurisdiction"] for f in payload["flags"]} & planted
    assert (out / "report.html").is_file() and (out / "funnel-2012Q2.png").is_file()
    assert (out / "public" / "statistics.html").is_file()


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("B,2012Q2,100,50,30,31", "matches_minor"),
        ("B,2012Q5,100,50,30,10", "quarter"),
        ("B,2012Q2,100,-1,30,10", "arrests_minor"),
        ("B,2012Q2,100,50,3o,10", "matches_total"),
    ],
)
def test_bad_csv_exits_2_names_row_and_column_and_writes_nothing(
    row: str, column: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(csv_text("A,2012Q2,100,50,30,10", row))
    out = tmp_path / "never"
    code, stdout, stderr = _run(
        ["oversight", "analyze", "--counts", str(path), "--out", str(out), "--json"], capsys
    )
    assert code == 2
    assert stdout == ""
    assert stderr.strip().count("\n") == 0
    assert "bad.csv, row 3" in stderr and f"column {column!r}" in stderr
    assert not out.exists()
    assert not any(p.name.startswith(".never") for p in tmp_path.iterdir())


def test_missing_column_and_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "short.csv"
    path.write_text("jurisdiction,quarter,arrests_total\nA,2012Q2,5\n")
    code, _, stderr = _run(
        ["oversight", "analyze", "--counts", str(path), "--out", str(tmp_path / "o")], capsys
    )
    assert code == 2 and "arrests_minor" in stderr and "row 1" in stderr
    code, _, stderr = _run(
        ["oversight", "analyze", "--counts", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o")], capsys
    )
    assert code == 2 and "does not exist" in stderr
    assert not (tmp_path / "o").exists()


def test_bad_fdr_is_refused(
    counts_file: tuple[Path, frozenset[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = counts_file
    code, _, stderr = _run(
        ["oversight", "analyze", "--counts", str(path), "--out", str(tmp_path / "o"), "--fdr", "2"], capsys
    )
    assert code == 2 and "fdr" in stderr


def test_simulate_writes_a_file_that_analyze_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "sim.csv"
    code, stdout, _ = _run(
        [
            "oversight",
            "simulate",
            "--out",
            str(target),
            "--jurisdictions",
            "20",
            "--quarters",
            "2",
            "--no-fips",
            "--seed",
            "4",
            "--json",
        ],
        capsys,
    )
    assert code == 0
    assert json.loads(stdout)["rows"] == 40
    again = tmp_path / "again.csv"
    _run(
        [
            "oversight",
            "simulate",
            "--out",
            str(again),
            "--jurisdictions",
            "20",
            "--quarters",
            "2",
            "--no-fips",
            "--seed",
            "4",
        ],
        capsys,
    )
    assert target.read_text() == again.read_text()  # deterministic by seed
