"""`securecomm oversight report --db`: the quarterly package from the database, its delivery, and bad input."""

from __future__ import annotations

import csv
import io
import json
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from securecomm.cli import main
from securecomm.storage.audit_log import verify_chain
from securecomm.storage.db import open_database
from securecomm.storage.oversight_tables import OversightPackageRow, OversightReferralRow
from securecomm.storage.tables import AuditEventRow

from .db_world import PLANTED, rows_world

ANALYZE_KEYS = {"flags", "tested", "quarters", "jurisdictions", "fdr", "peers", "demographic_flags", "did_flags",
                "did_tested", "files"}  # fmt: skip


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as stopped:
        code = int(stopped.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def delivered(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, dict[str, Any]]:
    """The 2012Q2 package of the row-by-row world, rendered and delivered once (the CLI as a person runs it)."""
    folder = tmp_path_factory.mktemp("report")
    url = rows_world(folder)
    out = folder / "package"
    args = ["oversight", "report", "--db", url, "--quarter", "2012Q2", "--out", str(out), "--no-pdf", "--json",
            "--deliver", "--note", "Quarterly package 2012Q2 for the DOJ liaison.", "--as", "statistician-1"]  # fmt: skip
    buffer = io.StringIO()  # a module fixture cannot use capsys
    with redirect_stdout(buffer):
        main(args)
    return url, out, json.loads(buffer.getvalue())


@pytest.mark.slow
def test_the_package_keeps_the_analyze_contract_and_adds_removals_activation_and_complaints(
    delivered: tuple[str, Path, dict[str, Any]],
) -> None:
    _, out, payload = delivered
    assert set(payload) >= ANALYZE_KEYS
    assert payload["quarter"] == "2012Q2" and payload["quarters"] == ["2012Q1", "2012Q2"]
    assert (
        payload["tested"] == 12
    )  # Cook (never activated) and New York (activated mid-quarter) have no matches
    (flag,) = payload["flags"]
    assert flag["jurisdiction"] == PLANTED and flag["quarter"] == "2012Q2" and flag["q_value"] <= 0.05
    assert flag["observed_share"] > 0.7 > flag["expected_share"]
    assert "not a finding" in flag["evidence"]["sentence"]
    assert flag["complaints"] == {"total": 2, "crcl": 1}  # the complaints linked to Travis County in 2012Q2
    assert payload["complaints"] == {"total": 2, "crcl": 1}  # 48201's complaint was in 2012Q1
    (fy2012,) = payload["removals_by_fiscal_year"]
    assert (
        fy2012["fiscal_year"] == "FY2012"
        and fy2012["total"] == payload["outcomes_by_fiscal_year"]["FY2012"]["voluntary_return"]
    )
    assert fy2012["total"] == fy2012["level1"] + fy2012["level2"] + fy2012["level3"] + fy2012["noncriminal"]
    assert fy2012["convicted"] == fy2012["total"] - fy2012["noncriminal"]
    assert payload["outcomes_by_fiscal_year"]["FY2012"]["notice_to_appear"] > 0  # counted apart, not removals
    assert payload["activation"]["counties"] == 14 and payload["activation"]["activated_by_quarter_end"] == 13
    assert "A removal is an officer's decision after interview" in payload["definitions"]
    assert {"report.html", "activation-map.png", "funnel-2012Q2.png", "results.csv"} <= set(payload["files"])
    assert (out / "activation-map.png").read_bytes().startswith(b"\x89PNG")
    html = (out / "report.html").read_text()
    assert "Quarterly statistical monitoring, 2012Q2" in html and "How the counts were made" in html
    assert "2 (1 CRCL)" in html and "Officers&#39; decisions after interview" in html


@pytest.mark.slow
def test_public_files_of_the_package_never_show_a_small_count(
    delivered: tuple[str, Path, dict[str, Any]],
) -> None:
    _, out, _ = delivered
    removals = list(csv.reader((out / "public" / "removals_by_level_and_fiscal_year.csv").open()))
    assert removals[0] == ["fiscal year", "Level 1", "Level 2", "Level 3", "non-criminal", "Total"]
    for name in (out / "public").glob("*.csv"):
        for row in list(csv.reader(name.open()))[1:]:
            assert all(v == "S" or int(v) == 0 or int(v) >= 11 for v in row[1:]), (name.name, row)
    assert "A removal is an officer" in (out / "public" / "methodology.txt").read_text()


@pytest.mark.slow
def test_delivery_is_recorded_for_the_doj_liaison_and_opens_a_referral_per_flag(
    delivered: tuple[str, Path, dict[str, Any]],
) -> None:
    url, _, payload = delivered
    sent = payload["delivered"]
    assert sent["version"] == 1 and sent["recipient"] == "doj" and len(sent["referrals_opened"]) == 1
    db = open_database(url)
    with db.transaction() as tx:
        package = tx.scalars(select(OversightPackageRow)).one()
        referral = tx.scalars(select(OversightReferralRow)).one()
        tags = [e.tag for e in tx.scalars(select(AuditEventRow).where(AuditEventRow.tag.like("oversight:%")))]
        assert verify_chain(tx).ok
    assert (
        package.quarter == "2012Q2"
        and package.delivered_by == "statistician-1"
        and package.sha256 == sent["sha256"]
    )
    assert package.summary["flags"][0]["jurisdiction"] == PLANTED
    assert (referral.jurisdiction, referral.quarter, referral.state) == (PLANTED, "2012Q2", "flagged")
    assert tags == ["oversight:package:delivered", "oversight:referral:flag"]


def test_bad_quarter_empty_database_and_missing_file_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    open_database(empty).dispose()
    out = tmp_path / "never"
    cases = [
        (["--db", empty, "--quarter", "2012Q5"], "--quarter"),
        (["--db", empty, "--quarter", "2012Q2"], "no bookings"),
        (["--db", f"sqlite:///{tmp_path / 'missing.db'}", "--quarter", "2012Q2"], "no database file"),
        (["--db", empty, "--quarter", "2012Q2", "--deliver"], "--note"),
    ]
    for args, said in cases:
        code, stdout, stderr = _run(["oversight", "report", *args, "--out", str(out), "--json"], capsys)
        assert code == 2, (args, stderr)
        assert stdout == "" and stderr.strip().count("\n") == 0 and said in stderr, (args, stderr)
    assert not out.exists() and not (tmp_path / "missing.db").exists()


def test_a_quarter_outside_the_bookings_is_refused_naming_the_span(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = rows_world(tmp_path)
    code, stdout, stderr = _run(
        ["oversight", "report", "--db", url, "--quarter", "2013Q1", "--out", str(tmp_path / "o"), "--json"],
        capsys,
    )
    assert code == 2 and stdout == ""
    assert "no bookings in 2013Q1" in stderr and "2012Q1 to 2012Q2" in stderr
    assert not (tmp_path / "o").exists()
