"""What leaves the jail for a consulate, and the documents built from a task.

A consulate is told who was arrested, when and where, and whom to call back. It is never told that the
person has claimed asylum or refugee status or fears persecution or torture (State Department guidance;
8 C.F.R. 236.1(e) for ICE detainees): telling the person's own government could endanger them or their
family. The guarantee is structural. `consulate_record` builds the notification from an allow-list of
fields that does not include the task's protected claim, and the only free-text field (`callback`) is
refused when it mentions such a claim. The fax sheet (`securecomm.notices.render_fax_sheet`) is built from
`notice_for_task`, whose input type has no field that could carry the claim.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from securecomm.consular.errors import ActRefused
from securecomm.consular.model import Channel, ConsularTask, Obligation
from securecomm.consular.ports import FacilityInfo, PersonInfo

if TYPE_CHECKING:
    from securecomm.notices import ConsularNotice, ConsularPost, Facility, Person

__all__ = ["check_free_text", "consulate_record", "notice_for_task"]

# The keys a consulate may receive; a test holds this list against the protected claim.
SENT_KEYS = (
    "to",
    "channel",
    "sent_at",
    "basis",
    "person",
    "arrested_at",
    "facility",
    "booking_id",
    "callback",
)


@cache
def _protected() -> re.Pattern[str]:
    from securecomm.notices import PROTECTED_TERMS  # the notices' list: one vocabulary for every document

    return re.compile("|".join(re.escape(term) for term in PROTECTED_TERMS), re.IGNORECASE)


def check_free_text(text: str | None, *, where: str) -> None:
    """Refuse free text for a consulate that mentions asylum, refugee status, persecution, torture or fear."""
    if text is not None and _protected().search(text):
        raise ActRefused(
            "must not mention asylum, refugee status, persecution, torture or fear of return: a consulate is "
            "never told of such a claim; give only a name and a telephone number",
            where=where,
        )


def consulate_record(
    task: ConsularTask,
    *,
    person: PersonInfo,
    facility: FacilityInfo,
    post: ConsularPost | None,
    channel: Channel,
    sent_at: datetime,
    callback: str | None,
) -> dict[str, Any]:
    """Exactly what is communicated to the consulate, as a JSON-ready record (times in the facility's zone)."""
    check_free_text(callback, where="callback")
    zone = ZoneInfo(task.facility_tz)
    basis = {
        Obligation.MANDATORY: "mandatory notification",
        Obligation.ON_REQUEST: "notification at the national's request",
        Obligation.TAIWAN: "notification of TECRO at the national's request",
    }.get(task.obligation)
    if basis is None:
        raise ActRefused(f"a task that is {task.obligation.value} notifies no consulate", where="obligation")
    record: dict[str, Any] = {
        "to": None
        if post is None
        else {"post": post.label, "country": post.country, "city": post.city, "state": post.state},
        "channel": channel.value,
        "sent_at": sent_at.astimezone(zone).isoformat(),
        "basis": basis,
        "person": {
            "name": person.name,
            "date_of_birth": person.date_of_birth.isoformat(),
            "sex": person.sex,
            "place_of_birth": person.place_of_birth,
            "nationality": task.nationality,
        },
        "arrested_at": task.opened_at.astimezone(zone).isoformat(),
        "facility": {"name": facility.name, "location": facility.location},
        "booking_id": task.booking_id,
        "callback": callback,
    }
    assert tuple(record) == SENT_KEYS
    return record


def notice_for_task(
    task: ConsularTask,
    *,
    person: Person,
    facility: Facility,
    contact: str | None = None,
    language: str | None = None,
) -> ConsularNotice:
    """The notices' input for the statement and the fax sheet of this task (`securecomm notices consular`).

    The language defaults to the one the person was told in, else the booking's; the answer, who told them
    and when, and the consulate come from the task. The protected claim is not an input and cannot appear.
    """
    from securecomm.notices import ConsularAnswer, ConsularNotice, StatementKind

    kinds = {
        Obligation.MANDATORY: StatementKind.MANDATORY,
        Obligation.ON_REQUEST: StatementKind.ON_REQUEST,
        Obligation.TAIWAN: StatementKind.TAIWAN,
    }
    kind = kinds.get(task.obligation)
    if kind is None:
        raise ActRefused(
            f"task {task.task_id} is {task.obligation.value}: there is no statement to read"
            + ("; record the person's documents first" if task.obligation is Obligation.UNDETERMINED else ""),
            where="obligation",
        )
    check_free_text(contact, where="contact")
    told = task.told
    notification = task.notification
    return ConsularNotice(
        booking_id=task.booking_id,
        person=person,
        facility=facility,
        arrested_at=task.opened_at,
        kind=kind,
        language=language or (told.language if told else task.language),
        consulate=notification.post if notification else None,
        answer=None if told is None or told.answer is None else ConsularAnswer(told.answer.value),
        told_at=told.at if told else None,
        told_by=told.by if told else None,
        contact=contact,
    )
