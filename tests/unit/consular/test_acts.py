"""Staff acts: each audited with actor and reason; refused when it would break the rules or the person's choice;
and a protected claim never reaches what is sent to a consulate."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from securecomm.audit import EventTag
from securecomm.consular import (
    SENT_KEYS,
    ActRefused,
    Answer,
    Channel,
    ConsularDesk,
    ConsularInputError,
    Obligation,
    ProtectedClaimKind,
    TaskNotFound,
    TaskState,
)
from securecomm.notices import PROTECTED_TERMS

from .conftest import BOOKED, MemoryRecords, opened

OFFICER = "jail:48201:officer-7"
SOON = BOOKED + timedelta(hours=1)


def test_an_on_request_national_who_asks_is_notified_and_everything_is_on_the_record(
    records: MemoryRecords, desk: ConsularDesk
) -> None:
    task = opened(records, "maria", "MX")
    task = desk.inform(task, at=SOON, actor=OFFICER, reason="booking", language="es", answer=Answer.REQUESTED)
    assert task.state is TaskState.TO_NOTIFY and task.told is not None and task.told.language == "es"
    task = desk.notify(
        task,
        at=SOON + timedelta(hours=2),
        actor=OFFICER,
        reason="the person asked",
        channel=Channel.FAX,
        confirmation="fax receipt 0042",
        callback="Sgt. Ruiz, (713) 555-0100",
    )
    assert task.state is TaskState.NOTIFIED and task.closed_at == SOON + timedelta(hours=2)
    note = task.notification
    assert note is not None and note.post is not None and note.post.label == "Consulate of MX, Houston, TX"
    assert (note.distance_km, note.confirmation, note.channel) == (11.0, "fax receipt 0042", Channel.FAX)
    assert tuple(note.sent) == SENT_KEYS
    assert (
        note.sent["person"]["name"] == "maria"
        and note.sent["basis"] == "notification at the national's request"
    )
    assert note.sent["sent_at"] == "2012-03-05T12:00:00-06:00"  # in the facility's zone
    assert records.tags() == ["jail:consular:opened", "jail:consular:informed", "jail:consular:notified"]
    informed, notified = records.events[1:]
    assert (informed.actor, informed.reason, informed.data["answer"]) == (OFFICER, "booking", "requested")
    assert (notified.reason, notified.data["confirmation"]) == ("the person asked", "fax receipt 0042")


def test_an_on_request_national_who_declines_is_never_notified_unless_they_change_their_mind(
    records: MemoryRecords, desk: ConsularDesk
) -> None:
    task = desk.inform(
        opened(records, "ana", "GT"),
        at=SOON,
        actor=OFFICER,
        reason="booking",
        language="es",
        answer=Answer.DECLINED,
    )
    assert task.state is TaskState.DECLINED and task.closed_at == SOON
    with pytest.raises(ActRefused, match="notify only if they ask"):
        desk.notify(task, at=SOON, actor=OFFICER, reason="x", channel=Channel.FAX, confirmation="r")
    task = desk.change_answer(
        task, at=SOON + timedelta(hours=5), actor=OFFICER, reason="asked later", answer=Answer.REQUESTED
    )
    assert task.state is TaskState.TO_NOTIFY
    task = desk.notify(
        task,
        at=SOON + timedelta(hours=6),
        actor=OFFICER,
        reason="asked",
        channel=Channel.PHONE,
        confirmation="Vice consul Pérez",
    )
    assert task.state is TaskState.NOTIFIED
    with pytest.raises(ActRefused, match="already notified"):
        desk.change_answer(
            task, at=SOON + timedelta(hours=7), actor=OFFICER, reason="x", answer=Answer.DECLINED
        )


def test_a_mandatory_country_is_notified_even_if_the_person_objects(
    records: MemoryRecords, desk: ConsularDesk
) -> None:
    task = opened(records, "li", "CN", language="zh")
    with pytest.raises(ActRefused, match="not been told"):
        desk.change_answer(task, at=SOON, actor=OFFICER, reason="x", answer=Answer.DECLINED)
    # The consulate may be notified before the person is told; the task stays open until they are.
    task = desk.notify(
        task, at=SOON, actor=OFFICER, reason="mandatory", channel=Channel.FAX, confirmation="r-1"
    )
    assert task.state is TaskState.TO_INFORM and task.notification is not None
    assert task.notification.sent["basis"] == "mandatory notification"
    task = desk.inform(
        task,
        at=SOON + timedelta(minutes=5),
        actor=OFFICER,
        reason="booking",
        language="zh",
        answer=Answer.DECLINED,
    )
    assert task.state is TaskState.NOTIFIED and task.closed_at == SOON + timedelta(minutes=5)


def test_an_on_request_answer_is_required_and_inputs_are_checked(
    records: MemoryRecords, desk: ConsularDesk
) -> None:
    task = opened(records, "jo", "MX")
    with pytest.raises(ConsularInputError, match="answer"):
        desk.inform(task, at=SOON, actor=OFFICER, reason="r", language="es", answer=None)
    with pytest.raises(ConsularInputError, match="actor"):
        desk.inform(task, at=SOON, actor=" ", reason="r", language="es", answer=Answer.DECLINED)
    with pytest.raises(ConsularInputError, match="reason"):
        desk.inform(task, at=SOON, actor=OFFICER, reason="", language="es", answer=Answer.DECLINED)
    with pytest.raises(ConsularInputError, match="before the booking"):
        desk.inform(
            task,
            at=BOOKED - timedelta(minutes=1),
            actor=OFFICER,
            reason="r",
            language="es",
            answer=Answer.DECLINED,
        )
    with pytest.raises(ConsularInputError, match="ISO 639-1"):
        desk.inform(task, at=SOON, actor=OFFICER, reason="r", language="Spanish", answer=Answer.DECLINED)
    task = desk.inform(task, at=SOON, actor=OFFICER, reason="r", language="es", answer=Answer.REQUESTED)
    with pytest.raises(ActRefused, match="already told"):
        desk.inform(task, at=SOON, actor=OFFICER, reason="r", language="es", answer=Answer.REQUESTED)
    with pytest.raises(ConsularInputError, match="confirmation"):
        desk.notify(task, at=SOON, actor=OFFICER, reason="r", channel=Channel.FAX, confirmation=" ")
    assert records.tags() == ["jail:consular:opened", "jail:consular:informed"]  # refused acts left no trace


def test_documents_apply_the_poland_lpr_exception_and_ask_the_person_again(
    records: MemoryRecords, desk: ConsularDesk
) -> None:
    task = opened(records, "jan", "PL", language="en")
    task = desk.inform(task, at=SOON, actor=OFFICER, reason="booking", language="en", answer=None)
    assert task.state is TaskState.TO_NOTIFY
    task = desk.record_documents(task, at=SOON, actor=OFFICER, reason="green card shown", lpr=True)
    assert (task.obligation, task.state, task.told) == (Obligation.ON_REQUEST, TaskState.TO_INFORM, None)
    assert (
        records.events[-1].tag is EventTag.CONSULAR_DOCUMENTS_RECORDED
        and records.events[-1].data["lpr"] is True
    )


def test_documents_determine_a_nationality_and_a_taiwan_passport(
    records: MemoryRecords, desk: ConsularDesk
) -> None:
    task = opened(records, "chen", "XX", language="zh")
    with pytest.raises(ActRefused, match="record the documents first"):
        desk.inform(task, at=SOON, actor=OFFICER, reason="r", language="zh", answer=None)
    task = desk.record_documents(
        task, at=SOON, actor=OFFICER, reason="passport", nationality="cn", passport="TW"
    )
    assert (task.nationality, task.passport, task.obligation, task.sending_state) == (
        "CN",
        "TW",
        Obligation.TAIWAN,
        "TW",
    )
    us = desk.record_documents(
        task, at=SOON, actor=OFFICER, reason="US passport", nationality="US", passport="US"
    )
    assert (us.obligation, us.state) == (Obligation.NOT_APPLICABLE, TaskState.NOT_APPLICABLE)
    with pytest.raises(ActRefused, match="United States national"):
        desk.inform(us, at=SOON, actor=OFFICER, reason="r", language="en", answer=None)
    with pytest.raises(Exception, match="ZZ"):
        desk.record_documents(task, at=SOON, actor=OFFICER, reason="r", nationality="ZZ")


def test_no_post_in_the_tables_is_refused_with_what_to_do(records: MemoryRecords, desk: ConsularDesk) -> None:
    task = opened(records, "tendai", "ZW", language="en")
    with pytest.raises(ActRefused, match="State Department"):
        desk.notify(task, at=SOON, actor=OFFICER, reason="r", channel=Channel.FAX, confirmation="r-9")


def test_a_fear_claim_is_kept_for_staff_and_never_sent(records: MemoryRecords, desk: ConsularDesk) -> None:
    task = opened(records, "wei", "CN", language="zh")
    task = desk.record_protected_claim(
        task, at=SOON, actor=OFFICER, reason="said they fear return", kind=ProtectedClaimKind.FEAR_OF_RETURN
    )
    assert task.protected_claim is not None and task.protected_claim.kind is ProtectedClaimKind.FEAR_OF_RETURN
    with pytest.raises(ActRefused, match="already recorded"):
        desk.record_protected_claim(
            task, at=SOON, actor=OFFICER, reason="again", kind=ProtectedClaimKind.ASYLUM
        )
    with pytest.raises(ActRefused, match="never told of such a claim"):
        desk.notify(
            task,
            at=SOON,
            actor=OFFICER,
            reason="r",
            channel=Channel.FAX,
            confirmation="r",
            callback="Officer Lee re: asylum claim",
        )
    task = desk.notify(
        task,
        at=SOON,
        actor=OFFICER,
        reason="mandatory",
        channel=Channel.FAX,
        confirmation="r-2",
        callback="Officer Lee, (713) 555-0101",
    )
    assert task.notification is not None
    sent = json.dumps(task.notification.sent).lower()
    assert "fear_of_return" not in sent and "protected" not in sent and "claim" not in sent
    assert not any(term in sent for term in PROTECTED_TERMS)
    assert tuple(task.notification.sent) == SENT_KEYS


def test_acts_need_a_task(desk: ConsularDesk) -> None:
    with pytest.raises(TaskNotFound, match="bk-nobody"):
        desk.task_for_booking("bk-nobody")
