"""Prosecutorial discretion (17 June 2011), the victims/witnesses/plaintiffs policy, the minor-traffic
rule of 27 April 2012, and voluntary return.

The discretion memo lists 19 factors that weigh for or against discretion, none determinative, and
two "particular care" groups. This module reports which of the case's factors weigh which way and
whether a particular-care group is met; it never weighs them into a decision. That is the officer's
act, recorded with its own reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from securecomm.rules import sources
from securecomm.rules.case import Case, Factor, ImmigrationStatus
from securecomm.rules.model import Determination, Reason, merge_references
from securecomm.rules.offense_levels import ConvictionLevel, conviction_level, is_minor_traffic
from securecomm.rules.registry import rule, variant_for
from securecomm.rules.removability import Removability, removability
from securecomm.rules.ruleset import RuleSet

__all__ = [
    "DiscretionAssessment",
    "minor_traffic_only",
    "minor_traffic_rule",
    "prosecutorial_discretion",
    "voluntary_return",
]

FACTORS = "dhs.ice.discretion.factors_2011"
READING = "dhs.ice.discretion.particular_care_reading_2011"
MINOR_TRAFFIC = "dhs.ice.discretion.minor_traffic_2012"
VOLUNTARY_RETURN = "usc.title_8.voluntary_departure"
PD_ID = "discretion.prosecutorial"
TRAFFIC_ID = "discretion.minor_traffic"
VR_ID = "discretion.voluntary_return"


@dataclass(frozen=True, slots=True)
class DiscretionAssessment:
    """Factor ids by direction, the particular-care groups met, and whether the victims policy applies."""

    favorable: tuple[str, ...] = ()
    unfavorable: tuple[str, ...] = ()
    positive_particular_care: tuple[str, ...] = ()
    negative_particular_care: tuple[str, ...] = ()
    victim_witness_policy: bool = False

    @property
    def calls_for_review(self) -> bool:
        """True when a positive particular-care factor or the victims policy applies."""
        return bool(self.positive_particular_care) or self.victim_witness_policy


@rule(
    id=PD_ID,
    version="morton-2011",
    effective_from=date(2011, 6, 17),
    effective_to=date(2015, 1, 4),
    references=(sources.MORTON_PD_2011, sources.MORTON_VICTIMS_2011),
    parameters=(FACTORS, READING),
)
def _pd_2011(case: Case, *, as_of: date, ruleset: RuleSet) -> Determination[DiscretionAssessment]:
    """When weighing whether an exercise of prosecutorial discretion may be warranted for a given alien,
    ICE officers, agents, and attorneys should consider all relevant factors (19 listed, none
    determinative). Positive factors prompting particular care include veterans, long-time LPRs, minors
    and the elderly, people present since childhood, pregnant or nursing women, victims of domestic
    violence, trafficking or other serious crimes, and people with a serious disability or health
    condition; negative ones include national-security risks, serious felons and repeat offenders, known
    gang members and egregious immigration violators.

    Victims, witnesses and plaintiffs (same date): absent special circumstances or aggravating factors, it
    is against ICE policy to initiate removal proceedings against a known victim or witness of a crime, or
    a plaintiff in a non-frivolous civil-rights lawsuit.
    """
    table = ruleset.value(FACTORS, as_of)
    factors = table["factors"]
    present = sorted(case.factors, key=list(Factor).index)
    favorable = tuple(f.value for f in present if factors[f.value]["weighs"] == "favorable")
    unfavorable = tuple(f.value for f in present if factors[f.value]["weighs"] == "unfavorable")
    positive = tuple(f.value for f in present if factors[f.value].get("particular_care") == "positive")
    negative = [f.value for f in present if factors[f.value].get("particular_care") == "negative"]
    reasons = [
        Reason(
            f"discretion.{f.value}",
            f"{f.value}: {factors[f.value]['text']} (memo item(s) "
            f"{', '.join(str(i) for i in factors[f.value]['memo_items'])}; weighs {factors[f.value]['weighs']}).",
            PD_ID,
        )
        for f in present
    ]
    level = conviction_level(case, as_of=as_of, ruleset=ruleset).value
    reading = ruleset.value(READING, as_of)
    lengthy = len(case.convictions) >= reading["lengthy_record_convictions"]
    if level is ConvictionLevel.L1 or lengthy:
        why = (
            f"conviction level {level}"
            if level is ConvictionLevel.L1
            else f"{len(case.convictions)} convictions"
        )
        negative.append("serious_felon_or_repeat_offender")
        reasons.append(
            Reason(
                "discretion.serious_record",
                f"Serious felon, repeat offender or lengthy record ({why}): negative particular care.",
                PD_ID,
            )
        )
    if (
        case.immigration.status is ImmigrationStatus.REENTRY_AFTER_REMOVAL
        or case.immigration.removal_dates
        or case.immigration.fraud
    ):
        negative.append("egregious_immigration_violator")
        reasons.append(
            Reason(
                "discretion.egregious",
                "Re-entry after removal or immigration fraud: egregious "
                "immigration violator (negative particular care).",
                PD_ID,
            )
        )
    policy_factors = [f for f in table["victim_witness_policy"]["factors"] if f in {x.value for x in present}]
    aggravating = [f for f in negative if f in reading["victim_witness_aggravating"]]
    victim_policy = bool(policy_factors) and not aggravating
    if policy_factors:
        text = (
            f"{', '.join(policy_factors)}: absent special circumstances or aggravating factors, ICE policy is not "
            "to initiate removal; an officer must review"
            if victim_policy
            else f"{', '.join(policy_factors)}, but aggravating factors are present ({', '.join(aggravating)})"
        )
        reasons.append(Reason("discretion.victim_witness_policy", text + ".", PD_ID))
    if positive:
        reasons.append(
            Reason(
                "discretion.positive_care",
                f"Positive factors prompting particular care: {', '.join(positive)}.",
                PD_ID,
            )
        )
    if not present:
        reasons.append(
            Reason("discretion.no_factors", "No discretion factors are recorded in the case.", PD_ID)
        )
    value = DiscretionAssessment(favorable, unfavorable, positive, tuple(negative), victim_policy)
    refs = merge_references(
        (sources.MORTON_PD_2011, sources.MORTON_VICTIMS_2011),
        ruleset.references(FACTORS, as_of),
        ruleset.references(READING, as_of),
    )
    return Determination(
        value,
        tuple(reasons),
        refs,
        PD_ID,
        "morton-2011",
        as_of,
        ruleset.confidence(FACTORS, READING, as_of=as_of),
    )


def prosecutorial_discretion(
    case: Case, *, as_of: date, ruleset: RuleSet
) -> Determination[DiscretionAssessment]:
    """The discretion factors of `case` under the guidance in force on `as_of` (empty when none is encoded)."""
    spec = variant_for(PD_ID, as_of)
    if spec is None:
        reason = Reason(
            "discretion.no_regime",
            f"No prosecutorial-discretion guidance is encoded for {as_of} "
            "(the 17 June 2011 memo applies from 2011-06-17 to 2015-01-04).",
            PD_ID,
        )
        return Determination(
            DiscretionAssessment(), (reason,), (sources.MORTON_PD_2011,), PD_ID, "none", as_of
        )
    result: Determination[DiscretionAssessment] = spec.function(
        case.known_on(as_of), as_of=as_of, ruleset=ruleset
    )
    return result


def minor_traffic_only(case: Case, *, as_of: date, ruleset: RuleSet) -> tuple[bool, str]:
    """Whether a minor traffic misdemeanor charge is the only offense, with no other criminal history and
    no egregious immigration violation (the test of the April 2012 rule)."""
    known = case.known_on(as_of)
    if not known.charges:
        return False, "no pending charge"
    if not all(is_minor_traffic(c, ruleset=ruleset, as_of=as_of) for c in known.charges):
        return (
            False,
            "a pending charge is not a minor traffic misdemeanor (a felony, DUI, hit-and-run or non-traffic)",
        )
    if known.convictions or known.warrants:
        return False, "there is other criminal history (a conviction or an outstanding warrant)"
    imm = known.immigration
    if imm.status is ImmigrationStatus.REENTRY_AFTER_REMOVAL or imm.removal_dates or imm.fraud:
        return False, "there is an egregious immigration violation (re-entry after removal or fraud)"
    return True, "the only offense is a minor traffic misdemeanor charge, with no other criminal history"


@rule(
    id=TRAFFIC_ID,
    version="morton-2011-footnote",
    effective_from=date(2011, 3, 2),
    effective_to=date(2012, 4, 26),
    references=(sources.MORTON_PRIORITIES_2011,),
    parameters=("dhs.ice.priorities.morton_2010", "fbi.ncic.traffic_codes"),
)
def _minor_traffic_2011(case: Case, *, as_of: date, ruleset: RuleSet) -> Determination[str | None]:
    """Some misdemeanors are relatively minor and do not warrant the same degree of focus as others; ICE
    agents and officers should exercise particular discretion when dealing with minor traffic offenses such
    as driving without a license.

    A case whose only offense is a minor traffic charge goes to discretion review (until the rule of
    27 April 2012 replaces this with waiting for a conviction).
    """
    applies, why = minor_traffic_only(case, as_of=as_of, ruleset=ruleset)
    text = f"Particular discretion for minor traffic offenses (March 2011): {'applies' if applies else 'does not apply'} ({why})."
    return Determination(
        "discretion_review" if applies else None,
        (Reason("discretion.minor_traffic_2011", text, TRAFFIC_ID),),
        merge_references(
            (sources.MORTON_PRIORITIES_2011,), ruleset.references("dhs.ice.priorities.morton_2010", as_of)
        ),
        TRAFFIC_ID,
        "morton-2011-footnote",
        as_of,
        ruleset.confidence("dhs.ice.priorities.morton_2010", "fbi.ncic.traffic_codes", as_of=as_of),
    )


@rule(
    id=TRAFFIC_ID,
    version="ice-2012-04-27",
    effective_from=date(2012, 4, 27),
    effective_to=date(2017, 2, 19),
    references=(sources.ICE_TRAFFIC_RESPONSE_2012,),
    parameters=(MINOR_TRAFFIC, "fbi.ncic.traffic_codes"),
)
def _minor_traffic_2012(case: Case, *, as_of: date, ruleset: RuleSet) -> Determination[str | None]:
    """ICE will now wait to proceed with enforcement against immigrants whose only offense is a minor
    misdemeanor traffic violation until after they have actually been convicted.

    Not DUI, not hit-and-run; no other criminal history and no egregious immigration violation. From 27 April
    2012 this rule takes precedence over the other detainer advice.
    """
    applies, why = minor_traffic_only(case, as_of=as_of, ruleset=ruleset)
    params = ruleset.value(MINOR_TRAFFIC, as_of)
    text = f"{params['text']}: {'applies' if applies else 'does not apply'} ({why})."
    refs = merge_references((sources.ICE_TRAFFIC_RESPONSE_2012,), ruleset.references(MINOR_TRAFFIC, as_of))
    return Determination(
        "wait_for_conviction" if applies else None,
        (Reason("discretion.minor_traffic", text, TRAFFIC_ID),),
        refs,
        TRAFFIC_ID,
        "ice-2012-04-27",
        as_of,
        ruleset.confidence(MINOR_TRAFFIC, "fbi.ncic.traffic_codes", as_of=as_of),
    )


def minor_traffic_rule(case: Case, *, as_of: date, ruleset: RuleSet) -> Determination[str | None] | None:
    """What the minor-traffic guidance in force on `as_of` asks for the case: `"discretion_review"` (March
    2011 footnote), `"wait_for_conviction"` (April 2012 rule), or None when it does not apply; the whole
    result is None when no such guidance is in force."""
    spec = variant_for(TRAFFIC_ID, as_of)
    if spec is None:
        return None
    result: Determination[str | None] = spec.function(case, as_of=as_of, ruleset=ruleset)
    return result


@rule(
    id=VR_ID,
    version="ina-240b",
    effective_from=date(1997, 4, 1),
    references=(sources.INA_240B,),
    parameters=(VOLUNTARY_RETURN,),
)
def _voluntary_return(case: Case, *, as_of: date, ruleset: RuleSet) -> Determination[bool]:
    """The Attorney General may permit an alien voluntarily to depart the United States at the alien's own
    expense in lieu of proceedings, if the alien is not deportable as an aggravated felon or on terrorism
    grounds.

    Voluntary return may be offered to a removable person with no conviction flagged as an aggravated
    felony, no national-security concern, and no final or reinstated order of removal.
    """
    known = case.known_on(as_of)
    params = ruleset.value(VOLUNTARY_RETURN, as_of)
    finding, text = removability(known)
    bars: list[str] = []
    if finding in (Removability.NOT_REMOVABLE, Removability.NEEDS_GROUND):
        bars.append(text)
    if any(c.aggravated_felony for c in known.convictions) and "aggravated_felony" in params["bars"]:
        bars.append("a conviction is flagged as an aggravated felony")
    if Factor.NATIONAL_SECURITY_CONCERN in known.factors and "national_security_concern" in params["bars"]:
        bars.append("terrorism or national-security grounds are reported")
    imm = known.immigration
    if "final_order" in params["bars"] and (
        imm.status is ImmigrationStatus.FINAL_ORDER or imm.final_order_date
    ):
        bars.append("a final order of removal is on record")
    if "reinstated_order" in params["bars"] and imm.status is ImmigrationStatus.REENTRY_AFTER_REMOVAL:
        bars.append("re-entry after removal (the prior order is reinstated)")
    if bars:
        reason = Reason(
            "voluntary_return.barred", "Voluntary return may not be offered: " + "; ".join(bars) + ".", VR_ID
        )
    else:
        reason = Reason(
            "voluntary_return.available", "Voluntary return may be offered: no bar on record.", VR_ID
        )
    refs = merge_references((sources.INA_240B,), ruleset.references(VOLUNTARY_RETURN, as_of))
    return Determination(
        not bars, (reason,), refs, VR_ID, "ina-240b", as_of, ruleset.confidence(VOLUNTARY_RETURN, as_of=as_of)
    )


def voluntary_return(case: Case, *, as_of: date, ruleset: RuleSet) -> Determination[bool]:
    """Whether voluntary return may be offered on `as_of`."""
    spec = variant_for(VR_ID, as_of)
    if spec is None:
        reason = Reason(
            "voluntary_return.no_regime", f"No voluntary-return rule is encoded for {as_of}.", VR_ID
        )
        return Determination(False, (reason,), (sources.INA_240B,), VR_ID, "none", as_of)
    result: Determination[bool] = spec.function(case, as_of=as_of, ruleset=ruleset)
    return result
