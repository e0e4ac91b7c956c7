"""Consular notification through the real flow: the task opens with the booking, the rules' list and its
exceptions apply, staff act through the CLI or the simulated policy, the clock raises its alerts, and a
fear claim never reaches a consulate."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from flow_kit import Flow, burglary
from sqlalchemy import select

from securecomm.cli import main
from securecomm.consular import ConsularDesk, SimulatedStaff, simulate_staff_actions
from securecomm.ids import deterministic_id
from securecomm.messages.booking import BookingSubmitted, Subject
from securecomm.storage.agency_tables import BookingRow
from securecomm.storage.consular_records import SqlConsularRecords
from securecomm.storage.consular_tables import ConsularTaskRow
from securecomm.storage.tables import AuditEventRow

BOOKED = datetime(2012, 3, 5, 15, tzinfo=UTC)  # Monday 09:00 in Houston
OFFICER = "jail:48201:officer-12"


def book(flow: Flow, name: str, nationality: str, *, language: str = "es", at: datetime = BOOKED) -> str:
    """A booking of a person of `nationality` through the jail station (no prints searched: no hits set)."""
    booking_id = deterministic_id("bk", name)
    booking = BookingSubmitted(
        booking_id=booking_id,
        tcn=f"TCN-{booking_id}",
        fips="48201",
        ori="TX1010000",
        facility_tz="America/Chicago",
        booked_at=at,
        subject=Subject(name, date(1984, 4, 4), "F", nationality, nationality, language),
        charges=burglary(),
        transaction_sha256=f"{abs(hash(name)):064d}"[:64],
    )
    flow.system.act(lambda unit: flow.system.jail.book(booking, unit))
    return booking_id


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    main([*args, "--json"])
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    return json.loads(out)


def cli_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    return err


def test_the_task_opens_in_the_bookings_own_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flow = Flow(tmp_path)
    chinese = book(flow, "li", "CN", language="zh")
    citizen = book(flow, "us", "US", language="en")
    with flow.session() as session:  # nothing delivered yet: the task came with the booking itself
        tasks = {row.booking_id: row for row in session.scalars(select(ConsularTaskRow))}
        opened = session.scalars(
            select(AuditEventRow).where(AuditEventRow.tag == "jail:consular:opened")
        ).all()
    assert set(tasks) == {chinese} and citizen not in tasks
    assert (tasks[chinese].obligation, tasks[chinese].state, tasks[chinese].sending_state) == (
        "mandatory",
        "to_inform",
        "CN",
    )
    assert [e.subject_id for e in opened] == [tasks[chinese].task_id]

    def broken(self: SqlConsularRecords, task: object) -> bool:
        raise RuntimeError("the consular table is unavailable")

    monkeypatch.setattr(SqlConsularRecords, "add_task", broken)
    with pytest.raises(RuntimeError):
        book(flow, "lost", "MX")
    with flow.session() as session:  # no booking without its task: both or neither
        assert session.get(BookingRow, deterministic_id("bk", "lost")) is None


def test_mandatory_on_request_and_the_poland_and_taiwan_exceptions_through_bookings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = Flow(tmp_path)
    ids = {code: book(flow, f"p-{code}", code) for code in ("PL", "TW", "CN", "MX", "HK")}
    db = flow.db.url
    shown = {
        code: cli_json(capsys, "consular", "show", "--db", db, "--booking", b)["task"]
        for code, b in ids.items()
    }
    assert {code: (t["obligation"], t["sending_state"]) for code, t in shown.items()} == {
        "PL": ("mandatory", "PL"),
        "TW": ("taiwan", "TW"),
        "CN": ("mandatory", "CN"),
        "MX": ("on_request", "MX"),
        "HK": ("mandatory", "CN"),
    }
    common = ["--db", db, "--at", "2012-03-05T09:20-06:00", "--by", OFFICER]
    poland = cli_json(
        capsys,
        "consular",
        "documents",
        *common,
        "--booking",
        ids["PL"],
        "--reason",
        "green card shown",
        "--lpr",
    )
    assert (poland["task"]["obligation"], poland["task"]["lpr"]) == ("on_request", True)
    assert any("lawful permanent resident" in r for r in poland["task"]["reasons"])
    taiwan = cli_json(
        capsys,
        "consular",
        "documents",
        *common,
        "--booking",
        ids["CN"],
        "--reason",
        "passport",
        "--passport",
        "TW",
    )
    assert (taiwan["task"]["obligation"], taiwan["task"]["sending_state"]) == ("taiwan", "TW")
    err = cli_error(
        capsys, "consular", "documents", *common, "--booking", ids["CN"], "--reason", "x", "--passport", "QQ"
    )
    assert "QQ" in err


def test_a_request_is_told_notified_and_kept_with_its_confirmation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = Flow(tmp_path)
    booking_id = book(flow, "rosa", "MX")
    db = flow.db.url
    act = ["--db", db, "--booking", booking_id, "--by", OFFICER]
    err = cli_error(
        capsys,
        "consular",
        "notify",
        *act,
        "--at",
        "2012-03-05T09:30-06:00",
        "--reason",
        "x",
        "--confirmation",
        "r",
    )
    assert "notify only if they ask" in err
    told = cli_json(
        capsys, "consular", "inform", *act, "--at", "2012-03-05T09:30-06:00", "--reason", "booking",
        "--language", "es", "--answer", "requested",
    )  # fmt: skip
    assert told["task"]["state"] == "to_notify" and told["task"]["told"]["at"] == "2012-03-05T09:30:00-06:00"
    sent = cli_json(
        capsys, "consular", "notify", *act, "--at", "2012-03-05T11:00-06:00", "--reason", "the person asked",
        "--channel", "fax", "--confirmation", "fax confirmation receipt 0042", "--callback", "Sgt. Ruiz, (713) 555-0100",
    )["task"]  # fmt: skip
    note = sent["notification"]
    assert sent["state"] == "notified" and note["confirmation"] == "fax confirmation receipt 0042"
    assert note["post"].startswith("Consulate") and note["post"].endswith("Houston, TX")  # the nearest post
    assert note["distance_km"] < 50 and note["sent"]["person"]["name"] == "rosa"
    with flow.session() as session:
        tags = [
            e.tag
            for e in session.scalars(select(AuditEventRow).where(AuditEventRow.subject_id == sent["task_id"]))
        ]
        acts = session.scalars(
            select(AuditEventRow).where(AuditEventRow.tag == "jail:consular:notified")
        ).one()
    assert tags == ["jail:consular:opened", "jail:consular:informed", "jail:consular:notified"]
    assert (acts.actor, acts.reason) == (OFFICER, "the person asked")


def test_the_24_and_72_hour_clocks_and_the_pending_contract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = Flow(tmp_path)
    russian = book(flow, "ivan", "RU", language="en")
    mexican = book(flow, "jose", "MX", at=BOOKED + timedelta(hours=2))
    db = flow.db.url

    def pending(at: str) -> dict:  # type: ignore[type-arg]
        return cli_json(capsys, "consular", "pending", "--db", db, "--at", at)

    first = pending("2012-03-05T12:00-06:00")
    assert [p["booking_id"] for p in first["pending"]] == [russian, mexican]
    item = first["pending"][0]
    assert {"booking_id", "nationality", "obligation", "next_step", "target_at", "outer_at", "alert"} <= set(
        item
    )
    assert (item["target_at"], item["outer_at"]) == ("2012-03-06T09:00:00-06:00", "2012-03-08T09:00:00-06:00")
    assert (item["alert"], item["to_target_seconds"]) == ("within_target", 21 * 3600)
    assert "even if the person objects" in item["next_step"]
    assert pending("2012-03-06T06:00-06:00")["pending"][0]["alert"] == "target_near"
    assert pending("2012-03-06T10:00-06:00")["pending"][0]["alert"] == "past_target"
    late = pending("2012-03-08T12:00-06:00")
    assert [p["alert"] for p in late["pending"]] == ["past_outer_bound", "past_outer_bound"]
    assert len(late["past_outer_bound_recorded"]) == 2
    assert pending("2012-03-08T13:00-06:00")["past_outer_bound_recorded"] == []  # recorded once
    assert pending("2012-03-05T08:00-06:00")["pending"] == []  # before anyone was booked
    assert "--at" in cli_error(capsys, "consular", "pending", "--db", db, "--at", "2012-03-05T08:00")


def test_simulated_staff_close_every_task_and_pending_empties(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = Flow(tmp_path)
    for i, code in enumerate(("MX", "CN", "GT", "PL", "TW", "PH", "SV", "NG") * 3):
        book(flow, f"sim-{i}", code, at=BOOKED + timedelta(minutes=53 * i))
    staff = SimulatedStaff(seed=11)
    for day in range(1, 5):
        end = BOOKED + timedelta(days=day)
        flow.system.act(
            lambda unit, end=end: (
                simulate_staff_actions(
                    ConsularDesk(unit.consular, unit.audit, flow.system.ruleset), staff, until=end
                ),
                [],
            )[1]
        )
    assert (
        cli_json(capsys, "consular", "pending", "--db", flow.db.url, "--at", "2012-03-09T12:00Z")["pending"]
        == []
    )
    with flow.session() as session:
        rows = session.scalars(select(ConsularTaskRow)).all()
    assert {row.state for row in rows} <= {"notified", "declined"}
    assert all(row.closed_at is not None and row.closed_at < row.outer_at for row in rows)
    assert all(row.state == "notified" for row in rows if row.obligation == "mandatory")


def test_a_fear_claim_is_on_the_task_and_never_in_what_the_consulate_receives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = Flow(tmp_path)
    booking_id = book(flow, "chen", "CN", language="zh")
    act = ["--db", flow.db.url, "--booking", booking_id, "--by", OFFICER]
    cli_json(
        capsys, "consular", "protected-claim", *act, "--at", "2012-03-05T09:10-06:00",
        "--reason", "said they fear persecution if returned", "--kind", "fear_of_return",
    )  # fmt: skip
    err = cli_error(
        capsys, "consular", "notify", *act, "--at", "2012-03-05T10:00-06:00", "--reason", "mandatory",
        "--confirmation", "r-1", "--callback", "Officer Wu about the asylum request",
    )  # fmt: skip
    assert "never told of such a claim" in err
    task = cli_json(
        capsys, "consular", "notify", *act, "--at", "2012-03-05T10:00-06:00", "--reason", "mandatory",
        "--confirmation", "r-1", "--callback", "Officer Wu, (713) 555-0111",
    )["task"]  # fmt: skip
    assert task["protected_claim"]["kind"] == "fear_of_return"  # the staff see it
    sent = json.dumps(task["notification"]["sent"]).lower()
    assert all(word not in sent for word in ("fear", "asylum", "refugee", "persecut", "torture", "claim"))
    pending = cli_json(capsys, "consular", "pending", "--db", flow.db.url, "--at", "2012-03-05T10:30-06:00")
    assert pending["pending"][0]["do_not_disclose_claim"] is True


def test_a_booking_without_a_task_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = Flow(tmp_path)
    citizen = book(flow, "citizen", "US", language="en")
    err = cli_error(capsys, "consular", "show", "--db", flow.db.url, "--booking", citizen)
    assert "United States national" in err and "--booking" in err
