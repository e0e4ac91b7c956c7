"""The typed inputs of the documents: who, where, which form, what was asked and answered.

Values are checked when they are built, so a wrong record fails with the field's name rather than
producing a misleading document. Times are aware datetimes; they are printed in the facility's zone.
Nothing here carries an asylum or fear claim: the consular documents cannot disclose what they never hold.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from securecomm.notices.errors import NoticeInputError
from securecomm.rules import DetainerForm, parse_country

__all__ = [
    "ConsularAnswer",
    "ConsularNotice",
    "ConsularPost",
    "DetainerNotice",
    "Facility",
    "Person",
    "StatementKind",
]


def _text(value: str, where: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise NoticeInputError("must be non-empty text", where=where)


def _aware(value: datetime | None, where: str) -> None:
    if value is not None and (not isinstance(value, datetime) or value.tzinfo is None):
        raise NoticeInputError(
            "must be a time-zone-aware datetime (e.g. 2012-02-17T17:00-05:00)", where=where
        )


def _coordinates(latitude: float | None, longitude: float | None, where: str) -> None:
    if (latitude is None) != (longitude is None):
        raise NoticeInputError("give both latitude and longitude, or neither", where=where)
    if latitude is not None and longitude is not None:
        if not (math.isfinite(latitude) and -90 <= latitude <= 90):
            raise NoticeInputError(
                f"latitude {latitude} is outside -90..90 degrees", where=f"{where}.latitude"
            )
        if not (math.isfinite(longitude) and -180 <= longitude <= 180):
            raise NoticeInputError(
                f"longitude {longitude} is outside -180..180 degrees", where=f"{where}.longitude"
            )


@dataclass(frozen=True, slots=True)
class Person:
    """The person the document is about (synthetic), as the booking recorded them."""

    name: str
    date_of_birth: date
    nationality: str  # ISO 3166-1 alpha-2
    sex: str | None = None
    place_of_birth: str | None = None  # ISO 3166-1 alpha-2 country of birth
    passport_number: str | None = None

    def __post_init__(self) -> None:
        _text(self.name, "Person.name")
        if not isinstance(self.date_of_birth, date) or isinstance(self.date_of_birth, datetime):
            raise NoticeInputError("must be a date", where="Person.date_of_birth")
        parse_country(self.nationality, where="Person.nationality")
        if self.place_of_birth is not None:
            parse_country(self.place_of_birth, where="Person.place_of_birth")


@dataclass(frozen=True, slots=True)
class Facility:
    """The jail or other agency holding the person; `tz` is the IANA zone its clocks run in."""

    name: str
    tz: str
    location: str = ""  # county and state, for the fax sheet
    latitude: float | None = None
    longitude: float | None = None
    phone: str | None = None

    def __post_init__(self) -> None:
        _text(self.name, "Facility.name")
        try:
            ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            raise NoticeInputError(
                f"{self.tz!r} is not an IANA time zone (e.g. America/Chicago)", where="Facility.tz"
            ) from None
        _coordinates(self.latitude, self.longitude, "Facility")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)


@dataclass(frozen=True, slots=True)
class DetainerNotice:
    """A detainer as the copy served on the person shows it.

    `hold_deadline_at` is the end of the hold the rules computed, when the release-eligible moment is
    known; it must be None when no hold is requested. `boxes` are the box ids the officer marked.
    """

    form: DetainerForm
    detainer_id: str
    person: Person
    facility: Facility
    field_office: str
    issued_at: datetime
    requests_hold: bool
    language: str
    boxes: tuple[str, ...] = ()
    hold_deadline_at: datetime | None = None
    operative_upon_conviction: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.form, DetainerForm):
            raise NoticeInputError(
                f"{self.form!r} is not a DetainerForm (use securecomm.rules.parse_form)",
                where="DetainerNotice.form",
            )
        _text(self.detainer_id, "DetainerNotice.detainer_id")
        _text(self.field_office, "DetainerNotice.field_office")
        _aware(self.issued_at, "DetainerNotice.issued_at")
        _aware(self.hold_deadline_at, "DetainerNotice.hold_deadline_at")
        if self.hold_deadline_at is not None and not self.requests_hold:
            raise NoticeInputError(
                "a hold deadline is given but no hold is requested; drop the deadline or set requests_hold",
                where="DetainerNotice.hold_deadline_at",
            )
        if self.hold_deadline_at is not None and self.hold_deadline_at <= self.issued_at:
            raise NoticeInputError(
                f"the hold deadline {self.hold_deadline_at.isoformat()} is not after the detainer was issued "
                f"({self.issued_at.isoformat()})",
                where="DetainerNotice.hold_deadline_at",
            )
        for index, box in enumerate(self.boxes):
            _text(box, f"DetainerNotice.boxes[{index}]")


class StatementKind(enum.StrEnum):
    """Which statement is read: mandatory notification, notification on request, or the Taiwan passport one."""

    MANDATORY = "mandatory"
    ON_REQUEST = "on_request"
    TAIWAN = "taiwan"


class ConsularAnswer(enum.StrEnum):
    """What the person said when offered consular notification."""

    REQUESTED = "requested"
    DECLINED = "declined"


@dataclass(frozen=True, slots=True)
class ConsularPost:
    """A foreign government's post in the United States that can receive a consular notification."""

    country: str  # ISO 3166-1 alpha-2 of the sending state ("TW" for TECRO and its offices)
    post: str
    kind: str
    city: str
    state: str
    latitude: float
    longitude: float
    coordinates: str  # "wikidata" (the post's own point) or "city_centre" (the city's centre)
    phone: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        _text(self.post, "ConsularPost.post")
        _coordinates(self.latitude, self.longitude, "ConsularPost")

    @property
    def label(self) -> str:
        """How the post is named on documents: "Consulate General of China, Chicago, IL"."""
        place = ", ".join(part for part in (self.city, self.state) if part)
        return f"{self.post}, {place}" if place and place not in self.post else self.post


@dataclass(frozen=True, slots=True)
class ConsularNotice:
    """A booked foreign national's consular notification: what to read, whom to notify, what they said."""

    booking_id: str
    person: Person
    facility: Facility
    arrested_at: datetime
    kind: StatementKind
    language: str
    consulate: ConsularPost | None = None
    answer: ConsularAnswer | None = None
    told_at: datetime | None = None
    told_by: str | None = None
    contact: str | None = None  # who the consulate should call back (officer, desk, phone)

    def __post_init__(self) -> None:
        _text(self.booking_id, "ConsularNotice.booking_id")
        _aware(self.arrested_at, "ConsularNotice.arrested_at")
        _aware(self.told_at, "ConsularNotice.told_at")
        if not isinstance(self.kind, StatementKind):
            raise NoticeInputError(
                f"{self.kind!r} is not one of {', '.join(k.value for k in StatementKind)}",
                where="ConsularNotice.kind",
            )
        if self.told_at is not None and self.told_at < self.arrested_at:
            raise NoticeInputError(
                f"the person was told ({self.told_at.isoformat()}) before the arrest "
                f"({self.arrested_at.isoformat()})",
                where="ConsularNotice.told_at",
            )
        if self.told_by is not None:
            _text(self.told_by, "ConsularNotice.told_by")
