"""How LESC reads the matched IDENT identity's encounters into a status determination, with reasons.

LESC sees only the records: when a naturalisation or a derived citizenship never reached IDENT, the
records say "LPR", and this determination will say so too. That is the program's real failure mode,
and why the field office verifies citizenship before any hold begins (see `field_office`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from securecomm.agencies.ports import EncounterRecord
from securecomm.messages.criminal_history import HistoryEvent, HistoryEventKind
from securecomm.messages.immigration_query import StatusDetermination
from securecomm.rules import Case, Conviction, Immigration, ImmigrationStatus, Removability, removability

__all__ = ["determine_status"]

# Recorded statuses written by IDENT encounters (synthetic world's vocabulary, as an agency reads it).
NATURALISED = "naturalised"
DERIVED_CITIZEN = "derived_citizen"
LPR = "lpr"
ADMITTED = "admitted"
VISA_ISSUED = "visa_issued"
APPREHENDED = "apprehended"
ORDERED_REMOVED = "ordered_removed"
REMOVED = "removed"


def _latest(encounters: Sequence[EncounterRecord], status: str) -> EncounterRecord | None:
    found = [e for e in encounters if e.recorded_status == status]
    return max(found, key=lambda e: e.on) if found else None


def determine_status(
    fin: str,
    encounters: Sequence[EncounterRecord],
    *,
    history: Sequence[HistoryEvent],
    as_of: date,
) -> StatusDetermination:
    """The status the records support on `as_of`, most decisive record first."""
    known = sorted((e for e in encounters if e.on <= as_of), key=lambda e: e.on)
    a_number = next((e.a_number for e in reversed(known) if e.a_number), None)
    entry = next((e.on for e in known if e.recorded_status in (ADMITTED, APPREHENDED, LPR)), None)
    base = StatusDetermination(
        status=ImmigrationStatus.EWI, removable=True, reasons=(), fin=fin, a_number=a_number, entry_on=entry
    )
    if citizen := _latest(known, NATURALISED) or _latest(known, DERIVED_CITIZEN):
        how = "naturalization" if citizen.recorded_status == NATURALISED else "a certificate of citizenship"
        status = (
            ImmigrationStatus.NATURALIZED if citizen.recorded_status == NATURALISED else ImmigrationStatus.USC
        )
        return replace(
            base,
            status=status,
            removable=False,
            reasons=(f"IDENT records {how} on {citizen.on.isoformat()}: a United States citizen.",),
        )
    removals = tuple(e.on for e in known if e.recorded_status == REMOVED)
    if removals:
        return replace(
            base,
            status=ImmigrationStatus.REENTRY_AFTER_REMOVAL,
            removal_dates=removals,
            reasons=(
                f"IDENT records removal on {removals[-1].isoformat()}; the person is again in the United States.",
            ),
        )
    if order := _latest(known, ORDERED_REMOVED):
        return replace(
            base,
            status=ImmigrationStatus.FINAL_ORDER,
            final_order_on=order.on,
            reasons=(f"IDENT records a final order of removal of {order.on.isoformat()}.",),
        )
    if lpr := _latest(known, LPR):
        status = ImmigrationStatus.LPR
        reasons = [
            f"IDENT records adjustment to lawful permanent residence on {lpr.on.isoformat()}; "
            "no naturalization is on record."
        ]
    elif admitted := _latest(known, ADMITTED) or _latest(known, VISA_ISSUED):
        until_text = admitted.data.get("admitted_until")
        until = date.fromisoformat(until_text) if isinstance(until_text, str) else None
        if until is not None and until < as_of:
            status = ImmigrationStatus.OVERSTAY
            reasons = [f"Admitted until {until.isoformat()}; no extension or change of status on record."]
        else:
            status = ImmigrationStatus.VISA
            reasons = [f"Admitted on {admitted.on.isoformat()} in nonimmigrant status, still in its period."]
    elif apprehended := _latest(known, APPREHENDED):
        return replace(
            base,
            status=ImmigrationStatus.EWI,
            apprehended_at_border=True,
            reasons=(f"IDENT records an apprehension at the border on {apprehended.on.isoformat()}.",),
        )
    else:
        return replace(
            base,
            status=ImmigrationStatus.EWI,
            reasons=("IDENT matched, but no record of lawful admission or status was found.",),
        )
    exposure, why = removability(
        Case(charges=(), convictions=_convictions(history), immigration=Immigration(status=status))
    )
    removable = exposure in (Removability.REMOVABLE, Removability.POSSIBLE_GROUND)
    return replace(base, status=status, removable=removable, reasons=(*reasons, why))


def _convictions(history: Sequence[HistoryEvent]) -> tuple[Conviction, ...]:
    return tuple(
        Conviction(
            ncic=e.ncic,
            on=e.on,
            offense_class=e.offense_class,
            traffic=e.traffic,
            sentence_days=e.sentence_days,
            aggravated_felony=e.aggravated_felony,
        )
        for e in history
        if e.kind is HistoryEventKind.CONVICTION
    )
