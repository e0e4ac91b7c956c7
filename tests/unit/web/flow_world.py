"""Records made by the real booking flow, for the tests of people's acts through the web.

The agencies, rules, outbox, dispatcher and SQLite are the real ones (`System` with no officer policy:
people decide); only the biometric search is a double, answering from a table like the scenario tests'
`flow_kit`. Its enrolment is real, though: the booking's prints and IDENT's prints of the matched
identity are synthetic fingerprints rendered and extracted by the engine, stored as templates in
`gallery_entries` and the blob store, so LESC's match-evidence picture is the engine's own. Citizenship
checks read the ground-truth tables (`SqlCitizenshipRecords`), the synthetic world's authoritative records.

`build_flow_records(db)` adds to the web tests' world (Harris County 48201 / HOU, the officers' and the
jail's own) one booking per state an act needs at the world's instant T0, each brought there by the acts
themselves (`web.case_acts`, `web.jail_acts`) at earlier instants. `make_action_world(dir)` is the web
tests' world plus these records, built once per process and copied.
"""

from __future__ import annotations

import atexit
import hashlib
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy.orm import Session

from securecomm.agencies.ports import Candidate, SearchResult
from securecomm.app.blobs import BlobStore
from securecomm.app.system import System
from securecomm.app.truth import SqlCitizenshipRecords
from securecomm.biometrics import FingerprintImage, Template, extract
from securecomm.biometrics.synthetic import FingerPosition, generate_master, render_impression
from securecomm.clock import FixedClock, ManualClock
from securecomm.formats.ebts import build_car
from securecomm.formats.ebts_booking import AmputationCode, ArrestCharge, CarBooking, MissingFinger
from securecomm.formats.ebts_profile import EyeColor, HairColor, Race, Sex
from securecomm.formats.images import FingerImage
from securecomm.formats.writer import write_transaction
from securecomm.ids import deterministic_id
from securecomm.messages.booking import BookingSubmitted, Charge, Subject, VictimWitnessIndicators
from securecomm.rules import OffenseClass
from securecomm.storage.agency_tables import (
    GalleryEntryRow,
    IdentEncounterRow,
    TruthBookingRow,
    TruthPersonRow,
)
from securecomm.storage.db import Database, open_database
from securecomm.web.flow import ActContext, FlowGateway
from securecomm.web.settings import WebSettings

from .world import MINE_AOR, MINE_FIPS, T0, make_world, settings_for

FIN = "F-EWI-0001"  # the IDENT identity every kit booking matches (a border apprehension in 2009)
CITIZEN_FIN = "F-LPR-0002"  # IDENT says LPR; the person naturalized, which IDENT missed
BOOKED_AT = datetime(2012, 3, 1, 14, 0, tzinfo=UTC)  # Thursday, 08:00 in Houston
FINGER = 2  # right index: the one finger the kit prints
ERO = ("user:ero-HOU", "ero", MINE_AOR)
JAIL = ("user:jail-48201", "jail", MINE_FIPS)


def booking_id(name: str) -> str:
    return deterministic_id("bk", name)


def case_id(name: str) -> str:
    return deterministic_id("case", booking_id(name))


def detainer_id(name: str) -> str:
    return deterministic_id("det", case_id(name))


def _sha(name: str) -> str:
    return hashlib.sha256(f"transaction of {name}".encode()).hexdigest()


@dataclass(frozen=True)
class Prints:
    """One synthetic right index finger, printed twice: at the booking, and by IDENT years before."""

    booking_image: FingerImage
    booking: Template
    ident: Template


@cache
def kit_prints() -> Prints:
    master = generate_master(2008, identity=4242, finger=FingerPosition(FINGER))
    first = render_impression(master, seed=2008, impression=1)
    second = render_impression(master, seed=2008, impression=2)
    return Prints(
        booking_image=FingerImage(position=FINGER, pixels=first.image, ppi=500.0),
        booking=extract(FingerprintImage(pixels=first.image, ppi=500.0)),
        ident=extract(FingerprintImage(pixels=second.image, ppi=500.0)),
    )


def car_transaction(name: str, at: datetime, prints: Prints) -> bytes:
    """A CAR with the one printed finger; the nine others are marked unable to print."""
    car = CarBooking(
        tcn=f"TCN{booking_id(name)[3:]}",
        submitted_at=at,
        originating_ori="TX1010000",
        arresting_ori="TX1010000",
        surname="EJEMPLO",
        given_name=name.upper().replace("-", ""),
        date_of_birth=date(1985, 6, 1),
        sex=Sex.MALE,
        race=Race.UNKNOWN,
        place_of_birth="MX",
        height_inches=68,
        weight_pounds=170,
        eye_color=EyeColor.BROWN,
        hair_color=HairColor.BLACK,
        arrested_on=at.date(),
        charges=(ArrestCharge("2299", "BURGLARY"),),
        printed_on=at.date(),
        missing_fingers=tuple(
            MissingFinger(p, AmputationCode.UNABLE_TO_PRINT) for p in range(1, 11) if p != FINGER
        ),
    )
    return write_transaction(build_car(car, {FINGER: prints.booking_image}))


@dataclass
class KitBiometrics:
    """The biometric port: searches answer from the kit's table; enrolment stores real templates."""

    kit: FlowKit
    session: Session

    def search(self, gallery: str, transaction_sha256: str) -> SearchResult:
        fin = self.kit.hits.get(transaction_sha256) if gallery == "ident" else None
        return SearchResult(candidates=(Candidate(fin, 97.0),) if fin else (), threshold=40.0)

    def enrol(
        self, gallery: str, subject_id: str, encounter_id: str, transaction_sha256: str, *, at: datetime
    ) -> None:
        for finger, template in self.kit.templates.get(transaction_sha256, {}).items():
            self.kit.store(self.session, gallery, subject_id, encounter_id, finger, template, at=at)


@dataclass
class FlowKit:
    db: Database
    hits: dict[str, str] = field(default_factory=dict)  # transaction sha256 -> FIN
    templates: dict[str, Mapping[int, Template]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.blobs = BlobStore(self.db.files_dir / "blobs")
        self.system = System(
            database=self.db,
            biometrics=lambda session: KitBiometrics(self, session),
            citizenship=SqlCitizenshipRecords,
            policy=None,
        )
        self.gateway = FlowGateway(
            self.db, clock=FixedClock(T0), world_clock=FixedClock(T0), system=self.system
        )

    def store(
        self,
        session: Session,
        gallery: str,
        subject: str,
        encounter: str,
        finger: int,
        template: Template,
        *,
        at: datetime,
    ) -> None:
        sha = self.blobs.put(template.to_bytes(), suffix=".tpl")
        session.add(
            GalleryEntryRow(gallery=gallery, subject_id=subject, encounter_id=encounter, finger=finger,
                            template_sha256=sha, enrolled_at=at)
        )  # fmt: skip

    def encounter(self, fin: str, kind: str, on: date, status: str, *, prints: Prints | None = None) -> None:
        encounter_id = f"{fin}-{kind}-{on}"
        with self.db.transaction() as session:
            session.add(
                IdentEncounterRow(encounter_id=encounter_id, fin=fin, kind=kind, on=on, recorded_status=status,
                                  a_number="A012345678", nationality="MX", data={})
            )  # fmt: skip
            if prints is not None:
                self.store(
                    session,
                    "ident",
                    fin,
                    encounter_id,
                    FINGER,
                    prints.ident,
                    at=BOOKED_AT - timedelta(days=900),
                )

    def book(
        self,
        name: str,
        *,
        at: datetime,
        fin: str = FIN,
        citizen: bool = False,
        indicators: VictimWitnessIndicators | None = None,
        prints: Prints | None = None,
        language: str = "es",
        nationality: str = "MX",
    ) -> str:
        """Book `name` at Harris County; the flow is delivered up to `at` plus a day (SRE, IDENT, LESC, IAR)."""
        bid = booking_id(name)
        sha = _sha(name)
        if prints is not None:
            sha = self.blobs.put(car_transaction(name, at, prints), suffix=".an2")
            self.templates[sha] = {FINGER: prints.booking}
        self.hits[sha] = fin
        with self.db.transaction() as session:
            person = f"p-{name}"
            session.add(
                TruthPersonRow(person_id=person, fips=MINE_FIPS, true_status="usc_naturalised" if citizen else "ewi",
                               is_citizen=citizen, print_seed=4242, encounters=1, data={})
            )  # fmt: skip
            session.flush()
            session.add(TruthBookingRow(booking_id=bid, person_id=person, impression=1))
        booking = BookingSubmitted(
            booking_id=bid,
            tcn=f"TCN-{bid}",
            fips=MINE_FIPS,
            ori="TX1010000",
            facility_tz="America/Chicago",
            booked_at=at,
            subject=Subject(
                f"EJEMPLO, {name.upper()}", date(1985, 6, 1), "M", nationality, nationality, language
            ),
            charges=(Charge("2299", "BURGLARY", OffenseClass.FELONY),),
            transaction_sha256=sha,
            indicators=indicators or VictimWitnessIndicators(),
        )
        self.system.act(lambda unit: self.system.jail.book(booking, unit))
        self.system.deliver(until=at + timedelta(days=1))
        return bid


def context(who: tuple[str, str, str], at: datetime) -> ActContext:
    actor, role, scope = who
    return ActContext(actor=actor, role=role, scope=scope, origin="test", route="test", recorded_at=at)


# The named bookings and the state each is in at T0 (the names key the matrix and the tests).
OPEN = ("open-page", "open-api")  # case open, nobody told about consular notification yet
LIFT = ("lift-page", "lift-api")  # detainer lodged
VERIFY = ("verify-page", "verify-api")  # detainer lodged, citizenship not checked
HELD = ("held-page", "held-api")  # verified, release-eligible Monday 08:00: held, deadline Wednesday 08:00
ICE = ("ice-page", "ice-api")  # held, then taken into ICE custody: the interview is due
PROTECTED = ("protected-page", "protected-api")  # a U-visa certification on the booking: protected case
RELEASE = ("release-page", "release-api")  # in custody, no detainer, not release-eligible yet
TOLD = ("told-page", "told-api")  # told about consular notification, asked for it; consulate not notified
SERVED = "served"  # detainer lodged (its copy's service is recorded again and again)
CLAIMS = "claims"  # in custody; claims are recorded again and again
CITIZEN = "citizen"  # IDENT says LPR, in truth naturalized; detainer lodged, not verified
EVIDENCE = "open-page"  # the booking whose prints are stored (LESC's evidence picture)


def build_flow_records(db: Database) -> FlowKit:
    """Bring each named booking to its state at T0 through the flow and the web's own acts."""
    from securecomm.web import case_acts, jail_acts

    kit = FlowKit(db)
    prints = kit_prints()
    kit.encounter(FIN, "border_apprehension", date(2009, 6, 2), "apprehended", prints=prints)
    kit.encounter(CITIZEN_FIN, "lpr_adjustment", date(2001, 5, 1), "lpr")
    names = [*OPEN, *LIFT, *VERIFY, *HELD, *ICE, *RELEASE, *TOLD, SERVED, CLAIMS]
    for i, name in enumerate(names):
        kit.book(name, at=BOOKED_AT + timedelta(minutes=i), prints=prints if name == EVIDENCE else None)
    for name in PROTECTED:
        kit.book(name, at=BOOKED_AT, indicators=VictimWitnessIndicators(u_visa_certification=True))
    kit.book(CITIZEN, at=BOOKED_AT, fin=CITIZEN_FIN, citizen=True)
    gw = kit.gateway
    lodge_at = datetime(2012, 3, 2, 15, 0, tzinfo=UTC)
    for name in (*LIFT, *VERIFY, *HELD, *ICE, SERVED, CITIZEN):
        case_acts.decide(gw, context(ERO, lodge_at), case_id(name), decision="lodge_detainer",
                         reason="Priority case; detainer on the form in use.", at=lodge_at)  # fmt: skip
    verify_at = datetime(2012, 3, 2, 16, 0, tzinfo=UTC)
    for name in (*HELD, *ICE):
        case_acts.verify(gw, context(ERO, verify_at), case_id(name), at=verify_at)
    told_at = datetime(2012, 3, 1, 20, 0, tzinfo=UTC)
    for name in TOLD:
        jail_acts.consular_inform(gw, context(JAIL, told_at), booking_id(name), language="es", answer="requested",
                                  reason="Statement read at booking.", at=told_at)  # fmt: skip
    release_at = datetime(2012, 3, 5, 14, 0, tzinfo=UTC)  # Monday 08:00 in Houston
    for name in (*HELD, *ICE):
        jail_acts.record_release_event(gw, context(JAIL, release_at), booking_id(name), reason="bail_posted",
                                       at=release_at)  # fmt: skip
    pickup_at = datetime(2012, 3, 5, 14, 30, tzinfo=UTC)
    for name in ICE:
        case_acts.take_custody(gw, context(ERO, pickup_at), case_id(name), reason="Two officers, to Houston CDF.",
                               at=pickup_at)  # fmt: skip
    kit.system.deliver(until=T0)
    return kit


_template: list[Path] = []


def make_action_world(directory: Path) -> tuple[Database, WebSettings]:
    """The web tests' world plus the flow records, as a fresh copy in `directory` (database and blobs)."""
    if not _template:
        folder = Path(tempfile.mkdtemp(prefix="securecomm-action-world-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        db, _ = make_world(folder)
        build_flow_records(db)
        db.dispose()
        _template.append(folder / "web.db")
    source = _template[0]
    target = directory / "web.db"
    shutil.copyfile(source, target)
    files = source.with_name(f"{source.stem}.files")
    if files.exists():
        shutil.copytree(files, directory / f"{source.stem}.files", dirs_exist_ok=True)
    return open_database(f"sqlite:///{target}"), settings_for(f"sqlite:///{target}")


def action_app(directory: Path, *, at: datetime = T0) -> tuple[FastAPI, Database, ManualClock]:
    """The web application over a fresh copy of the action world.

    Sessions and the audit trail run on a wall clock stopped at T0; people act at the world's clock,
    returned here (stopped at `at`; a test may move it without signing anyone out).
    """
    from securecomm.web import create_app

    db, settings = make_action_world(directory)
    world = ManualClock(at)
    return create_app(settings, database=db, clock=ManualClock(T0), board_clock=world), db, world
