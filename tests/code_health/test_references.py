"""Every parameter and every rule cites its sources (ANCHORS.md C7), and the citations are current.

A reference needs a short title, a web address and a kind; a reference of kind `interpretation`
must say who reviewed the reading; `last_verified_on` must lie within the agreed window, so a rule
file nobody has checked for three years fails the build until someone checks it again.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from securecomm.rules import Parameter, Reference, ReferenceKind, RuleSpec, load_ruleset, registered_rules

VERIFICATION_WINDOW = timedelta(days=3 * 365)
RULESET = load_ruleset()
PARAMETERS = list(RULESET)
RULES = list(registered_rules())


def _check(ref: Reference, where: str) -> None:
    assert ref.title.strip(), f"{where}: a reference without a title"
    assert ref.href.startswith("https://") or ref.href.startswith("http://"), (
        f"{where}: {ref.title!r} has no web address"
    )
    assert isinstance(ref.kind, ReferenceKind), f"{where}: {ref.title!r} has no kind"
    if ref.kind is ReferenceKind.INTERPRETATION:
        assert ref.note and "Reviewer" in ref.note, (
            f"{where}: interpretation {ref.title!r} must name its reviewer"
        )
    if ref.quote:
        assert ref.quote.count(". ") <= 3, f"{where}: {ref.title!r} quotes more than three sentences"


@pytest.mark.parametrize("parameter", PARAMETERS, ids=lambda p: p.name)
def test_every_parameter_cites_a_source(parameter: Parameter) -> None:
    assert parameter.references, f"{parameter.file}: no references"
    for ref in parameter.references:
        _check(ref, parameter.file)
    for dated in parameter.values:
        for ref in dated.references:
            _check(ref, f"{parameter.file} ({dated.effective_from})")


@pytest.mark.parametrize("parameter", PARAMETERS, ids=lambda p: p.name)
def test_every_parameter_was_verified_within_the_window(parameter: Parameter) -> None:
    today = date.today()
    assert parameter.last_verified_on <= today, f"{parameter.file}: last_verified_on lies in the future"
    assert today - parameter.last_verified_on <= VERIFICATION_WINDOW, (
        f"{parameter.file}: last verified {parameter.last_verified_on}; re-check the sources and update the stamp"
    )


@pytest.mark.parametrize("spec", RULES, ids=lambda s: f"{s.id}:{s.version}")
def test_every_rule_cites_a_source_and_quotes_its_text(spec: RuleSpec) -> None:
    assert spec.references, f"{spec.location}: no references"
    for ref in spec.references:
        _check(ref, spec.location)
    assert len(spec.summary) > 40, f"{spec.location}: the docstring must state the operative text"


@pytest.mark.parametrize("spec", RULES, ids=lambda s: f"{s.id}:{s.version}")
def test_every_parameter_a_rule_reads_exists(spec: RuleSpec) -> None:
    missing = [name for name in spec.parameters if name not in RULESET.parameters]
    assert not missing, f"{spec.location} names parameters that do not exist: {missing}"


def test_every_parameter_is_read_by_some_rule() -> None:
    read = {name for spec in RULES for name in spec.parameters}
    unread = sorted(set(RULESET.parameters) - read)
    assert not unread, f"parameters no rule declares (add them to a @rule(parameters=...)): {unread}"
