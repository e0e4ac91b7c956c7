"""classify_case keeps each rule's determination side by side, with its own version and confidence."""

from __future__ import annotations

from datetime import date

from securecomm.audit.transparency import capture
from securecomm.rules import (
    Confidence,
    DetainerAdvice,
    PriorityLevel,
    classify_case,
    load_ruleset,
    parse_case,
)

CASE = {
    "charges": [{"ncic": "1399", "date": "2013-04-20", "class": "misdemeanor"}],
    "convictions": [],
    "immigration": {"status": "ewi"},
}


def classify(as_of: date, case: dict[str, object] = CASE):  # type: ignore[no-untyped-def]
    ruleset = load_ruleset()
    return classify_case(parse_case(case, ruleset=ruleset), as_of=as_of, ruleset=ruleset)


def test_each_part_names_its_rule_version_and_confidence() -> None:
    result = classify(date(2013, 5, 1))
    rules = {part.rule_id: (part.rule_version, part.confidence) for part in result.parts()}
    assert rules["offense_level.identification"] == ("sc-2008-ncic", Confidence.U)  # a reconstructed table
    assert rules["enforcement_priority"][0] == "morton-2011"
    assert rules["detainer.advice"] == ("criteria-2012", Confidence.U)  # its NCIC mapping is a reconstruction
    assert result.detainer_advice.value is DetainerAdvice.ELIGIBLE
    assert result.priority.value.level is PriorityLevel.NONE  # a charge alone is not a Morton priority
    assert result.as_dict()["rules"][0] == {
        "rule_id": "offense_level.identification",
        "rule_version": "sc-2008-ncic",
        "confidence": "U",
    }


def test_reasons_and_references_gather_every_part_once() -> None:
    result = classify(date(2013, 5, 1))
    assert {reason.rule_id for reason in result.reasons} >= {
        "offense_level.identification",
        "offense_level.conviction",
        "enforcement_priority",
        "detainer.advice",
        "discretion.voluntary_return",
    }
    hrefs = [(ref.href, ref.kind) for ref in result.references]
    assert len(hrefs) == len(set(hrefs))


def test_the_transparency_capture_records_the_classification() -> None:
    with capture({"rules.classification"}) as seen:
        classify(date(2013, 5, 1))
    assert seen.last("rules.classification")["detainer_advice"] == "eligible"
