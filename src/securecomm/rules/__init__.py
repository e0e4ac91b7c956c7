"""The program's legal rules as dated, cited data and code.

Parameters (one YAML file per legal quantity under `parameters/`, tree mirroring the issuing
authority) hold every number, list and date; rule functions, registered with an id, effective
dates and references, read them by date and return a `Determination` with reasons and citations.
Rules advise; nothing here decides for an officer.

Typical use::

    ruleset = load_ruleset()
    hold = compute_hold_deadline("I-247-2011", datetime(2012, 2, 17, 8), tz="America/New_York", ruleset=ruleset)
    hold.value.deadline_at          # 2012-02-22T08:00:00-05:00 (Monday 20 Feb was Washington's Birthday)
    case = parse_case_text(text, ruleset=ruleset)
    result = classify_case(case, as_of=date(2011, 8, 1), ruleset=ruleset)
    consular_determination("CN", as_of=date(2012, 5, 1), ruleset=ruleset).value.mandatory   # True

Every public name is listed in `__all__`; the catalog (`securecomm rules catalog`) renders all
rules and parameters for legal review.
"""

from __future__ import annotations

from securecomm.rules.biometric_identification import identification_decision, identification_threshold
from securecomm.rules.calendar import FederalCalendar, Holiday, observed_holidays
from securecomm.rules.case import (
    Case,
    Charge,
    Conviction,
    Factor,
    Immigration,
    ImmigrationStatus,
    OffenseClass,
    Warrant,
    parse_case,
    parse_case_text,
)
from securecomm.rules.classification import Classification, classify_case
from securecomm.rules.consular_notification import ConsularAdvice, consular_determination, parse_country
from securecomm.rules.detainer_advice import (
    DetainerAdvice,
    detainer_advice,
    detainer_criteria_2012,
    forms_in_use,
    priority_boxes,
    probable_cause_boxes,
)
from securecomm.rules.detainer_clock import HoldDeadline, compute_hold_deadline, localize, resolve_zone
from securecomm.rules.detainer_forms import DetainerForm, parse_form
from securecomm.rules.discretion import DiscretionAssessment, prosecutorial_discretion, voluntary_return
from securecomm.rules.errors import (
    AmbiguousLocalTime,
    CaseFileError,
    ParameterNotFound,
    RuleFileError,
    UnknownCode,
)
from securecomm.rules.model import (
    Confidence,
    DatedValue,
    Determination,
    Parameter,
    Reason,
    Reference,
    ReferenceKind,
)
from securecomm.rules.offense_levels import (
    ConvictionLevel,
    OffenseLevel,
    conviction_level,
    identification_level,
)
from securecomm.rules.priority import PriorityAssessment, PriorityLevel, enforcement_priority
from securecomm.rules.registry import RuleSpec, registered_rules, rule, variant_for
from securecomm.rules.removability import Removability, removability
from securecomm.rules.ruleset import RuleSet, default_parameters_dir, load_ruleset

__all__ = [
    "AmbiguousLocalTime",
    "Case",
    "CaseFileError",
    "Charge",
    "Classification",
    "Confidence",
    "ConsularAdvice",
    "Conviction",
    "ConvictionLevel",
    "DatedValue",
    "DetainerAdvice",
    "DetainerForm",
    "Determination",
    "DiscretionAssessment",
    "Factor",
    "FederalCalendar",
    "HoldDeadline",
    "Holiday",
    "Immigration",
    "ImmigrationStatus",
    "OffenseClass",
    "OffenseLevel",
    "Parameter",
    "ParameterNotFound",
    "PriorityAssessment",
    "PriorityLevel",
    "Reason",
    "Reference",
    "ReferenceKind",
    "Removability",
    "RuleFileError",
    "RuleSet",
    "RuleSpec",
    "UnknownCode",
    "Warrant",
    "classify_case",
    "compute_hold_deadline",
    "consular_determination",
    "conviction_level",
    "default_parameters_dir",
    "detainer_advice",
    "detainer_criteria_2012",
    "enforcement_priority",
    "forms_in_use",
    "identification_decision",
    "identification_level",
    "identification_threshold",
    "load_ruleset",
    "localize",
    "observed_holidays",
    "parse_case",
    "parse_case_text",
    "parse_country",
    "parse_form",
    "priority_boxes",
    "probable_cause_boxes",
    "prosecutorial_discretion",
    "registered_rules",
    "removability",
    "resolve_zone",
    "rule",
    "variant_for",
    "voluntary_return",
]
