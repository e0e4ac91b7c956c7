"""The jail's hold board: every active detainer with its deadline in the facility's time, a countdown,
alert levels, and the violation when a hold outlives its deadline.

Pure functions over detainer records (`DetainerView`) and an instant; the adapters read the records
(`securecomm.storage.consular_records.SqlHoldBoardRecords`) and show the board (`securecomm detainers`).

Typical use::

    views = records.detainer_views(fips="48201", active_at=now)
    board = hold_board(views, at=now, ruleset=ruleset)
    for line in due_holds(board, within=timedelta(hours=4)):
        print(line.detainer.detainer_id, line.deadline_at, line.countdown, line.label)
    record_overruns(board, records=records, audit=audit, actor="board:48201")
"""

from __future__ import annotations

from securecomm.detainers.board import (
    LegalDeadline,
    busiest_instant,
    due_holds,
    format_countdown,
    hold_board,
    hold_line,
    legal_deadline,
    legal_deadlines,
)
from securecomm.detainers.errors import BoardInputError
from securecomm.detainers.model import Board, BoardSettings, DetainerView, HoldAlert, HoldLine, Phase
from securecomm.detainers.violations import HoldBoardRecords, Overrun, record_overruns

__all__ = [
    "Board",
    "BoardInputError",
    "BoardSettings",
    "DetainerView",
    "HoldAlert",
    "HoldBoardRecords",
    "HoldLine",
    "LegalDeadline",
    "Overrun",
    "Phase",
    "busiest_instant",
    "due_holds",
    "format_countdown",
    "hold_board",
    "hold_line",
    "legal_deadline",
    "legal_deadlines",
    "record_overruns",
]
