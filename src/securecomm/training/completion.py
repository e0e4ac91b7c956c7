"""Completion records: an officer passed a module's knowledge check; agencies see their totals.

An officer is a web-application account (its user id, kept as a string so records outlive account
changes). The agency is the account's scope when the officer completed the module: a county FIPS code
for a jail, an ERO Area of Responsibility for a field office, or "national" for accounts with no scope.
Only a pass is recorded; a failed attempt returns its feedback and leaves no trace. Re-taking a module
adds a record (annual refreshers are history worth keeping); summaries count each officer once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from securecomm.clock import Clock, require_aware
from securecomm.training.catalog import Catalog, parse_audience
from securecomm.training.errors import AgencyError, AnswerError
from securecomm.training.knowledge_check import Grade, grade
from securecomm.training.model import Audience

__all__ = [
    "Agency",
    "AgencyKind",
    "AgencySummary",
    "CompletionRecord",
    "CompletionRepository",
    "InMemoryCompletions",
    "ModuleTally",
    "Submission",
    "TrainingRecords",
    "parse_agency",
]

_FIPS = re.compile(r"[0-9]{1,5}")  # ASCII digits only: "١٢٣" is not a county
_AOR = re.compile(r"[A-Za-z]{3}")
_USER = re.compile(r"[^\s]{1,64}")


class AgencyKind(StrEnum):
    FIPS = "fips"  # a county's jail and police
    AOR = "aor"  # an ICE ERO field office's Area of Responsibility
    NATIONAL = "national"  # accounts without a scope (LESC, CRCL, DOJ liaison, administrators)


@dataclass(frozen=True, slots=True, order=True)
class Agency:
    kind: AgencyKind
    code: str  # the FIPS code, the AOR code, or "national"

    def __str__(self) -> str:
        return self.code


NATIONAL = Agency(AgencyKind.NATIONAL, "national")


def parse_agency(scope: str | None, *, where: str = "agency") -> Agency:
    """An account scope or a typed code as an Agency: '48201' (FIPS), 'HOU' (AOR), None or 'national'.

    >>> parse_agency("1001").code, parse_agency("hou").kind.value, parse_agency(None).code
    ('01001', 'aor', 'national')
    """
    text = (scope or "").strip()
    if not text or text.lower() == "national":
        return NATIONAL
    if _FIPS.fullmatch(text):
        return Agency(AgencyKind.FIPS, text.zfill(5))
    if _AOR.fullmatch(text):
        return Agency(AgencyKind.AOR, text.upper())
    raise AgencyError(text, where=where)


@dataclass(frozen=True, slots=True)
class CompletionRecord:
    """One officer passed one module's check, having studied one audience's materials."""

    user_id: str
    agency: Agency
    module_id: str
    audience: Audience
    completed_at: datetime
    correct: int
    total: int
    content_digest: str  # which text of the module the officer studied

    @property
    def score(self) -> float:
        return self.correct / self.total


class CompletionRepository(Protocol):
    """Where completion records live; `storage.training_records.SqlTrainingRecords` is the database one."""

    def add(self, record: CompletionRecord) -> None: ...

    def for_officer(self, user_id: str) -> Sequence[CompletionRecord]: ...

    def for_agency(self, agency: Agency | None) -> Sequence[CompletionRecord]:
        """Records of one agency, or of every agency when `agency` is None."""
        ...


class InMemoryCompletions:
    """A list-backed repository for demos and tests of the service (same contract as the database one)."""

    def __init__(self) -> None:
        self._records: list[CompletionRecord] = []

    def add(self, record: CompletionRecord) -> None:
        self._records.append(record)

    def for_officer(self, user_id: str) -> Sequence[CompletionRecord]:
        return sorted((r for r in self._records if r.user_id == user_id), key=lambda r: r.completed_at)

    def for_agency(self, agency: Agency | None) -> Sequence[CompletionRecord]:
        chosen = (r for r in self._records if agency is None or r.agency == agency)
        return sorted(chosen, key=lambda r: r.completed_at)


@dataclass(frozen=True, slots=True)
class ModuleTally:
    """How many different officers of an agency completed one module, by audience and in all."""

    module_id: str
    front_line: int
    commander: int
    officers: int  # each officer once, whichever audience they studied
    last_completed_at: datetime | None


@dataclass(frozen=True, slots=True)
class AgencySummary:
    agency: Agency
    officers: int  # different officers with at least one completion
    completions: int  # records, re-takes included
    modules: tuple[ModuleTally, ...]  # every module of the series, in series order


@dataclass(frozen=True, slots=True)
class Submission:
    """A graded attempt and, when it passed, the record it made."""

    grade: Grade
    record: CompletionRecord | None


class TrainingRecords:
    """Grade knowledge checks, record passes, and summarise completion per agency."""

    def __init__(self, repository: CompletionRepository, *, catalog: Catalog, clock: Clock) -> None:
        self._repository = repository
        self._catalog = catalog
        self._clock = clock

    @property
    def catalog(self) -> Catalog:
        """The series this service grades against."""
        return self._catalog

    def submit(
        self,
        module_id: str,
        *,
        user_id: str,
        agency: Agency,
        audience: str | Audience,
        answers: Mapping[str, str],
    ) -> Submission:
        """Grade one attempt; a pass is stored as a completion at the clock's time."""
        if not _USER.fullmatch(user_id):
            raise AnswerError(
                f"{user_id!r} is not a user id (1-64 characters, no spaces)", module_id=module_id
            )
        module = self._catalog.module(module_id)
        chosen = parse_audience(audience)
        result = grade(module.knowledge_check, answers)
        if not result.passed:
            return Submission(grade=result, record=None)
        record = CompletionRecord(
            user_id=user_id,
            agency=agency,
            module_id=module.id,
            audience=chosen,
            completed_at=require_aware(self._clock.now(), name="clock"),
            correct=result.correct,
            total=result.total,
            content_digest=module.digest,
        )
        self._repository.add(record)
        return Submission(grade=result, record=record)

    def completions_for(self, user_id: str) -> Sequence[CompletionRecord]:
        return self._repository.for_officer(user_id)

    def summary(self, agency: Agency) -> AgencySummary:
        """Completion per module for one agency (modules nobody completed show zeros)."""
        return self._summarise(agency, self._repository.for_agency(agency))

    def summaries(self) -> list[AgencySummary]:
        """One summary per agency that has any completion, ordered by agency kind and code."""
        by_agency: dict[Agency, list[CompletionRecord]] = {}
        for record in self._repository.for_agency(None):
            by_agency.setdefault(record.agency, []).append(record)
        return [self._summarise(agency, records) for agency, records in sorted(by_agency.items())]

    def _summarise(self, agency: Agency, records: Sequence[CompletionRecord]) -> AgencySummary:
        tallies: list[ModuleTally] = []
        for module in self._catalog.modules:
            mine = [r for r in records if r.module_id == module.id]
            tallies.append(
                ModuleTally(
                    module_id=module.id,
                    front_line=len({r.user_id for r in mine if r.audience is Audience.FRONT_LINE}),
                    commander=len({r.user_id for r in mine if r.audience is Audience.COMMANDER}),
                    officers=len({r.user_id for r in mine}),
                    last_completed_at=max((r.completed_at for r in mine), default=None),
                )
            )
        return AgencySummary(
            agency=agency,
            officers=len({r.user_id for r in records}),
            completions=len(records),
            modules=tuple(tallies),
        )
