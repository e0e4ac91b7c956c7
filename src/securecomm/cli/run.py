"""`securecomm run` (what `make run` does): build the demo world on the embedded default, create the demo
accounts, show the hold board ticking, and serve the web application."""

from __future__ import annotations

import secrets
import subprocess
import sys
from datetime import date
from pathlib import Path

import click

__all__ = ["run"]

# The demo world: three large counties activated by March 2012, two weeks, a small share of real volume.
DEMO_COUNTIES = 3
DEMO_DAYS = 14
DEMO_SEED = 1
DEMO_START = date(2012, 3, 1)
DEMO_SCALE = 0.004


@click.command(name="run")
@click.option(
    "--data-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("var"), show_default=True
)
@click.option("--days", type=click.IntRange(1, 365), default=DEMO_DAYS, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--serve/--no-serve", default=True, show_default=True, help="Serve the web app at the end.")
def run(data_dir: Path, days: int, host: str, port: int, serve: bool) -> None:
    """Build (or continue) the demo world, then show the hold board and serve the web application."""
    from securecomm.app.runner import run_simulation
    from securecomm.cli._common import stage_progress
    from securecomm.cli.flow import _human_status
    from securecomm.clock import SystemClock
    from securecomm.storage.db import open_database
    from securecomm.web.demo_accounts import set_demo_accounts
    from securecomm.web.passwords import Passwords

    data_dir.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{(data_dir / 'securecomm.db').as_posix()}"
    click.echo(
        f"securecomm: building the demo world in {url} ({DEMO_COUNTIES} counties, {days} days from "
        f"{DEMO_START}, {DEMO_SCALE:.1%} of real booking volume; synthetic people only)",
        err=True,
    )
    with stage_progress() as report:
        status = run_simulation(
            url,
            counties=DEMO_COUNTIES,
            days=days,
            seed=DEMO_SEED,
            start=DEMO_START,
            scale=DEMO_SCALE,
            progress=report,
        )
    click.echo(_human_status(status))
    password = secrets.token_urlsafe(9)
    accounts = set_demo_accounts(
        open_database(url), Passwords(), password, at=SystemClock().now(), actor="cli:run", origin="cli"
    )
    click.echo(
        f"\n{accounts.total} demo accounts: sign in at http://{host}:{port}/login as admin, lesc, crcl, doj,"
        f" jail-<FIPS> (e.g. jail-48201) or ero-<AOR> (e.g. ero-HOU), password: {password}"
    )
    click.echo(
        "\nNext commands to try:\n"
        f"  securecomm status --db {url}\n"
        f"  securecomm jurisdictions list --db {url}\n"
        f"  securecomm detainers list --db {url} --json\n"
        f"  securecomm consular pending --db {url}\n"
        f"  securecomm notices detainer --db {url} --detainer <ID> --lang es --out notice.pdf\n"
        f"  securecomm oversight report --db {url} --quarter 2012Q1 --out var/report\n"
        f"  securecomm audit verify --db {url}\n"
        f"  securecomm simulate --db {url} --counties 3 --days {days + 7} --seed 1 --start 2012-03-01 "
        f"--scale {DEMO_SCALE}   (continues the same world a week further)\n"
    )
    me = [sys.executable, "-m", "securecomm"]
    click.echo("The hold board, with its clock running 120 times faster from the busiest moment:", err=True)
    subprocess.run(
        [*me, "detainers", "watch", "--db", url, "--at", "busiest", "--speed", "120", "--seconds", "15"],
        check=False,
    )
    if serve:
        subprocess.run([*me, "serve", "--db", url, "--host", host, "--port", str(port)], check=False)
