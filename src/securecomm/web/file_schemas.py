"""What the action pages and their API endpoints show: a case file, a booking file, an IAQ file.

Built from the stored rows by `case_file`, `booking_file` and `iaq_file`; like `schemas`, the stored rows
never cross the web boundary. Every record that belongs to a jurisdiction carries it as `fips`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from securecomm.web.schemas import (
    BookingOut,
    CaseOut,
    ChargeOut,
    DetainerOut,
    IaqResponseOut,
    ReferenceOut,
    SubjectOut,
)

__all__ = [
    "AdvicePartOut",
    "BookingFileOut",
    "CaseFileOut",
    "ClaimOut",
    "ConsularNotificationOut",
    "ConsularTaskOut",
    "ConsularTellingOut",
    "CustodyOut",
    "DecisionFormsOut",
    "DecisionOut",
    "EncounterOut",
    "EvidenceOut",
    "IaqFileOut",
    "ProtectionOut",
    "SentMessageOut",
]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AdvicePartOut(_Out):
    title: str = Field(description="which determination: priority, discretion, detainer advice, ...")
    value: str
    rule: str = Field(description="rule id and version")
    reasons: list[str]
    references: list[ReferenceOut] = Field(description="the sources this part's rule cites")


class DecisionOut(_Out):
    decision_id: str
    kind: str
    actor: str
    reason: str
    at: datetime
    follows_advice: bool
    form: str | None


class ClaimOut(_Out):
    claim_id: str
    booking_id: str
    kind: str = Field(description="'us_citizen' or 'crime_victim'")
    channel: str = Field(description="'jail' or 'lesc_hotline'")
    at: datetime
    finding: str | None = Field(description="None while the field office has not resolved it")
    resolved_at: datetime | None


class ProtectionOut(_Out):
    """The flag a protected case carries; never who is protected or why, nor who overrode and why."""

    protected: bool
    override_required: bool = Field(description="removal waits for a supervisor's recorded override")
    override_on_record: bool


class DecisionFormsOut(_Out):
    on: date = Field(description="the day (the world's now) the forms are in use")
    hold: list[str] = Field(description="forms that ask the jail to hold the person")
    notification: list[str] = Field(description="notification-only forms (I-247N)")


class CaseFileOut(_Out):
    case: CaseOut
    facility_tz: str = Field(description="the county's IANA time zone (times on the page are shown in it)")
    person: SubjectOut | None = Field(description="the person as the IAR describes them")
    charges: list[ChargeOut]
    advice_parts: list[AdvicePartOut] = Field(
        description="each determination of the advice with its reasons and sources (empty when the IAR "
        "on record cannot be re-read)"
    )
    advice_note: str | None
    protection: ProtectionOut
    decisions: list[DecisionOut]
    detainers: list[DetainerOut]
    claims: list[ClaimOut]
    acts: list[str] = Field(description="what the officer may do now: decision, verify, lift, custody, ...")
    forms: DecisionFormsOut


class CustodyOut(_Out):
    state: str = Field(description="in_custody, held_on_detainer or ended")
    release_eligible_at: datetime | None
    release_reason: str | None
    ended_at: datetime | None
    outcome: str | None


class ConsularTellingOut(_Out):
    at: datetime
    by: str
    language: str
    answer: str | None


class ConsularNotificationOut(_Out):
    at: datetime
    by: str
    channel: str
    post: str | None
    confirmation: str


class ConsularTaskOut(_Out):
    task_id: str
    nationality: str
    obligation: str = Field(description="mandatory, on_request, taiwan, undetermined, not_applicable")
    state: str = Field(description="the next step: to_inform, to_notify, notified, declined, ...")
    next_step: str = Field(description="what the desk must do next, in words")
    alert: str = Field(description="within_target, target_near, past_target, past_outer_bound or done")
    language: str
    opened_at: datetime
    target_at: datetime = Field(description="the 24-hour target")
    outer_at: datetime = Field(description="the 72-hour outer bound")
    reasons: list[str]
    told: ConsularTellingOut | None
    notification: ConsularNotificationOut | None
    do_not_disclose_claim: bool = Field(description="an asylum or fear claim is on record (never sent)")


class BookingFileOut(_Out):
    booking: BookingOut
    custody: CustodyOut | None
    detainers: list[DetainerOut]
    claims: list[ClaimOut]
    consular: ConsularTaskOut | None
    notice_languages: list[str] = Field(description="the languages the detainer copy exists in")
    person_language: str = Field(description="the copy's default language: the person's, when it exists")
    acts: list[str] = Field(description="what the jail may record now: service, release, claim, consular ...")


class EncounterOut(_Out):
    encounter_id: str
    kind: str
    on: date
    recorded_status: str
    a_number: str | None
    nationality: str


class EvidenceOut(_Out):
    finger: int
    finger_name: str
    encounter_id: str
    score: float = Field(description="the finger's comparison score in [0, 1]")
    paired_minutiae: int
    false_match_rate: float = Field(description="how often an impostor comparison scores this high")
    fingers_compared: int
    picture: str = Field(description="path of the PNG (both prints, paired minutiae numbered)")


class SentMessageOut(_Out):
    kind: str = Field(description="'lesc.iar' to the field office, 'lesc.idr_iar' to the jail")
    recipient: str
    sent_at: datetime
    deliver_at: datetime
    delivered_at: datetime | None
    payload: dict[str, Any] = Field(description="the message exactly as sent")


class IaqFileOut(_Out):
    response: IaqResponseOut
    booked_at: datetime | None
    person: SubjectOut | None = Field(description="the person as the IAQ describes them")
    searched_at: datetime | None
    search_score: float | None = Field(description="IDENT's fused ten-print score of the hit")
    encounters: list[EncounterOut]
    evidence: EvidenceOut | None
    sent: list[SentMessageOut]
