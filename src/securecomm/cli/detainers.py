"""`securecomm detainers ...`: the detainers of a database and the jail's hold board.

* `list`: every detainer with its lifecycle, times in the facility's zone;
* `due`: holds due within a window of an instant, or past their deadline;
* `board`: the whole board at an instant, once;
* `watch`: the board live in the terminal, its countdown ticking, until a number of seconds or Ctrl-C.

`due`, `board` and `watch` record every hold they find past its deadline as a `jail:hold:past_deadline`
audit event (once per detainer): the board is the jail's alarm, and what it saw is on the record.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import click

from securecomm.cli._common import emit, json_option
from securecomm.errors import BadInput

if TYPE_CHECKING:
    from rich.table import Table

    from securecomm.detainers import Board, DetainerView, HoldLine, Overrun
    from securecomm.rules import RuleSet

__all__ = ["group", "parse_instant"]

db_option = click.option(
    "--db", "db_url", required=True, help="Database URL, e.g. sqlite:///var/securecomm.db."
)
fips_option = click.option(
    "--fips", default=None, help="One county's jail (5-digit FIPS code); default: all."
)


@click.group(name="detainers")
def group() -> None:
    """Detainers and the jail's hold board (deadlines in the facility's time, countdowns, alerts)."""


def parse_instant(text: str | None, *, option: str) -> datetime:
    """An ISO 8601 instant with its offset (`Z` allowed); the wall clock when `text` is None."""
    if text is None:
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise BadInput(f"{text!r} is not a date-time (use 2012-02-21T08:00-06:00)", where=option) from None
    if value.tzinfo is None:
        raise BadInput(f"{text!r} has no UTC offset (add Z or an offset such as -06:00)", where=option)
    return value


def _fips(value: str | None) -> str | None:
    if value is not None and (len(value) != 5 or not value.isdigit()):
        raise BadInput(f"{value!r} is not a 5-digit county FIPS code (e.g. 48201)", where="--fips")
    return value


def _local(instant: datetime | None, tz: str) -> str | None:
    from zoneinfo import ZoneInfo

    return None if instant is None else instant.astimezone(ZoneInfo(tz)).isoformat()


def _list_item(view: DetainerView) -> dict[str, Any]:
    tz = view.facility_tz
    return {
        "id": view.detainer_id,
        "booking_id": view.booking_id,
        "form": view.form,
        "state": view.state,
        "language": view.language,
        "release_eligible_at": _local(view.release_eligible_at, tz),
        "deadline_at": _local(view.deadline_at, tz),
        "ended_at": _local(view.ended_at, tz),
        "lift_reason": view.lift_reason,
    }


def _line_item(line: HoldLine) -> dict[str, Any]:
    view = line.detainer
    return {
        "id": view.detainer_id,
        "booking_id": view.booking_id,
        "fips": view.fips,
        "form": view.form,
        "state": view.state,
        "language": view.language,
        "facility_tz": view.facility_tz,
        "phase": line.phase.value,
        "release_eligible_at": None
        if line.release_eligible_at is None
        else line.release_eligible_at.isoformat(),
        "deadline_at": None if line.deadline_at is None else line.deadline_at.isoformat(),
        "remaining_seconds": None if line.remaining is None else int(line.remaining.total_seconds()),
        "countdown": line.countdown,
        "alert": line.alert.value,
        "label": line.label,
        "deadline_mismatch": line.deadline_mismatch,
    }


def _overrun_item(overrun: Overrun) -> dict[str, Any]:
    return {
        "id": overrun.detainer_id,
        "booking_id": overrun.booking_id,
        "deadline_at": overrun.deadline_at.isoformat(),
        "overdue_seconds": int(overrun.overdue.total_seconds()),
    }


def _evaluate(
    db_url: str, *, fips: str | None, at: datetime, actor: str, ruleset: RuleSet | None = None
) -> tuple[Board, tuple[Overrun, ...]]:
    """Read the detainers active at `at`, build the board, record new overruns (one transaction)."""
    from securecomm.detainers import hold_board, record_overruns
    from securecomm.rules import load_ruleset
    from securecomm.storage.audit_log import SessionAuditLog
    from securecomm.storage.consular_records import SqlHoldBoardRecords
    from securecomm.storage.db import open_database

    database = open_database(db_url)
    try:
        with database.transaction() as session:
            records = SqlHoldBoardRecords(session)
            views = records.detainer_views(fips=fips, active_at=at)
            board = hold_board(views, at=at, ruleset=ruleset or load_ruleset(), fips=fips)
            recorded = record_overruns(board, records=records, audit=SessionAuditLog(session), actor=actor)
    finally:
        database.dispose()
    return board, recorded


@group.command("list")
@db_option
@fips_option
@json_option
def list_(db_url: str, fips: str | None, as_json: bool) -> None:
    """Every detainer with its form, state, language, release-eligible moment, deadline, end and lift reason."""
    from securecomm.storage.consular_records import SqlHoldBoardRecords
    from securecomm.storage.db import open_database

    database = open_database(db_url)
    try:
        with database.transaction() as session:
            views = SqlHoldBoardRecords(session).detainer_views(fips=_fips(fips))
    finally:
        database.dispose()
    payload = {"detainers": [_list_item(view) for view in views]}

    def human(p: dict[str, Any]) -> str:
        rows = [
            f"{d['id']}  {d['form']:<10} {d['state']:<9} {d['language']:<3} deadline {d['deadline_at'] or '-'}"
            f"  ended {d['ended_at'] or '-'}  {d['lift_reason'] or ''}".rstrip()
            for d in p["detainers"]
        ]
        return "\n".join(rows) if rows else "no detainers"

    emit(payload, as_json=as_json, human=human)


@group.command("due")
@db_option
@fips_option
@click.option("--at", "at_text", default=None, help="The instant (ISO 8601 with offset); default: now.")
@click.option("--within", "within_hours", type=float, default=4.0, show_default=True, help="Hours ahead.")
@json_option
def due(db_url: str, fips: str | None, at_text: str | None, within_hours: float, as_json: bool) -> None:
    """Holds whose deadline falls within HOURS of the instant, or has passed (those are recorded)."""
    from securecomm.detainers import due_holds

    at = parse_instant(at_text, option="--at")
    if not within_hours >= 0:
        raise BadInput(f"must be zero or more hours, got {within_hours}", where="--within")
    board, recorded = _evaluate(db_url, fips=_fips(fips), at=at, actor=f"board:{fips or 'all'}")
    lines = due_holds(board, within=timedelta(hours=within_hours))
    payload = {
        "at": at.isoformat(),
        "within_hours": within_hours,
        "due": [_line_item(line) for line in lines],
        "violations_recorded": [_overrun_item(o) for o in recorded],
    }

    def human(p: dict[str, Any]) -> str:
        rows = [
            f"{d['id']}  deadline {d['deadline_at']}  {d['countdown']:>14}  {d['label']}" for d in p["due"]
        ]
        return "\n".join(rows) if rows else f"no hold due within {within_hours:g} h of {p['at']}"

    emit(payload, as_json=as_json, human=human)


@group.command("board")
@db_option
@fips_option
@click.option("--at", "at_text", default=None, help="The instant (ISO 8601 with offset); default: now.")
@json_option
def board_(db_url: str, fips: str | None, at_text: str | None, as_json: bool) -> None:
    """The hold board once: every active detainer, most urgent first, with counts per alert level."""
    from rich.console import Console

    from securecomm.detainers import HoldAlert

    at = parse_instant(at_text, option="--at")
    board, recorded = _evaluate(db_url, fips=_fips(fips), at=at, actor=f"board:{fips or 'all'}")
    if as_json:
        emit(
            {
                "at": at.isoformat(),
                "lines": [_line_item(line) for line in board.lines],
                "counts": {alert.value: board.count(alert) for alert in HoldAlert},
                "violations_recorded": [_overrun_item(o) for o in recorded],
            },
            as_json=True,
        )
        return
    Console().print(_table(board, fips))


def _table(board: Board, fips: str | None) -> Table:
    from rich import box
    from rich.table import Table

    from securecomm.detainers import HoldAlert

    styles = {
        HoldAlert.PAST_DEADLINE: "bold white on red",
        HoldAlert.DUE_NOW: "bold red",
        HoldAlert.DUE_SOON: "yellow",
        HoldAlert.ON_TIME: "green",
        HoldAlert.PENDING: "dim",
    }
    hours = board.settings.alert_within.total_seconds() / 3600
    short = {
        HoldAlert.PAST_DEADLINE: "PAST DEADLINE",
        HoldAlert.DUE_NOW: "DUE NOW",
        HoldAlert.DUE_SOON: f"due within {hours:g} h",
        HoldAlert.ON_TIME: "on time",
        HoldAlert.PENDING: "no clock yet",
    }
    zones = {line.detainer.facility_tz for line in board.lines}
    one_zone = len(zones) == 1
    shown = board.at.astimezone(board.lines[0].at.tzinfo) if one_zone else board.at.astimezone(UTC)
    counts = "  ".join(f"{short[alert]}: {board.count(alert)}" for alert in reversed(HoldAlert))
    table = Table(
        title=f"Hold board · {'county ' + fips if fips else 'all jails'} · {shown:%a %Y-%m-%d %H:%M:%S %Z}"
        + (" · times in the facility's zone" if one_zone else ""),
        caption=counts if board.lines else "no active detainer",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("detainer", no_wrap=True)
    table.add_column("form", no_wrap=True)
    table.add_column("released", no_wrap=True)
    table.add_column("deadline", no_wrap=True)
    table.add_column("countdown", justify="right", no_wrap=True)
    table.add_column("alert", no_wrap=True)
    stamp = "%a %m-%d %H:%M" if one_zone else "%a %m-%d %H:%M %Z"
    for line in board.lines:
        deadline = "-" if line.deadline_at is None else format(line.deadline_at, stamp)
        if line.deadline_mismatch:
            deadline += " (rules)"
        table.add_row(
            line.detainer.detainer_id,
            f"{line.detainer.form} {line.detainer.language}",
            "-" if line.release_eligible_at is None else format(line.release_eligible_at, stamp[3:]).strip(),
            deadline,
            line.countdown if line.remaining is not None else "-",
            short[line.alert],
            style=styles[line.alert],
        )
    return table


@group.command("watch")
@db_option
@fips_option
@click.option(
    "--at",
    "at_text",
    default=None,
    help="Start the board's clock at this instant, or 'busiest'; default: now.",
)
@click.option("--seconds", type=float, default=30.0, show_default=True, help="Stop after this many seconds.")
@click.option("--speed", type=float, default=1.0, show_default=True, help="Board seconds per real second.")
@click.option(
    "--reload", "reload_seconds", type=float, default=5.0, show_default=True, help="Re-read every N s."
)
def watch(
    db_url: str, fips: str | None, at_text: str | None, seconds: float, speed: float, reload_seconds: float
) -> None:
    """The hold board live: a ticking countdown per hold, alerts in colour; Ctrl-C stops it.

    Not on a terminal (a pipe, a file), it prints one snapshot of the board at the starting instant.
    """
    from rich.console import Console
    from rich.live import Live

    fips = _fips(fips)
    for name, value in (("--seconds", seconds), ("--speed", speed), ("--reload", reload_seconds)):
        if not value > 0:
            raise BadInput(f"must be more than 0, got {value}", where=name)
    start = _busiest(db_url, fips) if at_text == "busiest" else parse_instant(at_text, option="--at")
    began = time.monotonic()

    def now() -> datetime:
        return start + timedelta(seconds=(time.monotonic() - began) * speed)

    source = _Source(db_url, fips, reload_seconds)
    console = Console()
    if not console.is_terminal:  # a pipe or a file: one snapshot, wide enough to read, no animation
        Console(width=max(console.width, 110)).print(_table(source.board(start), fips))
        return
    try:
        live_board = Live(
            _table(source.board(now()), fips),
            console=console,
            refresh_per_second=4,
            vertical_overflow="visible",
        )
        with live_board as live:
            while time.monotonic() - began < seconds:
                time.sleep(min(0.25, max(0.0, seconds - (time.monotonic() - began))))
                live.update(_table(source.board(now()), fips))
    except KeyboardInterrupt:
        console.print("stopped", style="dim")


class _Source:
    """Re-reads the database every `reload_seconds` (recording overruns); ticks the board in between."""

    def __init__(self, db_url: str, fips: str | None, reload_seconds: float) -> None:
        from securecomm.rules import load_ruleset

        self.db_url, self.fips, self.reload_seconds = db_url, fips, reload_seconds
        self.ruleset = load_ruleset()
        self.views: tuple[DetainerView, ...] = ()
        self.read_at = float("-inf")
        self.legal: dict[str, Any] = {}

    def board(self, at: datetime) -> Board:
        from securecomm.detainers import hold_board, legal_deadlines

        if time.monotonic() - self.read_at >= self.reload_seconds:
            board, _ = _evaluate(
                self.db_url, fips=self.fips, at=at, actor=f"board:{self.fips or 'all'}", ruleset=self.ruleset
            )
            self.views = tuple(line.detainer for line in board.lines)
            self.legal = legal_deadlines(self.views, ruleset=self.ruleset)
            self.read_at = time.monotonic()
        active = [view for view in self.views if view.active_at(at)]
        return hold_board(active, at=at, ruleset=self.ruleset, legal=self.legal, fips=self.fips)


def _busiest(db_url: str, fips: str | None) -> datetime:
    from securecomm.detainers import busiest_instant
    from securecomm.storage.consular_records import SqlHoldBoardRecords
    from securecomm.storage.db import open_database

    database = open_database(db_url)
    try:
        with database.transaction() as session:
            views = SqlHoldBoardRecords(session).detainer_views(fips=fips)
    finally:
        database.dispose()
    instant = busiest_instant(views)
    if instant is None:
        raise BadInput("no hold ever began in this database; give an instant with --at", where="--at busiest")
    return instant
