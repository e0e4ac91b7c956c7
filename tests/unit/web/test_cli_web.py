"""`securecomm users add`, `demo-users`, `audit verify` and `serve`: exit codes, JSON, and what they store."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from securecomm.audit import EventTag
from securecomm.cli import main
from securecomm.storage.db import Database, open_database
from securecomm.storage.tables import AuditEventRow, JurisdictionRow
from securecomm.storage.web_tables import UserRow
from securecomm.web.accounts import Accounts, SignInOutcome
from securecomm.web.passwords import Passwords
from securecomm.web.settings import WebSettings

from .world import build_world


def run(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: str = ""
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    try:
        main(argv)
        code = 0
    except SystemExit as stop:
        code = int(stop.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    build_world(open_database(url))
    return url


def sign_in_works(url: str, username: str, password: str) -> bool:
    settings = WebSettings(database_url=url)
    accounts = Accounts(open_database(url), settings, Passwords())
    result = accounts.sign_in(username, password, address="127.0.0.1", at=datetime.now(UTC))
    return result.outcome is SignInOutcome.SUCCEEDED


def test_users_add_stores_an_argon2_hash_and_prints_json(
    url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(
        ["users", "add", "--db", url, "--role", "jail", "--scope", "48201", "--name", "jail-harris", "--password-stdin", "--json"],
        capsys, monkeypatch, stdin="a long passphrase\n",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out) == {"username": "jail-harris", "role": "jail", "scope": "48201"}
    with open_database(url).transaction() as tx:
        row = tx.get(UserRow, "jail-harris")
        assert row is not None and row.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
        created = tx.scalars(
            select(AuditEventRow).where(AuditEventRow.tag == EventTag.ACCOUNT_CREATED.value)
        ).one()
        assert created.actor.startswith("cli") and created.subject_id == "jail-harris"
    assert sign_in_works(url, "JAIL-HARRIS", "a long passphrase")


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--role", "sheriff", "--name", "x"], "a long passphrase\n", "--role: unknown role 'sheriff'"),
        (["--role", "jail", "--scope", "99999", "--name", "x"], "a long passphrase\n", "--scope: no county 99999"),
        (["--role", "ero", "--scope", "ZZZ", "--name", "x"], "a long passphrase\n", "no county in the jurisdictions table is in AOR ZZZ"),
        (["--role", "doj", "--scope", "48201", "--name", "x"], "a long passphrase\n", "national and takes no scope"),
        (["--role", "doj", "--name", "x"], "", "no password on standard input"),
        (["--role", "doj", "--name", "x"], "short\n", "--password-stdin: a password needs at least 8 characters"),
        (["--role", "doj", "--name", "bad name"], "a long passphrase\n", "is not a username"),
    ],
)  # fmt: skip
def test_users_add_refuses_bad_input_with_exit_2_and_one_line(
    url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    stdin: str,
    message: str,
) -> None:
    code, out, err = run(
        ["users", "add", "--db", url, *args, "--password-stdin"], capsys, monkeypatch, stdin=stdin
    )
    assert code == 2 and out == ""
    assert message in err and err.strip().count("\n") == 0


def test_users_add_without_password_stdin_or_twice_is_refused(
    url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(["users", "add", "--db", url, "--role", "doj", "--name", "d"], capsys, monkeypatch)
    assert code == 2 and "--password-stdin" in err
    argv = ["users", "add", "--db", url, "--role", "doj", "--name", "d", "--password-stdin"]
    assert run(argv, capsys, monkeypatch, stdin="a long passphrase\n")[0] == 0
    code, _, err = run(
        [*argv[:-3], "--name", "D", "--password-stdin"], capsys, monkeypatch, stdin="a long passphrase\n"
    )
    assert code == 2 and "already exists" in err


def test_demo_users_makes_every_role_county_and_aor_and_is_idempotent(
    url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(
        ["demo-users", "--db", url, "--password-stdin", "--json"],
        capsys,
        monkeypatch,
        stdin="first password\n",
    )
    assert code == 0
    first = json.loads(out)
    assert (first["created"], first["reset"], first["jails"], first["field_offices"]) == (10, 0, 3, 3)
    db = open_database(url)
    with db.transaction() as tx:
        names = set(tx.scalars(select(UserRow.username)))
        tx.execute(update(UserRow).where(UserRow.username == "lesc").values(disabled=True))
    assert names == {
        "admin",
        "lesc",
        "crcl",
        "doj",
        "jail-48201",
        "jail-48113",
        "jail-06037",
        "ero-HOU",
        "ero-DAL",
        "ero-LOS",
    }
    assert sign_in_works(url, "ero-HOU", "first password")
    code, out, _ = run(
        ["demo-users", "--db", url, "--password-stdin", "--json"],
        capsys,
        monkeypatch,
        stdin="second password\n",
    )
    again = json.loads(out)
    assert (again["created"], again["reset"]) == (0, 10)
    assert not sign_in_works(url, "jail-48201", "first password")
    assert sign_in_works(url, "jail-48201", "second password") and sign_in_works(
        url, "lesc", "second password"
    )
    with db.transaction() as tx:
        runs = tx.scalars(
            select(AuditEventRow).where(AuditEventRow.tag == EventTag.ACCOUNTS_DEMO_SET.value)
        ).all()
        assert [r.data["created"] for r in runs] == [10, 0]


def test_demo_users_pads_fips_and_names_aors_by_their_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'al.db'}"
    with open_database(url).transaction() as tx:
        tx.add(
            JurisdictionRow(
                fips="01001",
                name="Autauga County",
                state="AL",
                tz="America/Chicago",
                aor="NOL",
                ori="AL0040000",
            )
        )
    code, out, _ = run(
        ["demo-users", "--db", url, "--password-stdin"], capsys, monkeypatch, stdin="demo password\n"
    )
    assert code == 0 and "6 demo accounts (6 created, 0 reset)" in out
    with open_database(url).transaction() as tx:
        assert {"jail-01001", "ero-NOL"} <= set(tx.scalars(select(UserRow.username)))


def test_audit_verify_prints_the_head_and_exits_1_when_the_chain_is_broken(
    url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(["demo-users", "--db", url, "--password-stdin"], capsys, monkeypatch, stdin="demo password\n")
    code, out, _ = run(["audit", "verify", "--db", url, "--json"], capsys, monkeypatch)
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["events"] == 1 and len(report["head_hash"]) == 64
    code, out, _ = run(["audit", "verify", "--db", url], capsys, monkeypatch)
    assert code == 0 and out.strip() == f"audit chain intact: 1 events, head {report['head_hash']}"
    db: Database = open_database(url)
    with db.transaction() as tx:
        tx.execute(update(AuditEventRow).values(actor="someone else"))
    code, out, _ = run(["audit", "verify", "--db", url, "--json"], capsys, monkeypatch)
    broken = json.loads(out)
    assert (
        code == 1 and not broken["ok"] and "event 1: content does not match its hash" in broken["problems"][0]
    )


def test_audit_verify_refuses_a_missing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "nope.db"
    code, _, err = run(["audit", "verify", "--db", f"sqlite:///{missing}"], capsys, monkeypatch)
    assert code == 2 and "no database file" in err and not missing.exists()


def test_serve_refuses_a_board_time_without_a_zone(
    url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(["serve", "--db", url, "--board-at", "2012-03-05T09:00"], capsys, monkeypatch)
    assert code == 2 and "--board-at" in err and "no time zone" in err
