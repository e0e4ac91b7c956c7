"""A field-office case as its officer reads it: the advice with its reasons and sources, the decisions
recorded, the detainers, the claims, the protection flag, and the acts the case's state allows now.

The advice is shown determination by determination (identification level, conviction level, priority,
discretion, detainer advice, voluntary return), each with its reasons and the sources its rule cites. They
are re-derived from the IAR on record with the same rules and date the field office used; if the rules
now say something else than the advice recorded when the case opened, the recorded advice is what counts
and the page says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from securecomm.agencies.case_builder import case_from_iar
from securecomm.errors import BadInput
from securecomm.messages import decode
from securecomm.messages.immigration_query import Iar
from securecomm.rules import Classification, Determination, RuleSet, classify_case
from securecomm.storage.agency_tables import CaseRow, ClaimRow, DecisionRow, DetainerRow
from securecomm.storage.tables import JurisdictionRow
from securecomm.web.case_acts import override_requirement
from securecomm.web.case_choices import decision_forms
from securecomm.web.file_schemas import (
    AdvicePartOut,
    CaseFileOut,
    ClaimOut,
    DecisionFormsOut,
    DecisionOut,
    ProtectionOut,
)
from securecomm.web.flow import FlowGateway
from securecomm.web.routes.field_office import case_out
from securecomm.web.schemas import ChargeOut, ReferenceOut, SubjectOut
from securecomm.web.shaping import detainer_out

__all__ = ["ACTIVE_DETAINER_STATES", "case_file", "claim_out", "classification_of"]

ACTIVE_DETAINER_STATES = ("lodged", "received", "served", "holding")


def classification_of(row: CaseRow, *, ruleset: RuleSet) -> Classification | None:
    """The advice re-derived from the case's IAR exactly as the field office derived it (None if unreadable)."""
    try:
        iar = decode(Iar, row.iar, path=f"cases[{row.case_id}].iar")
    except BadInput:
        return None
    booked_on = iar.iaq.search.booked_at.date()
    return classify_case(case_from_iar(iar, booked_on=booked_on), as_of=booked_on, ruleset=ruleset)


def _part(title: str, determination: Determination[Any], value: str) -> AdvicePartOut:
    return AdvicePartOut(
        title=title,
        value=value,
        rule=f"{determination.rule_id}@{determination.rule_version}",
        reasons=[reason.text for reason in determination.reasons],
        references=[
            ReferenceOut(title=r.title, href=r.href, kind=r.kind.value) for r in determination.references
        ],
    )


def _words(values: tuple[str, ...]) -> str:
    return ", ".join(v.replace("_", " ") for v in values) or "none"


def _parts(classification: Classification) -> list[AdvicePartOut]:
    c = classification
    discretion = c.discretion.value
    care = discretion.positive_particular_care + discretion.negative_particular_care
    discretion_text = (
        f"particular care: {_words(care)}; favorable: {_words(discretion.favorable)}; "
        f"unfavorable: {_words(discretion.unfavorable)}"
        + ("; victims and witnesses policy applies" if discretion.victim_witness_policy else "")
    )
    priority = c.priority.value
    clauses = f" ({', '.join(priority.clauses)})" if priority.clauses else ""
    return [
        _part("Identification level", c.identification_level, str(c.identification_level.value.value)),
        _part("Conviction level", c.conviction_level, str(c.conviction_level.value.value)),
        _part("Priority", c.priority, f"{priority.level.value}{clauses}"),
        _part("Discretion", c.discretion, discretion_text),
        _part("Detainer advice", c.detainer_advice, c.detainer_advice.value.value.replace("_", " ")),
        _part("Voluntary return", c.voluntary_return, "may be offered" if c.voluntary_return.value else "no"),
    ]


def _iar_subject(row: CaseRow) -> tuple[SubjectOut | None, list[ChargeOut]]:
    search = row.iar.get("iaq", {}).get("search", {}) if isinstance(row.iar, Mapping) else {}
    subject = search.get("subject") if isinstance(search, Mapping) else None
    charges = search.get("charges") if isinstance(search, Mapping) else None
    person = None
    if isinstance(subject, Mapping):
        person = SubjectOut(
            name=str(subject.get("name") or "") or None,
            date_of_birth=str(subject.get("date_of_birth") or "") or None,
            sex=str(subject.get("sex") or "") or None,
            nationality=str(subject.get("nationality") or "") or None,
            language=str(subject.get("language") or "") or None,
            claims_us_citizenship=subject.get("claims_us_citizenship")
            if isinstance(subject.get("claims_us_citizenship"), bool)
            else None,
        )
    listed = [
        ChargeOut(ncic=str(c.get("ncic", "")), description=str(c.get("description", "")))
        for c in (charges if isinstance(charges, list) else [])
        if isinstance(c, Mapping)
    ]
    return person, listed


def claim_out(row: ClaimRow) -> ClaimOut:
    return ClaimOut(
        claim_id=row.claim_id,
        booking_id=row.booking_id,
        kind=row.kind,
        channel=row.channel,
        at=row.at,
        finding=row.finding,
        resolved_at=row.resolved_at,
    )


def case_file(session: Session, row: CaseRow, *, gateway: FlowGateway, now: datetime) -> CaseFileOut:
    """Everything the case page and `GET /api/cases/{id}/file` show (read inside the caller's transaction)."""
    classification = classification_of(row, ruleset=gateway.ruleset)
    parts: list[AdvicePartOut] = []
    note = None
    if classification is None:
        note = "The IAR on record cannot be re-read; the advice below is shown as it was recorded."
    else:
        parts = _parts(classification)
        if isinstance(row.advice, Mapping) and classification.as_dict() != dict(row.advice):
            note = (
                "The rules now give other advice than was recorded when the case opened; the recorded "
                "advice (summary above) is the one the decision was taken on."
            )
    requirement = override_requirement(session, gateway, row.case_id)
    person, charges = _iar_subject(row)
    decisions = session.scalars(
        select(DecisionRow).where(DecisionRow.case_id == row.case_id).order_by(DecisionRow.at)
    ).all()
    detainers = session.scalars(
        select(DetainerRow).where(DetainerRow.case_id == row.case_id).order_by(DetainerRow.issued_at)
    ).all()
    claims = session.scalars(
        select(ClaimRow).where(ClaimRow.booking_id == row.booking_id).order_by(ClaimRow.at)
    ).all()
    subject = {"name": person.name} if person else None
    active = [d for d in detainers if d.ended_at is None and d.state in ACTIVE_DETAINER_STATES]
    acts: list[str] = []
    if row.state == "open":
        acts.append("decision")
    if active:
        acts += ["verify", "lift"]
        if any(d.state == "holding" for d in active):
            acts.append("custody")
    if row.state == "in_ice_custody":
        acts.append("interview")
    if requirement.required:
        acts.append("override")
    forms = decision_forms(now.date(), ruleset=gateway.ruleset)
    county = session.get(JurisdictionRow, row.fips)
    return CaseFileOut(
        case=case_out(row),
        facility_tz=county.tz if county else "UTC",
        person=person,
        charges=charges,
        advice_parts=parts,
        advice_note=note,
        protection=ProtectionOut(
            protected=row.protected or requirement.required or requirement.override is not None,
            override_required=requirement.required,
            override_on_record=requirement.override is not None,
        ),
        decisions=[
            DecisionOut(
                decision_id=d.decision_id,
                kind=d.kind,
                actor=d.actor,
                reason=d.reason,
                at=d.at,
                follows_advice=d.follows_advice,
                form=(d.data or {}).get("form") if isinstance(d.data, Mapping) else None,
            )
            for d in decisions
        ],
        detainers=[detainer_out(d, now=now, subject=subject) for d in detainers],
        claims=[claim_out(c) for c in claims],
        acts=acts,
        forms=DecisionFormsOut(
            on=forms.on,
            hold=[f.value for f in forms.hold],
            notification=[f.value for f in forms.notification],
        ),
    )
