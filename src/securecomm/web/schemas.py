"""What leaves the server: the output schemas of the JSON API, also the view models of the pages.

The stored rows never cross the web boundary: `records.py` builds these from them, choosing the fields
each view may show. Every record that belongs to a jurisdiction carries it as `fips`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AdviceOut",
    "BookingOut",
    "BookingPage",
    "CaseOut",
    "CasePage",
    "ChargeOut",
    "DetainerOut",
    "DetainerPage",
    "HealthOut",
    "IaqResponseOut",
    "IaqResponsePage",
    "IdrOut",
    "JurisdictionOut",
    "JurisdictionPage",
    "MeOut",
    "OversightPage",
    "OversightRowOut",
    "ReferenceOut",
    "RightsLanguageOut",
    "RightsOut",
    "RightsSectionOut",
    "SreOut",
    "SubjectOut",
    "UserOut",
    "VersionOut",
]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class HealthOut(_Out):
    status: str = Field(description="'ok' when the database answers")


class VersionOut(_Out):
    version: str
    schema_revision: str | None = Field(description="the Alembic revision the database is at")


class MeOut(_Out):
    username: str
    role: str
    scope: str | None
    home: str = Field(description="the path of this role's home page")


class JurisdictionOut(_Out):
    fips: str
    name: str
    state: str
    tz: str
    aor: str
    ori: str
    activated_on: date | None
    receives_idr: bool
    has_287g: bool


class Page(_Out):
    page: int
    page_size: int
    total: int


class JurisdictionPage(Page):
    items: list[JurisdictionOut]


class SubjectOut(_Out):
    name: str | None = None
    date_of_birth: str | None = None
    sex: str | None = None
    nationality: str | None = None
    language: str | None = None
    claims_us_citizenship: bool | None = None


class ChargeOut(_Out):
    ncic: str
    description: str


class SreOut(_Out):
    received_at: datetime | None
    fbi_number: str | None
    new_identity: bool | None = Field(description="true when no prior record was found (a new FBI number)")
    prior_events: int = Field(description="lines of criminal history returned, not counting this arrest")


class IdrOut(_Out):
    kind: str = Field(description="'no_match' or 'iar'")
    received_at: datetime | None
    status: str | None = None
    removable: bool | None = None
    summary: str | None = None


class BookingOut(_Out):
    booking_id: str
    fips: str
    ori: str
    booked_at: datetime
    facility_tz: str
    subject: SubjectOut
    charges: list[ChargeOut]
    sre: SreOut | None
    receives_idr: bool = Field(description="whether this jurisdiction receives IDR/IAR responses")
    idr: IdrOut | None = Field(description="present only when the jurisdiction receives IDRs")


class BookingPage(Page):
    items: list[BookingOut]


class DetainerOut(_Out):
    detainer_id: str
    booking_id: str
    subject_name: str | None = Field(description="the person held, as the jail booked them")
    fips: str
    aor: str
    form: str
    state: str
    issued_at: datetime
    requests_hold: bool
    notice_language: str
    facility_tz: str
    served_at: datetime | None
    served_language: str | None
    verified_at: datetime | None = Field(
        default=None,
        description="when the field office verified the person is not a citizen (a hold may begin)",
    )
    release_eligible_at: datetime | None
    deadline_at: datetime | None
    deadline_local: str | None = Field(description="the deadline in the facility's own time zone")
    seconds_left: float | None = Field(
        description="until the deadline at the board's now; negative once past"
    )
    ended_at: datetime | None
    end_kind: str | None
    lift_reason: str | None


class DetainerPage(Page):
    items: list[DetainerOut]
    now: datetime = Field(description="the instant the countdowns were computed at")


class ReferenceOut(_Out):
    title: str
    href: str | None = None
    kind: str | None = None


class AdviceOut(_Out):
    summary: dict[str, str] = Field(
        description="the advice's scalar fields (level, priority, recommendation, ...)"
    )
    reasons: list[str]
    references: list[ReferenceOut]


class CaseOut(_Out):
    case_id: str
    booking_id: str
    fips: str
    aor: str
    opened_at: datetime
    state: str
    protected: bool
    closed_at: datetime | None
    status: str | None = Field(description="immigration status as LESC determined it")
    advice: AdviceOut


class CasePage(Page):
    items: list[CaseOut]


class IaqResponseOut(_Out):
    booking_id: str
    fips: str | None
    fin: str
    received_at: datetime
    aor: str
    idr_sent: bool
    status: str | None
    removable: bool | None
    reasons: list[str]


class IaqResponsePage(Page):
    items: list[IaqResponseOut]


class OversightRowOut(_Out):
    fips: str
    name: str
    state: str
    aor: str
    activated_on: date | None
    receives_idr: bool
    has_287g: bool
    bookings: int
    cases: int
    active_detainers: int


class OversightPage(Page):
    items: list[OversightRowOut]


class UserOut(_Out):
    username: str
    role: str
    scope: str | None
    disabled: bool
    created_at: datetime
    last_sign_in_at: datetime | None


class RightsSectionOut(_Out):
    heading: str
    text: str


class RightsOut(_Out):
    lang: str
    dir: str
    language_name: str
    title: str
    lede: str
    sections: list[RightsSectionOut]
    translation_note: str
    references: list[ReferenceOut]


class RightsLanguageOut(_Out):
    lang: str
    name: str
    dir: str


def text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)
