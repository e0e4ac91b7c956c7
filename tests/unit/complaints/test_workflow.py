"""The state machine: the protocol's path, the acts each state allows, what the public may see."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from securecomm.complaints import Act, PublicStatus, Status, next_status
from securecomm.complaints.workflow import PUBLIC_STATUS, TRANSITIONS, allowed_acts
from securecomm.errors import IllegalTransition

PROTOCOL_PATH = [
    (Act.ACKNOWLEDGE, "", Status.ACKNOWLEDGED),
    (Act.TRIAGE, "crcl_review", Status.CRCL_REVIEW),
    (Act.REFER_DOJ, "", Status.REFERRED_DOJ),
    (Act.DOJ_DECISION, "declined", Status.DOJ_DECLINED),
    (Act.OPEN_INVESTIGATION, "", Status.INVESTIGATING),
    (Act.RECORD_FINDINGS, "", Status.FINDINGS_RECORDED),
    (Act.CLOSE, "", Status.CLOSED),
]


def test_the_protocols_path_from_receipt_to_closure() -> None:
    state = Status.RECEIVED
    for act, variant, expected in PROTOCOL_PATH:
        state = next_status(state, act, variant=variant)
        assert state is expected


@pytest.mark.parametrize(
    ("state", "act", "variant"),
    [
        (Status.RECEIVED, Act.TRIAGE, "crcl_review"),  # acknowledge first
        (Status.ACKNOWLEDGED, Act.REFER_DOJ, ""),  # triage first
        (Status.REFERRED_JIC, Act.REFER_DOJ, ""),  # JIC cases are not CRCL's to refer
        (Status.CRCL_REVIEW, Act.DOJ_DECISION, "accepted"),  # nothing referred yet
        (Status.REFERRED_DOJ, Act.REFER_DOJ, ""),
        (Status.CRCL_REVIEW, Act.RECORD_FINDINGS, ""),  # findings come from an investigation
        (Status.CLOSED, Act.CLOSE, ""),
        (Status.CLOSED, Act.LINK, ""),
        (Status.ACKNOWLEDGED, Act.TRIAGE, "nowhere"),
    ],
)
def test_acts_out_of_order_are_refused_naming_what_is_allowed(state: Status, act: Act, variant: str) -> None:
    with pytest.raises(IllegalTransition) as caught:
        next_status(state, act, variant=variant, subject="complaint c1")
    message = str(caught.value)
    assert "complaint c1" in message and state.value in message and "allowed acts" in message


def test_a_note_is_allowed_even_after_closing_and_moves_nothing() -> None:
    for state in Status:
        assert next_status(state, Act.NOTE) is state


def test_a_wrong_triage_can_be_corrected_to_crcl_review() -> None:
    assert next_status(Status.REFERRED_JIC, Act.TRIAGE, variant="crcl_review") is Status.CRCL_REVIEW
    assert "triage:crcl_review" in allowed_acts(Status.REFERRED_OTHER)


def test_the_public_sees_five_words_and_never_where_a_complaint_went() -> None:
    assert set(PUBLIC_STATUS) == set(Status)
    assert PUBLIC_STATUS[Status.REFERRED_DOJ] is PublicStatus.UNDER_REVIEW
    assert PUBLIC_STATUS[Status.DOJ_ACCEPTED] is PublicStatus.UNDER_REVIEW
    assert PUBLIC_STATUS[Status.REFERRED_JIC] is PublicStatus.REFERRED


@given(st.lists(st.tuples(st.sampled_from(list(Act)), st.sampled_from(["", "jic", "crcl_review", "other",
                                                                       "accepted", "declined"])), max_size=30))  # fmt: skip
def test_any_sequence_of_acts_stays_inside_the_machine(steps: list[tuple[Act, str]]) -> None:
    state = Status.RECEIVED
    closed = False
    for act, variant in steps:
        try:
            new = next_status(state, act, variant=variant)
        except IllegalTransition:
            continue
        assert (state, act, variant) in TRANSITIONS
        if closed:
            assert act is Act.NOTE and new is Status.CLOSED  # nothing reopens a closed complaint
        closed = new is Status.CLOSED
        state = new
