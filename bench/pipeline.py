"""Bookings per second through the whole flow on the embedded default (SQLite, WAL), by gallery size.

    python bench/pipeline.py [--gallery 1000 10000 100000] [--bookings 300] [--seed 7] [--json]

For each gallery size N: a fresh SQLite database with one county (Harris, TX); a criminal gallery and an
IDENT gallery of N synthetic identities each (template-level prints, enrolled as coarse codes with their
full templates made on demand, as bench/identify.py does); then --bookings bookings through the real
agencies, outbox and dispatcher, each with a synthetic ten-print probe: 40 % mates of the criminal gallery,
10 % mates of IDENT (with an encounter record, so LESC answers), the rest new people. Prints are template
level (no images): extraction is measured by the fingerprint benchmarks, not here.

Printed per size: bookings per second end to end; the time spent in the 1:N searches and enrolments (the
matcher's share); the flow's own time per booking (everything else: agencies, rules, outbox, audit chain,
SQLite) and bookings per second with matching excluded; and how long each booking took, in simulated time,
from booking to its IDENT data response. Side by side, the same dispatcher on a no-op agency (delivery only)
gives the floor the flow is compared with. Timings are wall-clock on a shared machine: read the ratios.
With --json the last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("NUMBA_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "tests" / "unit" / "transport"))

from sqlalchemy import select
from sqlalchemy.orm import Session

from identify import SyntheticTemplates, build_gallery, subject_of, ten_prints
from securecomm.agencies.officer_policy import SimulatedOfficerPolicy
from securecomm.agencies.ports import Candidate, CitizenshipFinding, SearchResult
from securecomm.app.system import System
from securecomm.biometrics import Template
from securecomm.biometrics.gallery import Gallery
from securecomm.messages.booking import BookingSubmitted, Charge, Subject
from securecomm.rules import OffenseClass
from securecomm.storage.agency_tables import BookingRow, CriminalIdentityRow, IdentEncounterRow
from securecomm.storage.db import open_database
from securecomm.storage.tables import JurisdictionRow

THRESHOLD = (
    8.0  # evidence (-log10 fused false-match rate): the policy's 1e-8 (rules: biometrics.decision_threshold)
)
START = datetime(2012, 3, 5, 14, tzinfo=UTC)


class TimedBiometrics:
    """The flow's Biometrics port over two in-memory galleries and pre-made probe templates, timed."""

    def __init__(self, galleries: Mapping[str, Gallery], lookups: Mapping[str, Any]) -> None:
        self.galleries = galleries
        self.lookups = lookups
        self.probes: dict[str, dict[int, Template]] = {}
        self.seconds = 0.0
        self.searches = 0

    def search(self, gallery: str, transaction_sha256: str) -> SearchResult:
        started = time.perf_counter()
        found = self.galleries[gallery].identify(
            self.probes[transaction_sha256], top_k=3, coarse_candidates=5, templates=self.lookups[gallery]
        )
        self.seconds += time.perf_counter() - started
        self.searches += 1
        return SearchResult(tuple(Candidate(c.subject_id, float(c.score)) for c in found), THRESHOLD)

    def enrol(
        self, gallery: str, subject_id: str, encounter_id: str, transaction_sha256: str, *, at: datetime
    ) -> None:
        started = time.perf_counter()
        self.galleries[gallery].enrol_encounter(
            subject_id, encounter_id[-32:], self.probes[transaction_sha256]
        )
        self.seconds += time.perf_counter() - started


class NoCitizens:
    def verify(self, booking_id: str) -> CitizenshipFinding:
        return CitizenshipFinding(False, "no birth, naturalization or derivation record")


def _say(*parts: Any) -> None:
    print(*parts, file=sys.stderr, flush=True)


def run_size(n: int, bookings: int, seed: int, workdir: Path) -> dict[str, Any]:
    _say(f"gallery {n:,}: building the criminal and IDENT galleries")
    criminal, _ = build_gallery(seed, n, 1)
    ident, _ = build_gallery(seed + 1, n, 1)
    biometrics = TimedBiometrics(
        {"criminal": criminal, "ident": ident},
        {"criminal": SyntheticTemplates(seed), "ident": SyntheticTemplates(seed + 1)},
    )
    database = open_database(f"sqlite:///{workdir / f'pipeline-{n}.db'}")
    with database.transaction() as session:
        session.add(
            JurisdictionRow(
                fips="48201", name="Harris County", state="TX", tz="America/Chicago", aor="HOU",
                activated_on=date(2008, 10, 27), ori="TX1010000", size=4_092_459.0,
            )
        )  # fmt: skip
    system = System(
        database=database,
        biometrics=lambda _session: biometrics,
        citizenship=lambda _session: NoCitizens(),
        policy=SimulatedOfficerPolicy(seed=seed),
    )
    # probes: 40 % criminal mates, 10 % IDENT mates (+ their encounter), the rest new people
    plan = []
    for i in range(bookings):
        if i % 10 < 4:
            plan.append(("criminal", seed, i % n))
        elif i % 10 == 4:
            plan.append(("ident", seed + 1, (i * 7) % n))
        else:
            plan.append(("new", seed + 2, n + i))
    for kind_seed in sorted({p[1] for p in plan}):
        chosen = sorted({identity for _k, s, identity in plan if s == kind_seed})
        for identity, prints in zip(chosen, ten_prints(kind_seed, chosen, 2), strict=True):
            biometrics.probes[f"{kind_seed}:{identity}"] = prints
    with database.transaction() as session:
        for kind, _s, identity in plan:
            subject = subject_of(identity)
            if kind == "criminal" and session.get(CriminalIdentityRow, subject) is None:
                session.add(CriminalIdentityRow(fbi_number=subject, created_at=START, first_booking_id=None))
            if kind == "ident" and session.get(IdentEncounterRow, f"E{identity}") is None:
                session.add(
                    IdentEncounterRow(
                        encounter_id=f"E{identity}", fin=subject_of(identity), kind="border_apprehension",
                        on=date(2009, 4, 1), recorded_status="apprehended", a_number=None, nationality="MX", data={},
                    )
                )  # fmt: skip
    _say(f"gallery {n:,}: {bookings} bookings through the flow")
    started = time.perf_counter()
    for i, (_kind, kind_seed, identity) in enumerate(plan):
        at = START + timedelta(minutes=7 * i)
        booking = BookingSubmitted(
            booking_id=f"bench-{n}-{i}",
            tcn=f"TCN{n}X{i}",
            fips="48201",
            ori="TX1010000",
            facility_tz="America/Chicago",
            booked_at=at,
            subject=Subject(f"PERSON, NUMBER {i}", date(1980, 1, 1), "M", "MX", "MX", "es"),
            charges=(Charge("2299", "BURGLARY", OffenseClass.FELONY),),
            transaction_sha256=f"{kind_seed}:{identity}",
        )
        system.act(lambda unit, b=booking: system.jail.book(b, unit))
        system.deliver(until=at + timedelta(minutes=7))
    system.deliver(until=START + timedelta(minutes=7 * bookings, days=2))
    total = time.perf_counter() - started
    with database.sessions() as session:
        latencies = _idr_latencies(session)
    flow_seconds = total - biometrics.seconds
    return {
        "gallery": n,
        "bookings": bookings,
        "bookings_per_s": bookings / total,
        "matcher_seconds": biometrics.seconds,
        "matcher_share": biometrics.seconds / total,
        "flow_ms_per_booking": 1000 * flow_seconds / bookings,
        "bookings_per_s_matching_excluded": bookings / flow_seconds,
        "searches": biometrics.searches,
        "booking_to_idr_minutes_median": statistics.median(latencies) if latencies else None,
    }


def _idr_latencies(session: Session) -> list[float]:
    rows = session.execute(
        select(BookingRow.booked_at, BookingRow.idr_at).where(BookingRow.idr_at.is_not(None))
    )
    return [(idr - booked).total_seconds() / 60 for booked, idr in rows]


def delivery_floor(messages: int, workdir: Path) -> float:
    """Messages per second through the same dispatcher on a no-op chain (the toy flow of the tests)."""
    import toy_flow

    database = open_database(f"sqlite:///{workdir / 'floor.db'}")
    toy_flow.seed(database, messages // toy_flow.STEPS)
    started = time.perf_counter()
    report = toy_flow.dispatcher(database).run(until=toy_flow.START + timedelta(days=365))
    return report.delivered / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gallery", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--bookings", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        floor = delivery_floor(2000, Path(tmp))
        _say(f"delivery floor (no-op agency): {floor:,.0f} messages/s")
        for n in args.gallery:
            result = run_size(n, args.bookings, args.seed, Path(tmp))
            results.append(result)
            print(
                f"gallery {n:>9,}: {result['bookings_per_s']:7.1f} bookings/s end to end; matcher "
                f"{100 * result['matcher_share']:4.1f} % of the time; flow {result['flow_ms_per_booking']:5.2f} ms "
                f"per booking = {result['bookings_per_s_matching_excluded']:6.0f} bookings/s with matching "
                f"excluded; booking -> IDR {result['booking_to_idr_minutes_median']:.0f} min (simulated, median)",
                flush=True,
            )
    load = os.getloadavg()[0]
    print(f"delivery floor: {floor:,.0f} messages/s on a no-op agency; load average {load:.1f}")
    if args.json:
        print(json.dumps({"delivery_floor_messages_per_s": floor, "load_average": load, "sizes": results}))


if __name__ == "__main__":
    main()
