"""Fixtures for the formats tests: the shared NIST sample files (skipped when absent) and synthetic prints."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from securecomm.config import shared_data_dir
from securecomm.formats.ebts_booking import AmputationCode, ArrestCharge, CarBooking, MissingFinger
from securecomm.formats.ebts_profile import EyeColor, HairColor, Race, Sex
from securecomm.formats.images import FingerImage


def ansi_nist_dir() -> Path | None:
    shared = shared_data_dir()
    if shared is None or not (shared / "ansi-nist").is_dir():
        return None
    return shared / "ansi-nist"


def sample_files(*folders: str) -> list[Path]:
    """The NIST sample files in `folders` (empty when the shared material is not on this machine)."""
    base = ansi_nist_dir()
    if base is None:
        return []
    return sorted(p for folder in folders for p in (base / folder).iterdir() if p.is_file())


@pytest.fixture
def ansi_nist() -> Path:
    base = ansi_nist_dir()
    if base is None:
        pytest.skip("the shared ANSI/NIST sample files (../shared/data/ansi-nist) are not on this machine")
    return base


def ridge_image(seed: int, size: tuple[int, int] = (400, 360)) -> np.ndarray:
    """A synthetic fingerprint-like pattern: curved ridges at about 9 pixels per ridge, 8-bit gray."""
    rng = np.random.default_rng(seed)
    height, width = size
    y, x = np.mgrid[0:height, 0:width].astype(float)
    cx, cy = width * rng.uniform(0.4, 0.6), height * rng.uniform(0.4, 0.6)
    radius = np.hypot(x - cx, (y - cy) * 1.3)
    pattern = 128 + 90 * np.sin(2 * np.pi * radius / 9.0 + rng.uniform(0, np.pi))
    return np.clip(pattern + rng.normal(0, 8, size), 0, 255).astype(np.uint8)


@pytest.fixture(scope="session")
def synthetic_fingers() -> dict[int, FingerImage]:
    """Ten rolled fingers and the three slaps, synthetic, at 500 ppi."""
    fingers = {p: FingerImage(p, ridge_image(p), 500.0, 1) for p in range(1, 11)}
    fingers[13] = FingerImage(13, ridge_image(13, (500, 800)), 500.0, 0)
    fingers[14] = FingerImage(14, ridge_image(14, (500, 800)), 500.0, 0)
    fingers[15] = FingerImage(15, ridge_image(15, (500, 600)), 500.0, 0)
    return fingers


@pytest.fixture
def booking() -> CarBooking:
    """A synthetic booking (no real person): arrested in New York, born in Mexico."""
    return CarBooking(
        tcn="NY20110301-000042",
        submitted_at=datetime(2011, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5))),
        originating_ori="NY0303000",
        arresting_ori="NY0303000",
        surname="Roe",
        given_name="Richard",
        middle_name="A",
        date_of_birth=date(1984, 5, 17),
        sex=Sex.MALE,
        race=Race.WHITE,
        place_of_birth="MX",
        height_inches=70,
        weight_pounds=165,
        eye_color=EyeColor.BROWN,
        hair_color=HairColor.BLACK,
        arrested_on=date(2011, 3, 1),
        charges=(ArrestCharge("5404", "Driving under influence", date(2011, 2, 28)),),
        printed_on=date(2011, 3, 1),
        booking_number="B-2011-0042",
    )


@pytest.fixture
def booking_missing_seven(booking: CarBooking) -> CarBooking:
    from dataclasses import replace

    return replace(booking, missing_fingers=(MissingFinger(7, AmputationCode.AMPUTATED),))
