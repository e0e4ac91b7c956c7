"""`securecomm simulate | status | submit | jurisdictions`: the booking-to-decision flow from the command line."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from securecomm.cli._common import emit, json_option, parse_date

__all__ = ["jurisdictions", "simulate", "status", "submit"]

db_option = click.option(
    "--db", "db_url", required=True, help="Database URL, e.g. sqlite:///var/securecomm.db."
)


def _human_status(payload: dict[str, Any]) -> str:
    truth = payload["ground_truth"]
    lines = [
        f"bookings {payload['bookings']}  SRE {payload['sre']}  IDENT searches {payload['ident_searches']}  "
        f"matches {payload['ident_matches']}  IAQ {payload['iaq']}  IAR {payload['iar']}",
        f"IDR no-match sent {payload['idr_no_match_sent']}  IDR/IAR sent {payload['idr_iar_sent']}  "
        f"IDR suppressed {payload['idr_suppressed']}",
        f"detainers {payload['detainers']} {payload['detainers_by_form']}  lift reasons {payload['lift_reasons']}",
        f"decisions {payload['decisions']}",
        f"pending messages {payload['pending_messages']}  scheduled {payload['scheduled_messages']}",
        f"ground truth: false matches {truth['false_matches']}, missed matches {truth['missed_matches']}, "
        f"detainers on US citizens {truth['usc_detainers']}, US citizens held {truth['usc_held']}, "
        f"holds past deadline {truth['holds_past_deadline']}",
        "invariants: "
        + ("all hold" if not payload["invariant_violations"] else "; ".join(payload["invariant_violations"])),
    ]
    return "\n".join(lines)


@click.command()
@db_option
@json_option
def status(db_url: str, as_json: bool) -> None:
    """Counts per stage, ground truth and the flow's invariants."""
    from securecomm.app.status import flow_status
    from securecomm.storage.db import open_database

    database = open_database(db_url)
    with database.sessions() as session:
        payload = flow_status(session)
    emit(payload, as_json=as_json, human=_human_status)


@click.group(name="jurisdictions")
def jurisdictions() -> None:
    """The counties in a database: activation, field office, whether they receive IDRs."""


@jurisdictions.command(name="list")
@db_option
@json_option
def list_jurisdictions(db_url: str, as_json: bool) -> None:
    from sqlalchemy import select

    from securecomm.storage.db import open_database
    from securecomm.storage.tables import JurisdictionRow

    database = open_database(db_url)
    with database.sessions() as session:
        rows = session.scalars(select(JurisdictionRow).order_by(JurisdictionRow.fips)).all()
        items = [
            {
                "fips": r.fips,
                "name": r.name,
                "state": r.state,
                "tz": r.tz,
                "aor": r.aor,
                "activated_on": None if r.activated_on is None else r.activated_on.isoformat(),
                "receives_idr": r.receives_idr,
            }
            for r in rows
        ]

    def human(payload: dict[str, Any]) -> str:
        return "\n".join(
            f"{j['fips']}  {j['name']}, {j['state']}  {j['tz']}  AOR {j['aor']}  activated {j['activated_on']}"
            f"{'' if j['receives_idr'] else '  (declined IDRs)'}"
            for j in payload["jurisdictions"]
        )

    emit({"jurisdictions": items}, as_json=as_json, human=human)


@click.command()
@click.option("--counties", type=click.IntRange(1, 500), default=3, show_default=True)
@click.option("--days", type=click.IntRange(1, 3650), default=10, show_default=True)
@click.option("--seed", type=click.IntRange(0), default=1, show_default=True)
@click.option(
    "--start", "start_text", default="2012-03-01", show_default=True, help="First day (YYYY-MM-DD)."
)
@click.option(
    "--scale", type=click.FloatRange(0.0001, 1.0), default=None, help="Share of real booking volume."
)
@db_option
@json_option
def simulate(
    counties: int, days: int, seed: int, start_text: str, scale: float | None, db_url: str, as_json: bool
) -> None:
    """Build or continue a synthetic world and run every booking through the flow."""
    from securecomm.app.runner import run_simulation
    from securecomm.cli._common import stage_progress

    start: date = parse_date(start_text, option="--start")
    with stage_progress() as report:
        payload = run_simulation(
            db_url, counties=counties, days=days, seed=seed, start=start, scale=scale, progress=report
        )
    emit(payload, as_json=as_json, human=_human_status)


@click.command()
@click.argument("transaction", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@json_option
def submit(transaction: Path, db_url: str, as_json: bool) -> None:
    """Submit a real ANSI/NIST-ITL criminal ten-print (CAR) file into the flow."""
    from securecomm.app.runner import submit_transaction

    payload = submit_transaction(db_url, transaction.read_bytes(), source=str(transaction))
    emit(payload, as_json=as_json)
