"""The CRCL analyst's and the DOJ liaison's read-only view: jurisdictions and their counts, no person.

The monitoring and complaints work has its own pages beside this one (`oversight_routes`,
`complaint_routes`); this page links to each that the reader's role may open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import Response

from securecomm.web import records
from securecomm.web.policy import Permission, decide
from securecomm.web.routes._common import OversightCtx, PageNumber
from securecomm.web.schemas import OversightPage

__all__ = ["api", "router"]

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/oversight", tags=["oversight"])

StateFilter = Annotated[str | None, Query(max_length=2, description="two-letter state code")]


@dataclass(frozen=True, slots=True)
class WorkLink:
    href: str
    label: str
    what: str
    permission: Permission  # the guard of the page it opens: a link is shown only to those it lets in


WORK = (
    WorkLink("/crcl/complaints", "Civil-rights complaints", "CRCL's queue, intake and letters",
             Permission.COMPLAINTS_MANAGE),
    WorkLink("/doj/complaints", "Complaints referred to DOJ", "redacted, with DOJ's answers",
             Permission.COMPLAINTS_REFERRALS),
    WorkLink("/oversight/packages", "Quarterly packages", "the statistical monitoring delivered each quarter",
             Permission.OVERSIGHT_AGGREGATES),
    WorkLink("/oversight/referrals", "Referrals", "flagged jurisdictions under review or referred to DOJ",
             Permission.OVERSIGHT_AGGREGATES),
    WorkLink("/statistics", "Public statistics", "what anyone may read", Permission.PUBLIC),
)  # fmt: skip


def _rows(ctx: OversightCtx, page: int, state: str | None) -> tuple[OversightPage, list[str]]:
    size = ctx.services.settings.page_size
    with ctx.services.database.transaction() as tx:
        found = records.oversight_rows(tx, state=state, page=page, size=size)
        all_states = records.states(tx)
    return OversightPage(items=list(found.items), page=page, page_size=size, total=found.total), all_states


@router.get("/oversight")
def oversight_home(ctx: OversightCtx, page: PageNumber = 1, state: StateFilter = None) -> Response:
    state = (state or "").upper() or None
    rows, all_states = _rows(ctx, page, state)
    work = [link for link in WORK if decide(ctx.principal, link.permission).allowed]
    context = {"rows": rows, "state": state, "states": all_states, "work": work}
    return ctx.render("oversight.html", context)


@api.get("/jurisdictions", response_model=OversightPage)
def oversight_api(ctx: OversightCtx, page: PageNumber = 1, state: StateFilter = None) -> OversightPage:
    return _rows(ctx, page, (state or "").upper() or None)[0]
