from __future__ import annotations

import random
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from securecomm.storage.audit_log import verify_chain
from securecomm.storage.db import open_database
from securecomm.storage.outbox import OutboxWriter
from securecomm.storage.tables import AuditEventRow, OutboxRow

sys.path.insert(0, str(Path(__file__).parent))
import toy_flow


def audit_subjects(url: str) -> Counter[str]:
    db = open_database(url)
    with db.transaction() as session:
        return Counter(session.scalars(select(AuditEventRow.subject_id)))


def test_every_message_is_delivered_once_in_order(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'flow.db'}"
    db = open_database(url)
    toy_flow.seed(db, 5)
    report = toy_flow.dispatcher(db).run(until=toy_flow.START + timedelta(days=30))
    assert report.delivered == 5 * toy_flow.STEPS
    subjects = audit_subjects(url)
    assert len(subjects) == 5 * toy_flow.STEPS and set(subjects.values()) == {1}
    with db.transaction() as session:
        assert verify_chain(session).ok


def test_messages_not_yet_due_stay_scheduled(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'flow.db'}")
    toy_flow.seed(db, 3)
    dispatch = toy_flow.dispatcher(db)
    dispatch.run(until=toy_flow.START + timedelta(hours=1))
    assert dispatch.pending(until=toy_flow.START + timedelta(hours=1)) == 0
    assert dispatch.pending() == 3  # each chain's next step is scheduled a day later


def test_sending_the_same_envelope_twice_stores_it_once(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'flow.db'}")
    toy_flow.seed(db, 2)
    toy_flow.seed(db, 2)
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(OutboxRow)) == 2
        assert OutboxWriter(session).send([toy_flow.root(0)]) == 0


def test_a_failing_handler_is_retried_then_set_aside(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'flow.db'}")
    toy_flow.seed(db, 1)
    dispatch = toy_flow.dispatcher(db)
    dispatch._router.routes.clear()  # no agency for "toy": every delivery fails
    report = dispatch.run(until=toy_flow.START + timedelta(days=30))
    assert report.failed == dispatch.MAX_ATTEMPTS and report.delivered == 0
    with db.transaction() as session:
        row = session.scalars(select(OutboxRow)).one()
        assert row.dead_at is not None and "no agency handles" in (row.last_error or "")


@pytest.mark.slow
def test_kill_9_at_random_points_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    chains = 150
    toy_flow.seed(open_database(url), chains)
    rng = random.Random(20120301)
    script = Path(toy_flow.__file__)
    kills = 0
    for _ in range(8):
        child = subprocess.Popen([sys.executable, str(script), url])
        time.sleep(rng.uniform(0.4, 1.5))
        if child.poll() is None:
            child.kill()  # SIGKILL: no cleanup, no rollback handler
            kills += 1
        child.wait()
    subprocess.run([sys.executable, str(script), url], check=True, timeout=300)
    assert kills >= 1, "the child always finished before it could be killed; raise the workload"
    subjects = audit_subjects(url)
    assert len(subjects) == chains * toy_flow.STEPS, "a message was lost"
    assert max(subjects.values()) == 1, "a message had a second effect"
    db = open_database(url)
    with db.transaction() as session:
        assert verify_chain(session).ok
        assert (
            session.scalar(
                select(func.count()).select_from(OutboxRow).where(OutboxRow.delivered_at.is_(None))
            )
            == 0
        )
