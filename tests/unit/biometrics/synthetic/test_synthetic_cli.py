from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from securecomm.cli import main


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "securecomm", "fingerprints", "synth", *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    out = tmp_path_factory.mktemp("synth") / "set"
    result = _run("--fingers", "2", "--impressions", "3", "--seed", "11", "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1  # --json prints exactly one object
    return out, json.loads(lines[0])


def test_files_have_fvc_names_and_500_ppi_tags(written: tuple[Path, dict[str, object]]) -> None:
    out, summary = written
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "101_1.tif",
        "101_2.tif",
        "101_3.tif",
        "102_1.tif",
        "102_2.tif",
        "102_3.tif",
        "ground_truth.json",
    ]
    assert summary["files"] == 6
    with Image.open(out / "102_3.tif") as image:
        assert image.mode == "L" and image.size == (288, 384)
        assert image.tag_v2[282] == 500 and image.tag_v2[283] == 500 and image.tag_v2[296] == 2  # per inch


def test_ground_truth_describes_every_file(written: tuple[Path, dict[str, object]]) -> None:
    out, _ = written
    truth = json.loads((out / "ground_truth.json").read_text())
    assert truth["seed"] == 11 and truth["resolution_ppi"] == 500
    fingers = truth["fingers"]
    assert [f["finger"] for f in fingers] == [101, 102]
    # ten consecutive fingers are one identity's ten-print: 101 right thumb, 102 right index
    assert [(f["master"]["identity"], f["master"]["finger_position"]) for f in fingers] == [(0, 1), (0, 2)]
    for finger in fingers:
        records = finger["impressions"]
        assert [r["file"] for r in records] == [f"{finger['finger']}_{k}.tif" for k in (1, 2, 3)]
        for record in records:
            assert record["identity"] == finger["master"]["identity"]
            assert record["pattern_class"] == finger["master"]["pattern_class"]
            assert len(record["minutiae"]) == len(record["master_minutia_index"]) > 0
            assert set(record["minutiae"][0]) == {"x", "y", "direction_deg", "kind", "quality"}
            assert len(record["placement"]["matrix"]) == 2


def test_the_same_seed_writes_the_same_bytes(written: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    out, _ = written
    again = tmp_path / "again"
    assert (
        main_exit(
            [
                "fingerprints",
                "synth",
                "--fingers",
                "1",
                "--impressions",
                "2",
                "--seed",
                "11",
                "--out",
                str(again),
            ]
        )
        == 0
    )
    for name in ("101_1.tif", "101_2.tif"):
        assert (again / name).read_bytes() == (out / name).read_bytes()
    other = tmp_path / "other"
    assert (
        main_exit(
            [
                "fingerprints",
                "synth",
                "--fingers",
                "1",
                "--impressions",
                "1",
                "--seed",
                "12",
                "--out",
                str(other),
            ]
        )
        == 0
    )
    assert (other / "101_1.tif").read_bytes() != (out / "101_1.tif").read_bytes()


def main_exit(argv: list[str]) -> int:
    try:
        main(argv)
    except SystemExit as stopped:
        return int(stopped.code or 0)
    return 0


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--fingers", "0"], "--fingers"),
        (["--fingers", "900"], "--fingers"),
        (["--impressions", "0"], "--impressions"),
        (["--seed", "-1"], "--seed"),
        (["--width", "20"], "--width"),
        (["--height", "2000"], "--height"),
        (["--fingers", "two"], "--fingers"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    assert main_exit(["fingerprints", "synth", *args, "--out", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and needle in err
    assert not (tmp_path / "x").exists()  # nothing is written


def test_an_occupied_directory_is_refused_unless_overwriting(
    written: tuple[Path, dict[str, object]], capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = written
    before = (out / "101_1.tif").read_bytes()
    assert (
        main_exit(
            [
                "fingerprints",
                "synth",
                "--fingers",
                "1",
                "--impressions",
                "1",
                "--seed",
                "5",
                "--out",
                str(out),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "--overwrite" in err and err.strip().count("\n") == 0
    assert (out / "101_1.tif").read_bytes() == before


def test_the_engines_evaluate_command_runs_on_the_output(written: tuple[Path, dict[str, object]]) -> None:
    out, _ = written
    result = subprocess.run(
        [sys.executable, "-m", "securecomm", "fingerprints", "evaluate", str(out), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout.strip().splitlines()[-1])
    # 2 fingers x 3 impressions: 3 genuine pairs per finger, 9 cross-finger pairs
    assert metrics["genuine_pairs"] == 6 and metrics["impostor_pairs_all"] == 9
    assert metrics["eer_all_pairs_percent"] == 0.0  # two clean synthetic fingers are told apart
