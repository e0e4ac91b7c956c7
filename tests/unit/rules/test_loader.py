"""The strict loader: one bad fixture per failure mode, each error naming file, line and key."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from securecomm.rules import Confidence, ReferenceKind, RuleFileError
from securecomm.rules.loader import load_parameter_file, parameter_name, parse_parameter_text

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> object:
    return load_parameter_file(FIXTURES / f"{name}.yaml", root=FIXTURES, shown_as=f"fixtures/{name}.yaml")


def test_a_good_file_loads_with_dated_values_references_and_tags() -> None:
    parameter = load_parameter_file(FIXTURES / "good.yaml", root=FIXTURES)
    assert parameter.name == "good"
    assert parameter.unit == "score"  # the fingerprint engine's threshold style is admitted
    assert [v.effective_from for v in parameter.values] == [
        date(2010, 1, 1),
        date(2015, 6, 1),
        date(2020, 1, 1),
    ]
    assert parameter.at(date(2012, 5, 5)).value == 40
    assert parameter.at(date(2016, 1, 1)).value == 45
    assert parameter.at(date(2021, 1, 1)) is None  # a null value ends the parameter
    assert parameter.at(date(2009, 12, 31)) is None
    assert parameter.references[0].kind is ReferenceKind.INTERPRETATION
    assert parameter.values[1].references[0].title == "Calibration note"
    assert parameter.confidence_at(date(2016, 1, 1)) is Confidence.M  # the weaker tag wins
    assert parameter.confidence_at(date(2012, 1, 1)) is Confidence.V
    assert [r.title for r in parameter.references_at(date(2016, 1, 1))] == [
        "A policy memo",
        "Calibration note",
    ]
    assert parameter.values[1].line == 7


@pytest.mark.parametrize(
    ("fixture", "line", "fragments"),
    [
        ("unknown_key", 4, ["key 'valeus'", "unknown key", "allowed:"]),
        ("unknown_key_in_value", 7, ["key 'refernces'", "unknown key"]),
        ("unknown_key_in_reference", 11, ["key 'qoute'", "unknown key in a reference"]),
        ("wrong_date", 5, ["'2010-02-30' is not a valid date"]),
        ("wrong_date_format", 5, ["'1/4/2010' is not a date", "YYYY-MM-DD"]),
        ("missing_reference", 1, ["key 'references'", "missing required key"]),
        ("empty_references", 7, ["key 'references'", "at least one reference"]),
        ("empty_href", 8, ["key 'href'", "non-empty"]),
        ("wrong_kind", 8, ["'blog' is not a reference kind", "interpretation"]),
        ("unsorted_dates", 7, ["ascending order", "2010-01-01"]),
        ("duplicate_key", 3, ["key 'unit'", "duplicate key"]),
        ("duplicate_key_in_value", 6, ["key 'I-247D'", "duplicate key"]),
        ("indentation", 7, ["invalid YAML"]),
        ("missing_last_verified", 1, ["key 'last_verified_on'", "missing required key"]),
        ("wrong_confidence", 3, ["'maybe' is not a confidence tag", "V, M or U"]),
        ("value_not_wrapped", 5, ["must be a mapping"]),
        ("empty", 1, ["the file is empty"]),
    ],
)
def test_each_failure_mode_names_file_line_and_key(fixture: str, line: int, fragments: list[str]) -> None:
    with pytest.raises(RuleFileError) as raised:
        load(fixture)
    message = str(raised.value)
    assert f"fixtures/{fixture}.yaml:{line}:" in message, message
    for fragment in fragments:
        assert fragment in message, message
    assert raised.value.file == f"fixtures/{fixture}.yaml"
    assert raised.value.line == line


def test_every_failure_mode_has_exactly_one_fixture() -> None:
    bad = {p.stem for p in FIXTURES.glob("*.yaml")} - {"good"}
    assert len(bad) == 17


def test_a_non_web_href_is_refused() -> None:
    text = (FIXTURES / "good.yaml").read_text().replace("https://example.org/memo", "file:///etc/memo")
    with pytest.raises(RuleFileError, match="is not a web address"):
        parse_parameter_text(text, name="x", file="x.yaml")


def test_parameter_names_mirror_the_tree() -> None:
    assert (
        parameter_name(Path("/r/dhs/ice/detainer/hold_terms.yaml"), Path("/r"))
        == "dhs.ice.detainer.hold_terms"
    )
