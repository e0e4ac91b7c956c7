"""`securecomm simulate`: build or continue a synthetic world in a database and run every booking through
the flow, day by day, resumable at any point.

Determinism: every random choice comes from the world's seed and stored state (bookings of county c on
day d, message ids derived from their causes, agency choices drawn from message ids). A day's bookings
are stored in one transaction together with the mark that the day was generated; delivery then runs to
the end of that day. A run killed at any point and re-run therefore ends with the same counts as an
uninterrupted one: the last committed transaction is where it resumes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from multiprocessing import get_context
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from securecomm.agencies.fbi import CRIMINAL_GALLERY
from securecomm.agencies.ident import IDENT_GALLERY
from securecomm.agencies.officer_policy import SimulatedOfficerPolicy
from securecomm.agencies.subject import Subject
from securecomm.app.biometrics import BiometricService, TenPrint, unpack_tenprint
from securecomm.app.car import booking_message
from securecomm.app.sim_worker import PreparedBooking, PriorCapture, prepare_booking
from securecomm.app.system import System
from securecomm.app.truth import SqlCitizenshipRecords, SqlSubjectTruth
from securecomm.consular import ConsularDesk, SimulatedStaff, simulate_staff_actions
from securecomm.errors import BadInput
from securecomm.ids import MessageId, deterministic_id
from securecomm.messages import Address, Envelope, MessageKind
from securecomm.messages.booking import DeferRequest
from securecomm.messages.criminal_history import HistoryEvent, HistoryEventKind
from securecomm.messages.custody import CourtDisposition, ReleaseDue, ReleaseReason
from securecomm.rules import OffenseClass
from securecomm.storage.agency_tables import (
    CriminalEventRow,
    CriminalIdentityRow,
    IdentEncounterRow,
    TruthBookingRow,
    TruthPersonRow,
    TruthSubjectRow,
)
from securecomm.storage.db import Database
from securecomm.storage.tables import JurisdictionRow, SimStateRow
from securecomm.synth import (
    CriminalRecord,
    FingerprintRef,
    IdentEncounter,
    Jurisdiction,
    SimulatedBooking,
    TruePerson,
    World,
    WorldParameters,
    pick_counties,
)
from securecomm.synth.courts import Disposition

__all__ = ["Progress", "SimulationSpec", "Simulator", "ident_fin", "seeded_fbi_number"]

IDENT_FINGERS: tuple[int, ...] = (2, 7)  # right and left index: IDENT's two-print enrolment of the period
PRIOR_ARREST_FINGERS = (
    1,
    2,
    6,
    7,
)  # thumbs and index fingers of a prior ten-print card, as indexed for search

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True, slots=True)
class SimulationSpec:
    counties: int
    days: int
    seed: int
    start: date
    scale: float = 0.01

    def identity(self) -> dict[str, Any]:
        """What must not change when a run is continued (the number of days may grow)."""
        return {
            "counties": self.counties,
            "seed": self.seed,
            "start": self.start.isoformat(),
            "scale": self.scale,
        }


def ident_fin(person_id: str) -> str:
    """IDENT's identity number (FIN) for a person: IDENT links a person's encounters biometrically."""
    return deterministic_id("fin", person_id)[4:16].upper()


def seeded_fbi_number(person_id: str) -> str:
    return deterministic_id("fbi", "seed", person_id)[4:13].upper()


def _local_midnight_after(day: date, tz: str) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=ZoneInfo(tz)).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class StandIn:
    """A prior capture to enrol as a template-level stand-in print."""

    gallery: str
    subject: str
    encounter: str
    ref: FingerprintRef
    fingers: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class _DayWork:
    """A day's bookings being prepared: in worker processes (`futures`) or, with one core, here."""

    day: date
    jobs: list[tuple[SimulatedBooking, tuple[PriorCapture, ...]]]
    futures: list[Future[PreparedBooking]] | None

    def results(self) -> Iterator[PreparedBooking]:
        if self.futures is None:
            yield from (prepare_booking(simulated, priors) for simulated, priors in self.jobs)
        else:
            yield from (future.result() for future in self.futures)


class Simulator:
    def __init__(
        self,
        database: Database,
        spec: SimulationSpec,
        biometrics: BiometricService,
        *,
        progress: Progress | None = None,
        workers: int | None = None,
    ) -> None:
        self.db = database
        self.spec = spec
        self.biometrics = biometrics
        self.progress = progress or (lambda stage, done, total: None)
        self.workers = workers if workers is not None else min(2, os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        counties = pick_counties(spec.counties, activated_by=spec.start)
        self.world = World(WorldParameters(seed=spec.seed, start_on=spec.start, scale=spec.scale), counties)
        self.system = System(
            database=database,
            biometrics=biometrics.port,
            citizenship=SqlCitizenshipRecords,
            policy=SimulatedOfficerPolicy(seed=spec.seed),
            notify_subject=True,
            extra_routes={"person": Subject(SqlSubjectTruth(database), seed=spec.seed)},
        )

    # -- state ------------------------------------------------------------------------------------------------
    def _state(self, session: Session, key: str) -> Any:
        row = session.get(SimStateRow, key)
        return None if row is None else row.value

    def _set_state(self, session: Session, key: str, value: Any) -> None:
        row = session.get(SimStateRow, key)
        if row is None:
            session.add(SimStateRow(key=key, value=value))
        else:
            row.value = value

    def check_spec(self) -> None:
        with self.db.transaction() as session:
            stored = self._state(session, "spec")
            if stored is None:
                self._set_state(session, "spec", self.spec.identity())
                return
        differing = {
            k: (v, self.spec.identity()[k]) for k, v in stored.items() if self.spec.identity()[k] != v
        }
        if differing:
            what = ", ".join(f"{k} was {old} (now {new})" for k, (old, new) in differing.items())
            raise BadInput(
                f"this database holds another world: {what}; use a new --db or the same settings",
                where=self.db.url,
            )

    # -- the world's reference data ----------------------------------------------------------------------------
    def load_jurisdictions(self) -> None:
        with self.db.transaction() as session:
            for j in self.world.jurisdictions:
                if session.get(JurisdictionRow, j.fips) is None:
                    session.add(_jurisdiction_row(j))

    def seed_records(self) -> None:
        """IDENT encounters and prior criminal records of every county's people, enrolled in the galleries."""
        for fips in self.world.fips:
            with self.db.transaction() as session:
                if self._state(session, f"seeded:{fips}"):
                    continue
                people = list(self.world.people(fips))
                wanted: list[StandIn] = []
                # a county is seeded in one transaction that creates all of it: nothing to look up, and the
                # rows go in by generation (people and identities, then the rows naming them) in two flushes
                parents: list[Any] = []
                children: list[Any] = []
                for index, person in enumerate(people):
                    encounters = self.world.ident_encounters(person)
                    records = self.world.criminal_history(person)
                    if encounters or records:
                        wanted += self._seed_person(person, encounters, records, parents, children)
                    if index % 200 == 0:
                        self.progress(f"seeding {fips}", index, len(people))
                for generation in (parents, children):
                    session.add_all(generation)
                    session.flush()
                start = datetime.combine(self.spec.start, time(0), tzinfo=UTC)
                made = self.biometrics.stand_in_batch([(w.ref, w.fingers) for w in wanted])
                self.biometrics.enrol_new_encounters(
                    session,
                    [(w.gallery, w.subject, w.encounter, t) for w, t in zip(wanted, made, strict=True)],
                    at=start,
                )
                self._set_state(session, f"seeded:{fips}", True)
                self.progress(f"seeding {fips}", len(people), len(people))

    def _seed_person(
        self,
        person: TruePerson,
        encounters: Iterable[IdentEncounter],
        records: Iterable[CriminalRecord],
        parents: list[Any],
        children: list[Any],
    ) -> list[StandIn]:
        """The person's records and ground truth, as rows appended to `parents` (the person, their FBI
        identity) and `children` (rows naming them); returns the stand-in prints their records need."""
        wanted: list[StandIn] = []
        parents.append(_truth_person_row(person))
        start = datetime.combine(self.spec.start, time(0), tzinfo=UTC)
        fin = ident_fin(person.person_id)
        encounters = tuple(encounters)
        if encounters:
            children.append(
                TruthSubjectRow(gallery=IDENT_GALLERY, subject_id=fin, person_id=person.person_id)
            )
        for e in encounters:
            children.append(
                IdentEncounterRow(
                    encounter_id=e.encounter_id,
                    fin=fin,
                    kind=e.kind.value,
                    on=e.occurred_on,
                    recorded_status=e.recorded_status.value,
                    a_number=e.a_number,
                    nationality=e.nationality,
                    data={} if e.admitted_until is None else {"admitted_until": e.admitted_until.isoformat()},
                )
            )
            wanted.append(StandIn(IDENT_GALLERY, fin, e.encounter_id, e.fingerprint, IDENT_FINGERS))
        records = tuple(records)
        if records:
            fbi_number = seeded_fbi_number(person.person_id)
            parents.append(
                CriminalIdentityRow(fbi_number=fbi_number, created_at=start, first_booking_id=None)
            )
            children.append(
                TruthSubjectRow(gallery=CRIMINAL_GALLERY, subject_id=fbi_number, person_id=person.person_id)
            )
            for r in records:
                klass = OffenseClass.FELONY.value if r.felony else OffenseClass.MISDEMEANOR.value
                children.append(_event_row(fbi_number, r, "arrest", klass, fips=person.fips))
                if r.convicted:
                    children.append(_event_row(fbi_number, r, "conviction", klass, fips=person.fips))
                wanted.append(
                    StandIn(CRIMINAL_GALLERY, fbi_number, r.record_id, r.fingerprint, PRIOR_ARREST_FINGERS)
                )
        return wanted

    def _prior_captures(
        self, person: TruePerson
    ) -> list[tuple[str, str, str, FingerprintRef, tuple[int, ...]]]:
        """(gallery, subject, encounter, capture, fingers) of every record the person had before the start."""
        out = [
            (IDENT_GALLERY, ident_fin(person.person_id), e.encounter_id, e.fingerprint, IDENT_FINGERS)
            for e in self.world.ident_encounters(person)
        ]
        out += [
            (
                CRIMINAL_GALLERY,
                seeded_fbi_number(person.person_id),
                r.record_id,
                r.fingerprint,
                PRIOR_ARREST_FINGERS,
            )
            for r in self.world.criminal_history(person)
        ]
        return out

    def _materialize(
        self, session: Session, person: TruePerson, rendered: dict[str, TenPrint], *, at: datetime
    ) -> None:
        """Replace the person's stand-in gallery entries with templates extracted from rendered captures."""
        row = session.get(TruthPersonRow, person.person_id)
        if row is None or row.data.get("materialized"):
            return
        captures = self._prior_captures(person)
        for gallery, subject in {(g, s) for g, s, *_ in captures}:
            self.biometrics.replace_subject(session, gallery, subject)
        for gallery, subject, encounter, _ref, _fingers in captures:
            self.biometrics.enrol_templates(session, gallery, subject, encounter, rendered[encounter], at=at)
        row.data = {**row.data, "materialized": True}

    def _materialized(self, person_id: str) -> bool:
        with self.db.read() as session:
            row = session.get(TruthPersonRow, person_id)
            return row is None or bool(row.data.get("materialized"))

    # -- days ---------------------------------------------------------------------------------------------------
    def horizon(self, day: date) -> datetime:
        """The end of `day` in the westernmost county: everything booked that day is in by then."""
        return max(_local_midnight_after(day, j.tz) for j in self.world.jurisdictions)

    def _day_done(self, day: date) -> bool:
        with self.db.read() as session:
            return session.get(SimStateRow, f"day:{day.isoformat()}") is not None

    def _day_jobs(self, day: date) -> list[tuple[SimulatedBooking, tuple[PriorCapture, ...]]]:
        """Each booking of the day with the prior captures to render for it (the first booking of a person
        whose records are still stand-ins); depends on the days before it having been generated."""
        bookings = [b for fips in self.world.fips for b in self.world.bookings_on(fips, day)]
        jobs = []
        seen: set[str] = set()
        for simulated in bookings:
            person = simulated.person
            priors: tuple[PriorCapture, ...] = ()
            if person.person_id not in seen and not self._materialized(person.person_id):
                priors = tuple(PriorCapture(e, ref, f) for _g, _s, e, ref, f in self._prior_captures(person))
            seen.add(person.person_id)
            jobs.append((simulated, priors))
        return jobs

    def _start_day(self, day: date) -> _DayWork | None:
        """Start rendering a day's bookings in the worker processes (None when it is done already), so
        that the workers prepare it while this process delivers the day before."""
        if self._day_done(day):
            return None
        jobs = self._day_jobs(day)
        if self.workers <= 1 or len(jobs) <= 1:
            return _DayWork(day, jobs, None)
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=get_context("spawn"))
        return _DayWork(day, jobs, [self._pool.submit(prepare_booking, *job) for job in jobs])

    def generate_day(self, day: date, started: _DayWork | None = None) -> int:
        """Book the day's arrests: prints rendered (or taken from `started`), files stored, then one
        transaction with the bookings, their ground truth and the jail's submissions."""
        work = started if started is not None and started.day == day else self._start_day(day)
        if work is None:
            return 0
        key = f"day:{day.isoformat()}"
        jobs = work.jobs
        bookings = [simulated for simulated, _priors in jobs]
        shas: list[str] = []
        rendered: dict[str, dict[str, TenPrint]] = {}
        # Files first: a crash before the day's transaction leaves orphan files, never dangling references.
        for index, ((simulated, _priors), prepared) in enumerate(zip(jobs, work.results(), strict=True)):
            sha = self.biometrics.blobs.put(prepared.car, suffix=".an2")
            self.biometrics.keep_tenprint(sha, prepared.tenprint)
            shas.append(sha)
            if prepared.priors:
                rendered[simulated.person.person_id] = {
                    e: unpack_tenprint(b) for e, b in prepared.priors.items()
                }
            self.progress(f"booking {day.isoformat()}", index + 1, len(bookings))
        with self.db.transaction() as session:
            if session.get(SimStateRow, key) is not None:
                return 0
            unit = self.system.unit(session)
            from securecomm.storage.outbox import OutboxWriter

            outbox = OutboxWriter(session)
            for simulated, sha in zip(bookings, shas, strict=True):
                _add_truth_person(session, simulated.person)
                if simulated.person.person_id in rendered:
                    self._materialize(
                        session,
                        simulated.person,
                        rendered[simulated.person.person_id],
                        at=simulated.booking.booked_at,
                    )
                session.add(
                    TruthBookingRow(
                        booking_id=simulated.booking.booking_id,
                        person_id=simulated.person.person_id,
                        impression=simulated.booking.fingerprint.impression,
                    )
                )
                message = booking_message(simulated, transaction_sha256=sha)
                outbox.send(self.system.jail.book(message, unit, defer=_defer(simulated)))
                outbox.send(_court_events(simulated))
            session.add(SimStateRow(key=key, value=len(bookings)))
        return len(bookings)

    def consular_staff(self, *, until: datetime) -> int:
        """The jails' simulated staff do the consular-notification acts due by `until` (each audited)."""
        with self.db.transaction() as session:
            unit = self.system.unit(session)
            desk = ConsularDesk(unit.consular, unit.audit, self.system.ruleset)
            return simulate_staff_actions(desk, SimulatedStaff(self.spec.seed), until=until)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def run(self, *, on_delivered: Callable[[], None] | None = None) -> datetime:
        """Build (or continue) the world and deliver everything due by the end of the last day."""
        self.check_spec()
        self.load_jurisdictions()
        self.seed_records()
        horizon = self.horizon(self.spec.start)
        try:
            started = self._start_day(self.spec.start)
            for offset in range(self.spec.days):
                day = self.spec.start + timedelta(days=offset)
                self.generate_day(day, started)
                following = day + timedelta(days=1)
                # the next day's prints are rendered while this day is delivered (its prior captures
                # depend only on the days already generated)
                started = self._start_day(following) if offset + 1 < self.spec.days else None
                horizon = self.horizon(day)
                self.system.deliver(until=horizon, on_delivered=on_delivered)
                self.consular_staff(until=horizon)
                self.progress("days delivered", offset + 1, self.spec.days)
        finally:
            self.close()
        with self.db.transaction() as session:
            previous = self._state(session, "now")
            if previous is None or datetime.fromisoformat(previous) < horizon:
                self._set_state(session, "now", horizon.isoformat())
        return horizon


def _jurisdiction_row(j: Jurisdiction) -> JurisdictionRow:
    if j.ori is None:
        raise BadInput(f"county {j.fips} ({j.name}) has no booking agency ORI", where="jurisdictions")
    return JurisdictionRow(
        fips=j.fips,
        name=j.name,
        state=j.state,
        tz=j.tz,
        aor=j.aor,
        activated_on=j.activated_on,
        ori=j.ori,
        size=float(j.size),
        receives_idr=j.receives_idr,
        has_287g=j.has_287g,
    )


def _truth_person_row(person: TruePerson) -> TruthPersonRow:
    return TruthPersonRow(
        person_id=person.person_id,
        fips=person.fips,
        true_status=person.status.value,
        is_citizen=person.status.is_citizen,
        print_seed=person.fingerprint_seed % 2**31,
        data={"nationality": person.nationality, "language": person.language},
    )


def _add_truth_person(session: Session, person: TruePerson) -> None:
    if session.get(TruthPersonRow, person.person_id) is not None:
        return
    session.add(_truth_person_row(person))
    session.flush()


def _event_row(fbi_number: str, r: CriminalRecord, kind: str, klass: str, *, fips: str) -> CriminalEventRow:
    return CriminalEventRow(
        fbi_number=fbi_number,
        source_id=r.record_id,
        kind=kind,
        on=r.arrested_on,
        ncic=r.offense_code,
        offense_class=klass,
        fips=fips,
        traffic=r.offense_code.startswith("54"),
        sentence_days=r.sentence_days if kind == "conviction" else None,
        aggravated_felony=False,
    )


def _defer(simulated: SimulatedBooking) -> DeferRequest | None:
    indicators = simulated.booking.indicators
    if not indicators.prosecutor_defer_request:
        return None
    reason = "needed_witness" if indicators.material_witness else "pending_criminal_case"
    return DeferRequest(booking_id=simulated.booking.booking_id, requested_by="prosecutor", reason=reason)


def _court_events(simulated: SimulatedBooking) -> list[Envelope]:
    """The court's future events for a booking: the release-eligible moment and the disposition report."""
    b, outcome = simulated.booking, simulated.outcome
    court = f"court:{b.fips}"
    convictions: tuple[HistoryEvent, ...] = ()
    if outcome.disposition is Disposition.CONVICTED and outcome.conviction is not None:
        c = outcome.conviction
        convictions = (
            HistoryEvent(
                kind=HistoryEventKind.CONVICTION,
                on=outcome.disposed_at.astimezone(ZoneInfo(b.tz)).date(),
                ncic=c.offense_code,
                offense_class=OffenseClass.FELONY if c.felony else OffenseClass.MISDEMEANOR,
                fips=b.fips,
                traffic=c.offense_code.startswith("54"),
                sentence_days=c.sentence_days,
            ),
        )
    release = ReleaseDue(
        booking_id=b.booking_id,
        reason=ReleaseReason(outcome.release_reason.value),
        at=outcome.release_eligible_at,
        convictions=convictions if outcome.disposed_at <= outcome.release_eligible_at else (),
    )
    disposition = CourtDisposition(
        booking_id=b.booking_id,
        at=outcome.disposed_at,
        disposition=outcome.disposition.value,
        convictions=convictions,
    )
    return [
        _court_envelope(b.booking_id, MessageKind.RELEASE_DUE, court, Address.custody(b.fips), b.booked_at, outcome.release_eligible_at, release),
        _court_envelope(b.booking_id, MessageKind.COURT_DISPOSITION, court, Address.FBI, b.booked_at, outcome.disposed_at, disposition),
    ]  # fmt: skip


def _court_envelope(
    booking_id: str,
    kind: MessageKind,
    sender: str,
    recipient: str,
    sent_at: datetime,
    due: datetime,
    payload: Any,
) -> Envelope:
    return Envelope(
        message_id=MessageId(deterministic_id("msg", booking_id, kind.value)),
        kind=kind,
        schema_version=1,
        sender=sender,
        recipient=recipient,
        correlation_id=booking_id,
        causation_id=None,
        sent_at=sent_at,
        deliver_at=max(due, sent_at),
        payload=payload,
    )
