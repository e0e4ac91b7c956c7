"""Entry points behind `securecomm simulate` and `securecomm submit`: open the database, build the system, run."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from securecomm.app.biometrics import BiometricService
from securecomm.app.simulation import Progress, SimulationSpec, Simulator
from securecomm.app.status import flow_status
from securecomm.rules import identification_threshold as policy_threshold
from securecomm.rules import load_ruleset
from securecomm.storage.db import open_database

__all__ = ["DEFAULT_SCALE", "identification_threshold", "run_simulation", "submit_transaction"]

DEFAULT_SCALE = 0.01


def identification_threshold(on: date) -> float:
    """The policy's identification threshold on `on`, as evidence: -log10 of the largest fused FMR accepted."""
    return -math.log10(policy_threshold(as_of=on, ruleset=load_ruleset()))


def run_simulation(
    db_url: str,
    *,
    counties: int,
    days: int,
    seed: int,
    start: date,
    scale: float | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Build or continue the world in `db_url`, run it to the end of its last day, return `status`."""
    database = open_database(db_url)
    spec = SimulationSpec(counties=counties, days=days, seed=seed, start=start, scale=scale or DEFAULT_SCALE)
    biometrics = BiometricService(database, threshold=identification_threshold(start))
    now = Simulator(database, spec, biometrics, progress=progress).run()
    with database.sessions() as session:
        return flow_status(session, now=now)


def submit_transaction(db_url: str, data: bytes, *, source: str) -> dict[str, Any]:
    from securecomm.app.submission import submit_transaction as submit

    return submit(db_url, data, source=source)
