"""Consular notification (Vienna Convention on Consular Relations art. 36; bilateral conventions).

Every arrested or detained foreign national is told without delay that the consulate may be
notified. For nationals of a mandatory-notification country the consulate is notified even if the
national objects. The list is dated data (`state/consular_notification/mandatory_countries.yaml`):
China includes Hong Kong and Macao; the United Kingdom includes its territories; Poland is
mandatory only for people who are not lawful permanent residents; holders of Taiwan passports are
not mandatory cases and are told that TECRO can be notified on request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from securecomm.rules import sources
from securecomm.rules.errors import UnknownCode
from securecomm.rules.model import Determination, Reason, merge_references
from securecomm.rules.registry import rule, variant_for
from securecomm.rules.ruleset import RuleSet

__all__ = ["ConsularAdvice", "consular_determination", "country_codes", "parse_country"]

MANDATORY = "state.consular_notification.mandatory_countries"
TIMING = "state.consular_notification.timing"
STATEMENTS = "state.consular_notification.statements"
RULE_ID = "consular.notification"


@cache
def country_codes() -> dict[str, str]:
    """ISO 3166-1 alpha-2 codes and English names, from the public-domain table shipped with tzdata."""
    table = resources.files("tzdata.zoneinfo").joinpath("iso3166.tab").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t", 1)
            out[code] = name
    return out


def parse_country(text: str, *, where: str | None = "--nationality") -> str:
    """An ISO 3166-1 alpha-2 code, upper-cased; UnknownCode when no such country exists.

    >>> parse_country("cn")
    'CN'
    """
    code = text.strip().upper()
    if code not in country_codes():
        raise UnknownCode(
            "country code", text, accepted="an ISO 3166-1 alpha-2 code such as CN or GB", where=where
        )
    return code


@dataclass(frozen=True, slots=True)
class ConsularAdvice:
    nationality: str
    mandatory: bool
    notify: str
    target_hours: int
    outer_hours: int
    statement: str
    listed_as: str | None = None


@rule(
    id=RULE_ID,
    version="state-cna",
    effective_from=date(2008, 1, 1),
    references=(sources.VCCR_ART_36, sources.STATE_CNA_MANUAL),
    parameters=(MANDATORY, TIMING, STATEMENTS),
)
def _state_cna(
    nationality: str, *, lpr: bool, passport: str | None, as_of: date, ruleset: RuleSet
) -> Determination[ConsularAdvice]:
    """If he so requests, the competent authorities of the receiving State shall, without delay, inform the
    consular post of the sending State (VCCR art. 36(1)(b)); for nationals of countries with a mandatory-
    notification agreement the consulate is notified whether or not the national asks.

    Notification should be made within 24-72 hours of the initial arrest (State Department guidance).
    """
    listing = ruleset.value(MANDATORY, as_of)
    timing = ruleset.value(TIMING, as_of)
    texts = ruleset.value(STATEMENTS, as_of)
    name = country_codes()[nationality]
    reasons: list[Reason] = []
    listed_as: str | None = None
    if nationality == "US":
        mandatory, notify, statement = (
            False,
            "no consulate (a United States national)",
            texts["not_applicable"],
        )
        reasons.append(Reason("consular.us_national", statement, RULE_ID))
    elif nationality == "TW" or passport == "TW":
        mandatory, notify, statement = False, listing["passport_exceptions"]["TW"], texts["taiwan"]
        reasons.append(
            Reason(
                "consular.taiwan",
                "A Taiwan passport is excepted from mandatory notification; tell the "
                "person that TECRO can be notified on request.",
                RULE_ID,
            )
        )
    else:
        listed_as = next(
            (parent for parent, subs in listing["territories"].items() if nationality in subs), nationality
        )
        if listed_as != nationality:
            reasons.append(
                Reason("consular.territory", f"{nationality} ({name}) is listed under {listed_as}.", RULE_ID)
            )
        in_list = listed_as in listing["countries"]
        exempt = in_list and lpr and listed_as in listing["non_lpr_only"]
        mandatory = in_list and not exempt
        if exempt:
            reasons.append(
                Reason(
                    "consular.lpr_exception",
                    f"{listed_as} is mandatory for non-LPRs only; this person is "
                    "a lawful permanent resident, so notification is on request.",
                    RULE_ID,
                )
            )
        elif mandatory:
            reasons.append(
                Reason(
                    "consular.mandatory",
                    f"{listed_as} is on the mandatory-notification list in force on "
                    f"{as_of}: notify the consulate without delay, even if the national objects.",
                    RULE_ID,
                )
            )
        else:
            reasons.append(
                Reason(
                    "consular.on_request",
                    f"{nationality} ({name}) is not on the mandatory list in force "
                    f"on {as_of}: offer notification without delay; notify only if asked.",
                    RULE_ID,
                )
            )
        notify = f"consulate of {listed_as}" + ("" if mandatory else ", on request")
        statement = texts["mandatory"] if mandatory else texts["not_mandatory"]
    reasons.append(
        Reason(
            "consular.timing",
            f"Notify within {timing['target_hours']} hours if possible and no later "
            f"than {timing['outer_hours']} hours after arrest.",
            RULE_ID,
        )
    )
    value = ConsularAdvice(
        nationality,
        mandatory,
        notify,
        int(timing["target_hours"]),
        int(timing["outer_hours"]),
        str(statement).strip(),
        listed_as,
    )
    refs = merge_references(
        (sources.VCCR_ART_36,),
        ruleset.references(MANDATORY, as_of),
        ruleset.references(TIMING, as_of),
        ruleset.references(STATEMENTS, as_of),
    )
    return Determination(
        value,
        tuple(reasons),
        refs,
        RULE_ID,
        "state-cna",
        as_of,
        ruleset.confidence(MANDATORY, TIMING, STATEMENTS, as_of=as_of),
    )


def consular_determination(
    nationality: str, *, lpr: bool = False, passport: str | None = None, as_of: date, ruleset: RuleSet
) -> Determination[ConsularAdvice]:
    """Whether consular notification is mandatory for a national of `nationality` on `as_of`, with the
    timing and the statement to read. Codes are ISO 3166-1 alpha-2; unknown codes raise UnknownCode."""
    code = parse_country(nationality, where="--nationality")
    passport_code = None if passport is None else parse_country(passport, where="--passport")
    spec = variant_for(RULE_ID, as_of)
    if spec is None:
        ruleset.dated(MANDATORY, as_of)  # raises ParameterNotFound naming the file and the first date
    assert spec is not None
    result: Determination[ConsularAdvice] = spec.function(
        code, lpr=lpr, passport=passport_code, as_of=as_of, ruleset=ruleset
    )
    return result
