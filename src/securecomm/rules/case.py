"""The case a classification is asked about, parsed strictly from the case-file JSON.

The format is documented in docs/case-file.md. Parsing happens once, at the edge: unknown keys,
wrong types, bad dates and unknown NCIC families are refused with a `CaseFileError` that names the
JSON path of the bad field (`charges[1].ncic`). Inside, rules see only these typed values.
Aggravated-felony status comes only from the conviction's own flag: the rules never infer it.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from securecomm.rules.errors import CaseFileError
from securecomm.rules.ruleset import RuleSet

__all__ = [
    "Case",
    "Charge",
    "Conviction",
    "Factor",
    "Immigration",
    "ImmigrationStatus",
    "OffenseClass",
    "Warrant",
    "parse_case",
    "parse_case_text",
]


class OffenseClass(enum.StrEnum):
    FELONY = "felony"
    MISDEMEANOR = "misdemeanor"


class ImmigrationStatus(enum.StrEnum):
    USC = "usc"
    NATURALIZED = "naturalized"
    LPR = "lpr"
    VISA = "visa"
    OVERSTAY = "overstay"
    EWI = "ewi"
    FINAL_ORDER = "final_order"
    REENTRY_AFTER_REMOVAL = "reentry_after_removal"


class Factor(enum.StrEnum):
    """The discretion factors a case may carry (the favorable/unfavorable lists use the same ids)."""

    VETERAN = "veteran"
    MILITARY_FAMILY = "military_family"
    LONG_TERM_LPR = "long_term_lpr"
    MINOR = "minor"
    ELDERLY = "elderly"
    ARRIVED_AS_CHILD = "arrived_as_child"
    US_EDUCATION = "us_education"
    PREGNANT_OR_NURSING = "pregnant_or_nursing"
    VICTIM = "victim"
    WITNESS = "witness"
    PLAINTIFF = "plaintiff"
    SERIOUS_ILLNESS = "serious_illness"
    DISABILITY = "disability"
    PRIMARY_CARETAKER = "primary_caretaker"
    USC_OR_LPR_FAMILY = "usc_or_lpr_family"
    COOPERATING_WITH_LAW_ENFORCEMENT = "cooperating_with_law_enforcement"
    LIKELY_RELIEF = "likely_relief"
    GANG_MEMBER = "gang_member"
    NATIONAL_SECURITY_CONCERN = "national_security_concern"


@dataclass(frozen=True, slots=True)
class Charge:
    """A pending charge (usually the arrest charge of the booking)."""

    ncic: str
    on: date
    offense_class: OffenseClass | None = None
    traffic: bool = False

    @property
    def family(self) -> str:
        return self.ncic[:2]


@dataclass(frozen=True, slots=True)
class Conviction:
    """A conviction. `incident` groups convictions arising from one incident (PEP priority 2(a))."""

    ncic: str
    on: date
    offense_class: OffenseClass | None = None
    traffic: bool = False
    sentence_days: int | None = None
    aggravated_felony: bool = False
    incident: str | None = None

    @property
    def family(self) -> str:
        return self.ncic[:2]


@dataclass(frozen=True, slots=True)
class Warrant:
    """An outstanding criminal warrant."""

    ncic: str | None = None
    on: date | None = None


@dataclass(frozen=True, slots=True)
class Immigration:
    status: ImmigrationStatus
    entry_date: date | None = None
    final_order_date: date | None = None
    removal_dates: tuple[date, ...] = ()
    apprehended_at_border: bool = False
    visa_abuse: bool = False
    fraud: bool = False
    failed_to_appear: bool = False
    proceedings_pending: bool = False
    biometric_match: bool = False
    statements: bool = False


@dataclass(frozen=True, slots=True)
class Case:
    charges: tuple[Charge, ...]
    convictions: tuple[Conviction, ...]
    immigration: Immigration
    warrants: tuple[Warrant, ...] = ()
    factors: frozenset[Factor] = frozenset()
    birth_date: date | None = None
    case_id: str | None = None

    def known_on(self, as_of: date) -> Case:
        """The case as it stood on `as_of`: charges, convictions, warrants and removals dated later are
        dropped, because a rule applied on a date cannot see events that had not happened yet."""
        imm = self.immigration
        return replace(
            self,
            charges=tuple(c for c in self.charges if c.on <= as_of),
            convictions=tuple(c for c in self.convictions if c.on <= as_of),
            warrants=tuple(w for w in self.warrants if w.on is None or w.on <= as_of),
            immigration=replace(
                imm,
                removal_dates=tuple(d for d in imm.removal_dates if d <= as_of),
                final_order_date=imm.final_order_date
                if imm.final_order_date is None or imm.final_order_date <= as_of
                else None,
            ),
        )

    def age_on(self, as_of: date) -> int | None:
        if self.birth_date is None:
            return None
        before_birthday = (as_of.month, as_of.day) < (self.birth_date.month, self.birth_date.day)
        return as_of.year - self.birth_date.year - int(before_birthday)


NCIC_FAMILIES = "fbi.ncic.offense_families"
CASE_KEYS = {"case_id", "birth_date", "charges", "convictions", "immigration", "warrants", "factors"}
CHARGE_KEYS = {"ncic", "date", "class", "traffic"}
CONVICTION_KEYS = CHARGE_KEYS | {"sentence_days", "aggravated_felony", "incident"}
IMMIGRATION_FLAGS = (
    "apprehended_at_border",
    "visa_abuse",
    "fraud",
    "failed_to_appear",
    "proceedings_pending",
    "biometric_match",
    "statements",
)
IMMIGRATION_KEYS = {"status", "entry_date", "final_order_date", "removal_dates", *IMMIGRATION_FLAGS}


class _Parser:
    def __init__(self, ncic_families: Mapping[str, str], file: str | None) -> None:
        self.families = ncic_families
        self.file = file

    def fail(self, message: str, path: str) -> CaseFileError:
        return CaseFileError(message, path=path, file=self.file)

    def obj(self, value: Any, path: str, allowed: set[str], required: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(f"must be an object, not {type(value).__name__}", path)
        for key in value:
            if key not in allowed:
                raise self.fail(f"unknown key {key!r} (allowed: {', '.join(sorted(allowed))})", path)
        for key in sorted(required):
            if key not in value:
                raise self.fail(f"missing required key {key!r}", path)
        return value

    def list_of(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(f"must be a list, not {type(value).__name__}", path)
        return value

    def day(self, value: Any, path: str) -> date:
        if not isinstance(value, str):
            raise self.fail(f"must be a date string YYYY-MM-DD, not {type(value).__name__}", path)
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.fail(f"{value!r} is not a date (use YYYY-MM-DD)", path) from None

    def flag(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(f"must be true or false, not {value!r}", path)
        return value

    def enum(self, cls: type[enum.StrEnum], value: Any, path: str) -> Any:
        try:
            return cls(value)
        except ValueError:
            accepted = "|".join(member.value for member in cls)
            raise self.fail(f"{value!r} is not one of {accepted}", path) from None

    def ncic(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or len(value) != 4 or not value.isdigit():
            raise self.fail(f'{value!r} is not a 4-digit NCIC offense code (e.g. "2299")', path)
        if value[:2] not in self.families:
            raise self.fail(
                f"unknown NCIC offense family {value[:2]!r} in {value!r}; see fbi/ncic/offense_families.yaml",
                path,
            )
        return value

    def _common(
        self, raw: Any, path: str, keys: set[str]
    ) -> tuple[dict[str, Any], str, date, OffenseClass | None, bool]:
        fields = self.obj(raw, path, keys, {"ncic", "date"})
        ncic = self.ncic(fields["ncic"], f"{path}.ncic")
        on = self.day(fields["date"], f"{path}.date")
        klass = self.enum(OffenseClass, fields["class"], f"{path}.class") if "class" in fields else None
        traffic = self.flag(fields["traffic"], f"{path}.traffic") if "traffic" in fields else False
        return fields, ncic, on, klass, traffic

    def charge(self, raw: Any, path: str) -> Charge:
        _, ncic, on, klass, traffic = self._common(raw, path, CHARGE_KEYS)
        return Charge(ncic, on, klass, traffic)

    def conviction(self, raw: Any, path: str) -> Conviction:
        fields, ncic, on, klass, traffic = self._common(raw, path, CONVICTION_KEYS)
        sentence = fields.get("sentence_days")
        if sentence is not None and (
            isinstance(sentence, bool) or not isinstance(sentence, int) or sentence < 0
        ):
            raise self.fail(f"must be a whole number of days >= 0, not {sentence!r}", f"{path}.sentence_days")
        incident = fields.get("incident")
        if incident is not None and (isinstance(incident, bool) or not isinstance(incident, str | int)):
            raise self.fail("must be a label (text or number)", f"{path}.incident")
        aggravated = self.flag(fields.get("aggravated_felony", False), f"{path}.aggravated_felony")
        return Conviction(
            ncic, on, klass, traffic, sentence, aggravated, None if incident is None else str(incident)
        )

    def immigration(self, raw: Any) -> Immigration:
        fields = self.obj(raw, "immigration", IMMIGRATION_KEYS, {"status"})
        flags = {
            name: self.flag(fields[name], f"immigration.{name}")
            for name in IMMIGRATION_FLAGS
            if name in fields
        }
        removals = self.list_of(fields.get("removal_dates", []), "immigration.removal_dates")

        def optional_day(key: str) -> date | None:
            return None if fields.get(key) is None else self.day(fields[key], f"immigration.{key}")

        return Immigration(
            status=self.enum(ImmigrationStatus, fields["status"], "immigration.status"),
            entry_date=optional_day("entry_date"),
            final_order_date=optional_day("final_order_date"),
            removal_dates=tuple(
                sorted(self.day(d, f"immigration.removal_dates[{i}]") for i, d in enumerate(removals))
            ),
            **flags,
        )

    def case(self, raw: Any) -> Case:
        fields = self.obj(raw, "$", CASE_KEYS, {"charges", "convictions", "immigration"})
        charges = self.list_of(fields["charges"], "charges")
        convictions = self.list_of(fields["convictions"], "convictions")
        warrants = self.list_of(fields.get("warrants", []), "warrants")
        factors = self.list_of(fields.get("factors", []), "factors")
        case_id = fields.get("case_id")
        if case_id is not None and not isinstance(case_id, str):
            raise self.fail("must be text", "case_id")
        return Case(
            charges=tuple(self.charge(c, f"charges[{i}]") for i, c in enumerate(charges)),
            convictions=tuple(self.conviction(c, f"convictions[{i}]") for i, c in enumerate(convictions)),
            immigration=self.immigration(fields["immigration"]),
            warrants=tuple(self.warrant(w, f"warrants[{i}]") for i, w in enumerate(warrants)),
            factors=frozenset(self.enum(Factor, f, f"factors[{i}]") for i, f in enumerate(factors)),
            birth_date=None
            if fields.get("birth_date") is None
            else self.day(fields["birth_date"], "birth_date"),
            case_id=case_id,
        )

    def warrant(self, raw: Any, path: str) -> Warrant:
        fields = self.obj(raw, path, {"ncic", "date"}, set())
        return Warrant(
            ncic=self.ncic(fields["ncic"], f"{path}.ncic") if "ncic" in fields else None,
            on=self.day(fields["date"], f"{path}.date") if "date" in fields else None,
        )


def _families(ruleset: RuleSet) -> Mapping[str, str]:
    """The newest NCIC family table: a code is checked against the classification as it stands now."""
    table: Mapping[str, str] = ruleset.parameter(NCIC_FAMILIES).values[-1].value
    return table


def parse_case(data: Any, *, ruleset: RuleSet, file: str | None = None) -> Case:
    """Validate a decoded case-file object (docs/case-file.md) and build the `Case`."""
    return _Parser(_families(ruleset), file).case(data)


def parse_case_text(text: str, *, ruleset: RuleSet, file: str | None = None) -> Case:
    """Decode case-file JSON text and validate it; JSON syntax errors name line and column."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CaseFileError(
            f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}", path="$", file=file
        ) from None
    return parse_case(data, ruleset=ruleset, file=file)
