"""What DHS IDENT holds about a synthetic person: biometric encounters, as an agency would read them.

Lawful people are in IDENT too (visa applicants, LPRs, naturalised citizens). And IDENT can be wrong in the
way that matters most: THE FAILURE MODE this world reproduces on purpose is a record that stops at the LPR
stage for someone who has since become a citizen, by naturalisation (`stale_naturalisation_rate`) or by
derivation from a parent (`stale_derived_rate`, high because derivation happens by law and is recorded only
if the person files an N-600). Read alone, such a record suggests an LPR, removable after some convictions.
A few US-born citizens also carry an erroneous apprehension or removal record (`ident_coverage[USC_BIRTH]`).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from securecomm.synth.parameters import WorldParameters
from securecomm.synth.people import TruePerson
from securecomm.synth.randomness import generator
from securecomm.synth.status import TrueStatus

__all__ = [
    "ApparentStatus",
    "EncounterKind",
    "FingerprintRef",
    "IdentEncounter",
    "RecordedStatus",
    "apparent_status",
    "ident_encounters",
]


@dataclass(frozen=True, slots=True)
class FingerprintRef:
    """A ten-print capture: impression `impression` of the fingers of identity `seed` (all ten fingers).

    The synthetic print generator renders it; the world never renders images itself. Impression numbers
    are opaque and distinct for every capture of the same person.
    """

    seed: int
    impression: int


class EncounterKind(enum.StrEnum):
    VISA_APPLICATION = "visa_application"
    PORT_OF_ENTRY_ADMISSION = "port_of_entry_admission"
    BORDER_APPREHENSION = "border_apprehension"
    LPR_ADJUSTMENT = "lpr_adjustment"
    NATURALISATION = "naturalisation"
    CITIZENSHIP_CERTIFICATE = "citizenship_certificate"  # N-600: derived citizenship recognised
    REMOVAL_ORDER = "removal_order"
    REMOVAL = "removal"


class RecordedStatus(enum.StrEnum):
    """The status an encounter records, as of that encounter."""

    VISA_ISSUED = "visa_issued"
    ADMITTED = "admitted"
    APPREHENDED = "apprehended"
    LPR = "lpr"
    NATURALISED = "naturalised"
    DERIVED_CITIZEN = "derived_citizen"
    ORDERED_REMOVED = "ordered_removed"
    REMOVED = "removed"


class ApparentStatus(enum.StrEnum):
    """What an IDENT history suggests on a date, read naively (the LESC checks more than this)."""

    NO_RECORD = "no_record"
    CITIZEN = "citizen"
    LPR = "lpr"
    NONIMMIGRANT = "nonimmigrant"
    OVERSTAY = "overstay"
    VISA_ONLY = "visa_only"
    APPREHENDED = "apprehended"
    FINAL_ORDER = "final_order"
    PREVIOUSLY_REMOVED = "previously_removed"


@dataclass(frozen=True, slots=True)
class IdentEncounter:
    """One biometric encounter in IDENT: what the agencies may read (no ground truth here)."""

    encounter_id: str
    kind: EncounterKind
    occurred_on: date
    recorded_status: RecordedStatus
    family_name: str
    given_name: str
    born_on: date
    nationality: str  # as recorded then (ISO 3166-1 alpha-2)
    fingerprint: FingerprintRef
    a_number: str | None = None
    admitted_until: date | None = None


_KIND_STATUS = {
    EncounterKind.VISA_APPLICATION: RecordedStatus.VISA_ISSUED,
    EncounterKind.PORT_OF_ENTRY_ADMISSION: RecordedStatus.ADMITTED,
    EncounterKind.BORDER_APPREHENSION: RecordedStatus.APPREHENDED,
    EncounterKind.LPR_ADJUSTMENT: RecordedStatus.LPR,
    EncounterKind.NATURALISATION: RecordedStatus.NATURALISED,
    EncounterKind.CITIZENSHIP_CERTIFICATE: RecordedStatus.DERIVED_CITIZEN,
    EncounterKind.REMOVAL_ORDER: RecordedStatus.ORDERED_REMOVED,
    EncounterKind.REMOVAL: RecordedStatus.REMOVED,
}


def _events(
    person: TruePerson, rng_value: float, params: WorldParameters
) -> list[tuple[EncounterKind, date]]:
    """The encounters the person's true history produces, before coverage and staleness are applied."""
    s, entered = person.status, person.entered_on
    week = timedelta(days=7)
    events: list[tuple[EncounterKind, date]] = []
    if s is TrueStatus.USC_BIRTH:
        day = params.start_on - timedelta(days=400)
        kind = EncounterKind.BORDER_APPREHENSION if rng_value < 0.5 else EncounterKind.REMOVAL
        return [(kind, day)]
    assert entered is not None
    if s in (TrueStatus.NONIMMIGRANT, TrueStatus.OVERSTAY):
        events += [
            (EncounterKind.VISA_APPLICATION, entered - 6 * week),
            (EncounterKind.PORT_OF_ENTRY_ADMISSION, entered),
        ]
    elif s in (TrueStatus.EWI, TrueStatus.FINAL_ORDER):
        events.append((EncounterKind.BORDER_APPREHENSION, entered))
    elif s is TrueStatus.REENTRY:
        assert person.removed_on is not None and person.removal_ordered_on is not None
        events += [
            (EncounterKind.BORDER_APPREHENSION, person.removal_ordered_on - 4 * week),
            (EncounterKind.REMOVAL_ORDER, person.removal_ordered_on),
            (EncounterKind.REMOVAL, person.removed_on),
        ]
    else:  # settled: came as an immigrant, adjusted, perhaps naturalised or derived citizenship
        events += [
            (EncounterKind.VISA_APPLICATION, entered - 8 * week),
            (EncounterKind.PORT_OF_ENTRY_ADMISSION, entered),
        ]
        assert person.lpr_on is not None
        events.append((EncounterKind.LPR_ADJUSTMENT, person.lpr_on))
        if s is TrueStatus.USC_NATURALISED:
            assert person.citizen_since is not None
            events.append((EncounterKind.NATURALISATION, person.citizen_since))
        elif s is TrueStatus.USC_DERIVED:
            assert person.citizen_since is not None
            events.append((EncounterKind.CITIZENSHIP_CERTIFICATE, person.citizen_since + 52 * week))
    if s is TrueStatus.FINAL_ORDER:
        assert person.removal_ordered_on is not None
        events.append((EncounterKind.REMOVAL_ORDER, person.removal_ordered_on))
    return [(k, d) for k, d in events if d < params.start_on]


def ident_encounters(person: TruePerson, params: WorldParameters) -> tuple[IdentEncounter, ...]:
    """The person's IDENT history on the world's start date (empty: not in IDENT). Pure and deterministic."""
    rng = generator(params.seed, int(person.fips), person.index, "ident")
    covered = rng.random() < params.ident_coverage[person.status]
    kind_draw, stale_draw = rng.random(), rng.random()
    if not covered:
        return ()
    events = _events(person, kind_draw, params)
    if person.status is TrueStatus.USC_NATURALISED and stale_draw < params.stale_naturalisation_rate:
        events = [(k, d) for k, d in events if k is not EncounterKind.NATURALISATION]
    if person.status is TrueStatus.USC_DERIVED and stale_draw < params.stale_derived_rate:
        events = [(k, d) for k, d in events if k is not EncounterKind.CITIZENSHIP_CERTIFICATE]
    # A US-born citizen wrongly processed is recorded under a foreign nationality.
    recorded_nationality = "MX" if person.status is TrueStatus.USC_BIRTH else person.country_of_birth
    out: list[IdentEncounter] = []
    for number, (kind, day) in enumerate(sorted(events, key=lambda e: e[1]), start=1):
        out.append(
            IdentEncounter(
                encounter_id=f"enc-{person.person_id.removeprefix('per-')}-{number}",
                kind=kind,
                occurred_on=day,
                recorded_status=_KIND_STATUS[kind],
                family_name=person.family_name,
                given_name=person.given_name,
                born_on=person.born_on,
                nationality=recorded_nationality,
                fingerprint=FingerprintRef(person.fingerprint_seed, number),
                a_number=person.a_number if kind not in (EncounterKind.VISA_APPLICATION,) else None,
                admitted_until=person.admitted_until
                if kind is EncounterKind.PORT_OF_ENTRY_ADMISSION
                else None,
            )
        )
    return tuple(out)


def apparent_status(encounters: Sequence[IdentEncounter], *, on: date) -> ApparentStatus:
    """What the encounters suggest on `on`, read in date order without any other database.

    >>> apparent_status((), on=date(2012, 1, 1))
    <ApparentStatus.NO_RECORD: 'no_record'>
    """
    state = ApparentStatus.NO_RECORD
    for encounter in sorted(encounters, key=lambda e: e.occurred_on):
        recorded = encounter.recorded_status
        if recorded in (RecordedStatus.NATURALISED, RecordedStatus.DERIVED_CITIZEN):
            state = ApparentStatus.CITIZEN
        elif state is ApparentStatus.CITIZEN:
            continue
        elif recorded is RecordedStatus.REMOVED:
            state = ApparentStatus.PREVIOUSLY_REMOVED
        elif state is ApparentStatus.PREVIOUSLY_REMOVED:
            continue
        elif recorded is RecordedStatus.ORDERED_REMOVED:
            state = ApparentStatus.FINAL_ORDER
        elif recorded is RecordedStatus.LPR:
            state = ApparentStatus.LPR
        elif recorded is RecordedStatus.ADMITTED and state not in (
            ApparentStatus.LPR,
            ApparentStatus.FINAL_ORDER,
        ):
            until = encounter.admitted_until
            state = (
                ApparentStatus.NONIMMIGRANT if until is not None and until >= on else ApparentStatus.OVERSTAY
            )
        elif recorded is RecordedStatus.VISA_ISSUED and state is ApparentStatus.NO_RECORD:
            state = ApparentStatus.VISA_ONLY
        elif recorded is RecordedStatus.APPREHENDED and state in (
            ApparentStatus.NO_RECORD,
            ApparentStatus.VISA_ONLY,
        ):
            state = ApparentStatus.APPREHENDED
    if state is ApparentStatus.NONIMMIGRANT:
        latest = max((e for e in encounters if e.admitted_until is not None), key=lambda e: e.occurred_on)
        if latest.admitted_until is not None and latest.admitted_until < on:
            state = ApparentStatus.OVERSTAY
    return state
