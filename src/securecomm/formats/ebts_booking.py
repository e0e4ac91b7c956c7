"""The booking data of a criminal ten-print submission (CAR), and a strict reader of it from plain data.

`booking_from_mapping` turns a mapping (as loaded from a YAML or JSON booking file) into a
`CarBooking`; an unknown key, a missing key or a value of the wrong kind is a `BookingError` that
names the key, so a typo never silently drops a field from a submission.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, fields
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from securecomm.errors import BadInput
from securecomm.formats.ebts_profile import FBI_CJIS_ORI, EyeColor, HairColor, Race, Sex

__all__ = [
    "AmputationCode",
    "ArrestCharge",
    "BookingError",
    "CaptureDevice",
    "CarBooking",
    "MissingFinger",
    "booking_from_mapping",
]


class BookingError(BadInput):
    """Booking data for a CAR is missing a key, has an unknown one, or holds a value of the wrong kind."""


class AmputationCode(StrEnum):
    """Why a finger has no image: 2.084 / 14.018 AMP codes."""

    AMPUTATED = "XX"
    UNABLE_TO_PRINT = "UP"


@dataclass(frozen=True, slots=True)
class ArrestCharge:
    """One arrest offense: 2.047 ASL subfield (DOO date of offense, AOL offense literal)."""

    ncic_code: str
    literal: str
    offense_on: date | None = None


@dataclass(frozen=True, slots=True)
class MissingFinger:
    """A rolled finger position (1-10) with no image, and why."""

    position: int
    code: AmputationCode


@dataclass(frozen=True, slots=True)
class CaptureDevice:
    """2.067 IMA: the live-scan device that captured the prints."""

    make: str
    model: str
    serial_number: str


@dataclass(frozen=True, slots=True)
class CarBooking:
    """The booking data a criminal ten-print submission carries; each field names its EBTS tag."""

    tcn: str  # 1.009 TCN, transaction control number (unique per submission)
    submitted_at: datetime  # 1.005 DAT (local date) and 1.014 GMT; timezone-aware
    originating_ori: str  # 1.008 ORI, the agency sending the transaction (the jail, or its SIB)
    arresting_ori: str  # 2.073 CRI and 14.004 SRC, the arresting (controlling) agency
    surname: str  # 2.018 NAM, with given_name and middle_name
    given_name: str
    date_of_birth: date  # 2.022 DOB
    sex: Sex  # 2.024 SEX
    race: Race  # 2.025 RAC
    place_of_birth: str  # 2.020 POB, NCIC state or country code
    height_inches: int  # 2.027 HGT, written feet and inches
    weight_pounds: int  # 2.029 WGT
    eye_color: EyeColor  # 2.031 EYE
    hair_color: HairColor  # 2.032 HAI
    arrested_on: date  # 2.045 DOA
    charges: tuple[ArrestCharge, ...]  # 2.047 ASL, one subfield per charge
    printed_on: date  # 2.038 DPR and 14.005 FCD
    middle_name: str = ""
    booking_number: str | None = None  # 2.009 OCA
    citizenship: str | None = None  # 2.021 CTZ
    missing_fingers: tuple[MissingFinger, ...] = ()  # 2.084 AMP
    capture_device: CaptureDevice | None = None  # 2.067 IMA
    retain: bool = True  # 2.005 RET: keep the prints in the criminal file
    rap_sheet: bool = True  # 2.070 RAP: ask for the electronic criminal history
    priority: int | None = None  # 1.006 PRY
    destination: str = FBI_CJIS_ORI  # 1.007 DAI


def _date(value: Any, key: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise BookingError(f"{value!r} is not a date (YYYY-MM-DD)", where=key)


def _datetime(value: Any, key: str) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise BookingError(f"{value!r} is not a date and time (ISO 8601)", where=key) from None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise BookingError(
            "needs a date and time with its UTC offset, e.g. 2011-03-01T09:30:00-05:00", where=key
        )
    return value


def _enum(kind: type[StrEnum]) -> Callable[[Any, str], Any]:
    def parse(value: Any, key: str) -> Any:
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            raise BookingError(f"{value!r} is not one of {allowed}", where=key) from None

    return parse


def _text(value: Any, key: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise BookingError(f"{value!r} is not text", where=key)
    return str(value)


def _integer(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BookingError(f"{value!r} is not a whole number", where=key)
    return value


def _flag(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise BookingError(f"{value!r} is not true or false", where=key)
    return value


def _items(value: Any, key: str) -> list[Mapping[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
        raise BookingError("must be a list of mappings", where=key)
    return value


def _checked_keys(data: Mapping[str, Any], allowed: set[str], required: set[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise BookingError(
            f"unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(allowed))}", where=where
        )
    missing = sorted(required - set(data))
    if missing:
        raise BookingError(f"missing key(s) {', '.join(missing)}", where=where)


def _charges(value: Any, key: str) -> tuple[ArrestCharge, ...]:
    charges = []
    for i, item in enumerate(_items(value, key)):
        at = f"{key}[{i}]"
        _checked_keys(item, {"ncic_code", "literal", "offense_on"}, {"ncic_code", "literal"}, at)
        offense_on = _date(item["offense_on"], f"{at}.offense_on") if "offense_on" in item else None
        code = _text(item["ncic_code"], f"{at}.ncic_code")
        charges.append(ArrestCharge(code, _text(item["literal"], f"{at}.literal"), offense_on))
    return tuple(charges)


def _missing(value: Any, key: str) -> tuple[MissingFinger, ...]:
    missing = []
    for i, item in enumerate(_items(value, key)):
        at = f"{key}[{i}]"
        _checked_keys(item, {"position", "code"}, {"position", "code"}, at)
        code = _enum(AmputationCode)(item["code"], f"{at}.code")
        missing.append(MissingFinger(_integer(item["position"], f"{at}.position"), code))
    return tuple(missing)


def _device(value: Any, key: str) -> CaptureDevice:
    if not isinstance(value, Mapping):
        raise BookingError("must be a mapping with make, model and serial_number", where=key)
    _checked_keys(value, {"make", "model", "serial_number"}, {"make", "model", "serial_number"}, key)
    return CaptureDevice(*(_text(value[k], f"{key}.{k}") for k in ("make", "model", "serial_number")))


_PARSERS: dict[str, Callable[[Any, str], Any]] = {
    "tcn": _text,
    "submitted_at": _datetime,
    "originating_ori": _text,
    "arresting_ori": _text,
    "surname": _text,
    "given_name": _text,
    "middle_name": _text,
    "date_of_birth": _date,
    "sex": _enum(Sex),
    "race": _enum(Race),
    "place_of_birth": _text,
    "height_inches": _integer,
    "weight_pounds": _integer,
    "eye_color": _enum(EyeColor),
    "hair_color": _enum(HairColor),
    "arrested_on": _date,
    "charges": _charges,
    "printed_on": _date,
    "booking_number": _text,
    "citizenship": _text,
    "missing_fingers": _missing,
    "capture_device": _device,
    "retain": _flag,
    "rap_sheet": _flag,
    "priority": _integer,
    "destination": _text,
}


def booking_from_mapping(data: Mapping[str, Any], *, source: str = "booking") -> CarBooking:
    """A `CarBooking` from plain data; keys are the `CarBooking` field names, dates ISO 8601."""
    if not isinstance(data, Mapping):
        raise BookingError("a booking must be a mapping of field names to values", where=source)
    names = {f.name for f in fields(CarBooking)}
    required = {f.name for f in fields(CarBooking) if f.default is MISSING}
    _checked_keys(data, names, required, source)
    values = {
        key: _PARSERS[key](value, f"{source}: {key}") for key, value in data.items() if value is not None
    }
    return CarBooking(**values)
