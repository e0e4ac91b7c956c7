"""Consular notification for every booked foreign national (Vienna Convention on Consular Relations art. 36).

The booking opens a task in its own transaction (`open_task`): mandatory or on request by the dated list in
the rules, with the 24-hour target and the 72-hour outer bound. Jail staff then act through `ConsularDesk`
(each act audited, with actor and reason): record documents (an LPR card, a Taiwan passport), tell the
person and record their answer, notify the nearest post by fax or telephone keeping the confirmation, and
record an asylum or fear claim, which never reaches a consulate. `pending` lists open tasks with their
alert level; `SimulatedStaff` stands in for the staff in a simulation.

Typical use::

    desk = ConsularDesk(records, audit, ruleset)
    task = desk.task_for_booking(booking_id)
    task = desk.inform(task, at=now, actor="jail:48201:officer-7", reason="booking", language="es",
                       answer=Answer.REQUESTED)
    task = desk.notify(task, at=later, actor="jail:48201:officer-7", reason="requested",
                       channel=Channel.FAX, confirmation="fax receipt 0042")
    for item in pending(records.tasks(open_at=now), at=now):
        print(item.task.booking_id, item.alert, item.step)
"""

from __future__ import annotations

from securecomm.consular.acts import ConsularDesk
from securecomm.consular.deadlines import (
    ConsularAlert,
    PendingItem,
    as_of,
    next_step,
    pending,
    record_past_outer_bound,
    task_alert,
)
from securecomm.consular.disclosure import SENT_KEYS, check_free_text, consulate_record, notice_for_task
from securecomm.consular.errors import ActRefused, ConsularInputError, TaskNotFound
from securecomm.consular.model import (
    Answer,
    Channel,
    ConsularTask,
    Notification,
    Obligation,
    ProtectedClaim,
    ProtectedClaimKind,
    TaskState,
    Telling,
)
from securecomm.consular.ports import ConsularRecords, FacilityInfo, PersonInfo
from securecomm.consular.posts import Locate, nearest_post_for_county
from securecomm.consular.staff_policy import PlannedAct, SimulatedStaff, StaffRates, simulate_staff_actions
from securecomm.consular.workflow import Determined, determine, open_task, task_id_for

__all__ = [
    "SENT_KEYS",
    "ActRefused",
    "Answer",
    "Channel",
    "ConsularAlert",
    "ConsularDesk",
    "ConsularInputError",
    "ConsularRecords",
    "ConsularTask",
    "Determined",
    "FacilityInfo",
    "Locate",
    "Notification",
    "Obligation",
    "PendingItem",
    "PersonInfo",
    "PlannedAct",
    "ProtectedClaim",
    "ProtectedClaimKind",
    "SimulatedStaff",
    "StaffRates",
    "TaskNotFound",
    "TaskState",
    "Telling",
    "as_of",
    "check_free_text",
    "consulate_record",
    "determine",
    "nearest_post_for_county",
    "next_step",
    "notice_for_task",
    "open_task",
    "pending",
    "record_past_outer_bound",
    "simulate_staff_actions",
    "task_alert",
    "task_id_for",
]
