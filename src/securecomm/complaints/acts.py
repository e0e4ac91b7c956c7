"""CRCL's and DOJ's acts as a person sends them (a page's form or the API's JSON), parsed and performed.

Both adapters send the act's name and its fields as text; `perform` checks them (an unknown choice, a bad
date or a missing reason is an `ActionError` naming the field) and calls the service. Keeping this here
means the page and the API can never accept different things.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from enum import StrEnum
from typing import TypeVar

from securecomm.complaints.errors import ActionError
from securecomm.complaints.model import (
    Actor,
    ClosureOutcome,
    DojDecision,
    Finding,
    LinkKind,
    PartyRole,
    Route,
)
from securecomm.complaints.service import ComplaintService
from securecomm.complaints.workflow import Act

__all__ = ["CRCL_ACTS", "DOJ_ACTS", "parse_act", "perform"]

CRCL_ACTS = frozenset(Act)
DOJ_ACTS = frozenset({Act.DOJ_DECISION})
E = TypeVar("E", bound=StrEnum)


def parse_act(text: str) -> Act:
    try:
        return Act(text)
    except ValueError:
        known = ", ".join(a.value for a in Act)
        raise ActionError(f"unknown act {text[:40]!r}; acts: {known}", where="act") from None


def _choice(fields: Mapping[str, str], name: str, kind: type[E]) -> E:
    value = (fields.get(name) or "").strip()
    try:
        return kind(value)
    except ValueError:
        known = ", ".join(member.value for member in kind)
        raise ActionError(f"{value[:40]!r} is not one of {known}", where=name) from None


def _day(fields: Mapping[str, str], name: str) -> date:
    value = (fields.get(name) or "").strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ActionError(f"{value[:20]!r} is not a date; write YYYY-MM-DD", where=name) from None


def perform(
    service: ComplaintService,
    complaint_id: str,
    act: Act,
    fields: Mapping[str, str],
    *,
    actor: Actor,
    assignee_exists: Callable[[str], bool],
) -> None:
    """Carry out `act` on the complaint with the given fields (all text, as a form or JSON sends them)."""
    reason = fields.get("reason")
    if act is Act.ACKNOWLEDGE:
        service.acknowledge(complaint_id, actor=actor)
    elif act is Act.TRIAGE:
        service.triage(complaint_id, _choice(fields, "route", Route), actor=actor, reason=reason)
    elif act is Act.ASSIGN:
        assignee = (fields.get("assignee") or "").strip()
        if assignee and not assignee_exists(assignee):
            raise ActionError(f"{assignee[:64]!r} is not a CRCL account", where="assignee")
        service.assign(complaint_id, assignee or None, actor=actor)
    elif act is Act.NOTE:
        service.add_note(complaint_id, fields.get("note") or "", actor=actor)
    elif act is Act.SET_DEADLINE:
        service.set_deadline(complaint_id, fields.get("label") or "", _day(fields, "due_on"), actor=actor)
    elif act is Act.LINK:
        service.link(
            complaint_id,
            _choice(fields, "kind", LinkKind),
            fields.get("target") or "",
            _choice(fields, "party", PartyRole),
            actor=actor,
            reason=reason,
        )
    elif act is Act.REFER_DOJ:
        service.refer_doj(complaint_id, actor=actor, reason=reason or "")
    elif act is Act.DOJ_DECISION:
        decision = _choice(fields, "decision", DojDecision)
        service.record_doj_decision(complaint_id, decision, actor=actor, reason=reason or "")
    elif act is Act.OPEN_INVESTIGATION:
        service.open_investigation(complaint_id, actor=actor, reason=reason or "")
    elif act is Act.RECORD_FINDINGS:
        items = (fields.get("recommendations") or "").splitlines()
        service.record_findings(
            complaint_id, _choice(fields, "finding", Finding), items, actor=actor, reason=reason or ""
        )
    else:
        service.close(
            complaint_id, _choice(fields, "outcome", ClosureOutcome), actor=actor, reason=reason or ""
        )
