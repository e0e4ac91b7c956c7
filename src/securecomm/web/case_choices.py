"""What an officer may choose on a case, and how a choice compares with the advice.

* the first decisions and the decisions after the interview (`DecisionKind` values);
* the detainer forms in use on a day, split into those that ask the jail to hold and notification-only
  ones (I-247N, from July 2015); I-247X, a request for voluntary transfer, is neither;
* the historic lift reasons (domain.md §3.7);
* whether a decision follows the recorded advice (kept with the decision, for review and statistics).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from securecomm.agencies.officer_policy import DecisionKind
from securecomm.messages.detainer import LiftReason
from securecomm.rules import DetainerForm, RuleSet, forms_in_use, parse_form
from securecomm.storage.agency_tables import CaseRow
from securecomm.web.flow import ActRefused

__all__ = [
    "FIRST_DECISIONS",
    "INTERVIEW_DECISIONS",
    "REMOVAL_STEPS",
    "STEP_WORDS",
    "DecisionForms",
    "choose_form",
    "decision_forms",
    "follows_advice",
    "parse_kind",
    "parse_lift_reason",
]


# The first decision on a case, and what the officer may decide after the interview (DecisionKind values).
FIRST_DECISIONS = (DecisionKind.LODGE_DETAINER, DecisionKind.REQUEST_NOTIFICATION, DecisionKind.NO_ACTION)
INTERVIEW_DECISIONS = (
    DecisionKind.NTA,
    DecisionKind.VOLUNTARY_RETURN,
    DecisionKind.RELEASE,
    DecisionKind.PROSECUTORIAL_DISCRETION,
)
REMOVAL_STEPS = frozenset(
    {
        DecisionKind.LODGE_DETAINER,
        DecisionKind.REQUEST_NOTIFICATION,
        DecisionKind.NTA,
        DecisionKind.VOLUNTARY_RETURN,
    }
)
_NOTIFICATION_ONLY = frozenset({DetainerForm.I_247N})
_NOT_A_HOLD_OR_NOTICE = frozenset({DetainerForm.I_247X})  # a request for voluntary transfer, not a detainer


class _Words(StrEnum):
    LODGE = "lodge a detainer"
    NOTIFY = "request notification"
    NTA = "issue a Notice to Appear"
    VR = "grant voluntary return"


STEP_WORDS = {
    DecisionKind.LODGE_DETAINER: _Words.LODGE,
    DecisionKind.REQUEST_NOTIFICATION: _Words.NOTIFY,
    DecisionKind.NTA: _Words.NTA,
    DecisionKind.VOLUNTARY_RETURN: _Words.VR,
}


@dataclass(frozen=True, slots=True)
class DecisionForms:
    """The forms an officer can use on a day: those that ask the jail to hold, and notification-only."""

    on: date
    hold: tuple[DetainerForm, ...]
    notification: tuple[DetainerForm, ...]


def decision_forms(on: date, *, ruleset: RuleSet) -> DecisionForms:
    """The detainer forms in use on `on`, split by what they ask of the jail."""
    forms = forms_in_use(on, ruleset=ruleset)
    return DecisionForms(
        on=on,
        hold=tuple(f for f in forms if f not in _NOTIFICATION_ONLY | _NOT_A_HOLD_OR_NOTICE),
        notification=tuple(f for f in forms if f in _NOTIFICATION_ONLY),
    )


def parse_kind(text: str, allowed: tuple[DecisionKind, ...], *, where: str) -> DecisionKind:
    for kind in allowed:
        if kind.value == text.strip():
            return kind
    choices = ", ".join(k.value for k in allowed)
    raise ActRefused(f"{text!r} is not a decision here; choose one of {choices}", where=where)


def parse_lift_reason(text: str) -> LiftReason:
    """A lift reason by its historic wording (case-insensitive), or ActRefused listing them."""
    for reason in LiftReason:
        if reason.value.lower() == text.strip().lower():
            return reason
    choices = "; ".join(r.value for r in LiftReason)
    raise ActRefused(f"{text!r} is not one of the lift reasons: {choices}", where="lift_reason")


def choose_form(kind: DecisionKind, text: str | None, forms: DecisionForms) -> DetainerForm:
    usable = forms.hold if kind is DecisionKind.LODGE_DETAINER else forms.notification
    if not usable:
        what = (
            "detainer form that asks to hold"
            if kind is DecisionKind.LODGE_DETAINER
            else "notification-only form"
        )
        raise ActRefused(
            f"no {what} is in use on {forms.on.isoformat()} (forms in use: "
            f"{', '.join(f.value for f in (*forms.hold, *forms.notification)) or 'none'})",
            where="decision",
        )
    if not text:
        if len(usable) > 1:
            raise ActRefused(f"choose the form: {', '.join(f.value for f in usable)}", where="form")
        return usable[0]
    form = parse_form(text, where="form")
    if form not in usable:
        raise ActRefused(
            f"{form.value} is not a form for this decision on {forms.on.isoformat()}; use "
            f"{', '.join(f.value for f in usable)}",
            where="form",
        )
    return form


def _advice(row: CaseRow) -> Mapping[str, Any]:
    return row.advice if isinstance(row.advice, Mapping) else {}


def _removable(row: CaseRow) -> bool:
    determination = row.determination if isinstance(row.determination, Mapping) else {}
    return determination.get("removable") is True


def follows_advice(row: CaseRow, kind: DecisionKind) -> bool:
    """Whether a decision goes the way the recorded advice pointed (kept with the decision).

    A detainer or notification request follows advice that the case is eligible and the person removable;
    no action and a lift follow any other advice. After the interview: a Notice to Appear follows
    eligibility, prosecutorial discretion follows particular-care factors or the victims-and-witnesses
    policy, voluntary return follows the advice that it may be offered, and release follows advice that
    did not find the case eligible.
    """
    advice = _advice(row)
    eligible = advice.get("detainer_advice") == "eligible" and _removable(row)
    found = advice.get("discretion")
    discretion: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    care = bool(discretion.get("positive_particular_care")) or discretion.get("victim_witness_policy") is True
    if kind in (DecisionKind.LODGE_DETAINER, DecisionKind.REQUEST_NOTIFICATION, DecisionKind.NTA):
        return eligible
    if kind is DecisionKind.PROSECUTORIAL_DISCRETION:
        return care
    if kind is DecisionKind.VOLUNTARY_RETURN:
        return discretion.get("voluntary_return") is True or advice.get("voluntary_return") is True
    return not eligible
