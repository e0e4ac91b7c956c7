"""`securecomm users ...`, `demo-users`, `serve` and `audit verify`: the web application's commands.

Passwords are read from standard input (one line), never from the command line, where other users of the
machine could read them. Heavy imports (SQLAlchemy, FastAPI, argon2) happen inside the commands.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Any

import click

from securecomm.cli._common import emit, json_option
from securecomm.errors import BadInput

__all__ = ["audit", "demo_users", "serve", "users"]

db_option = click.option(
    "--db", "db_url", required=True, help="Database URL, e.g. sqlite:///var/securecomm.db."
)


def _read_password(where: str) -> str:
    line = sys.stdin.readline()
    password = line.removesuffix("\n").removesuffix("\r")
    if not password:
        raise BadInput(
            "no password on standard input (give one line, e.g. `echo 'secret' | securecomm ...`)",
            where=where,
        )
    return password


def _cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name for this uid (containers)
        return "cli"


def _require_existing(url: str) -> None:
    """A SQLite URL must name an existing file: reading a mistyped path must not create an empty database."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:  # SQLAlchemy raises ArgumentError for any malformed URL
        raise BadInput("not a database URL (e.g. sqlite:///var/securecomm.db)", where="--db") from None
    local = parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")
    if local and not Path(parsed.database or "").exists():
        raise BadInput(f"no database file at {parsed.database}", where="--db")


@click.group(name="users")
def users() -> None:
    """Web accounts: add and list."""


@users.command("add")
@db_option
@click.option("--role", required=True, help="admin, lesc, crcl, doj, jail or ero.")
@click.option("--scope", default=None, help="County FIPS for a jail account, AOR code for an ero account.")
@click.option("--name", "username", required=True, help="The username to sign in with.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (one line).")
@json_option
def users_add(
    db_url: str, role: str, scope: str | None, username: str, password_stdin: bool, as_json: bool
) -> None:
    """Create an account with one role (and the scope a jail or field-office role needs)."""
    if not password_stdin:
        raise BadInput(
            "pass --password-stdin and give the password on standard input", where="--password-stdin"
        )
    from securecomm.clock import SystemClock
    from securecomm.storage.db import open_database
    from securecomm.web.accounts import Accounts
    from securecomm.web.passwords import Passwords
    from securecomm.web.roles import parse_role
    from securecomm.web.settings import WebSettings

    parsed_role = parse_role(role)
    password = _read_password("--password-stdin")
    settings = WebSettings(database_url=db_url)
    passwords = Passwords(settings.password_parameters)
    passwords.check_new(password, where="--password-stdin")
    database = open_database(db_url)
    accounts = Accounts(database, settings, passwords)
    principal = accounts.add(
        username=username,
        role=parsed_role,
        scope=scope,
        password=password,
        at=SystemClock().now(),
        actor=_cli_actor(),
        origin="cli",
    )
    payload = {"username": principal.username, "role": principal.role.value, "scope": principal.scope}
    emit(
        payload,
        as_json=as_json,
        human=lambda p: f"created {p['username']} ({p['role']}{' ' + p['scope'] if p['scope'] else ''})",
    )


@users.command("list")
@db_option
@json_option
def users_list(db_url: str, as_json: bool) -> None:
    """List the accounts with their role, scope and state."""
    from securecomm.storage.db import open_database
    from securecomm.web.accounts import Accounts
    from securecomm.web.passwords import Passwords
    from securecomm.web.settings import WebSettings

    _require_existing(db_url)
    settings = WebSettings(database_url=db_url)
    rows = Accounts(open_database(db_url), settings, Passwords(settings.password_parameters)).list()
    payload: dict[str, Any] = {
        "users": [
            {"username": r.username, "role": r.role, "scope": r.scope, "disabled": r.disabled,
             "last_sign_in_at": r.last_sign_in_at}
            for r in rows
        ]
    }  # fmt: skip

    def human(p: dict[str, Any]) -> str:
        lines = [
            f"{u['username']:<16} {u['role']:<6} {u['scope'] or '':<5} {'disabled' if u['disabled'] else ''}"
            for u in p["users"]
        ]
        return "\n".join(lines) if lines else "no accounts"

    emit(payload, as_json=as_json, human=human)


@click.command(name="demo-users")
@db_option
@click.option(
    "--password-stdin", is_flag=True, help="Read the shared password from standard input (one line)."
)
@json_option
def demo_users(db_url: str, password_stdin: bool, as_json: bool) -> None:
    """Create (or reset) admin, lesc, crcl, doj, jail-<FIPS> per county and ero-<AOR> per AOR."""
    import time

    if not password_stdin:
        raise BadInput(
            "pass --password-stdin and give the password on standard input", where="--password-stdin"
        )

    from securecomm.clock import SystemClock
    from securecomm.storage.db import open_database
    from securecomm.web.demo_accounts import set_demo_accounts
    from securecomm.web.passwords import Passwords

    password = _read_password("--password-stdin")
    started = time.perf_counter()
    database = open_database(db_url)
    result = set_demo_accounts(
        database, Passwords(), password, at=SystemClock().now(), actor=_cli_actor(), origin="cli"
    )
    payload = {
        "created": result.created,
        "reset": result.reset,
        "accounts": result.total,
        "jails": result.jails,
        "field_offices": result.field_offices,
        "seconds": round(time.perf_counter() - started, 2),
    }

    def human(p: dict[str, Any]) -> str:
        lines = [
            f"{p['accounts']} demo accounts ({p['created']} created, {p['reset']} reset) in {p['seconds']} s.",
            "Sign in at /login with the password you gave and one of these usernames:",
            "  admin, lesc, crcl, doj, jail-<FIPS> (e.g. jail-48201), ero-<AOR> (e.g. ero-HOU)",
        ]
        if not p["jails"]:
            lines.append(
                "The jurisdictions table is empty: build the world first to get jail and field-office accounts."
            )
        return "\n".join(lines)

    emit(payload, as_json=as_json, human=human)


@click.command(name="serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@click.option(
    "--board-at", default=None, help="Run the hold board's clock from this instant (ISO 8601 with zone)."
)
def serve(db_url: str, host: str, port: int, board_at: str | None) -> None:
    """Serve the web application (uvicorn); behind a TLS proxy the cookies become Secure."""
    from datetime import datetime

    import uvicorn

    from securecomm.web import WebSettings, create_app
    from securecomm.web.clocks import ShiftedClock

    board_clock = None
    if board_at is not None:
        try:
            start = datetime.fromisoformat(board_at)
        except ValueError:
            raise BadInput(
                f"{board_at!r} is not a date-time (use 2012-03-05T09:00-06:00)", where="--board-at"
            ) from None
        if start.tzinfo is None:
            raise BadInput(f"{board_at!r} has no time zone (add Z or an offset)", where="--board-at")
        board_clock = ShiftedClock(start)
    app = create_app(WebSettings(database_url=db_url), board_clock=board_clock)
    click.echo(f"securecomm: serving on http://{host}:{port}/ (Ctrl-C stops)", err=True)
    # proxy_headers: behind a TLS proxy on this machine, X-Forwarded-Proto/For give the scheme (Secure
    # cookies) and the client's address (the audit trail's "from where").
    uvicorn.run(
        app, host=host, port=port, proxy_headers=True, forwarded_allow_ips="127.0.0.1", log_level="info"
    )


@click.group(name="audit")
def audit() -> None:
    """The audit trail: verify its hash chain."""


@audit.command("verify")
@db_option
@json_option
def audit_verify(db_url: str, as_json: bool) -> None:
    """Recompute the hash chain; print the head hash; exit 1 when the chain is broken."""
    from sqlalchemy.exc import SQLAlchemyError

    from securecomm.storage.audit_log import verify_chain
    from securecomm.storage.db import open_database

    _require_existing(db_url)
    database = open_database(db_url, migrate=False)
    try:
        with database.transaction() as tx:
            report = verify_chain(tx)
    except SQLAlchemyError as error:  # not a securecomm database (no audit tables)
        raise BadInput(f"cannot read an audit trail there ({type(error).__name__})", where="--db") from None
    payload = {
        "ok": report.ok,
        "events": report.events,
        "head_hash": report.head_hash,
        "problems": list(report.problems),
    }

    def human(p: dict[str, Any]) -> str:
        if p["ok"]:
            return f"audit chain intact: {p['events']} events, head {p['head_hash']}"
        return "\n".join(
            [f"audit chain BROKEN ({len(p['problems'])} problems):", *[f"  {x}" for x in p["problems"]]]
        )

    emit(payload, as_json=as_json, human=human)
    if not report.ok:
        sys.exit(1)
