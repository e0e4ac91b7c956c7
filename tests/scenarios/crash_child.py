"""Child process for the crash test: books a fixed set of people through the real agencies and delivers."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from flow_kit import Flow, add_prior_record, at, burglary, criminal_hit, dui

from securecomm.agencies.officer_policy import PolicyRates

PEOPLE = 24


def build(workdir: Path) -> Flow:
    flow = Flow(workdir, rates=PolicyRates(pickup_within_deadline=0.5, lodge_despite_discretion=0.3))
    return flow


def seed(flow: Flow) -> None:
    for i in range(PEOPLE):
        if i % 3 == 0:
            flow.encounter(f"F{i}", "border_apprehension", date(2009, 4, 1), "apprehended")
        if i % 4 == 0:
            add_prior_record(flow, f"FBI{i}", ("conviction", date(2009, 6, 1), "2299", 400, False))


def book_all(flow: Flow) -> None:
    for i in range(PEOPLE):
        name = f"person-{i}"
        if i % 4 == 0:
            criminal_hit(flow, name, f"FBI{i}")
        flow.book(
            name,
            at=at(2012, 3, 1 + i % 5, 8 + i % 9),
            charges=burglary() if i % 2 else dui(),
            ident_fin=f"F{i}" if i % 3 == 0 else None,
            release_after=timedelta(hours=20 + 7 * (i % 6)),
        )


if __name__ == "__main__":
    workdir = Path(sys.argv[1])  # the second argument (a label) is only for the test's log
    flow = build(workdir)
    seed(flow)  # idempotent, like the bookings below
    book_all(flow)  # idempotent: a booking already stored is not booked again
    flow.run(at(2012, 4, 30))
