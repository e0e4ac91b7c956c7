"""`securecomm submit`: a real ANSI/NIST-ITL CAR enters the flow; a malformed one is refused and stored nowhere."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from securecomm.app.prints import PrintStudio
from securecomm.config import shared_data_dir
from securecomm.formats.ebts import build_car
from securecomm.formats.ebts_booking import ArrestCharge, CarBooking
from securecomm.formats.ebts_profile import EyeColor, HairColor, Race, Sex
from securecomm.formats.writer import write_transaction
from securecomm.storage.agency_tables import BookingRow
from securecomm.storage.db import open_database
from securecomm.synth import FingerprintRef, find_jurisdiction

HARRIS = "48201"


def car_file(tmp_path: Path, *, seed: int = 77) -> Path:
    harris = find_jurisdiction(HARRIS)
    assert harris.ori is not None
    booking = CarBooking(
        tcn="SCTEST0001",
        submitted_at=datetime(2012, 3, 5, 15, tzinfo=UTC),
        originating_ori=harris.ori,
        arresting_ori=harris.ori,
        surname="PUBLIC",
        given_name="JOHN",
        date_of_birth=date(1981, 2, 3),
        sex=Sex.MALE,
        race=Race.UNKNOWN,
        place_of_birth="MX",
        height_inches=68,
        weight_pounds=170,
        eye_color=EyeColor.BROWN,
        hair_color=HairColor.BLACK,
        arrested_on=date(2012, 3, 5),
        charges=(ArrestCharge("2299", "BURGLARY"),),
        printed_on=date(2012, 3, 5),
    )
    fingers = PrintStudio().capture(FingerprintRef(seed, 1))
    path = tmp_path / "booking.an2"
    path.write_bytes(write_transaction(build_car(booking, fingers)))
    return path


def securecomm(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "securecomm", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.slow
def test_a_car_file_is_booked_searched_and_answered(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sc.db'}"
    result = securecomm("submit", str(car_file(tmp_path)), "--db", url, "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["fips"] == HARRIS
    assert answer["sre"]["new_identity"] is True  # nobody with these prints was ever booked
    assert answer["idr"] == "no_match"  # Harris County was activated in 2008 and receives IDRs
    again = json.loads(securecomm("submit", str(car_file(tmp_path)), "--db", url, "--json").stdout)
    assert again["booking_id"] == answer["booking_id"]  # the same file is the same booking: no second effect


def _stored(tmp_path: Path, url: str) -> tuple[int, list[Path]]:
    database = open_database(url)
    with database.sessions() as session:
        bookings = int(session.scalar(select(func.count()).select_from(BookingRow)) or 0)
    return bookings, [p for p in (tmp_path / "sc.files").rglob("*") if p.is_file()]


def test_garbage_is_refused_with_one_line_and_stored_nowhere(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sc.db'}"
    bad = tmp_path / "bad.an2"
    bad.write_bytes(b"1.001:45\x1d1.002:0500\x1c")
    result = securecomm("submit", str(bad), "--db", url)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "bad.an2" in result.stderr
    assert not (tmp_path / "sc.db").exists() or _stored(tmp_path, url) == (0, [])


def test_a_conformance_failure_file_is_refused(tmp_path: Path) -> None:
    shared = shared_data_dir()
    if shared is None:
        pytest.skip("the NIST conformance files (../shared/data/ansi-nist) are not on this machine")
    failing = shared / "ansi-nist" / "biocts-conformance" / "fail" / "fail-type-1-L1.an2"
    url = f"sqlite:///{tmp_path / 'sc.db'}"
    result = securecomm("submit", str(failing), "--db", url)
    assert result.returncode == 2
    assert "fail-type-1-L1.an2" in result.stderr


def test_a_valid_transaction_that_is_not_a_car_is_refused(tmp_path: Path) -> None:
    shared = shared_data_dir()
    if shared is None:
        pytest.skip("the NIST reference files (../shared/data/ansi-nist) are not on this machine")
    sample = shared / "ansi-nist" / "nist-reference" / "type-14-tpcard-nqm.an2"  # TOT AMN, not CAR
    url = f"sqlite:///{tmp_path / 'sc.db'}"
    result = securecomm("submit", str(sample), "--db", url)
    assert result.returncode == 2
    assert not (tmp_path / "sc.db").exists() or _stored(tmp_path, url) == (0, [])
