"""Offense levels, two regimes, always both reported.

* The Secure Communities identification level, by the NCIC offense family of the charge: the level
  the program gave an IDENT match at booking. The family-to-level table is a reconstruction from
  the program's briefing slides (confidence U, `dhs/ice/secure_communities/identification_levels.yaml`).
* The conviction level of the June 2010 priorities memo, used for removal statistics: Level 1 an
  aggravated felony or two or more felonies, Level 2 one felony or three or more misdemeanors,
  Level 3 misdemeanors, otherwise non-criminal (`dhs/ice/priorities/conviction_levels.yaml`).

The two often differ (a person booked on an assault charge may have no conviction at all), which is
why both are always reported.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date

from securecomm.rules import sources
from securecomm.rules.case import Case, Charge, Conviction, OffenseClass
from securecomm.rules.model import Determination, Reason, merge_references
from securecomm.rules.registry import rule, variant_for
from securecomm.rules.ruleset import RuleSet

__all__ = [
    "ConvictionLevel",
    "OffenseLevel",
    "conviction_level",
    "identification_level",
    "is_minor_traffic",
    "is_traffic",
    "level_of_offense",
]

FAMILIES = "fbi.ncic.offense_families"
TRAFFIC_CODES = "fbi.ncic.traffic_codes"
ID_LEVELS = "dhs.ice.secure_communities.identification_levels"
CONVICTION_LEVELS = "dhs.ice.priorities.conviction_levels"
SC_START = date(2008, 3, 1)


class OffenseLevel(enum.StrEnum):
    L1 = "L1"
    L2 = "L2"
    L3 = "L3"
    NONE = "NONE"


class ConvictionLevel(enum.StrEnum):
    L1 = "L1"
    L2 = "L2"
    L3 = "L3"
    NONCRIMINAL = "NONCRIMINAL"


def _rank(level: str) -> int:
    return {"L1": 1, "L2": 2, "L3": 3}.get(level, 4)


def is_traffic(offense: Charge | Conviction) -> bool:
    """A traffic offense: flagged as such, or in the NCIC traffic family 54."""
    return offense.traffic or offense.family == "54"


def is_minor_traffic(offense: Charge | Conviction, *, ruleset: RuleSet, as_of: date) -> bool:
    """A minor traffic misdemeanor: traffic, not a felony, and not DUI or hit-and-run."""
    codes = ruleset.value(TRAFFIC_CODES, as_of)
    serious = set(codes["dui"]) | set(codes["hit_and_run"])
    return (
        is_traffic(offense)
        and offense.offense_class is not OffenseClass.FELONY
        and offense.ncic not in serious
    )


def level_of_offense(
    offense: Charge | Conviction, *, ruleset: RuleSet, as_of: date
) -> tuple[OffenseLevel, str]:
    """The SC level of one offense by its NCIC code, with the table entry that decided it."""
    table = ruleset.value(ID_LEVELS, as_of)
    names = ruleset.value(FAMILIES, as_of)
    family_name = names.get(offense.family, "?")
    if offense.ncic in table["codes"]:
        return OffenseLevel(
            table["codes"][offense.ncic]
        ), f"code {offense.ncic} is listed as {table['codes'][offense.ncic]}"
    entry = str(table["families"].get(offense.family, table["default"]))
    if entry == "L1_if_felony_else_L2":
        severe = offense.offense_class is OffenseClass.FELONY or (
            isinstance(offense, Conviction)
            and offense.sentence_days is not None
            and offense.sentence_days > 365
        )
        if severe:
            return (
                OffenseLevel.L1,
                f"family {offense.family} ({family_name}) is L1 as a felony or a sentence over one year",
            )
        return (
            OffenseLevel.L2,
            f"family {offense.family} ({family_name}) is L2: not shown to be a felony or over one year",
        )
    return OffenseLevel(entry), f"family {offense.family} ({family_name}) is {entry}"


def _not_in_force(rule_id: str, as_of: date, value: str) -> Determination[str]:
    reason = Reason(
        "level.no_regime", f"No offense-level regime is encoded for {as_of.isoformat()}.", rule_id
    )
    return Determination(value, (reason,), (sources.SC_PLAN_2008,), rule_id, "none", as_of)


@rule(
    id="offense_level.identification",
    version="sc-2008-ncic",
    effective_from=SC_START,
    references=(sources.SC_PLAN_2008,),
    parameters=(ID_LEVELS, FAMILIES, TRAFFIC_CODES),
)
def _identification_sc_2008(case: Case, *, as_of: date, ruleset: RuleSet) -> Determination[OffenseLevel]:
    """Level 1 crimes include national security, homicide, kidnapping, sexual assault, robbery, aggravated
    assault, sex offenses, cruelty toward child or wife, weapons, and drugs with a sentence over one year;
    Level 2 arson, burglary and property crimes; Level 3 all other offenses.

    The SC identification level of a match is the most severe level among the pending charges, each
    classified by its NCIC offense family (table: identification_levels.yaml, a reconstruction, U).
    """
    return _most_severe(case.charges, "charges", as_of, ruleset, "offense_level.identification")


def _most_severe(
    offenses: Iterable[Charge | Conviction], label: str, as_of: date, ruleset: RuleSet, rule_id: str
) -> Determination[OffenseLevel]:
    reasons: list[Reason] = []
    best = OffenseLevel.NONE
    for index, offense in enumerate(offenses):
        level, why = level_of_offense(offense, ruleset=ruleset, as_of=as_of)
        reasons.append(
            Reason("level.offense", f"{label}[{index}] NCIC {offense.ncic}: {level} ({why}).", rule_id)
        )
        if _rank(level) < _rank(best):
            best = level
    if best is OffenseLevel.NONE:
        reasons.append(
            Reason("level.none", f"No {label} on {as_of.isoformat()}: no identification level.", rule_id)
        )
    else:
        reasons.append(
            Reason(
                "level.result", f"SC identification level {best}: the most severe of the {label}.", rule_id
            )
        )
    refs = merge_references(
        (sources.SC_PLAN_2008,), ruleset.references(ID_LEVELS, as_of), ruleset.references(FAMILIES, as_of)
    )
    return Determination(
        best,
        tuple(reasons),
        refs,
        rule_id,
        "sc-2008-ncic",
        as_of,
        ruleset.confidence(ID_LEVELS, FAMILIES, as_of=as_of),
    )


def identification_level(case: Case, *, as_of: date, ruleset: RuleSet) -> Determination[OffenseLevel]:
    """The SC identification level (by charge) under the regime in force on `as_of`."""
    spec = variant_for("offense_level.identification", as_of)
    if spec is None:
        return _not_in_force("offense_level.identification", as_of, OffenseLevel.NONE)  # type: ignore[return-value]
    result: Determination[OffenseLevel] = spec.function(case.known_on(as_of), as_of=as_of, ruleset=ruleset)
    return result


def sc_level_of_record(case: Case, *, as_of: date, ruleset: RuleSet) -> Determination[OffenseLevel]:
    """The SC level over charges and convictions together (the 2008 plan's order applied to either)."""
    known = case.known_on(as_of)
    return _most_severe(
        (*known.charges, *known.convictions), "offenses", as_of, ruleset, "offense_level.identification"
    )


@rule(
    id="offense_level.conviction",
    version="morton-2010",
    effective_from=SC_START,
    references=(sources.MORTON_PRIORITIES_2010, sources.MORTON_PRIORITIES_2011, sources.INA_101_A_43),
    parameters=(CONVICTION_LEVELS,),
)
def _conviction_morton(case: Case, *, as_of: date, ruleset: RuleSet) -> Determination[ConvictionLevel]:
    """Level 1 offenders are aliens convicted of "aggravated felonies," as defined in § 101(a)(43) of the
    Immigration and Nationality Act, or two or more crimes each punishable by more than 1 year; Level 2
    offenders are aliens convicted of any felony or three or more crimes each punishable by less than 1
    year; Level 3 offenders are aliens convicted of crimes punishable by less than 1 year.

    A conviction without a class counts as a misdemeanor (the least severe reading); aggravated-felony
    status comes only from the conviction's own flag.
    """
    rule_id = "offense_level.conviction"
    thresholds = ruleset.value(CONVICTION_LEVELS, as_of)
    convictions = case.convictions
    felonies = [c for c in convictions if c.offense_class is OffenseClass.FELONY]
    misdemeanors = [c for c in convictions if c.offense_class is not OffenseClass.FELONY]
    aggravated = [c for c in convictions if c.aggravated_felony]
    unclassified = [c for c in convictions if c.offense_class is None]
    reasons = [
        Reason(
            "level.counts",
            f"{len(convictions)} conviction(s) by {as_of.isoformat()}: {len(felonies)} felony, "
            f"{len(misdemeanors)} misdemeanor, {len(aggravated)} flagged aggravated felony.",
            rule_id,
        )
    ]
    if unclassified:
        reasons.append(
            Reason(
                "level.unclassified",
                f"{len(unclassified)} conviction(s) have no class and count as misdemeanors; give 'class' to refine.",
                rule_id,
            )
        )
    if aggravated or len(felonies) >= thresholds["level_1"]["min_felonies"]:
        level = ConvictionLevel.L1
        why = "an aggravated felony" if aggravated else f"{len(felonies)} felonies"
    elif (
        len(felonies) >= thresholds["level_2"]["min_felonies"]
        or len(misdemeanors) >= thresholds["level_2"]["min_misdemeanors"]
    ):
        level = ConvictionLevel.L2
        why = "a felony" if felonies else f"{len(misdemeanors)} misdemeanors"
    elif len(misdemeanors) >= thresholds["level_3"]["min_misdemeanors"]:
        level, why = ConvictionLevel.L3, "misdemeanor conviction(s) only"
    else:
        level, why = ConvictionLevel.NONCRIMINAL, "no conviction"
    reasons.append(Reason("level.result", f"Conviction level {level}: {why}.", rule_id))
    refs = merge_references(
        (sources.MORTON_PRIORITIES_2010, sources.INA_101_A_43), ruleset.references(CONVICTION_LEVELS, as_of)
    )
    return Determination(
        level,
        tuple(reasons),
        refs,
        rule_id,
        "morton-2010",
        as_of,
        ruleset.confidence(CONVICTION_LEVELS, as_of=as_of),
    )


def conviction_level(case: Case, *, as_of: date, ruleset: RuleSet) -> Determination[ConvictionLevel]:
    """The conviction level of the June 2010 memo for the convictions known on `as_of`."""
    spec = variant_for("offense_level.conviction", as_of)
    if spec is None:
        return _not_in_force("offense_level.conviction", as_of, ConvictionLevel.NONCRIMINAL)  # type: ignore[return-value]
    result: Determination[ConvictionLevel] = spec.function(case.known_on(as_of), as_of=as_of, ruleset=ruleset)
    return result
