from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, update

from securecomm.audit import AuditEvent, EventTag
from securecomm.storage.audit_log import SessionAuditLog, verify_chain
from securecomm.storage.db import Database, open_database
from securecomm.storage.tables import AuditEventRow

T0 = datetime(2012, 5, 1, 12, tzinfo=UTC)


def write_events(db: Database, n: int) -> None:
    with db.transaction() as session:
        log = SessionAuditLog(session)
        for i in range(n):
            log.record(
                AuditEvent(
                    tag=EventTag.BOOKING_RECORDED,
                    at=T0 + timedelta(minutes=i),
                    actor="jail:48201",
                    subject_type="booking",
                    subject_id=f"b{i}",
                    data={"charges": i},
                )
            )


def test_an_untouched_chain_verifies(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'a.db'}")
    write_events(db, 4)
    write_events(db, 3)  # a second transaction continues the same chain
    with db.transaction() as session:
        report = verify_chain(session)
    assert report.ok and report.events == 7 and len(report.head_hash) == 64


def test_an_edited_event_is_detected(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'a.db'}")
    write_events(db, 5)
    with db.transaction() as session:
        session.execute(update(AuditEventRow).where(AuditEventRow.seq == 3).values(actor="someone-else"))
    with db.transaction() as session:
        report = verify_chain(session)
    assert not report.ok
    assert any(p.startswith("event 3:") and "edited" in p for p in report.problems)


def test_a_deleted_event_is_detected(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'a.db'}")
    write_events(db, 5)
    with db.transaction() as session:
        session.execute(delete(AuditEventRow).where(AuditEventRow.seq == 5))
    with db.transaction() as session:
        report = verify_chain(session)
    assert any(p.startswith("head:") for p in report.problems)
