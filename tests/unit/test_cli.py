from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from securecomm.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "securecomm", *args], capture_output=True, text=True, check=False
    )


def test_version_and_help_list_the_areas() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    assert "rules" in result.stdout


def test_unknown_command_is_one_line_and_exit_2() -> None:
    result = run_cli("no-such-command")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "no-such-command" in result.stderr


def test_main_maps_bad_input_to_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["rules", "hold-deadline", "--form", "I-999", "--release-at", "2012-02-17T08:00", "--tz", "UTC"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "I-999" in err


# --- securecomm rules: the JSON contract and the exit codes, through a real process ---


def run_json(*args: str) -> dict[str, object]:
    result = run_cli(*args, "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)  # exactly one JSON object and nothing else on stdout
    assert isinstance(payload, dict)
    return payload


def test_rules_hold_deadline_prints_the_deadline_in_the_facility_zone() -> None:
    payload = run_json(
        "rules",
        "hold-deadline",
        "--form",
        "I-247-2011",
        "--release-at",
        "2012-02-17T08:00",
        "--tz",
        "America/New_York",
    )
    assert payload["deadline_at"] == "2012-02-22T08:00:00-05:00"
    assert payload["form"] == "I-247-2011"
    assert {"deadline_at", "form", "reasons", "references"} <= set(payload)
    assert all(ref["href"].startswith("https://") for ref in payload["references"])  # type: ignore[attr-defined,index]


def test_rules_hold_deadline_for_a_notification_form_is_null_with_a_reason() -> None:
    payload = run_json(
        "rules", "hold-deadline", "--form", "I-247N", "--release-at", "2016-02-12T17:00", "--tz", "UTC"
    )
    assert payload["deadline_at"] is None
    assert any(r["code"] == "hold.no_hold" for r in payload["reasons"])  # type: ignore[attr-defined,index]


def test_rules_classify_follows_the_contract(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text(
        json.dumps(
            {
                "charges": [{"ncic": "1399", "date": "2011-07-20", "class": "felony"}],
                "convictions": [{"ncic": "2399", "date": "2010-02-01", "class": "misdemeanor"}],
                "immigration": {"status": "ewi"},
                "factors": ["usc_or_lpr_family", "gang_member"],
            }
        )
    )
    payload = run_json("rules", "classify", "--case", str(case), "--as-of", "2011-08-01")
    assert payload["identification_level"] == "L1"
    assert payload["conviction_level"] == "L3"
    assert payload["priority"] == "P1"
    assert payload["priority_clauses"] == ["1(b)"]
    assert payload["discretion"]["favorable"] == ["usc_or_lpr_family"]  # type: ignore[index]
    assert payload["discretion"]["unfavorable"] == ["gang_member"]  # type: ignore[index]
    assert payload["detainer_advice"] in {
        "eligible",
        "not_eligible",
        "wait_for_conviction",
        "discretion_review",
    }
    assert payload["reasons"] and payload["references"]


def test_rules_consular_follows_the_contract() -> None:
    payload = run_json("rules", "consular", "--nationality", "CN", "--as-of", "2012-05-01")
    assert payload["mandatory"] is True
    assert (payload["target_hours"], payload["outer_hours"]) == (24, 72)
    assert isinstance(payload["statement"], str) and payload["references"]
    taiwan = run_json("rules", "consular", "--nationality", "CN", "--passport", "TW", "--as-of", "2012-05-01")
    assert taiwan["mandatory"] is False
    assert "TECRO" in str(taiwan["statement"])


def test_rules_catalog_writes_markdown_and_html(tmp_path: Path) -> None:
    payload = run_json("rules", "catalog", "--out", str(tmp_path / "catalog"))
    markdown = (tmp_path / "catalog" / "catalog.md").read_text()
    html = (tmp_path / "catalog" / "catalog.html").read_text()
    assert "detainer.hold_deadline" in markdown and "src/securecomm/rules/detainer_clock.py:" in markdown
    assert html.startswith("<!doctype html>") and "<h3" in html and "8 C.F.R. § 287.7(d)" in html
    assert isinstance(payload["rules"], int) and payload["rules"] >= 16
    assert isinstance(payload["parameters"], int) and payload["parameters"] >= 20


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["hold-deadline", "--form", "I-999", "--release-at", "2012-02-17T08:00", "--tz", "UTC"], "I-999"),
        (["hold-deadline", "--form", "I-247A", "--release-at", "2012-02-17T08:00"], "--tz"),
        (
            ["hold-deadline", "--form", "I-247A", "--release-at", "2012-02-17T08:00", "--tz", "Mars/Base"],
            "Mars/Base",
        ),
        (["hold-deadline", "--form", "I-247A", "--release-at", "17/02/2012", "--tz", "UTC"], "--release-at"),
        (["consular", "--nationality", "XX", "--as-of", "2012-05-01"], "country code 'XX'"),
        (["consular", "--nationality", "CN", "--as-of", "2012-13-01"], "--as-of"),
        (["classify", "--case", "/nonexistent/case.json", "--as-of", "2011-08-01"], "no such case file"),
    ],
)
def test_rules_bad_input_exits_2_with_one_line(args: list[str], fragment: str) -> None:
    result = run_cli("rules", *args, "--json")
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0
    assert fragment in result.stderr


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('{"charges": [], "convictions": []}', "missing required key 'immigration'"),
        (
            '{"charges": [{"ncic": "4401", "date": "2011-01-01"}], "convictions": [], "immigration": {"status": "ewi"}}',
            "charges[0].ncic",
        ),
        ('{"charges": [], "convictions": [], "immigration": {"status": "ewi"},}', "not valid JSON"),
    ],
)
def test_rules_classify_malformed_case_files_exit_2(tmp_path: Path, content: str, fragment: str) -> None:
    case = tmp_path / "bad.json"
    case.write_text(content)
    result = run_cli("rules", "classify", "--case", str(case), "--as-of", "2011-08-01", "--json")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert fragment in result.stderr and "bad.json" in result.stderr
