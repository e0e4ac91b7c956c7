"""Detainer criteria and advice: the December 2012 criteria, the I-247D/N priority boxes, the
probable-cause boxes of I-247D and I-247A, and the resulting advice on a detainer.

Advice is one of `eligible`, `not_eligible`, `wait_for_conviction`, `discretion_review`. It is
computed in a stated order: a United States citizen is never eligible; from 27 April 2012 the
minor-traffic rule takes precedence; then the criteria of the regime in force decide eligibility;
and an eligible case with a positive particular-care factor or under the victims/witnesses policy
goes to discretion review. The officer decides; this only advises.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date

from securecomm.rules import sources
from securecomm.rules.case import Case, Charge, Conviction, Factor, ImmigrationStatus, OffenseClass
from securecomm.rules.detainer_forms import DetainerForm
from securecomm.rules.discretion import DiscretionAssessment, minor_traffic_rule
from securecomm.rules.model import Confidence, Determination, Reason, Reference, merge_references
from securecomm.rules.offense_levels import is_traffic
from securecomm.rules.priority import PriorityAssessment, PriorityLevel
from securecomm.rules.registry import rule, variant_for
from securecomm.rules.removability import Removability, removability
from securecomm.rules.ruleset import RuleSet

__all__ = [
    "DetainerAdvice",
    "detainer_advice",
    "detainer_criteria_2012",
    "forms_in_use",
    "priority_boxes",
    "probable_cause_boxes",
]

CRITERIA = "dhs.ice.detainer.criteria_2012"
CRITERIA_MAPPING = "dhs.ice.detainer.criteria_2012_offense_mapping"
PRIORITY_BOXES = "dhs.ice.detainer.priority_boxes_2015"
PROBABLE_CAUSE = "dhs.ice.detainer.probable_cause_boxes"
FORM_VERSIONS = "dhs.ice.detainer.form_versions"
RULE_ID = "detainer.advice"


class DetainerAdvice(enum.StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    WAIT_FOR_CONVICTION = "wait_for_conviction"
    DISCRETION_REVIEW = "discretion_review"


def forms_in_use(as_of: date, *, ruleset: RuleSet) -> tuple[DetainerForm, ...]:
    """The detainer form versions ICE issued on `as_of` (empty before the first one modelled)."""
    dated = ruleset.parameter(FORM_VERSIONS).at(as_of)
    return () if dated is None else tuple(DetainerForm(f) for f in dated.value)


def detainer_criteria_2012(case: Case, *, as_of: date, ruleset: RuleSet) -> tuple[str, ...]:
    """The criteria boxes of the December 2012 guidance (I-247 12/12) that the case meets.

    Detainer only if ICE has reason to believe the person is removable and at least one box is met.
    Returns () when the guidance is not in force on `as_of`.
    """
    dated = ruleset.parameter(CRITERIA).at(as_of)
    if dated is None:
        return ()
    p = dated.value
    known = case.known_on(as_of)
    imm = known.immigration
    mapping = ruleset.value(CRITERIA_MAPPING, as_of)
    sig = mapping["significant_misdemeanor"]
    met: list[str] = []
    offenses: tuple[Charge | Conviction, ...] = (*known.convictions, *known.charges)
    if any(o.offense_class is OffenseClass.FELONY for o in offenses):
        met.append("prior_felony")
    misdemeanors = [
        c for c in known.convictions if c.offense_class is not OffenseClass.FELONY and not is_traffic(c)
    ]
    if len(misdemeanors) >= p["min_misdemeanors"]:
        met.append("three_misdemeanors")
    if any(
        o.offense_class is not OffenseClass.FELONY and (o.family in sig["families"] or o.ncic in sig["codes"])
        for o in offenses
    ):
        met.append("significant_misdemeanor")
    if any(c.ncic in mapping["illegal_entry_codes"] for c in known.convictions):
        met.append("illegal_entry")
    if imm.status is ImmigrationStatus.REENTRY_AFTER_REMOVAL or imm.removal_dates:
        met.append("illegal_reentry")
    if imm.status is ImmigrationStatus.FINAL_ORDER or imm.final_order_date is not None:
        met.append("removal_order")
    if imm.fraud:
        met.append("immigration_fraud")
    if Factor.NATIONAL_SECURITY_CONCERN in known.factors or Factor.GANG_MEMBER in known.factors:
        met.append("significant_risk")
    return tuple(met)


def priority_boxes(priority: PriorityAssessment, *, as_of: date, ruleset: RuleSet) -> tuple[str, ...]:
    """The I-247D/I-247N priority boxes (2015) that the PEP priority clauses mark."""
    dated = ruleset.parameter(PRIORITY_BOXES).at(as_of)
    if dated is None:
        return ()
    return tuple(box for box, clause in dated.value["boxes"].items() if clause in priority.clauses)


def probable_cause_boxes(case: Case, *, as_of: date, ruleset: RuleSet) -> tuple[str, ...]:
    """The probable-cause-of-removability boxes of I-247D (2015) and I-247A (2017) the case supports."""
    if ruleset.parameter(PROBABLE_CAUSE).at(as_of) is None:
        return ()
    known = case.known_on(as_of)
    imm = known.immigration
    finding, _ = removability(known)
    boxes: list[str] = []
    if imm.status is ImmigrationStatus.FINAL_ORDER or imm.final_order_date is not None:
        boxes.append("final_order")
    if imm.proceedings_pending:
        boxes.append("pending_proceedings")
    if imm.biometric_match and finding is Removability.REMOVABLE:
        boxes.append("biometric_confirmation")
    if imm.statements:
        boxes.append("statements")
    return tuple(boxes)


Criteria = tuple[bool, list[Reason], tuple[Reference, ...]]


def _removable_and_prioritized(case: Case, priority: PriorityAssessment, as_of: date) -> Criteria:
    finding, text = removability(case)
    if finding is Removability.NEEDS_GROUND:
        return False, [Reason("detainer.no_ground", text, RULE_ID)], ()
    if priority.level is PriorityLevel.NONE:
        return (
            False,
            [Reason("detainer.not_priority", f"Not an enforcement priority on {as_of}.", RULE_ID)],
            (),
        )
    return True, [Reason("detainer.priority", f"Removable and priority {priority.level}.", RULE_ID)], ()


@rule(
    id=RULE_ID,
    version="priorities-2008",
    effective_from=date(2008, 3, 1),
    effective_to=date(2012, 12, 20),
    references=(sources.CFR_8_287_7_D, sources.MORTON_PRIORITIES_2011),
    parameters=(FORM_VERSIONS,),
)
def _before_criteria(case: Case, priority: PriorityAssessment, *, as_of: date, ruleset: RuleSet) -> Criteria:
    """A detainer is a request that the agency advise DHS before releasing the alien, so that DHS may
    arrange to assume custody (8 C.F.R. § 287.7(a)); before December 2012 no criteria box limited its use.

    Advice: eligible when the person is removable and an enforcement priority on the date.
    """
    return _removable_and_prioritized(case, priority, as_of)


@rule(
    id=RULE_ID,
    version="criteria-2012",
    effective_from=date(2012, 12, 21),
    effective_to=date(2015, 1, 4),
    references=(sources.DETAINER_GUIDANCE_2012,),
    parameters=(CRITERIA, CRITERIA_MAPPING, FORM_VERSIONS),
)
def _criteria_2012(case: Case, priority: PriorityAssessment, *, as_of: date, ruleset: RuleSet) -> Criteria:
    """ICE officers shall issue a detainer only where they have reason to believe the individual is an alien
    subject to removal and one or more of the listed conditions applies (a felony, three or more
    misdemeanors other than traffic or petty offenses, a significant misdemeanor, illegal entry or re-entry,
    a removal order, immigration fraud, or a significant risk to national security, border security or
    public safety)."""
    finding, text = removability(case)
    met = detainer_criteria_2012(case, as_of=as_of, ruleset=ruleset)
    refs = merge_references(ruleset.references(CRITERIA, as_of), ruleset.references(CRITERIA_MAPPING, as_of))
    if finding is Removability.NEEDS_GROUND:
        return False, [Reason("detainer.no_ground", text, RULE_ID)], refs
    if not met:
        return (
            False,
            [Reason("detainer.criteria_2012", "No criterion of the December 2012 guidance is met.", RULE_ID)],
            refs,
        )
    return (
        True,
        [Reason("detainer.criteria_2012", f"December 2012 criteria met: {', '.join(met)}.", RULE_ID)],
        refs,
    )


@rule(
    id=RULE_ID,
    version="pep-2015",
    effective_from=date(2015, 1, 5),
    effective_to=date(2017, 1, 24),
    references=(sources.JOHNSON_PRIORITIES_2014, sources.PEP_FORMS_2015),
    parameters=(PRIORITY_BOXES, PROBABLE_CAUSE, FORM_VERSIONS),
)
def _pep_2015(case: Case, priority: PriorityAssessment, *, as_of: date, ruleset: RuleSet) -> Criteria:
    """Under PEP, ICE seeks transfer only of people convicted of offenses under priority 1(a), 1(c), 1(d),
    1(e), 2(a) or 2(b), normally by a request for notification (I-247N); a request to detain (I-247D) also
    needs probable cause of removability, one box of subsection B."""
    p = ruleset.value(PRIORITY_BOXES, as_of)
    transfer = [c for c in priority.clauses if c in p["transfer_clauses"]]
    refs = ruleset.references(PRIORITY_BOXES, as_of)
    if not transfer:
        why = "no PEP transfer clause (1(a), 1(c), 1(d), 1(e), 2(a), 2(b)) applies"
        if priority.level is not PriorityLevel.NONE:
            why += f"; priority {priority.level} may justify a request for notification (I-247N) only"
        return False, [Reason("detainer.pep_transfer", why[0].upper() + why[1:] + ".", RULE_ID)], refs
    cause = probable_cause_boxes(case, as_of=as_of, ruleset=ruleset)
    if ruleset.parameter(PROBABLE_CAUSE).at(as_of) is not None and not cause:
        return (
            False,
            [
                Reason(
                    "detainer.no_probable_cause",
                    f"Transfer clauses {', '.join(transfer)} apply, but no "
                    "probable-cause box of I-247D subsection B is supported; I-247N only.",
                    RULE_ID,
                )
            ],
            refs,
        )
    return (
        True,
        [
            Reason(
                "detainer.pep_transfer",
                f"PEP transfer clauses {', '.join(transfer)}"
                + (f"; probable cause: {', '.join(cause)}" if cause else "")
                + ".",
                RULE_ID,
            )
        ],
        refs,
    )


@rule(
    id=RULE_ID,
    version="eo-13768",
    effective_from=date(2017, 1, 25),
    effective_to=date(2021, 1, 19),
    references=(sources.EO_13768, sources.FORM_I_247A),
    parameters=(PROBABLE_CAUSE, FORM_VERSIONS),
)
def _eo_13768(case: Case, priority: PriorityAssessment, *, as_of: date, ruleset: RuleSet) -> Criteria:
    """ICE officers must establish probable cause that the subject is a removable alien before issuing a
    detainer (Form I-247A, box 1: a final order, pending proceedings, biometric confirmation with a records
    check, or statements and other reliable evidence)."""
    ok, reasons, _ = _removable_and_prioritized(case, priority, as_of)
    refs = ruleset.references(PROBABLE_CAUSE, as_of)
    if not ok:
        return ok, reasons, refs
    cause = probable_cause_boxes(case, as_of=as_of, ruleset=ruleset)
    if not cause:
        return (
            False,
            [
                *reasons,
                Reason(
                    "detainer.no_probable_cause",
                    "No probable-cause box is supported by the "
                    "case (final order, pending proceedings, biometric match, statements).",
                    RULE_ID,
                ),
            ],
            refs,
        )
    return (
        True,
        [*reasons, Reason("detainer.probable_cause", f"Probable cause: {', '.join(cause)}.", RULE_ID)],
        refs,
    )


def detainer_advice(
    case: Case,
    *,
    as_of: date,
    ruleset: RuleSet,
    priority: PriorityAssessment,
    discretion: DiscretionAssessment,
) -> Determination[DetainerAdvice]:
    """Advice on a detainer on `as_of`, in the order stated in the module docstring."""
    known = case.known_on(as_of)
    finding, text = removability(known)
    if finding is Removability.NOT_REMOVABLE:
        return _advice(
            DetainerAdvice.NOT_ELIGIBLE, [Reason("detainer.citizen", text, RULE_ID)], (), "citizen", as_of
        )
    traffic = minor_traffic_rule(known, as_of=as_of, ruleset=ruleset)
    if traffic is not None and traffic.value is not None:
        advice = DetainerAdvice(traffic.value)
        because = (
            "The minor-traffic rule takes precedence: wait for a conviction before lodging a detainer."
            if advice is DetainerAdvice.WAIT_FOR_CONVICTION
            else "The only offense is a minor traffic charge: an officer must weigh particular discretion."
        )
        reasons = [*traffic.reasons, Reason("detainer.minor_traffic", because, RULE_ID)]
        return _advice(advice, reasons, traffic.references, traffic.rule_version, as_of, traffic.confidence)
    spec = variant_for(RULE_ID, as_of)
    if spec is None:
        reason = Reason("detainer.no_regime", f"No detainer regime is encoded for {as_of}.", RULE_ID)
        return _advice(DetainerAdvice.NOT_ELIGIBLE, [reason], (), "none", as_of)
    criteria: Callable[..., Criteria] = spec.function
    met, reasons, refs = criteria(known, priority, as_of=as_of, ruleset=ruleset)
    in_force = [name for name in spec.parameters if ruleset.parameter(name).at(as_of) is not None]
    confidence = ruleset.confidence(*in_force, as_of=as_of)
    refs = merge_references(spec.references, refs)
    if not met:
        return _advice(DetainerAdvice.NOT_ELIGIBLE, reasons, refs, spec.version, as_of, confidence)
    if discretion.calls_for_review:
        why: list[str] = []
        if discretion.victim_witness_policy:
            why.append("the victims/witnesses/plaintiffs policy applies")
        if discretion.positive_particular_care:
            why.append(f"positive particular-care factors: {', '.join(discretion.positive_particular_care)}")
        reasons.append(
            Reason(
                "detainer.review",
                "Criteria are met, but " + "; ".join(why) + ": an officer must "
                "weigh prosecutorial discretion before any detainer.",
                RULE_ID,
            )
        )
        refs = merge_references(refs, (sources.MORTON_PD_2011, sources.MORTON_VICTIMS_2011))
        return _advice(DetainerAdvice.DISCRETION_REVIEW, reasons, refs, spec.version, as_of, confidence)
    return _advice(DetainerAdvice.ELIGIBLE, reasons, refs, spec.version, as_of, confidence)


def _advice(
    value: DetainerAdvice,
    reasons: list[Reason],
    refs: tuple[Reference, ...],
    version: str,
    as_of: date,
    confidence: Confidence = Confidence.V,
) -> Determination[DetainerAdvice]:
    refs = refs or (sources.CFR_8_287_7_D,)
    return Determination(value, tuple(reasons), refs, RULE_ID, version, as_of, confidence)
