"""The synthetic world the booking flow runs on: real counties, synthetic people, arrests and court outcomes.

Pure and deterministic (services layer): no file or database I/O beyond reading the packaged county table,
no wall clock, no global random state; every draw comes from (world seed, county, day or person, purpose).
Ground truth (`TruePerson`, `TrueStatus`, `SimulatedBooking.person_id`, `CourtOutcome`) is kept in types of
its own, apart from what agencies may read (`Booking`, `IdentEncounter`, `CriminalRecord`).
See docs/synthetic-world.md.
"""

from securecomm.synth.arrests import (
    Booking,
    BookingIndicators,
    BookingSubject,
    Charge,
    SimulatedBooking,
    expected_bookings_per_day,
)
from securecomm.synth.calibration import (
    NATIONAL_DETAINERS_BY_YEAR,
    REFERENCE_FIGURES,
    ExpectedCounts,
    PersonRates,
    ReferenceFigure,
    expected_counts,
    national_equivalent,
    person_rates,
)
from securecomm.synth.courts import Conviction, CourtOutcome, Disposition, ReleaseReason
from securecomm.synth.criminal import CriminalRecord
from securecomm.synth.errors import (
    MalformedFips,
    ReferenceTableError,
    UnknownJurisdiction,
    WorldParameterError,
)
from securecomm.synth.field_offices import FieldOffice
from securecomm.synth.ident import (
    ApparentStatus,
    EncounterKind,
    FingerprintRef,
    IdentEncounter,
    RecordedStatus,
    apparent_status,
)
from securecomm.synth.jurisdictions import (
    Jurisdiction,
    find_jurisdiction,
    load_jurisdictions,
    normalise_fips,
    parse_jurisdictions,
    pick_counties,
)
from securecomm.synth.offenses import OFFENSES, Offense, OffenseFamily, offense
from securecomm.synth.parameters import WorldParameters
from securecomm.synth.people import ArrestClass, Sex, TruePerson
from securecomm.synth.status import TrueStatus
from securecomm.synth.world import CountyPool, World

__all__ = [
    "NATIONAL_DETAINERS_BY_YEAR",
    "OFFENSES",
    "REFERENCE_FIGURES",
    "ApparentStatus",
    "ArrestClass",
    "Booking",
    "BookingIndicators",
    "BookingSubject",
    "Charge",
    "Conviction",
    "CountyPool",
    "CourtOutcome",
    "CriminalRecord",
    "Disposition",
    "EncounterKind",
    "ExpectedCounts",
    "FieldOffice",
    "FingerprintRef",
    "IdentEncounter",
    "Jurisdiction",
    "MalformedFips",
    "Offense",
    "OffenseFamily",
    "PersonRates",
    "RecordedStatus",
    "ReferenceFigure",
    "ReferenceTableError",
    "ReleaseReason",
    "Sex",
    "SimulatedBooking",
    "TruePerson",
    "TrueStatus",
    "UnknownJurisdiction",
    "World",
    "WorldParameterError",
    "WorldParameters",
    "apparent_status",
    "expected_bookings_per_day",
    "expected_counts",
    "find_jurisdiction",
    "load_jurisdictions",
    "national_equivalent",
    "normalise_fips",
    "offense",
    "parse_jurisdictions",
    "person_rates",
    "pick_counties",
]
