"""The composition root of the web application: `create_app(settings)` builds everything once.

It wires the database, the clocks, accounts, sessions, CSRF, templates and the routers; installs the
security headers and the refusal pages; and refuses to build an app in which any route lacks a guard
(see `deps.Guard`), so an unguarded route can never be served.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from securecomm import __version__
from securecomm.audit import AuditEvent
from securecomm.clock import Clock, SystemClock
from securecomm.errors import BadInput
from securecomm.storage.audit_log import SessionAuditLog
from securecomm.storage.db import Database, open_database
from securecomm.training import TrainingRecords
from securecomm.web.accounts import Accounts
from securecomm.web.csrf import CSRF_COOKIE, CsrfTokens, load_or_create_key
from securecomm.web.deps import Guard, WebServices, csrf_token_for, current_principal, render_page
from securecomm.web.errors import SignInRequired, WebRefusal
from securecomm.web.flow import FlowGateway
from securecomm.web.match_evidence import EvidenceSource, StoredEvidence
from securecomm.web.passwords import Passwords
from securecomm.web.policy import Permission
from securecomm.web.rendering import make_templates
from securecomm.web.rights import RightsCatalog
from securecomm.web.routes import ROUTERS
from securecomm.web.sessions import SessionStore
from securecomm.web.settings import WebSettings
from securecomm.web.training_routes import sql_training_records, training_router

if TYPE_CHECKING:
    from securecomm.app.system import System

__all__ = ["FRAMEWORK_ROUTES", "UnguardedRoute", "create_app", "route_permissions"]

STATIC_DIR = Path(__file__).with_name("static")
# Routes the framework adds itself; all public. Anything else must declare a guard.
FRAMEWORK_ROUTES = frozenset({"/openapi.json", "/static"})

_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
)


class UnguardedRoute(RuntimeError):
    """A route declares no guard (or several): the app is not built."""


def _guards(dependant: Any) -> list[Guard]:
    found: list[Guard] = []
    for sub in dependant.dependencies:
        if isinstance(sub.call, Guard):
            found.append(sub.call)
        found.extend(_guards(sub))
    return found


def _flatten(routes: Iterable[BaseRoute], prefix: str = "") -> Iterator[tuple[str, BaseRoute]]:
    """Every route with its full path; newer FastAPI keeps an included router as one lazy entry."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            context = getattr(route, "include_context", None)
            yield from _flatten(included.routes, prefix + str(getattr(context, "prefix", "") or ""))
        else:
            yield prefix + str(getattr(route, "path", "")), route


def route_permissions(app: FastAPI) -> dict[tuple[str, str], Permission]:
    """(method, path template) -> the permission its guard demands, for every route of the app."""
    out: dict[tuple[str, str], Permission] = {}
    for path, route in _flatten(app.routes):
        if isinstance(route, APIRoute):
            guards = _guards(route.dependant)
            methods = route.methods or set()
            if len(guards) != 1:
                raise UnguardedRoute(
                    f"{sorted(methods)} {path} declares {len(guards)} guards; "
                    "add exactly one Depends(Require(...)) or Depends(Public())"
                )
            for method in methods:
                out[(method, path)] = guards[0].permission
        elif isinstance(route, Mount | Route) and path in FRAMEWORK_ROUTES:
            for method in getattr(route, "methods", None) or {"GET"}:
                out[(method, path)] = Permission.PUBLIC
        else:
            raise UnguardedRoute(
                f"{path} ({type(route).__name__}) is neither a guarded route nor a framework route"
            )
    return out


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _error_page(request: Request, status_code: int, message: str) -> Response:
    return render_page(
        request, "error.html", {"status_code": status_code, "message": message}, status_code=status_code
    )


def _training_page(request: Request, title: str, body: Markup) -> Response:
    return render_page(request, "training_page.html", {"title": title, "body": body})


def _write_events(database: Database, events: list[AuditEvent]) -> None:
    with database.transaction() as tx:
        log = SessionAuditLog(tx)
        for event in events:
            log.record(event)


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebRefusal)
    async def refusal(request: Request, error: WebRefusal) -> Response:
        pending = getattr(request.state, "pending_refusals", None)
        if pending:  # the route's transaction rolled back; the refusal itself must still be on record
            request.state.pending_refusals = []
            await run_in_threadpool(_write_events, request.app.state.services.database, pending)
        if _is_api(request):
            return JSONResponse({"detail": error.message}, status_code=error.status_code)
        if isinstance(error, SignInRequired):
            return RedirectResponse("/login?expired=1" if error.expired else "/login", status_code=303)
        return _error_page(request, error.status_code, error.message)

    @app.exception_handler(BadInput)
    async def bad_input(request: Request, error: BadInput) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": str(error)}, status_code=400)
        return _error_page(request, 400, str(error))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        problems = [
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in error.errors()
        ]
        if _is_api(request):
            return JSONResponse({"detail": problems}, status_code=422)
        return _error_page(request, 400, "; ".join(problems))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if _is_api(request):
            return JSONResponse(
                {"detail": error.detail}, status_code=error.status_code, headers=error.headers
            )
        return _error_page(request, error.status_code, str(error.detail))


def _install_middleware(app: FastAPI) -> None:
    @app.middleware("http")
    async def security(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        nonce = request.cookies.get(CSRF_COOKIE)
        fresh = None
        if not nonce or len(nonce) > 64:
            fresh = CsrfTokens.new_nonce()
            request.state.csrf_nonce = fresh
        response = await call_next(request)
        if fresh is not None:
            # Not Secure on plain http (127.0.0.1 during development); Secure whenever the request came over TLS.
            response.set_cookie(
                CSRF_COOKIE,
                fresh,
                httponly=True,
                samesite="lax",
                secure=request.url.scheme == "https",
                path="/",
            )
        headers = response.headers
        headers.setdefault("Content-Security-Policy", _CSP)
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        headers["X-Frame-Options"] = "DENY"
        if not request.url.path.startswith("/static/"):
            headers.setdefault("Cache-Control", "no-store")
        return response


def create_app(
    settings: WebSettings,
    *,
    database: Database | None = None,
    clock: Clock | None = None,
    board_clock: Clock | None = None,
    training: TrainingRecords | None = None,
    system: System | None = None,
    evidence: EvidenceSource | None = None,
) -> FastAPI:
    """Build the web application; `clock` is the wall clock unless a test passes another.

    `training` is the briefings' completion service (default: over this database's
    `training_completions` table with the packaged catalog). `system` runs people's acts (default: the
    agencies with no simulated officer, `flow.default_system`), at the board clock's instant; `evidence`
    draws LESC's match pictures (default: from the stored templates, `match_evidence.StoredEvidence`).
    """
    database = database or open_database(settings.database_url)
    clock = clock or SystemClock()
    board_clock = board_clock or clock
    passwords = Passwords(settings.password_parameters)
    services = WebServices(
        settings=settings,
        database=database,
        clock=clock,
        board_clock=board_clock,
        accounts=Accounts(database, settings, passwords),
        sessions=SessionStore(database, settings),
        csrf=CsrfTokens(load_or_create_key(database, at=clock.now())),
        templates=make_templates(),
        rights=RightsCatalog(),
        flow=FlowGateway(database, clock=clock, world_clock=board_clock, system=system),
        evidence=evidence or StoredEvidence(database),
    )
    app = FastAPI(
        title="securecomm",
        version=__version__,
        description="Secure Communities reference implementation (synthetic data only): the JSON API.",
        docs_url=None,  # the interactive docs load scripts from a CDN; the OpenAPI document is enough
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.services = services
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(
        training_router(
            records=training or sql_training_records(database, clock),
            current_user=current_principal,
            csrf_token=csrf_token_for,
            page=_training_page,
        )
    )
    _install_handlers(app)
    _install_middleware(app)
    route_permissions(app)  # raises UnguardedRoute before anything is served
    return app
