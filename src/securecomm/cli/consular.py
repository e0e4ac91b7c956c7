"""`securecomm consular ...`: the jail's consular-notification desk.

* `pending`: open tasks with their next step, their 24-hour target and 72-hour outer bound, and alerts
  (tasks past the outer bound are recorded as `jail:consular:past_outer_bound`, once);
* `show`: one booking's task, including exactly what was sent to the consulate;
* `documents`, `inform`, `answer`, `notify`, `protected-claim`: the staff's acts, each audited with the
  actor (`--by`) and a reason (`--reason`).

The documents to read and to fax are printed by `securecomm notices consular`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import click

from securecomm.cli._common import emit, json_option
from securecomm.cli.detainers import parse_instant
from securecomm.errors import BadInput

if TYPE_CHECKING:
    from securecomm.consular import ConsularDesk, ConsularTask, PendingItem

__all__ = ["group"]

db_option = click.option(
    "--db", "db_url", required=True, help="Database URL, e.g. sqlite:///var/securecomm.db."
)
booking_option = click.option("--booking", "booking_id", required=True, help="The booking's id.")
at_option = click.option("--at", "at_text", default=None, help="When (ISO 8601 with offset); default: now.")
by_option = click.option("--by", "actor", required=True, help="Who acts, e.g. jail:48201:officer-12.")
reason_option = click.option("--reason", required=True, help="Why (kept on the audit trail).")


@click.group(name="consular")
def group() -> None:
    """Consular notification of booked foreign nationals (VCCR art. 36): pending tasks and staff acts."""


def _local(instant: datetime | None, tz: str) -> str | None:
    return None if instant is None else instant.astimezone(ZoneInfo(tz)).isoformat()


def _task_json(task: ConsularTask) -> dict[str, Any]:
    tz = task.facility_tz
    told, note, claim = task.told, task.notification, task.protected_claim
    return {
        "task_id": task.task_id,
        "booking_id": task.booking_id,
        "fips": task.fips,
        "nationality": task.nationality,
        "lpr": task.lpr,
        "passport": task.passport,
        "obligation": task.obligation.value,
        "sending_state": task.sending_state,
        "state": task.state.value,
        "language": task.language,
        "opened_at": _local(task.opened_at, tz),
        "target_at": _local(task.target_at, tz),
        "outer_at": _local(task.outer_at, tz),
        "closed_at": _local(task.closed_at, tz),
        "reasons": list(task.reasons),
        "told": None
        if told is None
        else {"at": _local(told.at, tz), "by": told.by, "language": told.language, "answer": told.answer},
        "notification": None
        if note is None
        else {
            "at": _local(note.at, tz),
            "by": note.by,
            "channel": note.channel.value,
            "post": None if note.post is None else note.post.label,
            "distance_km": note.distance_km,
            "confirmation": note.confirmation,
            "sent": note.sent,
        },
        # For the staff only: never part of anything sent to a consulate.
        "protected_claim": None
        if claim is None
        else {"kind": claim.kind.value, "at": _local(claim.at, tz), "by": claim.by},
    }


def _pending_json(item: PendingItem) -> dict[str, Any]:
    task = item.task
    tz = task.facility_tz
    return {
        "task_id": task.task_id,
        "booking_id": task.booking_id,
        "fips": task.fips,
        "nationality": task.nationality,
        "obligation": task.obligation.value,
        "sending_state": task.sending_state,
        "state": task.state.value,
        "next_step": item.step,
        "language": task.language,
        "opened_at": _local(task.opened_at, tz),
        "target_at": _local(task.target_at, tz),
        "outer_at": _local(task.outer_at, tz),
        "to_target_seconds": int(item.to_target.total_seconds()),
        "to_outer_bound_seconds": int(item.to_outer_bound.total_seconds()),
        "alert": item.alert.value,
        "told_at": None if task.told is None else _local(task.told.at, tz),
        "answer": None if task.told is None or task.told.answer is None else task.told.answer.value,
        "do_not_disclose_claim": task.protected_claim is not None,
    }


@contextmanager
def _desk(db_url: str) -> Iterator[ConsularDesk]:
    """A desk over one transaction: the act and its audit event commit together or not at all."""
    from securecomm.consular import ConsularDesk
    from securecomm.rules import load_ruleset
    from securecomm.storage.audit_log import SessionAuditLog
    from securecomm.storage.consular_records import SqlConsularRecords
    from securecomm.storage.db import open_database

    database = open_database(db_url)
    try:
        with database.transaction() as session:
            yield ConsularDesk(SqlConsularRecords(session), SessionAuditLog(session), load_ruleset())
    finally:
        database.dispose()


def _fips(value: str | None) -> str | None:
    if value is not None and (len(value) != 5 or not value.isdigit()):
        raise BadInput(f"{value!r} is not a 5-digit county FIPS code (e.g. 48201)", where="--fips")
    return value


@group.command("pending")
@db_option
@click.option("--fips", default=None, help="One county's jail (5-digit FIPS code); default: all.")
@at_option
@json_option
def pending_(db_url: str, fips: str | None, at_text: str | None, as_json: bool) -> None:
    """Open notifications with their next step, deadlines (24 h target, 72 h outer bound) and alerts."""
    from securecomm.consular import pending, record_past_outer_bound

    at = parse_instant(at_text, option="--at")
    with _desk(db_url) as desk:
        items = pending(desk.records.tasks(fips=_fips(fips), open_at=at), at=at)
        late = record_past_outer_bound(
            items, records=desk.records, audit=desk.audit, actor=f"desk:{fips or 'all'}"
        )
    payload = {
        "at": at.isoformat(),
        "pending": [_pending_json(item) for item in items],
        "past_outer_bound_recorded": list(late),
    }

    def human(p: dict[str, Any]) -> str:
        rows = [
            f"{d['booking_id']}  {d['nationality']} {d['obligation']:<12} {d['alert']:<16} "
            f"target {d['target_at']}  {d['next_step']}"
            for d in p["pending"]
        ]
        return "\n".join(rows) if rows else f"no consular notification open at {p['at']}"

    emit(payload, as_json=as_json, human=human)


@group.command("show")
@db_option
@booking_option
@json_option
def show(db_url: str, booking_id: str, as_json: bool) -> None:
    """One booking's task: obligation, who told the person and when, what was sent and its confirmation."""
    with _desk(db_url) as desk:
        task = desk.task_for_booking(booking_id)
    emit({"task": _task_json(task)}, as_json=as_json)


def _act(
    db_url: str, booking_id: str, as_json: bool, act: Callable[[ConsularDesk, ConsularTask], ConsularTask]
) -> None:
    with _desk(db_url) as desk:
        task = act(desk, desk.task_for_booking(booking_id))
    payload = {"task": _task_json(task)}
    emit(payload, as_json=as_json, human=lambda p: f"{booking_id}: {p['task']['state']}")


@group.command("documents")
@db_option
@booking_option
@at_option
@by_option
@reason_option
@click.option("--nationality", default=None, help="ISO 3166-1 alpha-2 from the documents.")
@click.option("--lpr/--no-lpr", default=None, help="A lawful permanent resident card was shown (or not).")
@click.option("--passport", default=None, help="The passport's country, ISO 3166-1 alpha-2 (TW: TECRO).")
@json_option
def documents(
    db_url: str,
    booking_id: str,
    at_text: str | None,
    actor: str,
    reason: str,
    nationality: str | None,
    lpr: bool | None,
    passport: str | None,
    as_json: bool,
) -> None:
    """Record what the documents show and re-apply the rules (Poland with an LPR card: on request)."""
    if nationality is None and lpr is None and passport is None:
        raise BadInput("give at least one of --nationality, --lpr/--no-lpr, --passport", where="documents")
    at = parse_instant(at_text, option="--at")
    _act(
        db_url,
        booking_id,
        as_json,
        lambda desk, task: desk.record_documents(
            task, at=at, actor=actor, reason=reason, nationality=nationality, lpr=lpr, passport=passport
        ),
    )


@group.command("inform")
@db_option
@booking_option
@at_option
@by_option
@reason_option
@click.option("--language", required=True, help="ISO 639-1 code of the language the person was told in.")
@click.option(
    "--answer",
    type=click.Choice(["requested", "declined"]),
    default=None,
    help="The person's answer (required unless notification is mandatory; declined = objects).",
)
@json_option
def inform(
    db_url: str,
    booking_id: str,
    at_text: str | None,
    actor: str,
    reason: str,
    language: str,
    answer: str | None,
    as_json: bool,
) -> None:
    """The person was read the statement; record when, by whom, in which language, and their answer."""
    from securecomm.consular import Answer

    at = parse_instant(at_text, option="--at")
    said = None if answer is None else Answer(answer)
    _act(
        db_url,
        booking_id,
        as_json,
        lambda desk, task: desk.inform(
            task, at=at, actor=actor, reason=reason, language=language, answer=said
        ),
    )


@group.command("answer")
@db_option
@booking_option
@at_option
@by_option
@reason_option
@click.option("--answer", type=click.Choice(["requested", "declined"]), required=True, help="The new answer.")
@json_option
def answer_(
    db_url: str, booking_id: str, at_text: str | None, actor: str, reason: str, answer: str, as_json: bool
) -> None:
    """The person changed their mind (e.g. now asks for the consulate to be notified)."""
    from securecomm.consular import Answer

    at = parse_instant(at_text, option="--at")
    _act(
        db_url,
        booking_id,
        as_json,
        lambda desk, task: desk.change_answer(task, at=at, actor=actor, reason=reason, answer=Answer(answer)),
    )


@group.command("notify")
@db_option
@booking_option
@at_option
@by_option
@reason_option
@click.option("--channel", type=click.Choice(["fax", "phone"]), default="fax", show_default=True)
@click.option(
    "--confirmation", required=True, help="Fax confirmation receipt, or the consular officer spoken to."
)
@click.option("--callback", default=None, help="Name and telephone the consulate should call back.")
@json_option
def notify(
    db_url: str,
    booking_id: str,
    at_text: str | None,
    actor: str,
    reason: str,
    channel: str,
    confirmation: str,
    callback: str | None,
    as_json: bool,
) -> None:
    """The nearest post of the sending state was notified; keep the confirmation."""
    from securecomm.consular import Channel

    at = parse_instant(at_text, option="--at")
    _act(
        db_url,
        booking_id,
        as_json,
        lambda desk, task: desk.notify(
            task,
            at=at,
            actor=actor,
            reason=reason,
            channel=Channel(channel),
            confirmation=confirmation,
            callback=callback,
        ),
    )


@group.command("protected-claim")
@db_option
@booking_option
@at_option
@by_option
@reason_option
@click.option("--kind", type=click.Choice(["asylum", "refugee", "fear_of_return"]), required=True)
@json_option
def protected_claim(
    db_url: str, booking_id: str, at_text: str | None, actor: str, reason: str, kind: str, as_json: bool
) -> None:
    """Record an asylum, refugee or fear-of-return claim: kept for staff, never disclosed to a consulate."""
    from securecomm.consular import ProtectedClaimKind

    at = parse_instant(at_text, option="--at")
    _act(
        db_url,
        booking_id,
        as_json,
        lambda desk, task: desk.record_protected_claim(
            task, at=at, actor=actor, reason=reason, kind=ProtectedClaimKind(kind)
        ),
    )
