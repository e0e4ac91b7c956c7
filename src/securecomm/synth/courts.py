"""What happens to a booking in court: the release-eligible event and the disposition, as future ground truth.

The jail learns these only when they happen; the simulation schedules them. Model (docs/synthetic-world.md
§3.4), orders of magnitude from BJS jail and pretrial statistics [U]:

* pretrial release (bail posted or own recognisance): 65 % of misdemeanour and 40 % of felony bookings,
  after a median of 8 h (misdemeanour) or 30 h (felony);
* the others stay until disposition: a median of 5 days (misdemeanour) or 45 days (felony); a quarter of
  those cases are dismissed, the rest end in a conviction;
* a conviction's sentence: a misdemeanour is time served six times in ten, else a median of 20 days; a
  felony a median of a year. Time already served counts. The person becomes release-eligible at the end.
* released people's cases end later (median 30 / 60 days) in a conviction 55 % / 60 % of the time.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from securecomm.clock import require_aware
from securecomm.synth.criminal import sentence_days

__all__ = [
    "CONVICTION_IF_DETAINED",
    "CONVICTION_IF_RELEASED",
    "PRETRIAL_RELEASE",
    "Conviction",
    "CourtOutcome",
    "Disposition",
    "ReleaseReason",
    "court_outcome",
]

# Keyed by felony (True) or misdemeanour (False).
PRETRIAL_RELEASE = {True: 0.40, False: 0.65}
CONVICTION_IF_RELEASED = {True: 0.60, False: 0.55}
CONVICTION_IF_DETAINED = 0.75  # the others are dismissed


class ReleaseReason(enum.StrEnum):
    """Why the jail may release the person (the event a detainer hold starts from)."""

    BAIL_POSTED = "bail_posted"
    OWN_RECOGNIZANCE = "own_recognizance"
    CHARGES_DISMISSED = "charges_dismissed"
    TIME_SERVED = "time_served"
    SENTENCE_SERVED = "sentence_served"


class Disposition(enum.StrEnum):
    CONVICTED = "convicted"
    DISMISSED = "dismissed"


@dataclass(frozen=True, slots=True)
class Conviction:
    offense_code: str
    felony: bool
    sentence_days: int  # 0: time served


@dataclass(frozen=True, slots=True)
class CourtOutcome:
    """The booking's future: when the person becomes release-eligible and how the case ends (UTC instants)."""

    release_eligible_at: datetime
    release_reason: ReleaseReason
    disposition: Disposition
    disposed_at: datetime
    conviction: Conviction | None

    @property
    def detained_until_disposition(self) -> bool:
        return self.release_reason not in (ReleaseReason.BAIL_POSTED, ReleaseReason.OWN_RECOGNIZANCE)


def _lognormal_hours(rng: np.random.Generator, median_hours: float, sigma: float = 0.9) -> timedelta:
    return timedelta(hours=max(0.5, float(rng.lognormal(np.log(median_hours), sigma))))


def court_outcome(
    rng: np.random.Generator, *, booked_at: datetime, offense_code: str, felony: bool
) -> CourtOutcome:
    """Draw the outcome of a booking on its most serious charge (`rng` is the booking's own stream)."""
    require_aware(booked_at, name="booked_at")
    released_pretrial = rng.random() < PRETRIAL_RELEASE[felony]
    if released_pretrial:
        release_at = booked_at + _lognormal_hours(rng, 30.0 if felony else 8.0)
        reason = ReleaseReason.BAIL_POSTED if felony or rng.random() < 0.5 else ReleaseReason.OWN_RECOGNIZANCE
        disposed_at = release_at + _lognormal_hours(rng, 24.0 * (60.0 if felony else 30.0), 0.6)
        convicted = rng.random() < CONVICTION_IF_RELEASED[felony]
        conviction = (
            Conviction(offense_code, felony, 0 if not felony else sentence_days(rng, felony=True))
            if convicted
            else None
        )
        return CourtOutcome(
            release_eligible_at=release_at,
            release_reason=reason,
            disposition=Disposition.CONVICTED if convicted else Disposition.DISMISSED,
            disposed_at=disposed_at,
            conviction=conviction,
        )
    disposed_at = booked_at + _lognormal_hours(rng, 24.0 * (45.0 if felony else 5.0), 0.8)
    if rng.random() >= CONVICTION_IF_DETAINED:
        return CourtOutcome(
            disposed_at, ReleaseReason.CHARGES_DISMISSED, Disposition.DISMISSED, disposed_at, None
        )
    if not felony and rng.random() < 0.6:
        days = 0
    else:
        days = (
            sentence_days(rng, felony=felony)
            if felony
            else max(1, round(float(rng.lognormal(np.log(20), 0.7))))
        )
    served = disposed_at - booked_at
    remaining = timedelta(days=days) - served
    if remaining <= timedelta(0):
        return CourtOutcome(
            disposed_at,
            ReleaseReason.TIME_SERVED,
            Disposition.CONVICTED,
            disposed_at,
            Conviction(offense_code, felony, days),
        )
    return CourtOutcome(
        disposed_at + remaining,
        ReleaseReason.SENTENCE_SERVED,
        Disposition.CONVICTED,
        disposed_at,
        Conviction(offense_code, felony, days),
    )
