"""What the action routes share: the act's context from the request, the world's now, the outcome words.

A page form that succeeds answers 303 back to its record's page with `?done=<act>` (shown as a fixed
sentence, never text from the URL); one that is refused shows the page again, 400, with the refusal next
to the form. The API answers the record's file (200) or `{"detail": "..."}` (400).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import Form

from securecomm.errors import BadInput
from securecomm.rules import localize
from securecomm.web.deps import Ctx
from securecomm.web.flow import ActContext, ActRefused

__all__ = ["DONE", "Act", "Short", "Text", "act_context", "local_instant", "refusal"]

Text = Annotated[str, Form(max_length=2000)]  # a reason, a note: free text with a limit
Short = Annotated[str, Form(max_length=80)]  # a choice, a code, a language
Act = Callable[[datetime, ActContext], Any]  # an act carried out at an instant by the signed-in person

# ?done=<act> -> the sentence the page shows after a successful act.
DONE = {
    "decision": "Decision recorded, with your reason.",
    "lift": "Detainer lifted; the jail is told.",
    "verify": "Citizenship records checked; the outcome is below.",
    "custody": "Transfer to ICE custody recorded.",
    "interview": "Decision after interview recorded; the case is closed.",
    "override": "Supervisory override recorded.",
    "service": "Service of the detainer copy recorded.",
    "release": "Release event recorded.",
    "claim": "Claim recorded and sent to the field office.",
    "consular_inform": "Recorded: the person was told about consular notification.",
    "consular_answer": "The person's answer is recorded.",
    "consular_notify": "Recorded: the consulate was notified.",
}


def act_context(ctx: Ctx) -> ActContext:
    user = ctx.user
    return ActContext(
        actor=ctx.actor,
        role=user.role.value,
        scope=user.scope,
        origin=ctx.address,
        route=ctx.route,
        recorded_at=ctx.now,
    )


def local_instant(text: str, tz: str, *, where: str) -> datetime | None:
    """A `datetime-local` form value read in the facility's zone (empty: None, meaning now)."""
    value = text.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ActRefused(f"{text!r} is not a date and time (use 2012-03-05T09:30)", where=where) from None
    if parsed.tzinfo is not None:
        return parsed
    return localize(parsed, ZoneInfo(tz), where=where)


def refusal(error: BadInput) -> tuple[str, str]:
    """(field, message) of a refusal, for showing it beside the form field it names."""
    message = str(error)
    if error.where and message.startswith(f"{error.where}: "):
        message = message[len(error.where) + 2 :]
    return error.where or "", message
