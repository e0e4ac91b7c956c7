"""`securecomm training list / export / summary`, through real processes where the JSON contract matters."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from securecomm.cli import main
from securecomm.clock import FixedClock
from securecomm.storage.db import open_database
from securecomm.storage.training_records import SqlTrainingRecords
from securecomm.training import Catalog, TrainingRecords, parse_agency


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "securecomm", *args], capture_output=True, text=True, check=False
    )


def test_list_json_is_one_object_with_every_module(catalog: Catalog) -> None:
    result = run_cli("training", "list", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["count"] == 9 and [m["id"] for m in payload["modules"]] == [m.id for m in catalog.modules]
    detainers = payload["modules"][2]
    assert len(detainers["materials"]) == 10 and detainers["pass_needs"] == 4
    assert detainers["video_seconds"] == {"front-line": 310, "commander": 230}


def test_list_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    main(["training", "list"])
    out = capsys.readouterr().out
    assert "consular-notification" in out and "check: 4 of 5 to pass" in out


def test_export_writes_every_material_and_a_manifest(tmp_path: Path, catalog: Catalog) -> None:
    out = tmp_path / "lms"
    main(["training", "export", "--out", str(out), "--json"])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    documents = [f for f in manifest["files"] if "audience" in f]
    assert len(documents) == 90
    for entry in manifest["files"]:
        assert (out / entry["path"]).is_file()
    page = (out / "detainers/commander/job-aid.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "Policy checklist" in page and '<li class="check">' in page
    key = (out / "detainers/knowledge-check-answers.html").read_text(encoding="utf-8")
    assert catalog.module("detainers").knowledge_check.questions[0].why in key
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{m.id}/index.html"' in index for m in catalog.modules)


def test_export_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    result = run_cli("training", "export", "--out", str(tmp_path))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "--out" in result.stderr and "not empty" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_summary_reads_the_database(tmp_path: Path, catalog: Catalog) -> None:
    url = f"sqlite:///{tmp_path / 'sc.db'}"
    database = open_database(url)
    service = TrainingRecords(
        SqlTrainingRecords(database), catalog=catalog, clock=FixedClock(datetime(2012, 6, 4, tzinfo=UTC))
    )
    answers = {q.id: q.answer for q in catalog.module("retaliation").knowledge_check.questions}
    service.submit(
        "retaliation", user_id="ero-hou", agency=parse_agency("HOU"), audience="commander", answers=answers
    )
    database.dispose()
    result = run_cli("training", "summary", "--db", url, "--agency", "hou", "--json")
    assert result.returncode == 0, result.stderr
    [agency] = json.loads(result.stdout)["agencies"]
    assert (agency["agency"], agency["kind"], agency["officers"]) == ("HOU", "aor", 1)
    assert agency["modules"]["retaliation"]["commander"] == 1
    bad = run_cli("training", "summary", "--db", url, "--agency", "Houston")
    assert bad.returncode == 2 and "--agency" in bad.stderr
