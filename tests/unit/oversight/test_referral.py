"""The referral workflow: flagged -> in_review -> closed | referred_to_doj, each step an audited act."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from securecomm.errors import IllegalTransition
from securecomm.oversight.referral import (
    Referral,
    ReferralAction,
    ReferralInputError,
    ReferralState,
    open_referral,
)

T0 = datetime(2012, 8, 1, 14, 0, tzinfo=UTC)


def _flagged() -> Referral:
    return open_referral(
        jurisdiction="42017",
        quarter="2012Q2",
        measure="minor share of IDENT matches",
        evidence="In 2012Q2, 314 of 658 ...",
        actor="statistician:ana",
        at=T0,
    )


def test_review_then_referral_to_doj_records_every_act() -> None:
    referral = (
        _flagged()
        .begin_review(actor="crcl:bo", at=T0 + timedelta(days=1), reason="q = 0.0006; pull complaint history")
        .record_complaints(
            "3 complaints about stops of Latino drivers", count=3, actor="crcl:bo", at=T0 + timedelta(days=2)
        )
        .record_field_office_contact(
            "ERO says a traffic unit began sweeps in April",
            office="PHI",
            actor="crcl:bo",
            at=T0 + timedelta(days=3),
        )
        .refer_to_doj(
            actor="crcl:director", at=T0 + timedelta(days=9), reason="pattern consistent with pretext stops"
        )
    )
    assert referral.state is ReferralState.REFERRED_TO_DOJ
    assert not referral.is_open
    assert [a.action for a in referral.acts] == [
        ReferralAction.FLAG,
        ReferralAction.BEGIN_REVIEW,
        ReferralAction.RECORD_COMPLAINTS,
        ReferralAction.RECORD_FIELD_OFFICE_CONTACT,
        ReferralAction.REFER_TO_DOJ,
    ]
    last = referral.acts[-1]
    assert (last.actor, last.at, last.from_state, last.to_state) == (
        "crcl:director",
        T0 + timedelta(days=9),
        ReferralState.IN_REVIEW,
        ReferralState.REFERRED_TO_DOJ,
    )
    assert last.reason == "pattern consistent with pretext stops"
    assert last.event_tag == "oversight:referral:refer_to_doj"
    assert dict(referral.acts[2].details) == {"complaints": "3"}
    assert dict(referral.acts[3].details) == {"field_office": "PHI"}


def test_acts_never_mutate_the_earlier_referral() -> None:
    flagged = _flagged()
    reviewing = flagged.begin_review(actor="crcl:bo", at=T0, reason="start")
    assert flagged.state is ReferralState.FLAGGED and len(flagged.acts) == 1
    closed = reviewing.close(
        actor="crcl:bo", at=T0 + timedelta(hours=3), reason="a DUI checkpoint explains it"
    )
    assert closed.state is ReferralState.CLOSED
    assert reviewing.state is ReferralState.IN_REVIEW


@pytest.mark.parametrize(
    "step",
    [
        lambda r: r.close(actor="x", at=T0, reason="too early"),
        lambda r: r.refer_to_doj(actor="x", at=T0, reason="too early"),
        lambda r: r.record_note("a note", actor="x", at=T0),
    ],
)
def test_a_flag_must_be_reviewed_before_anything_else(step: Callable[[Referral], Referral]) -> None:
    with pytest.raises(IllegalTransition, match="flagged") as raised:
        step(_flagged())
    assert raised.value.state == "flagged"
    assert "begin_review" in str(raised.value)


def test_closed_and_referred_are_final() -> None:
    reviewing = _flagged().begin_review(actor="a", at=T0, reason="r")
    closed = reviewing.close(actor="a", at=T0, reason="explained")
    referred = reviewing.refer_to_doj(actor="a", at=T0, reason="grounds")
    for final in (closed, referred):
        with pytest.raises(IllegalTransition, match="final state"):
            final.begin_review(actor="a", at=T0, reason="again")
    with pytest.raises(IllegalTransition):
        closed.refer_to_doj(actor="a", at=T0, reason="changed my mind")


def test_every_act_needs_actor_reason_and_an_aware_time_in_order() -> None:
    flagged = _flagged()
    with pytest.raises(ReferralInputError, match="actor"):
        flagged.begin_review(actor=" ", at=T0, reason="r")
    with pytest.raises(ReferralInputError, match="reason"):
        flagged.begin_review(actor="a", at=T0, reason="")
    with pytest.raises(ReferralInputError, match="timezone-aware"):
        flagged.begin_review(actor="a", at=datetime(2012, 8, 1), reason="r")
    with pytest.raises(ReferralInputError, match="comes before"):
        flagged.begin_review(actor="a", at=T0 - timedelta(seconds=1), reason="r")


def test_the_referral_id_is_stable() -> None:
    assert _flagged().referral_id == _flagged().referral_id
    assert _flagged().referral_id.startswith("referral-")
