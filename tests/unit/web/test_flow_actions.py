"""The pieces every act shares: required reasons, the act's envelope, local times, `via` in the audit trail,
the advice comparison, and the gateway's one transaction (an act refused half-way leaves no trace)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from securecomm.agencies.officer_policy import DecisionKind
from securecomm.audit import AuditEvent, EventTag
from securecomm.clock import FixedClock
from securecomm.messages import MessageKind
from securecomm.messages.custody import CaseReviewDue
from securecomm.storage.agency_tables import CaseRow
from securecomm.storage.tables import AuditEventRow, OutboxRow
from securecomm.web.case_choices import follows_advice
from securecomm.web.flow import ActContext, ActRefused, FlowGateway, act_envelope, required_text
from securecomm.web.routes._acts import local_instant

from .world import T0, make_world

WHO = ActContext(
    actor="user:ero-HOU", role="ero", scope="HOU", origin="192.0.2.1", route="POST /x", recorded_at=T0
)


@given(st.text(alphabet=" \t\n\r", max_size=20))
def test_a_blank_reason_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(ActRefused) as refused:
        required_text(text, where="reason", what="the reason")
    assert refused.value.where == "reason" and "give the reason" in str(refused.value)


@given(st.text(min_size=1, max_size=300).filter(lambda s: s.strip()))
def test_a_reason_is_kept_as_written_less_the_surrounding_space(text: str) -> None:
    assert required_text(text, where="reason", what="the reason") == text.strip()


@given(st.datetimes(min_value=datetime(2008, 1, 1), max_value=datetime(2030, 1, 1)), st.text(max_size=12))
def test_an_acts_envelope_is_now_and_its_id_depends_on_who_what_and_when(at: datetime, actor: str) -> None:
    instant = at.replace(tzinfo=UTC)
    who = ActContext(actor=actor or "user:x", role="ero", scope=None, origin="o", route="r", recorded_at=T0)
    make = lambda when: act_envelope(  # noqa: E731
        MessageKind.CASE_REVIEW_DUE, CaseReviewDue("b", "c"), sender="ero:HOU", recipient="ero:HOU",
        booking_id="b", at=when, context=who,
    )  # fmt: skip
    first = make(instant)
    assert first.sent_at == first.deliver_at == instant and first.correlation_id == "b"
    assert make(instant).message_id == first.message_id
    assert make(instant + timedelta(microseconds=1)).message_id != first.message_id
    assert len(first.message_id) <= 40  # fits the outbox's column


@given(st.datetimes(min_value=datetime(2008, 1, 1), max_value=datetime(2030, 1, 1)))
def test_a_local_time_of_the_form_reads_in_the_facilitys_zone(wall: datetime) -> None:
    zone = ZoneInfo("America/Chicago")
    wall = wall.replace(microsecond=0)
    try:
        instant = local_instant(wall.isoformat(timespec="minutes"), "America/Chicago", where="served_at")
    except ActRefused:  # a time the DST change skips or repeats: the person must give the offset
        return
    assert instant is not None
    assert instant.astimezone(zone).replace(tzinfo=None) == wall.replace(second=0)


def test_a_local_time_that_is_not_a_time_is_refused() -> None:
    assert local_instant("  ", "America/Chicago", where="served_at") is None
    with pytest.raises(ActRefused, match="is not a date and time"):
        local_instant("yesterday", "America/Chicago", where="served_at")


def test_via_adds_who_from_where_and_through_what_to_every_event() -> None:
    recorded: list[AuditEvent] = []

    class Sink:
        def record(self, event: AuditEvent) -> None:
            recorded.append(event)

    event = AuditEvent(tag=EventTag.CASE_OPENED, at=T0, actor="ero:HOU", subject_type="case", subject_id="c",
                       data={"priority": "1"})  # fmt: skip
    WHO.audit(Sink()).record(event)
    [stored] = recorded
    assert stored.actor == "ero:HOU" and stored.data["priority"] == "1"
    assert stored.data["via"] == {
        "user": "user:ero-HOU", "role": "ero", "scope": "HOU", "address": "192.0.2.1", "route": "POST /x",
        "recorded_at": T0.isoformat(),
    }  # fmt: skip


_ADVICE = st.fixed_dictionaries(
    {
        "detainer_advice": st.sampled_from(["eligible", "not_eligible", "wait_for_conviction", "discretion_review"]),
        "discretion": st.fixed_dictionaries(
            {"positive_particular_care": st.lists(st.sampled_from(["minor", "victim"]), max_size=2),
             "victim_witness_policy": st.booleans(), "voluntary_return": st.booleans()}
        ),
    }
)  # fmt: skip


@given(_ADVICE, st.booleans())
def test_a_detainer_and_no_action_never_both_follow_the_advice(
    advice: dict[str, object], removable: bool
) -> None:
    row = CaseRow(advice=advice, determination={"removable": removable})
    lodge = follows_advice(row, DecisionKind.LODGE_DETAINER)
    assert lodge != follows_advice(row, DecisionKind.NO_ACTION)
    assert (
        lodge
        == follows_advice(row, DecisionKind.NTA)
        == (advice["detainer_advice"] == "eligible" and removable)
    )
    assert (
        follows_advice(row, DecisionKind.RELEASE)
        == follows_advice(row, DecisionKind.LIFT_DETAINER)
        == (not lodge)
    )


def test_an_act_refused_half_way_leaves_no_event_and_no_message(tmp_path: Path) -> None:
    db, _ = make_world(tmp_path)
    gateway = FlowGateway(db, clock=FixedClock(T0), world_clock=FixedClock(T0))

    def count() -> tuple[int, int]:
        with db.transaction() as tx:
            return (
                int(tx.scalar(select(func.count()).select_from(AuditEventRow)) or 0),
                int(tx.scalar(select(func.count()).select_from(OutboxRow)) or 0),
            )

    before = count()

    def action(session, unit):  # type: ignore[no-untyped-def]
        unit.audit.record(WHO.event(EventTag.CLAIM_RECORDED, at=T0, subject_type="booking", subject_id="B-H1",
                                    correlation_id="B-H1"))  # fmt: skip
        envelope = act_envelope(MessageKind.CASE_REVIEW_DUE, CaseReviewDue("B-H1", "C-H1"), sender="ero:HOU",
                                recipient="ero:HOU", booking_id="B-H1", at=T0, context=WHO)  # fmt: skip
        session.add(OutboxRow(message_id=envelope.message_id, kind="x", schema_version=1, sender="s", recipient="r",
                              correlation_id="B-H1", sent_at=T0, deliver_at=T0, body={}, attempts=0))  # fmt: skip
        session.flush()
        raise ActRefused("refused after writing", where="reason")

    with pytest.raises(ActRefused):
        gateway.act(action, at=T0, context=WHO)
    assert count() == before
    db.dispose()
