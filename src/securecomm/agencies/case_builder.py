"""Turn what a field office knows (the IAR and the identity history) into the rules' `Case`."""

from __future__ import annotations

from datetime import date

from securecomm.messages.booking import Charge as BookingCharge
from securecomm.messages.booking import VictimWitnessIndicators
from securecomm.messages.criminal_history import HistoryEvent, HistoryEventKind
from securecomm.messages.immigration_query import Iar, StatusDetermination
from securecomm.rules import Case, Charge, Conviction, Factor, Immigration

__all__ = ["case_from_iar", "factors_from_indicators", "immigration_from_determination"]


def factors_from_indicators(indicators: VictimWitnessIndicators) -> frozenset[Factor]:
    """The victim and witness indicators a booking records, as discretion factors (17 June 2011 memo)."""
    factors: set[Factor] = set()
    if (
        indicators.dual_arrest_domestic_violence
        or indicators.u_visa_certification
        or indicators.t_visa_certification
        or indicators.vawa_petition
    ):
        factors.add(Factor.VICTIM)
    if indicators.witness_in_pending_case:
        factors.add(Factor.WITNESS)
    if indicators.u_visa_certification or indicators.t_visa_certification or indicators.vawa_petition:
        factors.add(Factor.LIKELY_RELIEF)
    return frozenset(factors)


def immigration_from_determination(determination: StatusDetermination) -> Immigration:
    return Immigration(
        status=determination.status,
        entry_date=determination.entry_on,
        final_order_date=determination.final_order_on,
        removal_dates=determination.removal_dates,
        apprehended_at_border=determination.apprehended_at_border,
        visa_abuse=determination.visa_abuse,
        fraud=determination.fraud,
        failed_to_appear=determination.failed_to_appear,
        biometric_match=True,  # the case exists because IDENT matched the booking's prints
    )


def _charge(charge: BookingCharge, on: date) -> Charge:
    return Charge(ncic=charge.ncic, on=on, offense_class=charge.offense_class, traffic=charge.traffic)


def _conviction(event: HistoryEvent) -> Conviction:
    return Conviction(
        ncic=event.ncic,
        on=event.on,
        offense_class=event.offense_class,
        traffic=event.traffic,
        sentence_days=event.sentence_days,
        aggravated_felony=event.aggravated_felony,
        incident=f"{event.fips}:{event.on.isoformat()}",
    )


def case_from_iar(iar: Iar, *, extra_convictions: tuple[HistoryEvent, ...] = (), booked_on: date) -> Case:
    """The rules' view of the person: this booking's charges, past convictions, and LESC's determination."""
    search = iar.iaq.search
    history = (*search.history, *extra_convictions)
    convictions = tuple(_conviction(e) for e in history if e.kind is HistoryEventKind.CONVICTION)
    return Case(
        charges=tuple(_charge(c, booked_on) for c in search.charges),
        convictions=convictions,
        immigration=immigration_from_determination(iar.determination),
        factors=factors_from_indicators(search.indicators),
        birth_date=search.subject.date_of_birth,
        case_id=search.booking_id,
    )
