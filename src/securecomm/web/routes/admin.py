"""The administrator's pages: jurisdictions (activation, IDRs, 287(g)) and accounts.

Every change is an audited act with a reason, committed in the same transaction as the change. The
administrator manages the program's settings and its accounts; it reads no person's record.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from securecomm.audit import EventTag
from securecomm.errors import BadInput
from securecomm.storage.tables import JurisdictionRow
from securecomm.web import records
from securecomm.web.accounts import AccountError
from securecomm.web.errors import FormError, NotFound
from securecomm.web.roles import parse_role
from securecomm.web.routes._common import AdminCtx, PageNumber, UsersCtx
from securecomm.web.schemas import UserOut

__all__ = ["api", "router"]

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/admin", tags=["admin"])

StateFilter = Annotated[str | None, Query(max_length=2)]
_YES_NO = {"yes": True, "no": False}


@router.get("/admin")
def jurisdictions(ctx: AdminCtx, page: PageNumber = 1, state: StateFilter = None) -> Response:
    state = (state or "").upper() or None
    size = ctx.services.settings.page_size
    with ctx.services.database.transaction() as tx:
        found = records.jurisdictions(tx, state=state, page=page, size=size)
        all_states = records.states(tx)
    return ctx.render("admin_jurisdictions.html", {"found": found, "state": state, "states": all_states})


def _settings(row: JurisdictionRow) -> dict[str, Any]:
    return {
        "activated_on": row.activated_on.isoformat() if row.activated_on else None,
        "receives_idr": row.receives_idr,
        "has_287g": row.has_287g,
    }


def _load(tx: Session, fips: str) -> JurisdictionRow:
    row = tx.get(JurisdictionRow, fips)
    if row is None:
        raise NotFound(f"no jurisdiction {fips!r}")
    return row


@router.get("/admin/jurisdictions/{fips}")
def jurisdiction_form(ctx: AdminCtx, fips: str) -> Response:
    with ctx.services.database.transaction() as tx:
        row = _load(tx, fips)
    return ctx.render(
        "admin_jurisdiction.html", {"j": row, "error": None, "values": _settings(row), "reason": ""}
    )


def _parse_change(activated_on: str, receives_idr: str, has_287g: str, reason: str) -> dict[str, Any]:
    text = activated_on.strip()
    try:
        day = date.fromisoformat(text) if text else None
    except ValueError:
        raise FormError(
            f"{activated_on!r} is not a date (use YYYY-MM-DD, or leave empty)", where="activated_on"
        ) from None
    if day is not None and not date(2008, 1, 1) <= day <= date(2030, 12, 31):
        raise FormError("the activation date must fall between 2008 and 2030", where="activated_on")
    for name, value in (("receives_idr", receives_idr), ("has_287g", has_287g)):
        if value not in _YES_NO:
            raise FormError(f"choose yes or no (got {value!r})", where=name)
    if not reason.strip():
        raise FormError("say why this change is made; the reason is kept in the audit trail", where="reason")
    return {
        "activated_on": day.isoformat() if day else None,
        "receives_idr": _YES_NO[receives_idr],
        "has_287g": _YES_NO[has_287g],
    }


@router.post("/admin/jurisdictions/{fips}")
def change_jurisdiction(
    ctx: AdminCtx,
    fips: str,
    activated_on: Annotated[str, Form(max_length=32)] = "",
    receives_idr: Annotated[str, Form(max_length=8)] = "",
    has_287g: Annotated[str, Form(max_length=8)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    with ctx.services.database.transaction() as tx:
        row = _load(tx, fips)
        before = _settings(row)
        try:
            after = _parse_change(activated_on, receives_idr, has_287g, reason)
            changed = sorted(k for k in after if after[k] != before[k])
            if not changed:
                raise FormError(
                    "nothing to change: the values are the ones already recorded", where="activated_on"
                )
        except FormError as error:
            values = {
                "activated_on": activated_on,
                "receives_idr": receives_idr == "yes",
                "has_287g": has_287g == "yes",
            }
            context = {"j": row, "error": error, "values": values, "reason": reason}
            return ctx.render("admin_jurisdiction.html", context, status_code=400)
        row.activated_on = date.fromisoformat(after["activated_on"]) if after["activated_on"] else None
        row.receives_idr, row.has_287g = after["receives_idr"], after["has_287g"]
        ctx.acted(
            tx,
            EventTag.JURISDICTION_UPDATED,
            "jurisdiction",
            fips,
            reason=reason.strip(),
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return RedirectResponse(f"/admin/jurisdictions/{fips}?saved=1", status_code=303)


def _user_out(row: Any) -> UserOut:
    return UserOut(
        username=row.username,
        role=row.role,
        scope=row.scope,
        disabled=row.disabled,
        created_at=row.created_at,
        last_sign_in_at=row.last_sign_in_at,
    )


@router.get("/admin/users")
def users(ctx: UsersCtx, role: Annotated[str | None, Query(max_length=8)] = None) -> Response:
    """The accounts, one role at a time when asked (the demo world has a jail account per county)."""
    chosen = parse_role(role, where="role") if role else None
    rows = ctx.services.accounts.list(role=chosen)
    return ctx.render("admin_users.html", {"users": rows, "error": None, "form": {}, "role": role or ""})


@router.post("/admin/users")
def add_user(
    ctx: UsersCtx,
    username: Annotated[str, Form(max_length=64)] = "",
    role: Annotated[str, Form(max_length=16)] = "",
    scope: Annotated[str, Form(max_length=8)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    accounts = ctx.services.accounts
    try:
        accounts.add(
            username=username,
            role=parse_role(role, where="role"),
            scope=scope or None,
            password=password,
            at=ctx.now,
            actor=ctx.actor,
            origin=ctx.address,
        )
    except BadInput as error:
        form = {"username": username, "role": role, "scope": scope}
        return ctx.render(
            "admin_users.html",
            {"users": accounts.list(), "error": error, "form": form, "role": ""},
            status_code=400,
        )
    return RedirectResponse("/admin/users?added=1", status_code=303)


@router.post("/admin/users/{username}/status")
def set_status(ctx: UsersCtx, username: str, disabled: Annotated[str, Form(max_length=8)] = "") -> Response:
    if disabled not in _YES_NO:
        raise NotFound("unknown status (use disabled=yes or disabled=no)")
    if username == ctx.user.username:
        raise FormError("an administrator cannot disable the account it is signed in with", where="disabled")
    try:
        ctx.services.accounts.set_disabled(
            username, _YES_NO[disabled], at=ctx.now, actor=ctx.actor, origin=ctx.address
        )
    except AccountError as error:
        raise NotFound(str(error)) from None
    return RedirectResponse("/admin/users", status_code=303)


@api.get("/users", response_model=list[UserOut])
def users_api(ctx: UsersCtx) -> list[UserOut]:
    return [_user_out(r) for r in ctx.services.accounts.list()]
