"""The quarterly monitoring on the web: public statistics, the quarterly packages and the referral workflow.

Thin, like every router here: parse, call `securecomm.oversight` over `storage.oversight_records`, render.

* Public (`Public()`): `/statistics` (page), `/api/public/statistics` (JSON) and
  `/api/public/statistics/{name}.csv` — removals and IDENT matches by level and fiscal year, computed from
  the database on each request, small cells suppressed, methodology stated. No person is in them.
* CRCL and the DOJ liaison (`oversight:aggregates`): the delivered packages (what was delivered, by whom,
  when; flags with evidence and complaint counts; results CSV) and the referrals — the DOJ liaison sees
  only those CRCL referred to DOJ; a referral in any other state answers 404 to DOJ.
* CRCL only: delivering a quarter's package, and every act on a referral. The guard is
  `oversight:review`, which the policy grants to CRCL alone; each act is an audited act
  (`oversight:referral:<action>`, `oversight:package:delivered`) written in the transaction that stores it.

Mount with `app.include_router(oversight_routes.router)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, Depends, Query
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates

from securecomm.complaints.monitoring import count_complaints
from securecomm.errors import BadInput, IllegalTransition
from securecomm.oversight.delivery import deliver_package
from securecomm.oversight.effectiveness import LEVEL_NAMES
from securecomm.oversight.errors import UnknownReferral
from securecomm.oversight.from_db import DEFINITIONS
from securecomm.oversight.package import build_package, check_quarter
from securecomm.oversight.ports import PackageRecord
from securecomm.oversight.public import SUPPRESSED, PublicTable, methodology, public_tables, table_csv
from securecomm.oversight.quarters import Quarter, QuarterFormatError
from securecomm.oversight.referral import TRANSITIONS, Referral, ReferralState
from securecomm.oversight.referral_desk import ACTS, parse_action
from securecomm.oversight.report_tables import count_text, pct
from securecomm.oversight.suppression import suppress
from securecomm.rules import RuleSet, load_ruleset
from securecomm.storage import oversight_records as records
from securecomm.storage.audit_log import SessionAuditLog
from securecomm.storage.complaint_queries import linked_complaints
from securecomm.storage.tables import JurisdictionRow
from securecomm.web.csrf import CSRF_FIELD
from securecomm.web.deps import Ctx, Public, Require
from securecomm.web.errors import NotFound
from securecomm.web.policy import Permission, decide
from securecomm.web.rendering import make_templates

__all__ = ["router"]

TEMPLATES = jinja2.PackageLoader("securecomm.oversight", "templates/web")  # pages extending base.html
PublicCtx = Annotated[Ctx, Depends(Public())]
ReaderCtx = Annotated[Ctx, Depends(Require(Permission.OVERSIGHT_AGGREGATES))]
CrclCtx = Annotated[Ctx, Depends(Require(Permission.OVERSIGHT_REVIEW))]  # CRCL alone holds it
PageNumber = Annotated[int, Query(ge=1, le=100_000, description="1-based page number")]
StateFilter = Annotated[str | None, Query(max_length=24, description="referral state")]

pages = APIRouter(include_in_schema=False)
api = APIRouter(tags=["oversight"])


@cache
def _templates() -> Jinja2Templates:
    site = make_templates()
    site.env.loader = jinja2.ChoiceLoader([TEMPLATES, site.env.loader]) if site.env.loader else TEMPLATES
    site.env.filters["count"] = lambda n: "–" if n is None else count_text(int(n))  # 1-10 shown as <11
    site.env.filters["share"] = lambda v: pct(None if v is None else float(v))
    return site


@cache
def _ruleset() -> RuleSet:
    return load_ruleset()


def _render(ctx: Ctx, template: str, context: Mapping[str, Any], *, status: int = 200) -> Response:
    values = {
        "principal": ctx.principal,
        "csrf_token": ctx.csrf_token,
        "csrf_field": CSRF_FIELD,
        "lang": "en",
        "dir": "ltr",
        **context,
    }
    return _templates().TemplateResponse(ctx.request, template, values, status_code=status)


def _is_crcl(ctx: Ctx) -> bool:
    """Whether the account reviews (CRCL): the policy's `oversight:review`, as the acting routes' guard."""
    return decide(ctx.principal, Permission.OVERSIGHT_REVIEW).allowed


# -- public statistics -----------------------------------------------------------------------------------------


EMPTY_TABLES = (
    ("removals_by_level_and_fiscal_year", "Removals by level and fiscal year"),
    ("matches_by_level_and_fiscal_year", "IDENT matches by level and fiscal year"),
)


def _statistics(ctx: Ctx) -> list[PublicTable]:
    with ctx.services.database.transaction() as tx:
        counts = records.flow_counts_from(tx, ruleset=_ruleset(), matched_only=True)
    tables = public_tables(counts.table, by_jurisdiction=False)
    if not tables:  # nothing matched yet: the same tables, with zero totals, so their addresses always answer
        empty = suppress([], row_labels=[], column_labels=LEVEL_NAMES)
        tables = [PublicTable(name, title, empty, "fiscal year") for name, title in EMPTY_TABLES]
    return tables


def _table_json(table: PublicTable) -> dict[str, Any]:
    t = table.table
    return {
        "name": table.name,
        "title": table.title,
        "csv": f"/api/public/statistics/{table.name}.csv",
        "columns": list(t.column_labels),
        "rows": [
            {"label": label, "values": [t.published(i, j) for j in range(len(t.column_labels))]}
            for i, label in enumerate(t.row_labels)
        ],
    }


@pages.get("/statistics")
async def statistics_page(ctx: PublicCtx) -> Response:
    tables = await run_in_threadpool(_statistics, ctx)
    context = {
        "tables": tables,
        "methodology": methodology(),
        "definitions": DEFINITIONS,
        "suppressed": SUPPRESSED,
    }
    return _render(ctx, "oversight_statistics.html", context)


@api.get("/api/public/statistics")
async def statistics_api(ctx: PublicCtx) -> dict[str, Any]:
    """Removals and IDENT matches by level and fiscal year; suppressed cells are null."""
    tables = await run_in_threadpool(_statistics, ctx)
    return {
        "methodology": methodology(),
        "definitions": DEFINITIONS,
        "suppressed": "null (a count from 1 to 10, or one that would reveal such a count)",
        "tables": [_table_json(t) for t in tables],
    }


@api.get("/api/public/statistics/{name}.csv", response_class=Response)
async def statistics_csv(ctx: PublicCtx, name: str) -> Response:
    """One public table as CSV (suppressed cells as S)."""
    tables = {t.name: t for t in await run_in_threadpool(_statistics, ctx)}
    if name not in tables:
        raise NotFound(f"no public table {name!r}; the tables are {', '.join(sorted(tables)) or 'none yet'}")
    table = tables[name]
    return Response(
        table_csv(table.table, corner=table.corner),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


# -- quarterly packages --------------------------------------------------------------------------------------


def _quarter(text: str) -> Quarter:
    try:
        return Quarter.parse(text)
    except QuarterFormatError:
        raise NotFound(f"no package for {text!r}") from None


def _package(ctx: Ctx, quarter: str, version: int | None) -> PackageRecord:
    with ctx.services.database.transaction() as tx:
        found = records.package(tx, str(_quarter(quarter)), version)
    if found is None:
        raise NotFound(f"no package delivered for {quarter}")
    return found


def _packages_context(ctx: Ctx) -> dict[str, Any]:
    with ctx.services.database.transaction() as tx:
        delivered = records.packages(tx)
        span = records.booking_span(tx)
    quarters: list[str] = []
    if span is not None:
        q, last = Quarter.of(span[0]), Quarter.of(span[1])
        while q <= last:
            quarters.append(str(q))
            q = q.next()
    return {"packages": delivered, "quarters": quarters[::-1], "can_deliver": _is_crcl(ctx), "error": None}


@pages.get("/oversight/packages")
async def packages_page(ctx: ReaderCtx) -> Response:
    return _render(ctx, "oversight_packages.html", await run_in_threadpool(_packages_context, ctx))


def _deliver(ctx: Ctx, quarter: str, note: str) -> str:
    try:
        wanted = Quarter.parse(quarter)
    except QuarterFormatError as error:
        raise BadInput(str(error), where="quarter") from None
    with ctx.services.database.transaction() as tx:
        check_quarter(wanted, records.booking_span(tx))
        counts = records.flow_counts_from(tx, ruleset=_ruleset(), through=wanted)
        package = build_package(counts, wanted)
        deliver_package(
            package, packages=records.SqlPackages(tx), referrals=records.desk(tx), audit=SessionAuditLog(tx),
            actor=ctx.actor, at=ctx.now, note=note, origin=ctx.address,
        )  # fmt: skip
    return str(wanted)


@pages.post("/oversight/packages")
async def deliver_page(ctx: CrclCtx) -> Response:
    form = await ctx.request.form()
    quarter, note = str(form.get("quarter") or ""), str(form.get("note") or "")
    try:
        done = await run_in_threadpool(_deliver, ctx, quarter, note)
    except BadInput as error:
        context = await run_in_threadpool(_packages_context, ctx)
        return _render(ctx, "oversight_packages.html", {**context, "error": str(error)}, status=400)
    return RedirectResponse(f"/oversight/packages/{done}", status_code=303)


@pages.get("/oversight/packages/{quarter}")
async def package_page(
    ctx: ReaderCtx, quarter: str, version: Annotated[int | None, Query(ge=1)] = None
) -> Response:
    found = await run_in_threadpool(_package, ctx, quarter, version)
    return _render(ctx, "oversight_package.html", {"package": found, "summary": found.summary})


@pages.get("/oversight/packages/{quarter}/results.csv")
async def package_results(
    ctx: ReaderCtx, quarter: str, version: Annotated[int | None, Query(ge=1)] = None
) -> Response:
    found = await run_in_threadpool(_package, ctx, quarter, version)
    return Response(
        found.results_csv,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="results-{found.quarter}-v{found.version}.csv"'
        },
    )


def _package_json(record: PackageRecord, *, full: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "package_id": record.package_id,
        "quarter": record.quarter,
        "version": record.version,
        "recipient": record.recipient,
        "delivered_at": record.delivered_at.isoformat(),
        "delivered_by": record.delivered_by,
        "note": record.note,
        "tested": record.tested,
        "flagged": record.flagged,
        "sha256": record.sha256,
    }
    if full:
        out["summary"] = record.summary
    return out


@api.get("/api/oversight/packages")
async def packages_api(ctx: ReaderCtx) -> dict[str, Any]:
    """The delivered quarterly packages, newest first."""
    context = await run_in_threadpool(_packages_context, ctx)
    return {"items": [_package_json(p, full=False) for p in context["packages"]]}


@api.get("/api/oversight/packages/{quarter}")
async def package_api(
    ctx: ReaderCtx, quarter: str, version: Annotated[int | None, Query(ge=1)] = None
) -> dict[str, Any]:
    """One quarter's package as delivered (its latest version unless `version` is given)."""
    return _package_json(await run_in_threadpool(_package, ctx, quarter, version), full=True)


# -- referrals --------------------------------------------------------------------------------------------------


def _visible_states(ctx: Ctx) -> tuple[ReferralState, ...] | None:
    """CRCL sees every referral; the DOJ liaison those CRCL referred to DOJ."""
    return None if _is_crcl(ctx) else (ReferralState.REFERRED_TO_DOJ,)


def _referrals(ctx: Ctx, state: str | None, page: int) -> records.ReferralPage:
    visible = _visible_states(ctx)
    wanted = visible
    if state:
        try:
            chosen = ReferralState(state)
        except ValueError:
            raise BadInput(f"{state!r} is not a referral state", where="state") from None
        wanted = (chosen,) if visible is None or chosen in visible else ()
    with ctx.services.database.transaction() as tx:
        return records.referral_page(tx, states=wanted, page=page, size=ctx.services.settings.page_size)


def _referral(ctx: Ctx, referral_id: str) -> dict[str, Any]:
    with ctx.services.database.transaction() as tx:
        try:
            referral = records.desk(tx).get(referral_id)
        except UnknownReferral:
            raise NotFound("no such referral") from None
        visible = _visible_states(ctx)
        if visible is not None and referral.state not in visible:
            raise NotFound("no such referral")  # only what CRCL referred to DOJ
        county = tx.get(JurisdictionRow, referral.jurisdiction)
        complaints = [
            c
            for c in count_complaints(linked_complaints(tx))
            if c.jurisdiction == referral.jurisdiction and str(c.quarter) == referral.quarter
        ]
    allowed = [a for a in ACTS if (referral.state, a) in TRANSITIONS] if _is_crcl(ctx) else []
    return {
        "referral": referral,
        "allowed": allowed,
        "aor": county.aor if county else "",
        "county": county.name if county else "",
        "complaints": complaints[0].complaints if complaints else 0,
        "complaints_crcl": complaints[0].complaints_crcl if complaints else 0,
        "error": None,
    }


def _referral_json(referral: Referral) -> dict[str, Any]:
    return {"fips": referral.jurisdiction, **referral.to_json()}  # records carry their county as "fips"


@pages.get("/oversight/referrals")
async def referrals_page(ctx: ReaderCtx, page: PageNumber = 1, state: StateFilter = None) -> Response:
    found = await run_in_threadpool(_referrals, ctx, state, page)
    states = [s.value for s in (_visible_states(ctx) or tuple(ReferralState))]
    return _render(ctx, "oversight_referrals.html", {"found": found, "state": state or "", "states": states})


@pages.get("/oversight/referrals/{referral_id}")
async def referral_page(ctx: ReaderCtx, referral_id: str) -> Response:
    return _render(ctx, "oversight_referral.html", await run_in_threadpool(_referral, ctx, referral_id))


def _act(ctx: Ctx, referral_id: str, action: str, fields: Mapping[str, str]) -> None:
    step = parse_action(action)
    complaints = fields.get("complaints", "").strip()
    if complaints and not complaints.isdigit():
        raise BadInput(f"{complaints!r} is not a whole number >= 0", where="complaints")
    with ctx.services.database.transaction() as tx:
        records.desk(tx).act(
            referral_id, step, actor=ctx.actor, at=ctx.now, reason=fields.get("reason", ""),
            complaints=int(complaints) if complaints else None, field_office=fields.get("field_office") or None,
            origin=ctx.address,
        )  # fmt: skip


@pages.post("/oversight/referrals/{referral_id}/acts/{action}")
async def referral_act(ctx: CrclCtx, referral_id: str, action: str) -> Response:
    form = await ctx.request.form()
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    try:
        await run_in_threadpool(_act, ctx, referral_id, action, fields)
    except UnknownReferral:
        raise NotFound("no such referral") from None
    except (BadInput, IllegalTransition) as error:
        context = await run_in_threadpool(_referral, ctx, referral_id)
        return _render(ctx, "oversight_referral.html", {**context, "error": str(error)}, status=400)
    return RedirectResponse(f"/oversight/referrals/{referral_id}#acts", status_code=303)


@api.get("/api/oversight/referrals")
async def referrals_api(ctx: ReaderCtx, page: PageNumber = 1, state: StateFilter = None) -> dict[str, Any]:
    """Referrals of flagged jurisdictions with their acts (DOJ: those referred to DOJ only)."""
    found = await run_in_threadpool(_referrals, ctx, state, page)
    items = [_referral_json(r) for r in found.items]
    return {"items": items, "page": found.page, "page_size": found.page_size, "total": found.total}


@api.get("/api/oversight/referrals/{referral_id}")
async def referral_api(ctx: ReaderCtx, referral_id: str) -> dict[str, Any]:
    return _referral_json((await run_in_threadpool(_referral, ctx, referral_id))["referral"])


router = APIRouter()
router.include_router(pages)
router.include_router(api)
