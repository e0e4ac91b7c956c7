"""RuleSet look-ups by name and date, and the registry of dated rule variants."""

from __future__ import annotations

import itertools
import shutil
from datetime import date
from pathlib import Path

import pytest

from securecomm.rules import (
    ParameterNotFound,
    Reference,
    ReferenceKind,
    RuleFileError,
    load_ruleset,
    registered_rules,
    rule,
    variant_for,
)
from securecomm.rules.registry import variants

FIXTURES = Path(__file__).parent / "fixtures"
REF = Reference("Test source", "https://example.org/t", ReferenceKind.MEMO)


def test_the_shipped_ruleset_loads_and_answers_by_date() -> None:
    ruleset = load_ruleset()
    assert (
        ruleset.value("dhs.ice.priorities.conviction_levels", date(2011, 1, 1))["level_2"]["min_misdemeanors"]
        == 3
    )
    timing = ruleset.value("state.consular_notification.timing", date(2012, 5, 1))
    assert (timing["target_hours"], timing["outer_hours"]) == (24, 72)


def test_parameter_not_found_names_the_parameter_date_and_file() -> None:
    ruleset = load_ruleset()
    with pytest.raises(ParameterNotFound) as raised:
        ruleset.value("dhs.ice.detainer.criteria_2012", date(2012, 12, 20))
    error = raised.value
    assert error.name == "dhs.ice.detainer.criteria_2012"
    assert error.as_of == date(2012, 12, 20)
    assert error.file is not None and error.file.endswith("dhs/ice/detainer/criteria_2012.yaml")
    assert "first value takes effect 2012-12-21" in str(error)


def test_a_null_value_ends_a_parameter() -> None:
    ruleset = load_ruleset()
    with pytest.raises(ParameterNotFound):
        ruleset.value("dhs.ice.detainer.criteria_2012", date(2015, 1, 5))


def test_an_unknown_parameter_name_suggests_the_file() -> None:
    with pytest.raises(RuleFileError, match=r"no file dhs/ice/nothing\.yaml"):
        load_ruleset().parameter("dhs.ice.nothing")


def test_one_bad_file_stops_the_whole_load(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "good.yaml", tmp_path / "good.yaml")
    (tmp_path / "sub").mkdir()
    shutil.copy(FIXTURES / "unknown_key.yaml", tmp_path / "sub" / "typo.yaml")
    with pytest.raises(RuleFileError, match=r"typo\.yaml:4: key 'valeus'"):
        load_ruleset(tmp_path)


def test_a_directory_without_files_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="no parameter files"):
        load_ruleset(tmp_path)


def test_registered_variants_do_not_overlap_and_are_picked_by_date() -> None:
    assert variant_for("enforcement_priority", date(2010, 6, 29)).version == "sc-plan-2008"  # type: ignore[union-attr]
    assert variant_for("enforcement_priority", date(2010, 6, 30)).version == "morton-2010"  # type: ignore[union-attr]
    assert variant_for("enforcement_priority", date(2015, 1, 4)).version == "morton-2011"  # type: ignore[union-attr]
    assert variant_for("enforcement_priority", date(2015, 1, 5)).version == "johnson-2014"  # type: ignore[union-attr]
    assert variant_for("enforcement_priority", date(2017, 1, 25)).version == "eo-13768"  # type: ignore[union-attr]
    assert variant_for("enforcement_priority", date(2021, 1, 20)) is None
    for rule_id in {spec.id for spec in registered_rules()}:
        specs = variants(rule_id)
        for earlier, later in itertools.pairwise(specs):
            assert earlier.effective_to is not None and earlier.effective_to < later.effective_from


def test_registration_refuses_a_rule_without_references() -> None:
    with pytest.raises(ValueError, match="at least one reference"):
        rule(id="test.none", effective_from=date(2000, 1, 1), references=())


def test_registration_refuses_overlapping_variants() -> None:
    @rule(
        id="test.overlap", effective_from=date(2000, 1, 1), effective_to=date(2005, 12, 31), references=(REF,)
    )
    def first() -> None:
        """First."""

    with pytest.raises(ValueError, match="overlaps"):

        @rule(id="test.overlap", effective_from=date(2005, 1, 1), references=(REF,))
        def second() -> None:
            """Second."""


def test_registration_refuses_an_end_before_the_start() -> None:
    with pytest.raises(ValueError, match="precedes"):
        rule(
            id="test.backwards",
            effective_from=date(2005, 1, 1),
            effective_to=date(2004, 1, 1),
            references=(REF,),
        )


def test_an_unknown_rule_id_lists_the_known_ones() -> None:
    with pytest.raises(KeyError, match="enforcement_priority"):
        variants("no.such.rule")
