"""`securecomm complaints`: languages, translation check, letter preview, summary, counts, protection."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from securecomm.cli import main
from securecomm.complaints import Actor, Channel, IntakeContext, LinkKind, PartyRole, Route, parse_intake
from securecomm.storage.db import Database

from .world import T0

CRCL = Actor("user:crcl", role="crcl")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as stopped:
        code = int(stopped.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_languages_as_one_json_object(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "complaints", "languages", "--json")
    payload = json.loads(out)
    assert code == 0 and payload["count"] == 9
    assert {"lang": "ar", "name": "العربية", "english_name": "Arabic", "direction": "rtl"}.items() <= payload[
        "languages"
    ][4].items()


def test_check_translations_passes_for_the_installed_files(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "complaints", "check-translations", "--json")
    assert code == 0 and json.loads(out)["ok"] is True


def test_letter_preview_in_any_language_and_a_clear_error_for_an_unknown_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(
        capsys, "complaints", "letter", "--kind", "closure", "--lang", "ht", "--outcome", "withdrawn"
    )
    assert code == 0 and "Ou te mande pou retire plent ou" in out and "SC-0000-0000-0000-0000-0" in out
    code, _, err = run(capsys, "complaints", "letter", "--kind", "closure", "--lang", "de")
    assert code == 2 and "--lang" in err and "es" in err and err.count("\n") == 1


def test_summary_counts_and_protection_on_a_database(
    capsys: pytest.CaptureFixture[str],
    db: Database,
    services: Callable[[Callable[..., Any]], Any],
    tmp_path: Path,
) -> None:
    fields = {"incident_date": "2012-02-10", "place": "Houston", "conduct": "state_local", "narrative": "x"}
    draft = parse_intake(fields, [], IntakeContext(Channel.WEB, "es", T0.date()))
    cid = services(lambda c, _: c.submit(draft, actor=Actor("public")).complaint_id)
    services(lambda c, _: c.acknowledge(cid, actor=CRCL))
    services(lambda c, _: c.triage(cid, Route.CRCL_REVIEW, actor=CRCL))
    services(lambda c, _: c.link(cid, LinkKind.CASE, "C-H1", PartyRole.WITNESS, actor=CRCL, reason=None))
    url = db.url

    code, out, _ = run(capsys, "complaints", "summary", "--db", url, "--today", "2012-05-01", "--json")
    summary = json.loads(out)
    assert (
        code == 0
        and summary["by_status"]["crcl_review"] == 1
        and summary["total"] == 1
        and summary["overdue"] == 0
    )

    csv_path = tmp_path / "complaints.csv"
    code, out, _ = run(capsys, "complaints", "counts", "--db", url, "--csv", str(csv_path), "--json")
    assert code == 0 and json.loads(out)["rows"] == [
        {"jurisdiction": "48201", "quarter": "2012Q1", "complaints": 1, "complaints_crcl": 1}]  # fmt: skip
    assert csv_path.read_text().splitlines() == [
        "jurisdiction,quarter,complaints,complaints_crcl",
        "48201,2012Q1,1,1",
    ]

    code, out, _ = run(capsys, "complaints", "protection", "--db", url, "C-H1", "--json")
    answer = json.loads(out)
    assert code == 0 and answer["override_required"] is True and answer["references"]
    assert cid not in out
    code, out, _ = run(capsys, "complaints", "protection", "--db", url, "C-H1")
    assert "OVERRIDE REQUIRED" in out


def test_a_missing_database_file_is_refused_not_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nope.db"
    code, _, err = run(capsys, "complaints", "summary", "--db", f"sqlite:///{missing}")
    assert code == 2 and "no database file" in err and not missing.exists()
