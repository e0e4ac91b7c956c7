"""Jail staff act on a consular task through these service functions; each is an audited act.

Every act names its actor and a reason, happens at an instant no earlier than the booking, and writes one
audit event in the same transaction as the change. Acts that would break the rules or the person's choice
are refused with a message that says what to do instead:

* notifying the consulate of an on-request national who has not asked (or who declined);
* telling a person before their nationality is determined;
* anything after a United States nationality was established (there is no task to act on).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from securecomm.audit import AuditEvent, AuditSink, EventTag
from securecomm.consular.disclosure import consulate_record
from securecomm.consular.errors import ActRefused, ConsularInputError, TaskNotFound
from securecomm.consular.model import (
    Answer,
    Channel,
    ConsularTask,
    Notification,
    Obligation,
    ProtectedClaim,
    ProtectedClaimKind,
    Telling,
)
from securecomm.consular.ports import ConsularRecords
from securecomm.consular.posts import Locate, nearest_post_for_county
from securecomm.consular.workflow import determine
from securecomm.rules import RuleSet, parse_country

if TYPE_CHECKING:
    from securecomm.notices import ConsularPost

__all__ = ["ConsularDesk"]

_LANGUAGE = re.compile(r"^[a-z]{2}$")


@dataclass(frozen=True, slots=True)
class ConsularDesk:
    """The jail's consular desk over one transaction's ports."""

    records: ConsularRecords
    audit: AuditSink
    ruleset: RuleSet
    locate: Locate = nearest_post_for_county

    # -- finding a task ------------------------------------------------------------------------------------
    def task_for_booking(self, booking_id: str) -> ConsularTask:
        task = self.records.task_for_booking(booking_id)
        if task is None:
            raise TaskNotFound(
                f"no consular task for booking {booking_id!r} (not booked, or a United States national)",
                where="--booking",
            )
        return task

    # -- acts ------------------------------------------------------------------------------------------------
    def record_documents(
        self,
        task: ConsularTask,
        *,
        at: datetime,
        actor: str,
        reason: str,
        nationality: str | None = None,
        lpr: bool | None = None,
        passport: str | None = None,
    ) -> ConsularTask:
        """Record what the person's documents show (nationality, LPR card, passport) and re-apply the rules.

        A Polish national with a green card is then notified on request only; a Taiwan passport makes
        TECRO the office to offer. An obligation that was already met is not undone.
        """
        at = self._check(task, at, actor, reason)
        if task.notification is not None:
            raise ActRefused(
                "the consulate was already notified; documents can no longer change that", where="task"
            )
        code = task.nationality if nationality is None else parse_country(nationality, where="nationality")
        passport_code = task.passport if passport is None else parse_country(passport, where="passport")
        new_lpr = task.lpr if lpr is None else lpr
        zone = ZoneInfo(task.facility_tz)
        found = determine(
            code,
            lpr=new_lpr,
            passport=passport_code,
            as_of=task.opened_at.astimezone(zone).date(),
            ruleset=self.ruleset,
        )
        told = task.told
        if told is not None and found.obligation is not task.obligation:
            told = None  # the person was read another statement: they must be told again
        updated = replace(
            task,
            nationality=code,
            lpr=new_lpr,
            passport=passport_code,
            obligation=found.obligation,
            sending_state=found.sending_state,
            reasons=found.reasons,
            told=told,
        )
        self._save(
            updated,
            EventTag.CONSULAR_DOCUMENTS_RECORDED,
            at,
            actor,
            reason,
            {
                "nationality": code,
                "lpr": new_lpr,
                "passport": passport_code,
                "obligation": found.obligation.value,
            },
        )
        return updated

    def inform(
        self,
        task: ConsularTask,
        *,
        at: datetime,
        actor: str,
        reason: str,
        language: str,
        answer: Answer | None,
    ) -> ConsularTask:
        """The person was told (read the statement) in `language`; `answer` is what they said.

        For an on-request or Taiwan statement the answer is required (they asked, or declined). For a
        mandatory country it is optional and changes nothing ("declined" records an objection).
        """
        at = self._check(task, at, actor, reason)
        if task.obligation is Obligation.UNDETERMINED:
            raise ActRefused(
                "the nationality is not determined, so no statement applies; record the documents first",
                where="task",
            )
        if task.obligation is Obligation.NOT_APPLICABLE:
            raise ActRefused("a United States national is not offered consular notification", where="task")
        if task.told is not None:
            raise ActRefused(
                f"the person was already told on {task.told.at.isoformat()}; to record a new answer, change it",
                where="task",
            )
        code = language.strip().lower()
        if not _LANGUAGE.match(code):
            raise ConsularInputError(
                f"{language!r} is not an ISO 639-1 code such as es or zh", where="language"
            )
        if answer is None and task.obligation is not Obligation.MANDATORY:
            raise ConsularInputError(
                "record whether the person asked for notification (requested) or declined", where="answer"
            )
        updated = replace(task, told=Telling(at=at, by=actor, language=code, answer=answer))
        data = {
            "language": code,
            "answer": None if answer is None else answer.value,
            "obligation": task.obligation.value,
        }
        self._save(updated, EventTag.CONSULAR_INFORMED, at, actor, reason, data)
        return updated

    def change_answer(
        self, task: ConsularTask, *, at: datetime, actor: str, reason: str, answer: Answer
    ) -> ConsularTask:
        """The person changed their mind (e.g. asks for notification after first declining)."""
        at = self._check(task, at, actor, reason)
        if task.told is None:
            raise ActRefused(
                "the person has not been told yet; record the telling with their answer", where="task"
            )
        if task.notification is not None:
            raise ActRefused(
                "the consulate was already notified; an answer can no longer change that", where="task"
            )
        updated = replace(task, told=replace(task.told, answer=answer))
        self._save(updated, EventTag.CONSULAR_ANSWER_CHANGED, at, actor, reason, {"answer": answer.value})
        return updated

    def notify(
        self,
        task: ConsularTask,
        *,
        at: datetime,
        actor: str,
        reason: str,
        channel: Channel,
        confirmation: str,
        post: ConsularPost | None = None,
        callback: str | None = None,
    ) -> ConsularTask:
        """The consulate was notified (fax with its confirmation receipt, or a call with the officer's name).

        Without `post`, the sending state's post nearest to the facility is used. The record of what was
        sent is kept on the task; it never carries a protected claim.
        """
        at = self._check(task, at, actor, reason)
        if task.notification is not None:
            raise ActRefused(
                f"the consulate was already notified on {task.notification.at.isoformat()}", where="task"
            )
        if task.obligation is not Obligation.MANDATORY and not task.notify_required:
            said = "has not been told yet" if task.told is None else f"answered {task.told.answer}"
            raise ActRefused(
                f"notification is {task.obligation.value.replace('_', ' ')} and the person {said}; "
                "notify only if they ask (record answer=requested)",
                where="task",
            )
        if not confirmation.strip():
            what = (
                "the fax confirmation receipt"
                if channel is Channel.FAX
                else "the name of the consular officer"
            )
            raise ConsularInputError(f"keep the confirmation: give {what}", where="confirmation")
        distance: float | None = None
        if post is None:
            assert task.sending_state is not None
            nearest = self.locate(task.sending_state, task.fips)
            if nearest is None:
                raise ActRefused(
                    f"the posts table lists no post of {task.sending_state}; find it in the State Department's "
                    "list of foreign consular offices and give it",
                    where="post",
                )
            post, distance = nearest.post, round(nearest.distance_km, 1)
        sent = consulate_record(
            task,
            person=self.records.person(task.booking_id),
            facility=self.records.facility(task.fips),
            post=post,
            channel=channel,
            sent_at=at,
            callback=callback,
        )
        note = Notification(
            at=at,
            by=actor,
            channel=channel,
            post=post,
            distance_km=distance,
            confirmation=confirmation.strip(),
            sent=sent,
        )
        updated = replace(task, notification=note)
        data = {
            "channel": channel.value,
            "post": post.label,
            "distance_km": distance,
            "confirmation": note.confirmation,
        }
        self._save(updated, EventTag.CONSULAR_NOTIFIED, at, actor, reason, data)
        return updated

    def record_protected_claim(
        self, task: ConsularTask, *, at: datetime, actor: str, reason: str, kind: ProtectedClaimKind
    ) -> ConsularTask:
        """The person claims asylum or refugee status, or fears return: kept for staff, never disclosed."""
        at = self._check(task, at, actor, reason)
        if task.protected_claim is not None:
            raise ActRefused(f"a {task.protected_claim.kind.value} claim is already recorded", where="task")
        updated = replace(task, protected_claim=ProtectedClaim(kind=kind, at=at, by=actor))
        self._save(updated, EventTag.CONSULAR_PROTECTED_CLAIM, at, actor, reason, {"kind": kind.value})
        return updated

    # -- helpers ---------------------------------------------------------------------------------------------
    @staticmethod
    def _check(task: ConsularTask, at: datetime, actor: str, reason: str) -> datetime:
        """Validate the act's common fields; returns `at` in UTC (instants are compared, never wall clocks)."""
        if not actor.strip():
            raise ConsularInputError("name who acts (e.g. jail:48201:officer-12)", where="actor")
        if not reason.strip():
            raise ConsularInputError("give the reason for the act", where="reason")
        if at.tzinfo is None:
            raise ConsularInputError(f"{at.isoformat()} has no UTC offset", where="at")
        if at.astimezone(UTC) < task.opened_at.astimezone(UTC):
            raise ConsularInputError(
                f"{at.isoformat()} is before the booking ({task.opened_at.isoformat()})", where="at"
            )
        return at.astimezone(UTC)

    def _save(
        self, task: ConsularTask, tag: EventTag, at: datetime, actor: str, reason: str, data: dict[str, Any]
    ) -> None:
        self.records.save_task(task)
        self.audit.record(
            AuditEvent(
                tag=tag,
                at=at,
                actor=actor,
                subject_type="consular_task",
                subject_id=task.task_id,
                correlation_id=task.booking_id,
                reason=reason,
                data={**data, "state": task.state.value},
            )
        )
