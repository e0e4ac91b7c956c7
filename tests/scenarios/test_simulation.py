"""The simulation behind `make run` and `securecomm simulate`: a small world is seeded, runs its days through
the whole flow, and continues from where it stopped without doing anything twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from securecomm.app.runner import run_simulation
from securecomm.errors import BadInput
from securecomm.storage.agency_tables import BookingRow, GalleryEntryRow
from securecomm.storage.db import open_database

START = date(2012, 3, 1)
WORLD = {"counties": 1, "seed": 5, "start": START, "scale": 0.003}


def _counts(url: str) -> tuple[int, int]:
    with open_database(url).read() as session:
        bookings = session.scalar(select(func.count()).select_from(BookingRow)) or 0
        entries = session.scalar(select(func.count()).select_from(GalleryEntryRow)) or 0
    return bookings, entries


def test_a_small_world_runs_through_the_flow_and_continues_without_repeating(tmp_path: Path) -> None:
    url = f"sqlite:///{(tmp_path / 'world.db').as_posix()}"
    first = run_simulation(url, days=1, **WORLD)  # type: ignore[arg-type]
    assert first["bookings"] > 0
    # every booking was answered by the FBI and, the county being activated, searched in IDENT
    assert first["sre"] == first["bookings"] == first["ident_searches"]
    assert first["ident_matches"] + first["idr_no_match_sent"] + first["idr_suppressed"] >= first["bookings"]
    assert first["pending_messages"] == 0 and first["dead_messages"] == 0
    assert first["invariant_violations"] == []
    assert first["ground_truth"]["false_matches"] == 0
    assert first["ground_truth"]["usc_held"] == 0
    seeded = _counts(url)
    assert seeded[1] > 0  # the seeded records are enrolled in the galleries

    again = run_simulation(url, days=1, **WORLD)  # type: ignore[arg-type]
    assert _counts(url) == seeded
    assert again["bookings"] == first["bookings"] and again["detainers"] == first["detainers"]

    longer = run_simulation(url, days=2, **WORLD)  # type: ignore[arg-type]
    assert longer["bookings"] > first["bookings"]
    assert longer["invariant_violations"] == []

    # the same database with other settings is another world: refused, nothing touched
    with pytest.raises(BadInput, match="another world: seed was 5 \\(now 6\\)"):
        run_simulation(url, days=2, **{**WORLD, "seed": 6})  # type: ignore[arg-type]
    assert _counts(url)[0] == longer["bookings"]
