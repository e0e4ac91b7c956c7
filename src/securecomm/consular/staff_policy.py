"""A deterministic stand-in for the jail's booking staff in a simulation.

Real staff act through `ConsularDesk`; in a simulated world `SimulatedStaff` decides for them, and its acts
go through the very same desk (audited, with actor and reason), so a simulation's records look like a
jail's. Every choice is drawn from (seed, task id, purpose): re-running a simulation from its stored
state makes the same choices, and a task acted on already is not acted on again.

How the lead's simulation uses it, once per simulated step, inside one transaction::

    desk = ConsularDesk(unit.consular, unit.audit, ruleset)
    simulate_staff_actions(desk, SimulatedStaff(seed), until=step_end)

The staff tell the person between 10 minutes and 3 hours after booking; an on-request national asks for
notification one time in four; the consulate is notified 20 minutes to 26 hours after the telling, by fax
85 % of the time, so some notifications miss the 24-hour target but none comes near the 72-hour bound;
2 % of people state a fear of return, recorded on the task. These are plausible orders of magnitude, not
measured rates [U]. The staff never invent documents: an undetermined nationality stays pending.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from securecomm.agencies.base import draw, latency
from securecomm.consular.acts import ConsularDesk
from securecomm.consular.model import Answer, Channel, ConsularTask, Obligation, ProtectedClaimKind, TaskState
from securecomm.errors import BadInput

__all__ = ["PlannedAct", "SimulatedStaff", "StaffRates", "simulate_staff_actions"]

REASON = "booking procedure: consular notification (simulated staff)"
_LANGUAGE = re.compile(r"^[a-z]{2}$")


@dataclass(frozen=True, slots=True)
class StaffRates:
    inform_after: tuple[timedelta, timedelta] = (timedelta(minutes=10), timedelta(hours=3))
    notify_after: tuple[timedelta, timedelta] = (timedelta(minutes=20), timedelta(hours=26))
    request_share: float = 0.25  # on-request nationals who ask for notification
    objection_share: float = 0.05  # mandatory-country nationals who object (notified anyway)
    protected_claim_share: float = 0.02  # people who state a fear of return
    fax_share: float = 0.85  # the rest by telephone

    def __post_init__(self) -> None:
        for name in ("request_share", "objection_share", "protected_claim_share", "fax_share"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"StaffRates.{name} must be a share between 0 and 1, got {value}")
        for name in ("inform_after", "notify_after"):
            low, high = getattr(self, name)
            if not timedelta(0) <= low <= high:
                raise ValueError(f"StaffRates.{name} must be (low, high) with 0 <= low <= high")


class ActKind(enum.StrEnum):
    INFORM = "inform"
    PROTECTED_CLAIM = "protected_claim"
    NOTIFY = "notify"


@dataclass(frozen=True, slots=True)
class PlannedAct:
    kind: ActKind
    at: datetime
    actor: str
    answer: Answer | None = None
    language: str = ""
    channel: Channel = Channel.FAX
    confirmation: str = ""


@dataclass(frozen=True, slots=True)
class SimulatedStaff:
    seed: int
    rates: StaffRates = StaffRates()

    def _draw(self, task: ConsularTask, purpose: str) -> float:
        return draw(self.seed, task.task_id, purpose)

    def _officer(self, task: ConsularTask, purpose: str) -> str:
        return f"jail:{task.fips}:officer-{int(self._draw(task, purpose + ':officer') * 40) + 1}"

    def plan(self, task: ConsularTask) -> tuple[PlannedAct, ...]:
        """What the staff do for `task`, in order, whatever has already been done."""
        if task.obligation in (Obligation.UNDETERMINED, Obligation.NOT_APPLICABLE):
            return ()
        r = self.rates
        told_at = task.opened_at + latency(*r.inform_after, self.seed, task.task_id, "inform")
        if task.obligation is Obligation.MANDATORY:
            answer = Answer.DECLINED if self._draw(task, "objects") < r.objection_share else None
            notify = True
        else:
            asks = self._draw(task, "asks") < r.request_share
            answer, notify = (Answer.REQUESTED if asks else Answer.DECLINED), asks
        # An interpreter for the booking's language; English when the booking recorded no usable code.
        language = task.language if _LANGUAGE.match(task.language) else "en"
        acts = [PlannedAct(ActKind.INFORM, told_at, self._officer(task, "inform"), answer, language)]
        if self._draw(task, "fear") < r.protected_claim_share:
            acts.append(PlannedAct(ActKind.PROTECTED_CLAIM, told_at, self._officer(task, "inform")))
        if notify:
            at = told_at + latency(*r.notify_after, self.seed, task.task_id, "notify")
            channel = Channel.FAX if self._draw(task, "channel") < r.fax_share else Channel.PHONE
            reference = f"{int(self._draw(task, 'receipt') * 1e8):08d}"
            confirmation = (
                f"fax confirmation receipt {reference}"
                if channel is Channel.FAX
                else f"consular duty officer {reference}"
            )
            acts.append(
                PlannedAct(
                    ActKind.NOTIFY,
                    at,
                    self._officer(task, "notify"),
                    channel=channel,
                    confirmation=confirmation,
                )
            )
        return tuple(acts)


def _perform(desk: ConsularDesk, task: ConsularTask, act: PlannedAct) -> ConsularTask:
    if act.kind is ActKind.INFORM and task.told is None:
        return desk.inform(
            task, at=act.at, actor=act.actor, reason=REASON, language=act.language, answer=act.answer
        )
    if act.kind is ActKind.PROTECTED_CLAIM and task.protected_claim is None:
        return desk.record_protected_claim(
            task,
            at=act.at,
            actor=act.actor,
            reason="the person said they fear return",
            kind=ProtectedClaimKind.FEAR_OF_RETURN,
        )
    if act.kind is ActKind.NOTIFY and task.notification is None and task.state is TaskState.TO_NOTIFY:
        try:
            nearest = desk.locate(task.sending_state or task.nationality, task.fips)
        except BadInput:  # a county the boundary files lack: people must find the post
            nearest = None
        if nearest is None:
            return task  # no post found: the task stays open and shows on the pending list
        return desk.notify(
            task,
            at=act.at,
            actor=act.actor,
            reason=REASON,
            channel=act.channel,
            confirmation=act.confirmation,
        )
    return task


def simulate_staff_actions(
    desk: ConsularDesk, staff: SimulatedStaff, *, until: datetime, fips: str | None = None
) -> int:
    """Perform every planned act due by `until` on the tasks still open; returns how many acts were done."""
    done = 0
    for task in desk.records.tasks(fips=fips, open_at=until):
        for act in staff.plan(task):
            if act.at > until:
                break
            after = _perform(desk, task, act)
            done += after is not task
            task = after
    return done
