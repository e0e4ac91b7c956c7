"""Databases for the monitoring's database path: one filled by the real booking flow, one written row by row.

`FlowWorld` runs bookings through the real agencies, rules, outbox, dispatcher and SQLite, with only the
biometric search and the citizenship records answered from tables (as the scenario tests' `flow_kit`
does), so the counts come from records the flow itself wrote. `rows_world` writes the flow's tables
directly for many counties and two quarters, with one county arresting for minor offenses far more than
its peers in 2012Q2: big enough for the statistics to flag it, fast enough for the CLI and web tests.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np

from securecomm.agencies.officer_policy import PolicyRates, SimulatedOfficerPolicy
from securecomm.agencies.ports import Candidate, CitizenshipFinding, SearchResult
from securecomm.app.system import System
from securecomm.ids import MessageId, deterministic_id
from securecomm.messages import Address, Envelope, MessageKind
from securecomm.messages.booking import BookingSubmitted, Charge, Subject, VictimWitnessIndicators
from securecomm.messages.custody import ReleaseDue, ReleaseReason
from securecomm.rules import OffenseClass
from securecomm.storage.agency_tables import (
    BookingRow,
    CaseRow,
    DecisionRow,
    DetainerRow,
    IdentEncounterRow,
    IdentSearchRow,
)
from securecomm.storage.db import Database, open_database
from securecomm.storage.tables import JurisdictionRow

HARRIS, MARICOPA = "48201", "04013"  # Maricopa is never activated in these worlds: nothing is forwarded

DUI = (Charge("5404", "DRIVING UNDER INFLUENCE", OffenseClass.MISDEMEANOR, traffic=True),)  # Level 3
NO_LICENSE = (Charge("5499", "DRIVING WITHOUT A LICENSE", OffenseClass.MISDEMEANOR, traffic=True),)  # Level 3
BURGLARY = (Charge("2299", "BURGLARY", OffenseClass.FELONY),)  # Level 2
ROBBERY = (Charge("1299", "ROBBERY", OffenseClass.FELONY),)  # Level 1


@dataclass
class _Biometrics:
    hits: dict[str, str] = field(default_factory=dict)  # IDENT: transaction sha -> FIN

    def search(self, gallery: str, transaction_sha256: str) -> SearchResult:
        fin = self.hits.get(transaction_sha256) if gallery == "ident" else None
        return SearchResult(candidates=(Candidate(fin, 97.0),) if fin else (), threshold=40.0)

    def enrol(self, gallery: str, subject_id: str, encounter_id: str, sha: str, *, at: datetime) -> None:
        pass  # nothing to remember: searches answer from `hits`


class _NoCitizens:
    def verify(self, booking_id: str) -> CitizenshipFinding:
        return CitizenshipFinding(False, "no birth, naturalization or derivation record")


class FlowWorld:
    """Harris County (activated 2008) and Maricopa County (never activated), bookings through the real flow."""

    def __init__(self, directory: Path) -> None:
        self.url = f"sqlite:///{directory / 'flow.db'}"
        self.db = open_database(self.url)
        self.biometrics = _Biometrics()
        self.system = System(
            database=self.db,
            biometrics=lambda _s: self.biometrics,
            citizenship=lambda _s: _NoCitizens(),
            policy=SimulatedOfficerPolicy(
                seed=3, rates=PolicyRates(pickup_within_deadline=1.0, voluntary_return_when_offered=1.0)
            ),
        )
        with self.db.transaction() as tx:
            tx.add_all([
                JurisdictionRow(fips=HARRIS, name="Harris County", state="TX", tz="America/Chicago", aor="HOU",
                                activated_on=date(2008, 10, 27), ori="TX1010000", size=4_092_459.0),
                JurisdictionRow(fips=MARICOPA, name="Maricopa County", state="AZ", tz="America/Phoenix", aor="PHO",
                                activated_on=None, ori="AZ0070000", size=3_817_117.0),
            ])  # fmt: skip

    def encounter(self, fin: str, on: date) -> None:
        """An IDENT record of a border apprehension: the person entered without inspection (removable)."""
        with self.db.transaction() as tx:
            tx.add(IdentEncounterRow(encounter_id=f"{fin}-{on}", fin=fin, kind="border_apprehension", on=on,
                                     recorded_status="apprehended", a_number="A012345678", nationality="MX", data={}))  # fmt: skip

    def book(self, name: str, *, at: datetime, charges: tuple[Charge, ...], fips: str = HARRIS,
             fin: str | None = None) -> str:  # fmt: skip
        booking_id = deterministic_id("bk", name)
        sha = deterministic_id("sha", name).ljust(64, "0")[:64]
        if fin is not None:
            self.biometrics.hits[sha] = fin
        booking = BookingSubmitted(
            booking_id=booking_id, tcn=f"TCN-{booking_id}", fips=fips, ori="TX1010000",
            facility_tz="America/Chicago" if fips == HARRIS else "America/Phoenix", booked_at=at,
            subject=Subject(name, date(1985, 6, 1), "M", "MX", "MX", "es"), charges=charges,
            transaction_sha256=sha, indicators=VictimWitnessIndicators(),
        )  # fmt: skip
        release_at = at + timedelta(days=2)
        release = Envelope(
            message_id=MessageId(deterministic_id("msg", booking_id, "release")), kind=MessageKind.RELEASE_DUE,
            schema_version=1, sender=f"court:{fips}", recipient=Address.custody(fips), correlation_id=booking_id,
            causation_id=None, sent_at=at, deliver_at=release_at,
            payload=ReleaseDue(booking_id, ReleaseReason.BAIL_POSTED, release_at),
        )  # fmt: skip
        self.system.act(lambda unit: [*self.system.jail.book(booking, unit), release])
        return booking_id

    def run(self, until: datetime) -> None:
        self.system.deliver(until=until)


def at(year: int, month: int, day: int, hour: int = 16) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


# -- a world written row by row --------------------------------------------------------------------------------

COUNTIES = (  # (fips, name, state, aor, activated_on): 14 counties, one never activated
    ("48201", "Harris County", "TX", "HOU", date(2008, 10, 27)),
    ("48113", "Dallas County", "TX", "DAL", date(2009, 2, 17)),
    ("48029", "Bexar County", "TX", "SNA", date(2008, 10, 27)),
    ("48453", "Travis County", "TX", "SNA", date(2008, 10, 27)),
    ("48439", "Tarrant County", "TX", "DAL", date(2009, 2, 17)),
    ("48141", "El Paso County", "TX", "ELP", date(2008, 10, 27)),
    ("06037", "Los Angeles County", "CA", "LOS", date(2009, 8, 27)),
    ("06073", "San Diego County", "CA", "SND", date(2009, 5, 26)),
    ("06059", "Orange County", "CA", "LOS", date(2010, 3, 16)),
    ("06065", "Riverside County", "CA", "LOS", date(2010, 3, 16)),
    ("04013", "Maricopa County", "AZ", "PHO", date(2009, 6, 16)),
    ("12086", "Miami-Dade County", "FL", "MIA", date(2009, 2, 24)),
    ("36061", "New York County", "NY", "NYC", date(2012, 5, 15)),
    ("17031", "Cook County", "IL", "CHI", None),
)
# Travis County in 2012Q2: an arrest mix like its peers' (about 40 % minor), yet four in five of its IDENT
# matches minor, against about one in four elsewhere: noncitizens arrested for minor offenses out of proportion.
PLANTED = "48453"
QUARTERS = ((2012, 1), (2012, 2))
MINOR_CHARGES = [
    {
        "ncic": "5499",
        "description": "DRIVING WITHOUT A LICENSE",
        "offense_class": "misdemeanor",
        "traffic": True,
    }
]
OTHER_CHARGES = [{"ncic": "2299", "description": "BURGLARY", "offense_class": "felony", "traffic": False}]


def _advice(conviction_level: str) -> dict[str, object]:
    return {"identification_level": "L3", "conviction_level": conviction_level, "priority": "P1"}


def build_rows_world(db: Database, *, seed: int = 5) -> None:
    """Bookings, IDENT searches, cases, detainers and decisions for every county and quarter (see module)."""
    rng = np.random.default_rng(seed)
    with db.transaction() as tx:
        tx.add_all([
            JurisdictionRow(fips=f, name=n, state=s, tz="America/Chicago", aor=a, activated_on=on, ori=f"{s}{f}00",
                            size=1.0, receives_idr=True)
            for f, n, s, a, on in COUNTIES
        ])  # fmt: skip
        tx.flush()
        for fips, _name, _state, aor, activated in COUNTIES:
            for year, quarter in QUARTERS:
                first = date(year, 3 * quarter - 2, 1)
                forwarded = activated is not None and activated <= first
                bookings = int(rng.integers(380, 460))
                matched = int(rng.integers(90, 120)) if forwarded else 0
                planted = fips == PLANTED and quarter == 2
                minor_match_share = 0.8 if planted else 0.25 + rng.normal(0, 0.02)
                minor_other_share = 0.22 if planted else 0.45
                for i in range(bookings):
                    booking_id = f"B-{fips}-{year}Q{quarter}-{i:04d}"
                    booked_at = datetime(year, 3 * quarter - 2, 1 + i % 28, 15, tzinfo=UTC)
                    is_match = i < matched
                    minor = rng.random() < (minor_match_share if is_match else minor_other_share)
                    tx.add(BookingRow(booking_id=booking_id, fips=fips, ori="X", tcn=f"TCN-{booking_id}",
                                      booked_at=booked_at, facility_tz="America/Chicago", subject={"name": "Synthetic"},
                                      charges=MINOR_CHARGES if minor else OTHER_CHARGES, indicators={},
                                      transaction_sha256="0" * 64))  # fmt: skip
                    if forwarded:
                        tx.add(IdentSearchRow(booking_id=booking_id, searched_at=booked_at, fin=f"F{i}" if is_match else None,
                                              score=90.0 if is_match else None, idr_sent=True))  # fmt: skip
                    if not is_match:
                        continue
                    case_id = f"C-{booking_id}"
                    convicted = ("L1", "L2", "L3", "NONCRIMINAL")[(i // 10) % 4]
                    tx.add(CaseRow(case_id=case_id, booking_id=booking_id, fips=fips, aor=aor, opened_at=booked_at,
                                   state="closed", fin=f"F{i}", determination={}, advice=_advice(convicted), iar={}))  # fmt: skip
                    if i % 3 == 0:
                        tx.add(DetainerRow(detainer_id=f"D-{booking_id}", booking_id=booking_id, case_id=case_id,
                                           fips=fips, aor=aor, form="I-247-2011", state="ended", issued_at=booked_at,
                                           officer="officer:sim-01", boxes=[], requests_hold=True,
                                           notice_language="es", facility_tz="America/Chicago"))  # fmt: skip
                    if i % 5 == 0:
                        kind = "voluntary_return" if i % 10 == 0 else "notice_to_appear"
                        tx.add(DecisionRow(decision_id=f"dec-{booking_id}", case_id=case_id, kind=kind,
                                           actor="officer:sim-01", reason="after interview",
                                           at=booked_at + timedelta(days=5), follows_advice=True, data={}))  # fmt: skip


def add_complaint(db: Database, fips: str, *, incident_on: date, crcl_review: bool) -> str:
    """A complaint through the complaint system, linked to a county (and triaged to CRCL review or not)."""
    from securecomm.clock import FixedClock
    from securecomm.complaints import Actor, Channel, IntakeContext, LinkKind, PartyRole, Route, parse_intake
    from securecomm.storage.audit_log import SessionAuditLog
    from securecomm.storage.complaint_records import complaint_services

    received = datetime(incident_on.year, incident_on.month, incident_on.day, 20, tzinfo=UTC)
    fields = {"incident_date": incident_on.isoformat(), "place": "county jail", "conduct": "state_local",
              "narrative": "Stopped for a broken tail light and asked for papers."}  # fmt: skip
    staff = Actor("crcl-seed", role="crcl")
    with db.transaction() as tx:
        complaints, _ = complaint_services(tx, SessionAuditLog(tx), FixedClock(received))
        draft = parse_intake(fields, [], IntakeContext(Channel.WEB, "es", incident_on))
        filed = complaints.submit(draft, actor=Actor("public"))
        complaints.acknowledge(filed.complaint_id, actor=staff)
        route = Route.CRCL_REVIEW if crcl_review else Route.OTHER
        complaints.triage(filed.complaint_id, route, actor=staff, reason="Triage for the monitoring tests.")
        complaints.link(
            filed.complaint_id, LinkKind.JURISDICTION, fips, PartyRole.NONE, actor=staff, reason=None
        )
    return filed.complaint_id


_template: list[Path] = []


def rows_world(directory: Path) -> str:
    """A copy of the row-by-row world in `directory` (built once per test process); returns its URL."""
    if not _template:
        folder = Path(tempfile.mkdtemp(prefix="securecomm-oversight-world-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        db = open_database(f"sqlite:///{folder / 'rows.db'}")
        build_rows_world(db)
        add_complaint(db, PLANTED, incident_on=date(2012, 5, 2), crcl_review=True)
        add_complaint(db, PLANTED, incident_on=date(2012, 6, 9), crcl_review=False)
        add_complaint(db, "48201", incident_on=date(2012, 2, 1), crcl_review=True)
        db.dispose()
        _template.append(folder / "rows.db")
    target = directory / "rows.db"
    shutil.copyfile(_template[0], target)
    return f"sqlite:///{target}"
