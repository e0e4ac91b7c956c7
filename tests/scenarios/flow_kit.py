"""A small kit for scenario tests of the booking-to-decision flow.

The biometric search and the citizenship records are test doubles here (the real matcher is exercised
by the fingerprint tests and the end-to-end simulation test); everything else — agencies, rules,
outbox, dispatcher, SQLite — is the real thing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from securecomm.agencies.officer_policy import PolicyRates, SimulatedOfficerPolicy
from securecomm.agencies.ports import Candidate, CitizenshipFinding, SearchResult
from securecomm.app.system import System
from securecomm.ids import MessageId, deterministic_id
from securecomm.messages import Address, Envelope, MessageKind
from securecomm.messages.booking import (
    BookingSubmitted,
    Charge,
    DeferRequest,
    Subject,
    VictimWitnessIndicators,
)
from securecomm.messages.custody import ReleaseDue, ReleaseReason
from securecomm.rules import OffenseClass
from securecomm.storage.agency_tables import IdentEncounterRow
from securecomm.storage.db import open_database
from securecomm.storage.tables import JurisdictionRow

HARRIS = "48201"
DC = "11001"


@dataclass
class FakeBiometrics:
    """Answers searches from a table: (gallery, transaction) -> candidate (or nothing)."""

    hits: dict[tuple[str, str], Candidate] = field(default_factory=dict)
    enrolled: list[tuple[str, str, str]] = field(default_factory=list)
    threshold: float = 40.0

    def search(self, gallery: str, transaction_sha256: str) -> SearchResult:
        hit = self.hits.get((gallery, transaction_sha256))
        return SearchResult(candidates=(hit,) if hit else (), threshold=self.threshold)

    def enrol(
        self, gallery: str, subject_id: str, encounter_id: str, transaction_sha256: str, *, at: datetime
    ) -> None:
        self.enrolled.append((gallery, subject_id, encounter_id))


@dataclass
class FakeCitizenship:
    citizens: dict[str, str] = field(default_factory=dict)  # booking id -> basis

    def verify(self, booking_id: str) -> CitizenshipFinding:
        if booking_id in self.citizens:
            return CitizenshipFinding(True, self.citizens[booking_id])
        return CitizenshipFinding(False, "no birth, naturalization or derivation record")


class Flow:
    def __init__(self, tmp_path: Path, *, rates: PolicyRates | None = None) -> None:
        self.db = open_database(f"sqlite:///{tmp_path / 'flow.db'}")
        self.biometrics = FakeBiometrics()
        self.citizenship = FakeCitizenship()
        self.system = System(
            database=self.db,
            biometrics=lambda _s: self.biometrics,
            citizenship=lambda _s: self.citizenship,
            policy=SimulatedOfficerPolicy(seed=1, rates=rates or PolicyRates()),
        )
        with self.db.transaction() as session:
            if session.get(JurisdictionRow, HARRIS) is not None:
                return
            session.add_all(
                [
                    JurisdictionRow(
                        fips=HARRIS, name="Harris County", state="TX", tz="America/Chicago", aor="HOU",
                        activated_on=date(2008, 10, 27), ori="TX1010000", size=4_092_459.0,
                    ),
                    JurisdictionRow(
                        fips=DC, name="District of Columbia", state="DC", tz="America/New_York", aor="WAS",
                        activated_on=date(2009, 6, 1), ori="DCMPD0000", size=601_723.0, receives_idr=False,
                    ),
                ]
            )  # fmt: skip

    def encounter(self, fin: str, kind: str, on: date, status: str, **data: object) -> None:
        with self.db.transaction() as session:
            if session.get(IdentEncounterRow, f"{fin}-{kind}-{on}") is not None:
                return
            session.add(
                IdentEncounterRow(
                    encounter_id=f"{fin}-{kind}-{on}",
                    fin=fin,
                    kind=kind,
                    on=on,
                    recorded_status=status,
                    a_number="A012345678",
                    nationality="MX",
                    data={k: str(v) for k, v in data.items()},
                )
            )

    def book(
        self,
        name: str,
        *,
        at: datetime,
        charges: tuple[Charge, ...],
        fips: str = HARRIS,
        ident_fin: str | None = None,
        indicators: VictimWitnessIndicators | None = None,
        defer: DeferRequest | None = None,
        release_after: timedelta = timedelta(days=2),
        language: str = "es",
    ) -> str:
        booking_id = deterministic_id("bk", name)
        sha = hashlib.sha256(name.encode()).hexdigest()
        if ident_fin:
            self.biometrics.hits[("ident", sha)] = Candidate(ident_fin, 97.0)
        booking = BookingSubmitted(
            booking_id=booking_id,
            tcn=f"TCN-{booking_id}",
            fips=fips,
            ori="TX1010000",
            facility_tz="America/Chicago" if fips == HARRIS else "America/New_York",
            booked_at=at,
            subject=Subject(name, date(1985, 6, 1), "M", "MX", "MX", language),
            charges=charges,
            transaction_sha256=sha,
            indicators=indicators or VictimWitnessIndicators(),
        )
        release = Envelope(
            message_id=MessageId(deterministic_id("msg", booking_id, "release")),
            kind=MessageKind.RELEASE_DUE,
            schema_version=1,
            sender=f"court:{fips}",
            recipient=Address.custody(fips),
            correlation_id=booking_id,
            causation_id=None,
            sent_at=at,
            deliver_at=at + release_after,
            payload=ReleaseDue(booking_id, ReleaseReason.BAIL_POSTED, at + release_after),
        )
        self.system.act(lambda unit: [*self.system.jail.book(booking, unit, defer=defer), release])
        return booking_id

    def run(self, until: datetime) -> None:
        self.system.deliver(until=until)

    def session(self) -> Session:
        return self.db.sessions()


def at(year: int, month: int, day: int, hour: int = 14) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def dui() -> tuple[Charge, ...]:
    return (Charge("5404", "DRIVING UNDER INFLUENCE", OffenseClass.MISDEMEANOR, traffic=True),)


def no_license() -> tuple[Charge, ...]:
    return (Charge("5499", "DRIVING WITHOUT A LICENSE", OffenseClass.MISDEMEANOR, traffic=True),)


def petty_theft() -> tuple[Charge, ...]:
    return (Charge("2399", "THEFT", OffenseClass.MISDEMEANOR),)


def burglary() -> tuple[Charge, ...]:
    return (Charge("2299", "BURGLARY", OffenseClass.FELONY),)


def add_prior_record(
    flow: Flow,
    fbi_number: str,
    *events: tuple[str, date, str, int | None, bool],
    offense_class: str = "felony",
) -> None:
    """Seed the criminal master file: (kind, on, ncic, sentence_days, aggravated_felony) per event."""
    from securecomm.storage.agency_tables import CriminalEventRow, CriminalIdentityRow

    with flow.db.transaction() as session:
        if session.get(CriminalIdentityRow, fbi_number) is not None:
            return
        session.add(
            CriminalIdentityRow(fbi_number=fbi_number, created_at=at(2005, 1, 1), first_booking_id=None)
        )
        session.flush()
        for i, (kind, on, ncic, sentence, aggravated) in enumerate(events):
            session.add(
                CriminalEventRow(
                    fbi_number=fbi_number, source_id=f"seed-{fbi_number}-{i}", kind=kind, on=on, ncic=ncic,
                    offense_class=offense_class, fips=HARRIS, traffic=False, sentence_days=sentence,
                    aggravated_felony=aggravated,
                )
            )  # fmt: skip


def criminal_hit(flow: Flow, booking_name: str, fbi_number: str) -> None:
    sha = hashlib.sha256(booking_name.encode()).hexdigest()
    flow.biometrics.hits[("criminal", sha)] = Candidate(fbi_number, 88.0)
