"""Tests about the rule data itself (PolicyEngine's tests/code_health idea): every parameter file
follows docs/rules/parameter-schema.md, checked here independently of the loader as well."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from securecomm.rules import Confidence, Parameter, default_parameters_dir, load_ruleset
from securecomm.rules.loader import PARAMETER_KEYS, REFERENCE_KEYS, VALUE_KEYS, load_parameter_file

ROOT = default_parameters_dir()
FILES = sorted(ROOT.rglob("*.yaml"))
CASES = Path(__file__).resolve().parents[1] / "rules"


def test_there_are_parameter_files() -> None:
    assert len(FILES) >= 20


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_each_file_loads_strictly(path: Path) -> None:
    parameter = load_parameter_file(path, root=ROOT)
    assert parameter.description and parameter.unit


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_each_file_is_plain_and_its_keys_and_dates_are_in_order(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "\t" not in text, "tabs are not allowed"
    assert text.endswith("\n"), "end the file with a newline"
    assert all(
        segment.replace("_", "").isalnum() and segment == segment.lower()
        for segment in path.relative_to(ROOT).with_suffix("").parts
    )
    data = yaml.safe_load(text)
    assert set(data) <= set(PARAMETER_KEYS), f"unknown keys: {set(data) - set(PARAMETER_KEYS)}"
    dates = [d if isinstance(d, date) else date.fromisoformat(str(d)) for d in data["values"]]
    assert dates == sorted(dates) and len(set(dates)) == len(dates), "effective dates must ascend"
    for value in data["values"].values():
        assert set(value) <= set(VALUE_KEYS)
        for ref in value.get("references", []):
            assert set(ref) <= set(REFERENCE_KEYS)
    for ref in data["references"]:
        assert set(ref) <= set(REFERENCE_KEYS)
    assert isinstance(data["last_verified_on"], date)


@pytest.mark.parametrize("parameter", list(load_ruleset()), ids=lambda p: p.name)
def test_every_uncertain_fact_says_what_is_uncertain(parameter: Parameter) -> None:
    if parameter.confidence is Confidence.U:
        assert parameter.notes, (
            f"{parameter.file}: a U parameter needs notes saying what to verify and how to replace it"
        )
    for dated in parameter.values:
        if dated.confidence is Confidence.U:
            assert dated.note, f"{parameter.file} ({dated.effective_from}): a U value needs a note"


def test_the_rule_cases_mirror_the_parameter_tree() -> None:
    case_files = sorted(CASES.rglob("*.yaml"))
    assert case_files
    for case_file in case_files:
        folder = case_file.parent.relative_to(CASES)
        assert (ROOT / folder).is_dir(), f"tests/rules/{folder} has no matching parameters/{folder}"
