"""Kill the flow (kill -9) at random points and restart it: the end state equals an uninterrupted run's."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from securecomm.app.status import flow_status
from securecomm.storage.db import open_database

CHILD = Path(__file__).with_name("crash_child.py")


def run_child(workdir: Path, mode: str, *, timeout: float = 300) -> None:
    subprocess.run([sys.executable, str(CHILD), str(workdir), mode], check=True, timeout=timeout)


def end_state(workdir: Path) -> dict[str, object]:
    database = open_database(f"sqlite:///{workdir / 'flow.db'}")
    with database.sessions() as session:
        status = flow_status(session)
    status.pop("as_of")
    return status


@pytest.mark.slow
def test_a_flow_killed_at_random_points_ends_like_an_uninterrupted_one(tmp_path: Path) -> None:
    calm, crashed = tmp_path / "calm", tmp_path / "crashed"
    calm.mkdir()
    crashed.mkdir()
    run_child(calm, "seed")
    expected = end_state(calm)
    assert expected["bookings"] == 24 and expected["detainers"] > 0 and expected["invariant_violations"] == []

    rng = random.Random(4)
    kills = 0
    for attempt in range(6):
        child = subprocess.Popen([sys.executable, str(CHILD), str(crashed), f"attempt-{attempt}"])
        time.sleep(rng.uniform(1.0, 4.0))
        if child.poll() is None:
            child.kill()  # SIGKILL: no cleanup, no rollback handler
            kills += 1
        child.wait()
    run_child(crashed, "final")
    assert kills >= 1, "every child finished before it was killed: raise the workload"
    assert end_state(crashed) == expected
