"""The consular tasks on SQLite: every field survives the round trip, and `open_at` reads a past instant."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from securecomm.audit import EventTag
from securecomm.consular import Answer, Channel, ConsularDesk, ProtectedClaimKind, TaskState, open_task
from securecomm.messages import encode
from securecomm.storage.agency_tables import BookingRow
from securecomm.storage.audit_log import SessionAuditLog, verify_chain
from securecomm.storage.consular_records import SqlConsularRecords
from securecomm.storage.db import open_database
from securecomm.storage.tables import JurisdictionRow

from .conftest import BOOKED, RULES, booking, fake_locate


def test_a_task_round_trips_with_its_acts_and_is_found_by_instant(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'c.db'}")
    b = booking("olga", "UA", language="en")
    with db.transaction() as session:
        session.add(
            JurisdictionRow(
                fips="48201", name="Harris County", state="TX", tz="America/Chicago", aor="HOU",
                activated_on=date(2008, 10, 27), ori="TX1010000", size=4_092_459.0,
            )
        )  # fmt: skip
        session.flush()
        session.add(
            BookingRow(
                booking_id=b.booking_id, fips=b.fips, ori=b.ori, tcn=b.tcn, booked_at=b.booked_at,
                facility_tz=b.facility_tz, subject=encode(b.subject), charges=encode(b.charges),
                indicators=encode(b.indicators), transaction_sha256=b.transaction_sha256,
            )
        )  # fmt: skip
        session.flush()
        records = SqlConsularRecords(session)
        assert open_task(b, records=records, audit=SessionAuditLog(session), ruleset=RULES) is not None
        assert records.add_task(records.task_for_booking(b.booking_id)) is False  # type: ignore[arg-type]
    with db.transaction() as session:
        records = SqlConsularRecords(session)
        desk = ConsularDesk(records, SessionAuditLog(session), RULES, locate=fake_locate)
        task = desk.task_for_booking(b.booking_id)
        task = desk.inform(
            task,
            at=BOOKED + timedelta(hours=1),
            actor="o-1",
            reason="r",
            language="uk",
            answer=Answer.DECLINED,
        )
        task = desk.record_protected_claim(
            task, at=BOOKED + timedelta(hours=1), actor="o-1", reason="r", kind=ProtectedClaimKind.ASYLUM
        )
        task = desk.notify(
            task,
            at=BOOKED + timedelta(hours=2),
            actor="o-2",
            reason="mandatory",
            channel=Channel.FAX,
            confirmation="rcpt 9",
        )
        assert records.person(b.booking_id).name == "olga"
        assert records.facility("48201").location == "Harris County, TX"
    with db.transaction() as session:
        records = SqlConsularRecords(session)
        stored = records.task_for_booking(b.booking_id)
        assert stored == task  # every field, the post and the sent record included
        assert stored is not None and stored.state is TaskState.NOTIFIED
        assert records.tasks(open_at=BOOKED + timedelta(minutes=90)) == (stored,)
        assert records.tasks(open_at=BOOKED + timedelta(hours=3)) == ()
        assert records.tasks(open_at=BOOKED - timedelta(minutes=1)) == ()
        assert records.tasks(fips="06037") == ()
        assert records.recorded(EventTag.CONSULAR_NOTIFIED, [stored.task_id, "other"]) == {stored.task_id}
        assert verify_chain(session).ok
    db.dispose()
