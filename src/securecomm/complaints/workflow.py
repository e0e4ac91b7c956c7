"""The complaint's state machine: which act is allowed in which state, and where it leads.

The minimal states of the complaints protocol as we reconstruct it (domain.md §4.3 [U]):

    received ─acknowledge─▶ acknowledged ─triage─┬▶ referred_jic    (DHS employee conduct)
                                                 ├▶ crcl_review     (state/local conduct, program-connected)
                                                 └▶ referred_other  (outside the program)
    crcl_review ─refer_doj─▶ referred_doj ─doj_decision─▶ doj_accepted | doj_declined
    crcl_review | doj_accepted | doj_declined ─open_investigation─▶ investigating (DOJ liaison notified)
    investigating ─refer_doj─▶ referred_doj        investigating ─record_findings─▶ findings_recorded
    any state but closed ─close─▶ closed
    referred_jic | referred_other ─triage (to CRCL)─▶ crcl_review   (a re-triage, with its reason)

Acts that do not move the complaint (assign, note, deadline, link) are allowed in every state but closed;
a note is allowed after closing too (a complainant may write again).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from securecomm.complaints.model import DojDecision, Route, Status
from securecomm.errors import IllegalTransition

__all__ = ["PUBLIC_STATUS", "TRANSITIONS", "Act", "PublicStatus", "allowed_acts", "next_status"]


class Act(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    TRIAGE = "triage"
    REFER_DOJ = "refer_doj"
    DOJ_DECISION = "doj_decision"
    OPEN_INVESTIGATION = "open_investigation"
    RECORD_FINDINGS = "record_findings"
    CLOSE = "close"
    ASSIGN = "assign"
    NOTE = "note"
    SET_DEADLINE = "set_deadline"
    LINK = "link"


class PublicStatus(StrEnum):
    """What the status page may say: never where a complaint was referred or what was found."""

    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    UNDER_REVIEW = "under_review"
    REFERRED = "referred"
    CLOSED = "closed"


_OPEN = frozenset(Status) - {Status.CLOSED}

# (state, act, variant) -> next state; the variant is the triage route or the DOJ decision, else "".
TRANSITIONS: Mapping[tuple[Status, Act, str], Status] = {
    (Status.RECEIVED, Act.ACKNOWLEDGE, ""): Status.ACKNOWLEDGED,
    (Status.ACKNOWLEDGED, Act.TRIAGE, Route.JIC): Status.REFERRED_JIC,
    (Status.ACKNOWLEDGED, Act.TRIAGE, Route.CRCL_REVIEW): Status.CRCL_REVIEW,
    (Status.ACKNOWLEDGED, Act.TRIAGE, Route.OTHER): Status.REFERRED_OTHER,
    (Status.REFERRED_JIC, Act.TRIAGE, Route.CRCL_REVIEW): Status.CRCL_REVIEW,
    (Status.REFERRED_OTHER, Act.TRIAGE, Route.CRCL_REVIEW): Status.CRCL_REVIEW,
    (Status.CRCL_REVIEW, Act.REFER_DOJ, ""): Status.REFERRED_DOJ,
    (Status.INVESTIGATING, Act.REFER_DOJ, ""): Status.REFERRED_DOJ,
    (Status.REFERRED_DOJ, Act.DOJ_DECISION, DojDecision.ACCEPTED): Status.DOJ_ACCEPTED,
    (Status.REFERRED_DOJ, Act.DOJ_DECISION, DojDecision.DECLINED): Status.DOJ_DECLINED,
    (Status.CRCL_REVIEW, Act.OPEN_INVESTIGATION, ""): Status.INVESTIGATING,
    (Status.DOJ_ACCEPTED, Act.OPEN_INVESTIGATION, ""): Status.INVESTIGATING,
    (Status.DOJ_DECLINED, Act.OPEN_INVESTIGATION, ""): Status.INVESTIGATING,
    (Status.INVESTIGATING, Act.RECORD_FINDINGS, ""): Status.FINDINGS_RECORDED,
    **{(state, Act.CLOSE, ""): Status.CLOSED for state in _OPEN},
    **{(state, act, ""): state for state in _OPEN for act in (Act.ASSIGN, Act.SET_DEADLINE, Act.LINK)},
    **{(state, Act.NOTE, ""): state for state in Status},
}

PUBLIC_STATUS: Mapping[Status, PublicStatus] = {
    Status.RECEIVED: PublicStatus.RECEIVED,
    Status.ACKNOWLEDGED: PublicStatus.ACKNOWLEDGED,
    Status.REFERRED_JIC: PublicStatus.REFERRED,
    Status.REFERRED_OTHER: PublicStatus.REFERRED,
    Status.CRCL_REVIEW: PublicStatus.UNDER_REVIEW,
    Status.REFERRED_DOJ: PublicStatus.UNDER_REVIEW,
    Status.DOJ_ACCEPTED: PublicStatus.UNDER_REVIEW,
    Status.DOJ_DECLINED: PublicStatus.UNDER_REVIEW,
    Status.INVESTIGATING: PublicStatus.UNDER_REVIEW,
    Status.FINDINGS_RECORDED: PublicStatus.UNDER_REVIEW,
    Status.CLOSED: PublicStatus.CLOSED,
}


def next_status(status: Status, act: Act, *, variant: str = "", subject: str = "complaint") -> Status:
    """The state `act` leads to from `status`, or IllegalTransition saying which acts are allowed.

    >>> next_status(Status.ACKNOWLEDGED, Act.TRIAGE, variant="crcl_review")
    <Status.CRCL_REVIEW: 'crcl_review'>
    """
    found = TRANSITIONS.get((status, act, variant))
    if found is None:
        allowed = ", ".join(allowed_acts(status)) or "none"
        wanted = f"{act.value} ({variant})" if variant else act.value
        raise IllegalTransition(
            f"{wanted} is not allowed here; allowed acts: {allowed}",
            subject=subject,
            state=status.value,
            action=act.value,
        )
    return found


def allowed_acts(status: Status) -> list[str]:
    """The acts (with their variants) allowed in `status`, e.g. `triage:crcl_review`, in a stable order."""
    out = []
    for state, act, variant in TRANSITIONS:
        if state is status:
            out.append(f"{act.value}:{variant}" if variant else act.value)
    return sorted(out)
