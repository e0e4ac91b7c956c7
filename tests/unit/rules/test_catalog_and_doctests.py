"""The catalog renders every rule and parameter; the small helpers' doctests run."""

from __future__ import annotations

import doctest
import importlib

import pytest

from securecomm.rules import load_ruleset, registered_rules
from securecomm.rules.catalog import render_catalog, uncertain_facts


def test_the_catalog_shows_every_rule_with_its_code_and_every_parameter_by_date() -> None:
    ruleset = load_ruleset()
    text = render_catalog(ruleset)
    for spec in registered_rules():
        assert f"### `{spec.id}` — {spec.version}" in text
        assert spec.location.split(" ")[0] in text
        assert spec.location.startswith("src/securecomm/rules/")
    for parameter in ruleset:
        assert f"### `{parameter.name}`" in text
        for dated in parameter.values:
            assert f"#### From {dated.effective_from.isoformat()}" in text
    assert (
        "maintain custody of the alien for a period not to exceed 48 hours" in text
    )  # law text beside values


def test_the_uncertain_section_lists_every_u_fact() -> None:
    ruleset = load_ruleset()
    names = {parameter.name for parameter, _ in uncertain_facts(ruleset)}
    assert "dhs.ice.secure_communities.identification_levels" in names
    assert "state.consular_notification.mandatory_countries" in names
    assert "dhs.ice.detainer.hold_calendar" in names


@pytest.mark.parametrize(
    "module",
    [
        "securecomm.rules.model",
        "securecomm.rules.loader",
        "securecomm.rules.calendar",
        "securecomm.rules.detainer_forms",
        "securecomm.rules.consular_notification",
    ],
)
def test_doctests(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
