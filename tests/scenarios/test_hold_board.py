"""The hold board over the real flow: `securecomm detainers list/due/board/watch` on a database the agencies
wrote, a hold across a weekend and a holiday, a 48-elapsed-hour I-247D hold, and an overrun that the board
records while the expiry message is late."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from flow_kit import Flow, add_prior_record, at, burglary, criminal_hit
from sqlalchemy import select

from securecomm.agencies.officer_policy import PolicyRates
from securecomm.cli import main
from securecomm.storage.agency_tables import DetainerRow
from securecomm.storage.tables import AuditEventRow

NEVER_PICK_UP = PolicyRates(pickup_within_deadline=0.0, lodge_despite_discretion=0.0)
LIST_KEYS = {
    "id",
    "booking_id",
    "form",
    "state",
    "language",
    "release_eligible_at",
    "deadline_at",
    "ended_at",
    "lift_reason",
}


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    main([*args, "--json"])
    out = capsys.readouterr().out
    assert out.count("\n") == 1  # exactly one JSON object on stdout
    return json.loads(out)


def weekend_hold(tmp_path: Path) -> tuple[Flow, str]:
    """Booked Tuesday 14 Feb 2012 in Houston; release-eligible Friday 17 Feb 08:00 local; nobody picks up."""
    flow = Flow(tmp_path, rates=NEVER_PICK_UP)
    flow.encounter("F3", "border_apprehension", date(2010, 4, 1), "apprehended")
    booking_id = flow.book(
        "ewi", at=at(2012, 2, 14), charges=burglary(), ident_fin="F3", release_after=timedelta(days=3)
    )
    return flow, booking_id


def test_list_shows_each_detainer_in_the_facilitys_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow, booking_id = weekend_hold(tmp_path)
    flow.run(at(2012, 3, 10))
    payload = cli_json(capsys, "detainers", "list", "--db", flow.db.url)
    (item,) = payload["detainers"]
    assert set(item) == LIST_KEYS
    assert (item["booking_id"], item["form"], item["state"], item["language"]) == (
        booking_id,
        "I-247-2011",
        "ended",
        "es",
    )
    assert item["release_eligible_at"] == "2012-02-17T08:00:00-06:00"
    # 48 hours excluding Saturday, Sunday and Monday 20 Feb (Washington's Birthday): Wednesday 08:00.
    assert item["deadline_at"] == "2012-02-22T08:00:00-06:00"
    assert item["ended_at"] == item["deadline_at"] and item["lift_reason"] is None
    assert cli_json(capsys, "detainers", "list", "--db", flow.db.url, "--fips", "11001") == {"detainers": []}


def test_due_counts_down_across_the_weekend_and_the_holiday(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow, _ = weekend_hold(tmp_path)
    flow.run(at(2012, 2, 21))  # Tuesday: the hold runs
    db = flow.db.url
    monday = cli_json(
        capsys, "detainers", "due", "--db", db, "--at", "2012-02-20T08:00-06:00", "--within", "48"
    )
    (line,) = monday["due"]
    assert (line["countdown"], line["alert"], line["phase"]) == ("2 d 00:00:00", "on_time", "holding")
    assert cli_json(capsys, "detainers", "due", "--db", db, "--at", "2012-02-20T08:00-06:00")["due"] == []
    soon = cli_json(capsys, "detainers", "due", "--db", db, "--at", "2012-02-22T05:00-06:00")
    (line,) = soon["due"]
    assert (line["deadline_at"], line["countdown"], line["alert"]) == (
        "2012-02-22T08:00:00-06:00",
        "03:00:00",
        "due_soon",
    )
    assert line["remaining_seconds"] == 3 * 3600 and soon["violations_recorded"] == []
    assert (
        cli_json(capsys, "detainers", "due", "--db", db, "--at", "2012-02-22T05:00-06:00", "--within", "2")[
            "due"
        ]
        == []
    )
    now = cli_json(capsys, "detainers", "due", "--db", db, "--at", "2012-02-22T14:00Z", "--within", "0")
    assert now["due"][0]["alert"] == "due_now" and now["due"][0]["countdown"] == "00:00:00"


def test_an_overrun_is_on_the_board_and_recorded_once_while_the_expiry_message_is_late(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow, booking_id = weekend_hold(tmp_path)
    flow.run(at(2012, 2, 21))  # the dispatcher stops before the expiry is delivered
    db = flow.db.url
    late = cli_json(capsys, "detainers", "due", "--db", db, "--at", "2012-02-22T10:00-06:00")
    (line,) = late["due"]
    assert (line["alert"], line["countdown"], line["label"]) == (
        "past_deadline",
        "-02:00:00",
        "PAST DEADLINE: release now",
    )
    (recorded,) = late["violations_recorded"]
    assert (recorded["booking_id"], recorded["overdue_seconds"]) == (booking_id, 7200)
    board = cli_json(capsys, "detainers", "board", "--db", db, "--at", "2012-02-22T11:00-06:00")
    assert board["counts"]["past_deadline"] == 1 and board["violations_recorded"] == []  # not recorded twice
    with flow.session() as session:
        events = session.scalars(
            select(AuditEventRow).where(AuditEventRow.tag == "jail:hold:past_deadline")
        ).all()
        detainer = session.scalars(select(DetainerRow)).one()
    assert [(e.subject_id, e.actor, e.data["still_held"]) for e in events] == [
        (detainer.detainer_id, "board:all", True)
    ]
    assert events[0].data["deadline_at"] == "2012-02-22T08:00:00-06:00"


def test_a_48_elapsed_hour_i247d_hold_runs_through_the_labor_day_weekend(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow = Flow(tmp_path, rates=NEVER_PICK_UP)
    flow.encounter("F10", "border_apprehension", date(2009, 3, 1), "apprehended")
    add_prior_record(flow, "FBI10", ("conviction", date(2013, 6, 1), "2299", 400, False))
    criminal_hit(flow, "pep-felon", "FBI10")
    # Booked Thursday 3 Sep 2015; release-eligible Saturday 5 Sep 09:00 local; Monday 7 Sep is Labor Day.
    flow.book(
        "pep-felon", at=at(2015, 9, 3), charges=burglary(), ident_fin="F10", release_after=timedelta(days=2)
    )
    flow.run(at(2015, 9, 6))
    payload = cli_json(capsys, "detainers", "due", "--db", flow.db.url, "--at", "2015-09-07T06:00-05:00")
    (line,) = payload["due"]
    assert (line["form"], line["deadline_at"], line["countdown"]) == (
        "I-247D",
        "2015-09-07T09:00:00-05:00",
        "03:00:00",
    )


def test_the_live_board_shows_the_countdown_and_stops(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flow, _ = weekend_hold(tmp_path)
    flow.run(at(2012, 2, 21))
    main(
        [
            "detainers",
            "watch",
            "--db",
            flow.db.url,
            "--at",
            "2012-02-22T04:30-06:00",
            "--seconds",
            "0.6",
            "--speed",
            "60",
        ]
    )
    out = capsys.readouterr().out
    assert "Hold board" in out and "det-" in out and "I-247-2011 es" in out
    assert "Wed 02-22 08:00" in out and "03:30:00" in out and "due within 4 h" in out
    main(["detainers", "watch", "--db", flow.db.url, "--at", "busiest", "--seconds", "0.3"])
    assert "on time" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (["detainers", "due", "--at", "2012-02-22T05:00"], "--at"),
        (["detainers", "due", "--at", "tuesday"], "--at"),
        (["detainers", "list", "--fips", "4820"], "--fips"),
        (["detainers", "due", "--within", "-1", "--at", "2012-02-22T05:00Z"], "--within"),
        (["detainers", "watch", "--seconds", "0"], "--seconds"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], where: str
) -> None:
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    with pytest.raises(SystemExit) as stopped:
        main([*args, "--db", db])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and where in err
