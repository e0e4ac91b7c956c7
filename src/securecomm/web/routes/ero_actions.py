"""The field office's case page and the officer's acts on it (own AOR only; any other case answers 404).

`GET /cases/{case_id}` shows the advice with its reasons and sources, the decisions, detainers and claims,
and a form for each act the case's state allows; each act is a POST with the CSRF token and (but for the
citizenship check) a required reason, carried out by `web.case_acts` through the field office agency. The
API has the same acts under `/api/cases/{case_id}/...` (form-encoded bodies, the token in `X-CSRF-Token`),
answering the case file.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from securecomm.errors import BadInput
from securecomm.messages.detainer import LiftReason
from securecomm.storage.agency_tables import CaseRow
from securecomm.web import case_acts
from securecomm.web.case_file import case_file
from securecomm.web.deps import Ctx
from securecomm.web.errors import NotFound
from securecomm.web.file_schemas import CaseFileOut
from securecomm.web.policy import Permission, RecordScope
from securecomm.web.routes._acts import DONE, Act, Short, Text, act_context, refusal
from securecomm.web.routes._common import CaseCtx

__all__ = ["api", "router"]

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/cases", tags=["field office"])

_NOT_YOURS: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such case in your AOR"},
    400: {"description": "the act is refused"},
}


def _case(ctx: Ctx, tx: Session, case_id: str) -> CaseRow:
    row = tx.get(CaseRow, case_id)
    if row is None:
        raise NotFound("not found")
    ctx.check(Permission.CASE_RECORDS, RecordScope(row.fips, row.aor))
    return row


def _file(ctx: Ctx, case_id: str) -> CaseFileOut:
    flow = ctx.services.flow
    with ctx.services.database.transaction() as tx:
        row = _case(ctx, tx, case_id)
        found = case_file(tx, row, gateway=flow, now=flow.now())
        scope = RecordScope(row.fips, row.aor)
        ctx.viewed(tx, "case", [(row.case_id, scope)])
        ctx.viewed(tx, "detainer", ((d.detainer_id, scope) for d in found.detainers))
    return found


def _page(
    ctx: Ctx, case_id: str, *, done: str | None = None, error: BadInput | None = None, act: str = "",
    values: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    found = _file(ctx, case_id)
    context = {
        "file": found,
        "now": ctx.services.flow.now(),
        "done": DONE.get(done or ""),
        "act": act,
        "error": None if error is None else refusal(error),
        "values": values or {},
        "lift_reasons": [r.value for r in LiftReason],
        "interview_decisions": [k.value for k in case_acts.INTERVIEW_DECISIONS],
    }
    return ctx.render("case.html", context, status_code=400 if error else 200)


def _scoped(ctx: Ctx, case_id: str) -> None:
    with ctx.services.database.transaction() as tx:
        _case(ctx, tx, case_id)


def _page_act(ctx: Ctx, case_id: str, act: str, run: Act, values: dict[str, str]) -> Response:
    _scoped(ctx, case_id)
    try:
        run(ctx.services.flow.now(), act_context(ctx))
    except BadInput as error:
        return _page(ctx, case_id, error=error, act=act, values=values)
    return RedirectResponse(f"/cases/{case_id}?done={act}", status_code=303)


def _api_act(ctx: Ctx, case_id: str, run: Act) -> CaseFileOut:
    _scoped(ctx, case_id)
    run(ctx.services.flow.now(), act_context(ctx))
    return _file(ctx, case_id)


@router.get("/cases/{case_id}")
def case_page(
    ctx: CaseCtx, case_id: str, done: Annotated[str | None, Query(max_length=32)] = None
) -> Response:
    return _page(ctx, case_id, done=done)


# -- the acts: each a page route and an API route over the same service call ---------------------------------
def _decide(ctx: Ctx, case_id: str, decision: str, form: str, reason: str) -> Act:
    return lambda at, who: case_acts.decide(
        ctx.services.flow, who, case_id, decision=decision, form=form or None, reason=reason, at=at
    )


def _lift(ctx: Ctx, case_id: str, lift_reason: str, reason: str) -> Act:
    return lambda at, who: case_acts.lift(
        ctx.services.flow, who, case_id, lift_reason=lift_reason, reason=reason, at=at
    )


def _verify(ctx: Ctx, case_id: str) -> Act:
    return lambda at, who: case_acts.verify(ctx.services.flow, who, case_id, at=at)


def _custody(ctx: Ctx, case_id: str, reason: str) -> Act:
    return lambda at, who: case_acts.take_custody(ctx.services.flow, who, case_id, reason=reason, at=at)


def _interview(ctx: Ctx, case_id: str, decision: str, reason: str) -> Act:
    return lambda at, who: case_acts.decide_after_interview(
        ctx.services.flow, who, case_id, decision=decision, reason=reason, at=at
    )


def _override(ctx: Ctx, case_id: str, supervisor: str, reason: str) -> Act:
    return lambda at, who: case_acts.record_override(
        ctx.services.flow, who, case_id, supervisor=supervisor, reason=reason, at=at
    )


@router.post("/cases/{case_id}/decision")
def decision_page(
    ctx: CaseCtx, case_id: str, decision: Short = "", form: Short = "", reason: Text = ""
) -> Response:
    values = {"decision": decision, "form": form, "reason": reason}
    return _page_act(ctx, case_id, "decision", _decide(ctx, case_id, decision, form, reason), values)


@router.post("/cases/{case_id}/lift")
def lift_page(ctx: CaseCtx, case_id: str, lift_reason: Short = "", reason: Text = "") -> Response:
    values = {"lift_reason": lift_reason, "reason": reason}
    return _page_act(ctx, case_id, "lift", _lift(ctx, case_id, lift_reason, reason), values)


@router.post("/cases/{case_id}/verify")
def verify_page(ctx: CaseCtx, case_id: str) -> Response:
    return _page_act(ctx, case_id, "verify", _verify(ctx, case_id), {})


@router.post("/cases/{case_id}/custody")
def custody_page(ctx: CaseCtx, case_id: str, reason: Text = "") -> Response:
    return _page_act(ctx, case_id, "custody", _custody(ctx, case_id, reason), {"reason": reason})


@router.post("/cases/{case_id}/interview")
def interview_page(ctx: CaseCtx, case_id: str, decision: Short = "", reason: Text = "") -> Response:
    values = {"decision": decision, "reason": reason}
    return _page_act(ctx, case_id, "interview", _interview(ctx, case_id, decision, reason), values)


@router.post("/cases/{case_id}/override")
def override_page(ctx: CaseCtx, case_id: str, supervisor: Short = "", reason: Text = "") -> Response:
    values = {"supervisor": supervisor, "reason": reason}
    return _page_act(ctx, case_id, "override", _override(ctx, case_id, supervisor, reason), values)


@api.get("/{case_id}/file", response_model=CaseFileOut, responses={404: _NOT_YOURS[404]})
def case_file_api(ctx: CaseCtx, case_id: str) -> CaseFileOut:
    """The case with its advice by determination (reasons and sources), decisions, detainers and claims."""
    return _file(ctx, case_id)


@api.post("/{case_id}/decision", response_model=CaseFileOut, responses=_NOT_YOURS)
def decision_api(ctx: CaseCtx, case_id: str, decision: Short, reason: Text, form: Short = "") -> CaseFileOut:
    """The first decision: `lodge_detainer` (on the form in use that day), `request_notification`, `no_action`."""
    return _api_act(ctx, case_id, _decide(ctx, case_id, decision, form, reason))


@api.post("/{case_id}/lift", response_model=CaseFileOut, responses=_NOT_YOURS)
def lift_api(ctx: CaseCtx, case_id: str, lift_reason: Short, reason: Text) -> CaseFileOut:
    """Lift the active detainer with a historic lift reason (e.g. `Prosecutorial Discretion`)."""
    return _api_act(ctx, case_id, _lift(ctx, case_id, lift_reason, reason))


@api.post("/{case_id}/verify", response_model=CaseFileOut, responses=_NOT_YOURS)
def verify_api(ctx: CaseCtx, case_id: str) -> CaseFileOut:
    """Check the citizenship records before any hold (a citizen's detainer is lifted at once)."""
    return _api_act(ctx, case_id, _verify(ctx, case_id))


@api.post("/{case_id}/custody", response_model=CaseFileOut, responses=_NOT_YOURS)
def custody_api(ctx: CaseCtx, case_id: str, reason: Text) -> CaseFileOut:
    """ICE takes custody from the jail while the hold runs."""
    return _api_act(ctx, case_id, _custody(ctx, case_id, reason))


@api.post("/{case_id}/interview", response_model=CaseFileOut, responses=_NOT_YOURS)
def interview_api(ctx: CaseCtx, case_id: str, decision: Short, reason: Text) -> CaseFileOut:
    """After transfer: `notice_to_appear`, `voluntary_return`, `release` or `prosecutorial_discretion`."""
    return _api_act(ctx, case_id, _interview(ctx, case_id, decision, reason))


@api.post("/{case_id}/override", response_model=CaseFileOut, responses=_NOT_YOURS)
def override_api(ctx: CaseCtx, case_id: str, supervisor: Short, reason: Text) -> CaseFileOut:
    """A supervisor's override on a protected case, with the supervisor's name and reason."""
    return _api_act(ctx, case_id, _override(ctx, case_id, supervisor, reason))
