"""One audit vocabulary: every event any package writes has its tag in `audit.EventTag`.

The complaint system names its tags for its own acts, the web's people's acts that no agency records have
theirs, and a passed knowledge check is recorded too; all of them are `EventTag` members, an event with any
other tag is refused, and the trail the booking flow, the complaint system and the web write together
holds nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from securecomm.audit import AuditEvent, EventTag
from securecomm.clock import ManualClock
from securecomm.complaints.model import Actor
from securecomm.complaints.tags import ComplaintTag, event
from securecomm.storage.audit_log import verify_chain
from securecomm.storage.db import Database, open_database
from securecomm.storage.tables import AuditEventRow
from securecomm.storage.training_records import RecordedVia, SqlTrainingRecords, recorded_via
from securecomm.storage.training_tables import TrainingCompletionRow
from securecomm.training import Agency, AgencyKind, Audience, CompletionRecord, get_module

from .conftest import TestClient, csrf_of, sign_in
from .flow_world import HELD, PROTECTED, RELEASE, action_app, booking_id, case_id

T0 = datetime(2012, 3, 5, 15, 0, tzinfo=UTC)
TAG = re.compile(r"^[a-z0-9_]+:[a-z0-9_]+:[a-z0-9_]+$")

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_every_tag_is_source_subject_action_and_names_one_member() -> None:
    values = [tag.value for tag in EventTag]
    assert all(TAG.match(v) for v in values), [v for v in values if not TAG.match(v)]
    assert len(values) == len(set(values))  # no two names for one tag


def test_the_complaint_systems_tags_and_the_web_and_training_tags_are_in_the_vocabulary() -> None:
    assert {t.value for t in ComplaintTag} <= {t.value for t in EventTag}
    for value in ("ero:custody:taken", "jail:custody:release_event_recorded", "training:completion:recorded"):
        assert EventTag(value).value == value
    made = event(ComplaintTag.OVERRIDE_RECORDED, at=T0, actor=Actor("user:ero-HOU", role="ero"),
                 subject_type="case", subject_id="C-1", reason="Supervisor approves.")  # fmt: skip
    assert made.tag is EventTag.PROTECTION_OVERRIDE_RECORDED


@pytest.mark.parametrize("tag", ["web:record:viewed", ComplaintTag.RECEIVED], ids=["text", "complaint enum"])
def test_an_event_whose_tag_is_not_an_event_tag_member_is_refused(tag: Any) -> None:
    with pytest.raises(ValueError, match="must be an EventTag member; add"):
        AuditEvent(tag=tag, at=T0, actor="test", subject_type="case", subject_id="C-1")


# -- people's acts and the trail the flow writes ----------------------------------------------------------------


@pytest.fixture
def acting(tmp_path: Path) -> Iterator[tuple[FastAPI, Database, ManualClock]]:
    app, db, clock = action_app(tmp_path)
    yield app, db, clock
    db.dispose()


def _post(client: TestClient, page: str, action: str, **fields: str) -> Any:
    token = csrf_of(client.get(page).text)
    return client.post(action, data={**fields, "csrf_token": token}, follow_redirects=False)


def _rows(db: Database, *, tag: str | None = None) -> list[AuditEventRow]:
    query = select(AuditEventRow).order_by(AuditEventRow.seq)
    if tag is not None:
        query = query.where(AuditEventRow.tag == tag)
    with db.transaction() as tx:
        return list(tx.scalars(query))


def test_custody_taken_and_a_release_event_are_recorded_under_their_tags_and_the_trail_has_no_other(
    acting: tuple[FastAPI, Database, ManualClock],
) -> None:
    app, db, _ = acting
    with TestClient(app, client=("198.51.100.41", 50000)) as officer:
        sign_in(officer, "ero-HOU")
        protected = f"/cases/{case_id(PROTECTED[0])}"  # through the complaint system's ProtectionService
        override = {"supervisor": "SDDO Vega", "reason": "Removal reviewed by the supervisor."}
        assert _post(officer, protected, f"{protected}/override", **override).status_code == 303
        page = f"/cases/{case_id(HELD[1])}"
        assert (
            _post(officer, page, f"{page}/custody", reason="Two officers at the sally port.").status_code
            == 303
        )
    with TestClient(app, client=("198.51.100.42", 50000)) as jail:
        sign_in(jail, "jail-48201")
        page = f"/bookings/{booking_id(RELEASE[0])}"
        assert _post(jail, page, f"{page}/release", reason="bail_posted").status_code == 303

    (taken,) = [e for e in _rows(db, tag=EventTag.CUSTODY_TAKEN.value) if e.subject_id == case_id(HELD[1])]
    assert (taken.actor, taken.subject_type) == ("user:ero-HOU", "case")
    assert (
        taken.reason == "Two officers at the sally port." and taken.data["via"]["address"] == "198.51.100.41"
    )
    mine = booking_id(RELEASE[0])
    (released,) = [e for e in _rows(db, tag=EventTag.RELEASE_EVENT_RECORDED.value) if e.subject_id == mine]
    assert released.actor == "user:jail-48201"
    assert released.data["via"]["route"] == f"POST /bookings/{booking_id(RELEASE[0])}/release"

    stored = {row.tag for row in _rows(db)}  # the flow's, the complaint system's and the web's events
    assert stored - {t.value for t in EventTag} == set()
    assert {"ero:protection:override_recorded", "ero:detainer:lodged", "web:session:signed_in"} <= stored
    with db.transaction() as tx:
        assert verify_chain(tx).ok


# -- training completions ---------------------------------------------------------------------------------------


def _answers(*, wrong: int = 0) -> dict[str, str]:
    form = {"audience": "commander"}
    for index, question in enumerate(get_module("detainers").knowledge_check.questions):
        bad = next(c.key for c in question.choices if c.key != question.answer)
        form[f"q-{question.id}"] = bad if index < wrong else question.answer
    return form


def _completions(db: Database) -> int:
    with db.transaction() as tx:
        return int(tx.scalar(select(func.count()).select_from(TrainingCompletionRow)) or 0)


def test_passing_a_knowledge_check_is_an_audit_event_and_failing_one_is_not(
    app: FastAPI, db: Database
) -> None:
    with TestClient(app, client=("203.0.113.77", 50000)) as client:
        sign_in(client, "jail-48201")
        form = client.get("/training/detainers/check")
        failed = client.post(
            "/training/detainers/check", data={**_answers(wrong=3), "csrf_token": csrf_of(form.text)}
        )
        assert failed.status_code == 200 and _completions(db) == 0
        assert _rows(db, tag=EventTag.TRAINING_COMPLETION_RECORDED.value) == []
        passed = client.post(
            "/training/detainers/check", data={**_answers(), "csrf_token": csrf_of(form.text)}
        )
        assert passed.status_code == 200 and _completions(db) == 1

    (recorded,) = _rows(db, tag=EventTag.TRAINING_COMPLETION_RECORDED.value)
    module = get_module("detainers")
    questions = len(module.knowledge_check.questions)
    assert (recorded.actor, recorded.origin, recorded.subject_type) == (
        "user:jail-48201",
        "203.0.113.77",
        "training_completion",
    )
    assert recorded.data == {
        "module_id": "detainers",
        "audience": "commander",
        "agency_kind": "fips",
        "agency": "48201",
        "correct": questions,
        "total": questions,
        "content_digest": module.digest,
        "route": "POST /training/detainers/check",
    }
    with db.transaction() as tx:
        row = tx.scalars(select(TrainingCompletionRow)).one()
        assert recorded.subject_id == str(row.id) and recorded.at == row.completed_at
        assert verify_chain(tx).ok


def test_a_completion_and_its_event_are_written_together_and_via_is_optional(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'training.db'}")
    try:
        repository = SqlTrainingRecords(db)
        record = CompletionRecord(
            user_id="ero-HOU", agency=Agency(AgencyKind.AOR, "HOU"), module_id="detainers",
            audience=Audience.FRONT_LINE, completed_at=T0, correct=5, total=5, content_digest="d" * 64,
        )  # fmt: skip
        repository.add(record)
        with recorded_via(RecordedVia("192.0.2.5", "POST /training/detainers/check")):
            repository.add(record)
        repository.add(record)  # the block is over: no address again
        events = _rows(db, tag=EventTag.TRAINING_COMPLETION_RECORDED.value)
        assert [e.origin for e in events] == [None, "192.0.2.5", None]
        assert [e.subject_id for e in events] == [str(r.id) for r in _completion_rows(db)]
        assert all(e.actor == "user:ero-HOU" and e.data["agency"] == "HOU" for e in events)
    finally:
        db.dispose()


def _completion_rows(db: Database) -> list[TrainingCompletionRow]:
    with db.transaction() as tx:
        return list(tx.scalars(select(TrainingCompletionRow).order_by(TrainingCompletionRow.id)))
