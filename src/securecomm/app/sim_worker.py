"""The expensive, pure part of a simulated booking, run in worker processes: render the person's prints,
write the CAR transaction, and extract what the FBI and the galleries will need from exactly those bytes.

Results are plain bytes, so the parent stores them and nothing about a worker's state leaks into the run:
the same booking gives the same bytes in any worker, in any order.
"""

from __future__ import annotations

from dataclasses import dataclass

from securecomm.app.biometrics import extract_tenprint, pack_tenprint
from securecomm.app.car import car_bytes
from securecomm.app.prints import PrintStudio
from securecomm.biometrics import FingerprintImage, extract
from securecomm.synth import FingerprintRef, SimulatedBooking

__all__ = ["PreparedBooking", "PriorCapture", "prepare_booking"]

_studio: PrintStudio | None = None


@dataclass(frozen=True, slots=True)
class PriorCapture:
    encounter_id: str
    ref: FingerprintRef
    fingers: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PreparedBooking:
    car: bytes
    tenprint: bytes  # packed templates of the CAR's rolled fingers, as the FBI extracts them
    priors: dict[str, bytes]  # encounter id -> packed templates of that prior capture


def _studio_here() -> PrintStudio:
    global _studio  # one master cache per worker process
    if _studio is None:
        _studio = PrintStudio()
    return _studio


def prepare_booking(simulated: SimulatedBooking, priors: tuple[PriorCapture, ...]) -> PreparedBooking:
    studio = _studio_here()
    car = car_bytes(simulated, studio.capture(simulated.booking.fingerprint))
    tenprint = pack_tenprint(extract_tenprint(car, source=simulated.booking.booking_id))
    packed: dict[str, bytes] = {}
    for prior in priors:
        images = studio.capture(prior.ref, fingers=prior.fingers)
        templates = {
            f: extract(FingerprintImage(pixels=i.pixels, ppi=i.ppi or 500.0)) for f, i in images.items()
        }
        packed[prior.encounter_id] = pack_tenprint(templates)
    return PreparedBooking(car=car, tenprint=tenprint, priors=packed)
