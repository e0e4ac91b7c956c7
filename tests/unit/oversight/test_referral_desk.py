"""The referral workflow on the database: every act audited in its own transaction, illegal steps refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from securecomm.cli import main
from securecomm.errors import BadInput, IllegalTransition
from securecomm.oversight.errors import UnknownReferral
from securecomm.oversight.referral import ReferralAction, ReferralInputError, ReferralState
from securecomm.oversight.referral_desk import parse_action
from securecomm.storage.audit_log import verify_chain
from securecomm.storage.db import Database, open_database
from securecomm.storage.oversight_records import desk
from securecomm.storage.oversight_tables import OversightReferralActRow, OversightReferralRow
from securecomm.storage.tables import AuditEventRow

T = datetime(2012, 8, 1, 14, tzinfo=UTC)
EVIDENCE = "In 2012Q2, 102 of 118 IDENT matches in 48453 were for minor offenses ... not a finding."


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(f"sqlite:///{tmp_path / 'referrals.db'}")
    with database.transaction() as tx:
        opened = desk(tx).open(jurisdiction="48453", quarter="2012Q2", measure="minor share of IDENT matches",
                               evidence=EVIDENCE, actor="statistician-1", at=T, package_id="package-1")  # fmt: skip
        assert opened is not None
    return database


def _id(db: Database) -> str:
    with db.transaction() as tx:
        return tx.scalars(select(OversightReferralRow.referral_id)).one()


def _events(db: Database) -> list[AuditEventRow]:
    with db.transaction() as tx:
        return list(tx.scalars(select(AuditEventRow).order_by(AuditEventRow.seq)))


def test_a_review_to_doj_stores_every_act_with_its_audit_event(db: Database) -> None:
    rid = _id(db)
    steps = [
        (ReferralAction.BEGIN_REVIEW, {"reason": "Flag of 2012Q2 taken up."}),
        (
            ReferralAction.RECORD_COMPLAINTS,
            {"reason": "Two complaints about traffic stops.", "complaints": 2},
        ),
        (
            ReferralAction.RECORD_FIELD_OFFICE_CONTACT,
            {"reason": "SNA confirms a checkpoint.", "field_office": "SNA"},
        ),
        (ReferralAction.RECORD_NOTE, {"reason": "Arrest data show the rise began at activation."}),
        (ReferralAction.REFER_TO_DOJ, {"reason": "Pattern consistent with pretextual stops."}),
    ]
    for i, (action, fields) in enumerate(steps, start=1):
        with db.transaction() as tx:
            desk(tx).act(rid, action, actor=f"user:crcl-{i}", at=T + timedelta(days=i), origin="198.51.100.7",
                         **fields)  # type: ignore[arg-type]  # fmt: skip
    with db.transaction() as tx:
        referral = desk(tx).get(rid)
        stored = tx.scalars(select(OversightReferralActRow).order_by(OversightReferralActRow.seq)).all()
        assert verify_chain(tx).ok
    assert referral.state is ReferralState.REFERRED_TO_DOJ
    assert [row.action for row in stored] == ["flag", *(action.value for action, _ in steps)]
    assert dict(referral.acts[2].details) == {"complaints": "2"}
    events = _events(db)
    assert [e.tag for e in events] == [f"oversight:referral:{act.action.value}" for act in referral.acts]
    last = events[-1]
    assert (last.actor, last.subject_type, last.subject_id, last.origin) == (
        "user:crcl-5",
        "referral",
        rid,
        "198.51.100.7",
    )
    assert last.reason == "Pattern consistent with pretextual stops."
    assert last.data["from"] == "in_review" and last.data["to"] == "referred_to_doj"
    assert last.data["jurisdiction"] == "48453" and last.data["quarter"] == "2012Q2"
    assert events[0].data["package_id"] == "package-1" and events[0].actor == "statistician-1"
    assert events[3].data["field_office"] == "SNA"


def test_illegal_steps_are_refused_and_change_nothing(db: Database) -> None:
    rid = _id(db)
    before = len(_events(db))
    with pytest.raises(IllegalTransition, match="allowed from here: begin_review"), db.transaction() as tx:
        desk(tx).act(rid, ReferralAction.CLOSE, actor="user:crcl", at=T, reason="Too early.")
    with db.transaction() as tx:
        desk(tx).act(rid, ReferralAction.BEGIN_REVIEW, actor="user:crcl", at=T, reason="Taken up.")
        desk(tx).act(rid, ReferralAction.CLOSE, actor="user:crcl", at=T, reason="Explained by a data error.")
    for action in (ReferralAction.REFER_TO_DOJ, ReferralAction.RECORD_NOTE, ReferralAction.BEGIN_REVIEW):
        with pytest.raises(IllegalTransition, match="nothing"), db.transaction() as tx:
            desk(tx).act(rid, action, actor="user:crcl", at=T, reason="After closing.")
    with db.transaction() as tx:
        assert desk(tx).get(rid).state is ReferralState.CLOSED
        assert len(tx.scalars(select(OversightReferralActRow)).all()) == 3
    assert len(_events(db)) == before + 2


def test_an_act_without_what_it_needs_is_refused(db: Database) -> None:
    rid = _id(db)
    with db.transaction() as tx:
        desk(tx).act(rid, ReferralAction.BEGIN_REVIEW, actor="user:crcl", at=T, reason="Taken up.")
    refusals = [
        ({"reason": "   "}, ReferralAction.RECORD_NOTE, "reason"),
        ({"reason": "Two found."}, ReferralAction.RECORD_COMPLAINTS, "complaints"),
        (
            {"reason": "Called.", "field_office": " "},
            ReferralAction.RECORD_FIELD_OFFICE_CONTACT,
            "field_office",
        ),
        ({"reason": "Before the review began."}, ReferralAction.RECORD_NOTE, "at"),
    ]
    for fields, action, where in refusals:
        at = T - timedelta(days=1) if where == "at" else T
        with pytest.raises(ReferralInputError, match=where), db.transaction() as tx:
            desk(tx).act(rid, action, actor="user:crcl", at=at, **fields)  # type: ignore[arg-type]
    with pytest.raises(ReferralInputError, match="actor"), db.transaction() as tx:
        desk(tx).act(rid, ReferralAction.RECORD_NOTE, actor="", at=T, reason="Anonymous note.")
    with pytest.raises(UnknownReferral), db.transaction() as tx:
        desk(tx).act("referral-nope", ReferralAction.RECORD_NOTE, actor="user:crcl", at=T, reason="x")
    with pytest.raises(ReferralInputError, match="begin_review, record_note"):
        parse_action("approve")
    with pytest.raises(ReferralInputError, match="not a referral act"):
        parse_action("flag")
    assert parse_action("refer-to-doj") is ReferralAction.REFER_TO_DOJ
    assert issubclass(ReferralInputError, BadInput)


def test_an_act_rolled_back_leaves_neither_the_act_nor_its_event(db: Database) -> None:
    rid = _id(db)
    before = len(_events(db))

    def act_then_fail() -> None:
        with db.transaction() as tx:
            desk(tx).act(rid, ReferralAction.BEGIN_REVIEW, actor="user:crcl", at=T, reason="Taken up.")
            raise RuntimeError("the page failed after the act")

    with pytest.raises(RuntimeError):
        act_then_fail()
    with db.transaction() as tx:
        assert desk(tx).get(rid).state is ReferralState.FLAGGED
    assert len(_events(db)) == before


def test_a_flag_delivered_again_does_not_open_a_second_referral(db: Database) -> None:
    with db.transaction() as tx:
        again = desk(tx).open(jurisdiction="48453", quarter="2012Q2", measure="minor share of IDENT matches",
                              evidence=EVIDENCE, actor="statistician-2", at=T, package_id="package-2")  # fmt: skip
        assert again is None
        assert len(tx.scalars(select(OversightReferralRow)).all()) == 1


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as stopped:
        code = int(stopped.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_lists_referrals_and_takes_acts(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    rid, url = _id(db), db.url
    code, out, _ = _run(["oversight", "referrals", "--db", url, "--json"], capsys)
    assert code == 0 and json.loads(out)["referrals"][0]["state"] == "flagged"
    code, out, err = _run(
        ["oversight", "act", rid, "close", "--db", url, "--reason", "No.", "--json"], capsys
    )
    assert code == 2 and out == "" and "cannot close in state 'flagged'" in err and err.count("\n") == 1
    code, out, _ = _run(
        [
            "oversight",
            "act",
            rid,
            "begin_review",
            "--db",
            url,
            "--reason",
            "Taken up.",
            "--as",
            "crcl-analyst",
            "--json",
        ],
        capsys,
    )
    assert code == 0 and json.loads(out)["state"] == "in_review"
    code, out, err = _run(
        ["oversight", "act", rid, "record_complaints", "--db", url, "--reason", "Some."], capsys
    )
    assert code == 2 and "complaints" in err
    code, out, _ = _run(["oversight", "referrals", "--db", url, "--state", "in_review", "--json"], capsys)
    (listed,) = json.loads(out)["referrals"]
    assert [a["actor"] for a in listed["acts"]] == ["statistician-1", "crcl-analyst"]
    assert _events(db)[-1].actor == "crcl-analyst"
