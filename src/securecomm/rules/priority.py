"""Civil immigration enforcement priorities, one dated function per regime.

* Secure Communities plan (2008): the level-based order, Level 1 first (until 29 June 2010).
* Morton memo of 30 June 2010, re-issued 2 March 2011: priority 1 (a)-(e), 2, 3 (until 4 January 2015).
* Johnson memo of 20 November 2014 (PEP), in force 5 January 2015: 1(a)-(e), 2(a)-(d), 3.
* Executive Order 13768 of 25 January 2017, §5 (a)-(g): one undivided priority class, reported as P1
  (until its revocation by Executive Order 13993 on 20 January 2021).

Clause ids are as the memo numbers them (`"1(d)"`, `"2(c)"`, `"3"`). Clauses that turn on an
officer's judgement ("otherwise a serious risk to public safety") are never inferred. The output
is advisory: priorities guide an officer, who decides and whose decision is recorded separately.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from securecomm.rules import sources
from securecomm.rules.case import Case, Factor, ImmigrationStatus, OffenseClass
from securecomm.rules.model import Determination, Reason, Reference, merge_references
from securecomm.rules.offense_levels import conviction_level, is_minor_traffic, sc_level_of_record
from securecomm.rules.registry import rule, variant_for
from securecomm.rules.removability import Removability, removability
from securecomm.rules.ruleset import RuleSet

__all__ = ["PriorityAssessment", "PriorityLevel", "enforcement_priority"]

RULE_ID = "enforcement_priority"
SC_PLAN = "dhs.ice.secure_communities.plan_priorities"
MORTON = "dhs.ice.priorities.morton_2010"
JOHNSON = "dhs.ice.priorities.johnson_2014"
JOHNSON_MAPPING = "dhs.ice.priorities.johnson_2014_offense_mapping"
EO_13768 = "executive_orders.eo_13768.enforcement_priorities"


class PriorityLevel(enum.StrEnum):
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    NONE = "NONE"


@dataclass(frozen=True, slots=True)
class PriorityAssessment:
    level: PriorityLevel
    clauses: tuple[str, ...]
    regime: str


Clauses = list[tuple[str, str]]  # (clause id, why it applies)


def _result(
    clauses: Clauses,
    texts: dict[str, str],
    *,
    regime: str,
    as_of: date,
    references: tuple[Reference, ...],
    confidence_from: tuple[RuleSet, tuple[str, ...]],
    extra_reasons: list[Reason],
    undivided: bool = False,
) -> Determination[PriorityAssessment]:
    """Turn applicable clauses into a determination: the highest priority wins, all clauses listed."""
    reasons = list(extra_reasons)
    for clause, why in clauses:
        reasons.append(
            Reason(f"priority.{clause}", f"Clause {clause} ({texts.get(clause, '')}): {why}.", RULE_ID)
        )
    if clauses and undivided:
        level = PriorityLevel.P1
        reasons.append(
            Reason(
                "priority.undivided", f"{regime} sets one undivided priority class; reported as P1.", RULE_ID
            )
        )
    elif clauses:
        level = PriorityLevel(f"P{min(int(c[0][0]) for c in clauses)}")
        reasons.append(Reason("priority.result", f"Priority {level[1]} under {regime}.", RULE_ID))
    else:
        level = PriorityLevel.NONE
        reasons.append(Reason("priority.none", f"No priority clause of {regime} applies.", RULE_ID))
    ruleset, parameters = confidence_from
    value = PriorityAssessment(level, tuple(c for c, _ in clauses), regime)
    refs = merge_references(references, *(ruleset.references(name, as_of) for name in parameters))
    return Determination(
        value, tuple(reasons), refs, RULE_ID, regime, as_of, ruleset.confidence(*parameters, as_of=as_of)
    )


def _gang(case: Case, as_of: date, min_age: int, reasons: list[Reason]) -> bool:
    """Gang participation counts only from the stated minimum age; an unknown age is not assumed."""
    if Factor.GANG_MEMBER not in case.factors:
        return False
    age = case.age_on(as_of)
    if age is None:
        reasons.append(
            Reason(
                "priority.gang_age_unknown",
                f"Gang participation is reported but the age is unknown; the clause "
                f"needs age {min_age} or older, so it is not applied (give birth_date).",
                RULE_ID,
            )
        )
        return False
    return age >= min_age


def _has_final_order(case: Case) -> bool:
    return (
        case.immigration.status is ImmigrationStatus.FINAL_ORDER
        or case.immigration.final_order_date is not None
    )


def _reentered(case: Case) -> bool:
    imm = case.immigration
    return imm.status is ImmigrationStatus.REENTRY_AFTER_REMOVAL or bool(imm.removal_dates)


@rule(
    id=RULE_ID,
    version="sc-plan-2008",
    effective_from=date(2008, 3, 1),
    effective_to=date(2010, 6, 29),
    references=(sources.SC_PLAN_2008,),
    parameters=(SC_PLAN, "dhs.ice.secure_communities.identification_levels", "fbi.ncic.offense_families"),
)
def _sc_plan_2008(case: Case, *, as_of: date, ruleset: RuleSet) -> Determination[PriorityAssessment]:
    """Secure Communities prioritizes criminal aliens by the level of their offense: Level 1 (the most
    serious, violent offenders) first, then Level 2, then Level 3.

    The level is the SC level of the most serious charge or conviction on record (NCIC family table).
    """
    params = ruleset.value(SC_PLAN, as_of)
    level = sc_level_of_record(case, as_of=as_of, ruleset=ruleset)
    clauses: Clauses = []
    if level.value != "NONE":
        clauses.append((level.value[1], f"the most serious offense on record is SC {level.value}"))
    return _result(
        clauses,
        params["clauses"],
        regime="sc-plan-2008",
        as_of=as_of,
        references=merge_references((sources.SC_PLAN_2008,), level.references),
        confidence_from=(ruleset, (SC_PLAN, "dhs.ice.secure_communities.identification_levels")),
        extra_reasons=list(level.reasons),
    )


def _morton(case: Case, as_of: date, ruleset: RuleSet, regime: str) -> Determination[PriorityAssessment]:
    params = ruleset.value(MORTON, as_of)
    reasons: list[Reason] = []
    clauses: Clauses = []
    if Factor.NATIONAL_SECURITY_CONCERN in case.factors:
        clauses.append(("1(a)", "a national-security concern is reported"))
    if case.convictions:
        level = conviction_level(case, as_of=as_of, ruleset=ruleset).value
        clauses.append(
            ("1(b)", f"convicted of a crime (conviction level {level}; Level 1 first, then 2, then 3)")
        )
    if _gang(case, as_of, int(params["min_gang_age"]), reasons):
        clauses.append(("1(c)", f"aged {params['min_gang_age']} or older and a reported gang participant"))
    if case.warrants:
        clauses.append(("1(d)", f"{len(case.warrants)} outstanding criminal warrant(s)"))
    if case.immigration.apprehended_at_border or case.immigration.visa_abuse:
        how = (
            "apprehended at the border"
            if case.immigration.apprehended_at_border
            else "knowing abuse of a visa"
        )
        clauses.append(("2", f"recent immigration violation ({how})"))
    if _has_final_order(case):
        fta = " after failing to appear" if case.immigration.failed_to_appear else ""
        clauses.append(("3", f"fugitive: subject to a final order of removal{fta}"))
    elif _reentered(case):
        clauses.append(("3", "re-entered after removal"))
    elif case.immigration.fraud:
        clauses.append(("3", "obtained admission or status by fraud"))
    refs = (sources.MORTON_PRIORITIES_2010,) if regime == "morton-2010" else (sources.MORTON_PRIORITIES_2011,)
    return _result(
        clauses,
        params["clauses"],
        regime=regime,
        as_of=as_of,
        references=refs,
        confidence_from=(ruleset, (MORTON,)),
        extra_reasons=reasons,
    )


@rule(
    id=RULE_ID,
    version="morton-2010",
    effective_from=date(2010, 6, 30),
    effective_to=date(2011, 3, 1),
    references=(sources.MORTON_PRIORITIES_2010,),
    parameters=(MORTON, "dhs.ice.priorities.conviction_levels"),
)
def _morton_2010(case: Case, *, as_of: date, ruleset: RuleSet) -> Determination[PriorityAssessment]:
    """Priority 1: aliens who pose a danger to national security or a risk to public safety (terrorism or
    espionage; convicted criminals, Level 1 first; gang participants aged 16 or older; outstanding criminal
    warrants; otherwise a serious risk). Priority 2: recent illegal entrants. Priority 3: aliens who are
    fugitives or otherwise obstruct immigration controls (final orders, re-entry after removal, fraud).

    Clause letters (a)-(e) label the memo's bullets in order; 1(e) is an officer's judgement, never inferred.
    """
    return _morton(case, as_of, ruleset, "morton-2010")


@rule(
    id=RULE_ID,
    version="morton-2011",
    effective_from=date(2011, 3, 2),
    effective_to=date(2015, 1, 4),
    references=(sources.MORTON_PRIORITIES_2011,),
    parameters=(MORTON, "dhs.ice.priorities.conviction_levels"),
)
def _morton_2011(case: Case, *, as_of: date, ruleset: RuleSet) -> Determination[PriorityAssessment]:
    """The March 2, 2011 re-issue of the June 2010 priorities (ICE Policy 10072.1), same three priorities;
    it adds that some misdemeanors are minor and call for particular discretion (minor traffic offenses
    such as driving without a license).

    Superseded by the Johnson memo of November 20, 2014, in force January 5, 2015.
    """
    return _morton(case, as_of, ruleset, "morton-2011")


def _is_misdemeanor_for_pep(conviction_class: OffenseClass | None) -> bool:
    return conviction_class is not OffenseClass.FELONY


@rule(
    id=RULE_ID,
    version="johnson-2014",
    effective_from=date(2015, 1, 5),
    effective_to=date(2017, 1, 24),
    references=(sources.JOHNSON_PRIORITIES_2014,),
    parameters=(JOHNSON, JOHNSON_MAPPING, "fbi.ncic.traffic_codes"),
)
def _johnson_2014(case: Case, *, as_of: date, ruleset: RuleSet) -> Determination[PriorityAssessment]:
    """Priority 1 (threats to national security, border security and public safety): (a) terrorism or
    espionage; (b) apprehended at the border while attempting to enter unlawfully; (c) gang offense or gang
    participation at 16 or older; (d) a felony conviction other than one where immigration status is an
    essential element; (e) an aggravated felony conviction. Priority 2: (a) three or more misdemeanors
    from three separate incidents, other than minor traffic and status offenses; (b) a significant
    misdemeanor; (c) unlawful entry without continuous presence since January 1, 2014; (d) significant visa
    abuse. Priority 3: a final order of removal issued on or after January 1, 2014.
    """
    p = ruleset.value(JOHNSON, as_of)
    reasons: list[Reason] = []
    clauses: Clauses = []
    mapping = ruleset.value(JOHNSON_MAPPING, as_of)
    status_families = set(mapping["status_offense_families"])
    sig = mapping["significant_misdemeanor"]
    imm = case.immigration
    if Factor.NATIONAL_SECURITY_CONCERN in case.factors:
        clauses.append(("1(a)", "a national-security concern is reported"))
    if imm.apprehended_at_border:
        clauses.append(("1(b)", "apprehended at the border or a port of entry attempting unlawful entry"))
    if _gang(case, as_of, int(p["min_gang_age"]), reasons):
        clauses.append(("1(c)", f"aged {p['min_gang_age']} or older and a reported gang participant"))
    felonies = [
        c
        for c in case.convictions
        if c.offense_class is OffenseClass.FELONY and c.family not in status_families
    ]
    if felonies:
        clauses.append(("1(d)", f"{len(felonies)} felony conviction(s) not based on immigration status"))
    if any(c.aggravated_felony for c in case.convictions):
        clauses.append(("1(e)", "a conviction flagged as an aggravated felony"))
    countable = [
        c
        for c in case.convictions
        if _is_misdemeanor_for_pep(c.offense_class)
        and c.family not in status_families
        and not is_minor_traffic(c, ruleset=ruleset, as_of=as_of)
    ]
    incidents = {c.incident if c.incident is not None else f"#{i}" for i, c in enumerate(countable)}
    if len(countable) >= p["min_misdemeanors"] and len(incidents) >= p["min_misdemeanors"]:
        clauses.append(("2(a)", f"{len(countable)} misdemeanor convictions from {len(incidents)} incidents"))
    significant = [
        c
        for c in case.convictions
        if _is_misdemeanor_for_pep(c.offense_class)
        and (
            c.family in sig["families"]
            or c.ncic in sig["codes"]
            or (c.sentence_days is not None and c.sentence_days >= p["significant_min_sentence_days"])
        )
    ]
    if significant:
        clauses.append(("2(b)", f"significant misdemeanor: NCIC {', '.join(c.ncic for c in significant)}"))
    if imm.status in (ImmigrationStatus.EWI, ImmigrationStatus.REENTRY_AFTER_REMOVAL):
        cutoff = p["presence_cutoff"]
        if imm.entry_date is None:
            reasons.append(
                Reason(
                    "priority.entry_unknown",
                    f"Entry date unknown: clause 2(c) (no continuous "
                    f"presence since {cutoff}) is not applied.",
                    RULE_ID,
                )
            )
        elif imm.entry_date >= cutoff:
            clauses.append(("2(c)", f"entered unlawfully on {imm.entry_date}, after {cutoff}"))
    if imm.visa_abuse:
        clauses.append(("2(d)", "significant abuse of the visa or visa-waiver programs"))
    if imm.final_order_date is not None and imm.final_order_date >= p["final_order_cutoff"]:
        clauses.append(("3", f"final order of removal issued {imm.final_order_date}"))
    elif _has_final_order(case):
        reasons.append(
            Reason(
                "priority.final_order_date",
                f"A final order is on record but not issued on or after "
                f"{p['final_order_cutoff']} (or its date is unknown): clause 3 does not apply.",
                RULE_ID,
            )
        )
    return _result(
        clauses,
        p["clauses"],
        regime="johnson-2014",
        as_of=as_of,
        references=(sources.JOHNSON_PRIORITIES_2014,),
        confidence_from=(ruleset, (JOHNSON, JOHNSON_MAPPING)),
        extra_reasons=reasons,
    )


@rule(
    id=RULE_ID,
    version="eo-13768",
    effective_from=date(2017, 1, 25),
    effective_to=date(2021, 1, 19),
    references=(sources.EO_13768,),
    parameters=(EO_13768,),
)
def _eo_13768(case: Case, *, as_of: date, ruleset: RuleSet) -> Determination[PriorityAssessment]:
    """Sec. 5: prioritize removable aliens who (a) have been convicted of any criminal offense; (b) have been
    charged with any criminal offense, where such charge has not been resolved; (c) have committed acts
    that constitute a chargeable criminal offense; (d) have engaged in fraud or willful misrepresentation;
    (e) have abused any program related to receipt of public benefits; (f) are subject to a final order of
    removal but have not complied with their legal obligation to depart; or (g) in the judgment of an
    immigration officer, otherwise pose a risk to public safety or national security.

    The order sets one class without tiers; it is reported as P1. Clauses (c), (e) are not inferred.
    """
    p = ruleset.value(EO_13768, as_of)
    clauses: Clauses = []
    if case.convictions:
        clauses.append(("5(a)", f"{len(case.convictions)} conviction(s)"))
    if case.charges:
        clauses.append(("5(b)", f"{len(case.charges)} unresolved charge(s)"))
    if case.immigration.fraud:
        clauses.append(("5(d)", "fraud or willful misrepresentation on record"))
    if _has_final_order(case):
        clauses.append(("5(f)", "subject to a final order of removal"))
    if Factor.NATIONAL_SECURITY_CONCERN in case.factors or Factor.GANG_MEMBER in case.factors:
        clauses.append(("5(g)", "an officer reported a public-safety or national-security risk"))
    return _result(
        clauses,
        p["clauses"],
        regime="eo-13768",
        as_of=as_of,
        references=(sources.EO_13768,),
        confidence_from=(ruleset, (EO_13768,)),
        extra_reasons=[],
        undivided=True,
    )


def enforcement_priority(case: Case, *, as_of: date, ruleset: RuleSet) -> Determination[PriorityAssessment]:
    """The enforcement priority of `case` under the regime in force on `as_of`."""
    known = case.known_on(as_of)
    finding, text = removability(known)
    if finding is Removability.NOT_REMOVABLE:
        value = PriorityAssessment(PriorityLevel.NONE, (), "not-applicable")
        reasons = (Reason("priority.citizen", text, RULE_ID),)
        return Determination(value, reasons, (sources.INA_101_A_43,), RULE_ID, "not-applicable", as_of)
    spec = variant_for(RULE_ID, as_of)
    if spec is None:
        value = PriorityAssessment(PriorityLevel.NONE, (), "none")
        reasons = (
            Reason("priority.no_regime", f"No enforcement-priority regime is encoded for {as_of}.", RULE_ID),
        )
        return Determination(value, reasons, (sources.SC_PLAN_2008,), RULE_ID, "none", as_of)
    function: Callable[..., Determination[PriorityAssessment]] = spec.function
    return function(known, as_of=as_of, ruleset=ruleset)
