"""Route dependencies: the guard every route declares, and the request context it hands the route.

A route says what it needs with `Depends(Require(Permission.X))` (or `Depends(Public())`); the guard
checks the CSRF token of any state-changing request, finds the session, asks the access policy, and
returns a `Ctx`. `create_app` refuses to start when a route declares no guard, so a route added later
cannot forget its access check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from securecomm.audit import AuditEvent, EventTag
from securecomm.clock import Clock
from securecomm.storage.audit_log import SessionAuditLog
from securecomm.storage.db import Database
from securecomm.web.accounts import Accounts
from securecomm.web.csrf import CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, CsrfTokens
from securecomm.web.errors import CsrfRefused, Forbidden, OutOfScope, SignInRequired
from securecomm.web.flow import FlowGateway
from securecomm.web.match_evidence import EvidenceSource
from securecomm.web.policy import Outcome, Permission, RecordScope, decide
from securecomm.web.rights import RightsCatalog
from securecomm.web.roles import Principal
from securecomm.web.sessions import SessionState, SessionStore
from securecomm.web.settings import WebSettings

__all__ = [
    "SESSION_COOKIE",
    "Ctx",
    "Guard",
    "Public",
    "Require",
    "WebServices",
    "client_address",
    "csrf_token_for",
    "current_principal",
    "render_page",
]

SESSION_COOKIE = "sc_session"
POLL_HEADER = "X-Securecomm-Poll"  # set by htmx on background polls: not user activity
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class WebServices:
    """What the routes use, built once by `create_app` (the composition root)."""

    settings: WebSettings
    database: Database
    clock: Clock  # the wall clock: sessions, throttling, audit times
    board_clock: Clock  # the hold board's "now" (a simulation may run it from a past instant)
    accounts: Accounts
    sessions: SessionStore
    csrf: CsrfTokens
    templates: Jinja2Templates
    rights: RightsCatalog
    flow: FlowGateway  # people's acts through the booking flow's agencies (see web/flow.py)
    evidence: EvidenceSource  # LESC's match-evidence pictures


def client_address(request: Request) -> str:
    """Where the request came from (uvicorn applies X-Forwarded-For from trusted proxies only)."""
    return request.client.host if request.client else "unknown"


def csrf_nonce(request: Request) -> str:
    """The nonce of this browser (the middleware makes one when the cookie is missing)."""
    nonce = getattr(request.state, "csrf_nonce", None) or request.cookies.get(CSRF_COOKIE)
    return str(nonce or "")


def csrf_token_for(request: Request) -> str:
    """The token a form on this response must carry (bound to this browser's nonce and session)."""
    services: WebServices = request.app.state.services
    return services.csrf.token(csrf_nonce(request), request.cookies.get(SESSION_COOKIE))


def render_page(
    request: Request, template: str, context: Mapping[str, Any], *, status_code: int = 200
) -> Response:
    """A page in the site's layout, for code that has a request but no `Ctx` (refusal pages, training)."""
    services: WebServices = request.app.state.services
    values: dict[str, Any] = {
        "principal": getattr(request.state, "principal", None),
        "csrf_token": csrf_token_for(request),
        "csrf_field": CSRF_FIELD,
        "lang": "en",
        "dir": "ltr",
    }
    values.update(context)
    return services.templates.TemplateResponse(request, template, values, status_code=status_code)


@dataclass(slots=True)
class Ctx:
    """One request as a route sees it: who asks, from where, and helpers for policy, audit and pages."""

    request: Request
    services: WebServices
    principal: Principal | None
    now: datetime

    @property
    def user(self) -> Principal:
        if self.principal is None:  # unreachable behind Require; kept as a safety net
            raise SignInRequired()
        return self.principal

    @property
    def address(self) -> str:
        return client_address(self.request)

    @property
    def actor(self) -> str:
        return f"user:{self.principal.username}" if self.principal else "public"

    @property
    def route(self) -> str:
        return f"{self.request.method} {self.request.url.path}"

    @property
    def session_token(self) -> str | None:
        return self.request.cookies.get(SESSION_COOKIE)

    @property
    def csrf_token(self) -> str:
        return self.services.csrf.token(csrf_nonce(self.request), self.session_token)

    def check(self, permission: Permission, record: RecordScope) -> None:
        """Refuse a record outside the account's scope (404) or a role without `permission` (403).

        The refusal is audited: the event waits on the request and the app's refusal handler writes it
        after the route's own transaction has rolled back (see `app._install_handlers`).
        """
        decision = decide(self.principal, permission, record)
        if decision.outcome is Outcome.NOT_FOUND:
            event = self._build(
                EventTag.RECORD_ACCESS_REFUSED,
                "scope",
                f"{record.fips or ''}/{record.aor or ''}",
                reason=decision.reason,
            )
            pending: list[AuditEvent] = getattr(self.request.state, "pending_refusals", [])
            self.request.state.pending_refusals = [*pending, event]
            raise OutOfScope()
        if decision.outcome is Outcome.FORBIDDEN:
            raise Forbidden(decision.reason)
        if decision.outcome is Outcome.SIGN_IN:
            raise SignInRequired()

    def viewed(self, tx: Session, subject_type: str, records: Iterable[tuple[str, RecordScope]]) -> None:
        """One audit event per person's record shown: who, what, when, from where, through which route."""
        for subject_id, scope in records:
            self._event(tx, EventTag.RECORD_VIEWED, subject_type, subject_id, fips=scope.fips, aor=scope.aor)

    def acted(
        self,
        tx: Session,
        tag: EventTag,
        subject_type: str,
        subject_id: str,
        *,
        reason: str | None,
        **data: Any,
    ) -> None:
        """An audited act (a change) by the signed-in account, with its reason."""
        self._event(tx, tag, subject_type, subject_id, reason=reason, **data)

    def _event(
        self,
        tx: Session,
        tag: EventTag,
        subject_type: str,
        subject_id: str,
        *,
        reason: str | None = None,
        **data: Any,
    ) -> None:
        SessionAuditLog(tx).record(self._build(tag, subject_type, subject_id, reason=reason, **data))

    def _build(
        self, tag: EventTag, subject_type: str, subject_id: str, *, reason: str | None = None, **data: Any
    ) -> AuditEvent:
        payload: dict[str, Any] = {"route": self.route, **{k: v for k, v in data.items() if v is not None}}
        if self.principal is not None:
            payload["role"] = self.principal.role.value
            if self.principal.scope:
                payload["scope"] = self.principal.scope
        return AuditEvent(
            tag=tag,
            at=self.now,
            actor=self.actor,
            subject_type=subject_type,
            subject_id=subject_id,
            origin=self.address,
            reason=reason,
            data=payload,
        )

    def render(
        self, template: str, context: Mapping[str, Any] | None = None, *, status_code: int = 200
    ) -> Response:
        values: dict[str, Any] = {
            "principal": self.principal,
            "csrf_token": self.csrf_token,
            "csrf_field": CSRF_FIELD,
            "lang": "en",
            "dir": "ltr",
        }
        values.update(context or {})
        return self.services.templates.TemplateResponse(
            self.request, template, values, status_code=status_code
        )


class Guard:
    """Base of the route guards; `create_app` checks that every route depends on exactly one."""

    permission: Permission

    async def _context(self, request: Request) -> Ctx:
        services: WebServices = request.app.state.services
        if request.method not in _SAFE_METHODS:
            presented = request.headers.get(CSRF_HEADER)
            if presented is None:
                form = await request.form()
                value = form.get(CSRF_FIELD)
                presented = value if isinstance(value, str) else None
            nonce = request.cookies.get(CSRF_COOKIE)
            if not services.csrf.valid(nonce, request.cookies.get(SESSION_COOKIE), presented):
                raise CsrfRefused()
        now = services.clock.now()
        token = request.cookies.get(SESSION_COOKIE)
        principal: Principal | None = None
        expired = False
        if token:
            activity = request.headers.get(POLL_HEADER) != "1"
            resolved = await run_in_threadpool(services.sessions.resolve, token, at=now, activity=activity)
            principal, expired = resolved.principal, resolved.state is SessionState.EXPIRED
        decision = decide(principal, self.permission)
        if decision.outcome is Outcome.SIGN_IN:
            raise SignInRequired(expired=expired)
        if decision.outcome is Outcome.FORBIDDEN:
            raise Forbidden(decision.reason)
        request.state.principal = principal
        return Ctx(request=request, services=services, principal=principal, now=now)


class Require(Guard):
    """The route needs a signed-in account whose role holds `permission`."""

    def __init__(self, permission: Permission) -> None:
        if permission is Permission.PUBLIC:
            raise ValueError("use Public() for public routes")
        self.permission = permission

    async def __call__(self, request: Request) -> Ctx:
        return await self._context(request)


class Public(Guard):
    """The route is for everyone; the context still knows who is signed in, if anyone."""

    permission = Permission.PUBLIC

    async def __call__(self, request: Request) -> Ctx:
        return await self._context(request)


async def current_principal(ctx: Annotated[Ctx, Depends(Public())]) -> Principal | None:
    """The signed-in account or None, behind the public guard (CSRF on POST included).

    For routers built outside this package that take a "current user" dependency (the training router).
    """
    return ctx.principal
