"""Classify a case on a date: both offense levels, the enforcement priority, the discretion factors,
the detainer criteria and boxes, the detainer advice and whether voluntary return may be offered.

Each part is its own `Determination` with its own rule id, version, reasons and references; the
`Classification` keeps them side by side so a reviewer can see which rule said what. It advises an
officer and decides nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from securecomm.audit.transparency import log
from securecomm.rules.case import Case
from securecomm.rules.detainer_advice import (
    CRITERIA,
    PRIORITY_BOXES,
    PROBABLE_CAUSE,
    DetainerAdvice,
    detainer_advice,
    detainer_criteria_2012,
    forms_in_use,
    priority_boxes,
    probable_cause_boxes,
)
from securecomm.rules.detainer_forms import DetainerForm
from securecomm.rules.discretion import DiscretionAssessment, prosecutorial_discretion, voluntary_return
from securecomm.rules.model import Determination, Reason, Reference, merge_references
from securecomm.rules.offense_levels import (
    ConvictionLevel,
    OffenseLevel,
    conviction_level,
    identification_level,
)
from securecomm.rules.priority import PriorityAssessment, enforcement_priority
from securecomm.rules.ruleset import RuleSet

__all__ = ["Classification", "classify_case"]


@dataclass(frozen=True, slots=True)
class Classification:
    as_of: date
    identification_level: Determination[OffenseLevel]
    conviction_level: Determination[ConvictionLevel]
    priority: Determination[PriorityAssessment]
    discretion: Determination[DiscretionAssessment]
    detainer_advice: Determination[DetainerAdvice]
    voluntary_return: Determination[bool]
    detainer_forms: tuple[DetainerForm, ...]
    detainer_boxes: dict[str, tuple[str, ...]]

    def parts(self) -> tuple[Determination[Any], ...]:
        return (
            self.identification_level,
            self.conviction_level,
            self.priority,
            self.discretion,
            self.detainer_advice,
            self.voluntary_return,
        )

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """Every part's reasons, in the order the parts are listed."""
        return tuple(reason for part in self.parts() for reason in part.reasons)

    @property
    def references(self) -> tuple[Reference, ...]:
        return merge_references(*(part.references for part in self.parts()))

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `securecomm rules classify --json` (docs/case-file.md)."""
        discretion = self.discretion.value
        return {
            "as_of": self.as_of.isoformat(),
            "identification_level": self.identification_level.value.value,
            "conviction_level": self.conviction_level.value.value,
            "priority": self.priority.value.level.value,
            "priority_clauses": list(self.priority.value.clauses),
            "priority_regime": self.priority.value.regime,
            "discretion": {
                "favorable": list(discretion.favorable),
                "unfavorable": list(discretion.unfavorable),
                "positive_particular_care": list(discretion.positive_particular_care),
                "negative_particular_care": list(discretion.negative_particular_care),
                "victim_witness_policy": discretion.victim_witness_policy,
                "voluntary_return": self.voluntary_return.value,
            },
            "detainer_advice": self.detainer_advice.value.value,
            "detainer_forms": [form.value for form in self.detainer_forms],
            "detainer_boxes": {name: list(boxes) for name, boxes in self.detainer_boxes.items()},
            "rules": [
                {"rule_id": p.rule_id, "rule_version": p.rule_version, "confidence": p.confidence.value}
                for p in self.parts()
            ],
            "reasons": [reason.as_dict() for reason in self.reasons],
            "references": [reference.as_dict() for reference in self.references],
        }


def classify_case(case: Case, *, as_of: date, ruleset: RuleSet) -> Classification:
    """Apply every rule in force on `as_of` to `case`; events dated after `as_of` are not seen."""
    known = case.known_on(as_of)
    priority = enforcement_priority(known, as_of=as_of, ruleset=ruleset)
    discretion = prosecutorial_discretion(known, as_of=as_of, ruleset=ruleset)
    advice = detainer_advice(
        known, as_of=as_of, ruleset=ruleset, priority=priority.value, discretion=discretion.value
    )
    boxes: dict[str, tuple[str, ...]] = {}
    if ruleset.parameter(CRITERIA).at(as_of) is not None:
        boxes["criteria_2012"] = detainer_criteria_2012(known, as_of=as_of, ruleset=ruleset)
    if ruleset.parameter(PRIORITY_BOXES).at(as_of) is not None:
        boxes["priority_2015"] = priority_boxes(priority.value, as_of=as_of, ruleset=ruleset)
    if ruleset.parameter(PROBABLE_CAUSE).at(as_of) is not None:
        boxes["probable_cause"] = probable_cause_boxes(known, as_of=as_of, ruleset=ruleset)
    result = Classification(
        as_of=as_of,
        identification_level=identification_level(known, as_of=as_of, ruleset=ruleset),
        conviction_level=conviction_level(known, as_of=as_of, ruleset=ruleset),
        priority=priority,
        discretion=discretion,
        detainer_advice=advice,
        voluntary_return=voluntary_return(known, as_of=as_of, ruleset=ruleset),
        detainer_forms=forms_in_use(as_of, ruleset=ruleset),
        detainer_boxes=boxes,
    )
    log("rules.classification", result.as_dict())
    return result
