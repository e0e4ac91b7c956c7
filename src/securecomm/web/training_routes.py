"""The training briefings on the web: public pages, a public JSON API, and the knowledge-check form.

Built by `training_router(...)` against a small interface, so the app wires it without this module
knowing the app's internals:

* `records`: a `TrainingRecords` service (for the database: `sql_training_records(database, clock)`);
* `current_user`: a FastAPI dependency, used once by every route, returning the signed-in account or None.
  The account needs only `username` (the officer's user id) and `scope` (county FIPS, AOR, or None for
  national roles); the app's `Principal` has both. The dependency must also refuse a POST whose CSRF token
  is invalid, as the app's guards do; the form carries the token in the field named `csrf_field`;
* `csrf_token(request)`: the token to put in that hidden field;
* optional `page(request, title, body_html)`: wraps a page body in the site's layout (default: a small
  standalone page); bodies link the training stylesheet the router serves at `/training/static/training.css`.

Routes: `/training`, `/training/{module}`, `/training/{module}/{audience}/{kind}`, `/training/{module}/check`
(GET form, POST grade and record), `/training/progress` (signed in), `/training/agencies/{agency}`; JSON under
`/api/training/`: `modules`, `modules/{module}`, `modules/{module}/{audience}/{kind}`, `agencies`,
`agencies/{agency}` (aggregate counts only; who completed what is shown only to the officer).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any, Protocol

import jinja2
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from pydantic import BaseModel

from securecomm.clock import Clock
from securecomm.storage.db import Database
from securecomm.storage.training_records import RecordedVia, SqlTrainingRecords, recorded_via
from securecomm.training import (
    AgencySummary,
    AnswerError,
    Catalog,
    Material,
    Module,
    TrainingRecords,
    UnknownTrainingItem,
    parse_agency,
    render_material,
    stylesheet,
)
from securecomm.training.errors import AgencyError

__all__ = ["Officer", "PageRenderer", "sql_training_records", "training_router"]

STYLESHEET_PATH = "/training/static/training.css"


class Officer(Protocol):
    """What the router needs to know about the signed-in account."""

    @property
    def username(self) -> str: ...

    @property
    def scope(self) -> str | None: ...


PageRenderer = Callable[[Request, str, Markup], Response]


def sql_training_records(database: Database, clock: Clock, catalog: Catalog | None = None) -> TrainingRecords:
    """The service over the database's `training_completions` table (revision 0003)."""
    from securecomm.training import default_catalog

    return TrainingRecords(SqlTrainingRecords(database), catalog=catalog or default_catalog(), clock=clock)


# --- JSON shapes ---------------------------------------------------------------------------------------


class SourceOut(BaseModel):
    id: str
    title: str
    publisher: str
    href: str
    kind: str
    issued_on: date | None


class MaterialRefOut(BaseModel):
    audience: str
    kind: str
    title: str
    summary: str
    page: str
    api: str


class ModuleOut(BaseModel):
    id: str
    title: str
    full_title: str
    version: str | None
    topic: str
    order: int
    program_status: str
    summary: str
    as_of: date
    digest: str
    questions: int
    pass_needs: int
    materials: list[MaterialRefOut]


class ChoiceOut(BaseModel):
    key: str
    text: str


class QuestionOut(BaseModel):
    id: str
    prompt: str
    choices: list[ChoiceOut]


class ModuleDetailOut(ModuleOut):
    knowledge_check: list[QuestionOut]
    sources: list[SourceOut]


class MaterialOut(BaseModel):
    module_id: str
    audience: str
    kind: str
    title: str
    summary: str
    reviewed_on: date
    runtime_seconds: int | None
    checklist_items: int
    markdown: str
    html: str
    sources: list[SourceOut]


class ModuleTallyOut(BaseModel):
    module_id: str
    front_line: int
    commander: int
    officers: int
    last_completed_at: datetime | None


class AgencySummaryOut(BaseModel):
    agency: str
    kind: str
    officers: int
    completions: int
    modules: list[ModuleTallyOut]


def _links(module: Module, material: Material) -> tuple[str, str]:
    tail = f"{module.id}/{material.audience.value}/{material.kind.value}"
    return f"/training/{tail}", f"/api/training/modules/{tail}"


def _module_out(module: Module) -> dict[str, Any]:
    return {
        "id": module.id,
        "title": module.title,
        "full_title": module.full_title,
        "version": module.version,
        "topic": module.topic,
        "order": module.order,
        "program_status": module.program_status.value,
        "summary": module.summary,
        "as_of": module.as_of,
        "digest": module.digest,
        "questions": len(module.knowledge_check.questions),
        "pass_needs": module.knowledge_check.needed,
        "materials": [
            MaterialRefOut(
                audience=m.audience, kind=m.kind, title=m.title, summary=m.summary, page=page, api=api
            )
            for m in module.materials
            for page, api in [_links(module, m)]
        ],
    }


def _sources_out(material_sources: Sequence[Any]) -> list[SourceOut]:
    return [SourceOut.model_validate(source, from_attributes=True) for source in material_sources]


def _summary_out(summary: AgencySummary) -> AgencySummaryOut:
    return AgencySummaryOut(
        agency=summary.agency.code,
        kind=summary.agency.kind.value,
        officers=summary.officers,
        completions=summary.completions,
        modules=[ModuleTallyOut.model_validate(t, from_attributes=True) for t in summary.modules],
    )


# --- pages ---------------------------------------------------------------------------------------------


@cache
def _templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("securecomm.training", "templates/web"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _default_page(request: Request, title: str, body: Markup, status_code: int = 200) -> Response:
    html = _templates().get_template("page.html").render(title=title, body=body)
    return HTMLResponse(html, status_code=status_code)


def _not_found(error: UnknownTrainingItem | AgencyError) -> HTTPException:
    return HTTPException(status_code=404, detail=str(error))


def training_router(
    *,
    records: TrainingRecords,
    current_user: Callable[..., Any],
    csrf_token: Callable[[Request], str],
    page: PageRenderer | None = None,
    csrf_field: str = "csrf_token",
    login_path: str = "/login",
) -> APIRouter:
    """The router for the briefing series; see the module docstring for the interface."""
    catalog = records.catalog
    render_page = page or _default_page
    router = APIRouter()
    signed_in = Depends(current_user)  # used once by every route: the app's guard sees one dependency

    def show(request: Request, title: str, template: str, status_code: int = 200, **values: Any) -> Response:
        body = Markup(_templates().get_template(template).render(stylesheet=STYLESHEET_PATH, **values))
        response = render_page(request, title, body)
        response.status_code = status_code
        return response

    def module_or_404(module_id: str) -> Module:
        try:
            return catalog.module(module_id)
        except UnknownTrainingItem as error:
            raise _not_found(error) from None

    def material_or_404(module_id: str, audience: str, kind: str) -> Material:
        try:
            return catalog.material(module_id, audience, kind)
        except UnknownTrainingItem as error:
            raise _not_found(error) from None

    @router.get(STYLESHEET_PATH, include_in_schema=False)
    def training_css(user: Officer | None = signed_in) -> Response:
        return Response(stylesheet(), media_type="text/css")

    @router.get("/training", include_in_schema=False)
    def series(request: Request, user: Officer | None = signed_in) -> Response:
        return show(request, "Training briefings", "index.html", topics=catalog.topics(), user=user)

    @router.get("/training/progress", include_in_schema=False)
    def progress(request: Request, user: Officer | None = signed_in) -> Response:
        if user is None:
            return RedirectResponse(f"{login_path}?next=/training/progress", status_code=303)
        agency = parse_agency(user.scope, where="account scope")
        mine = records.completions_for(user.username)
        return show(
            request,
            "My training",
            "progress.html",
            user=user,
            completions=mine,
            summary=records.summary(agency),
            catalog=catalog,
            catalog_ids={m.id for m in catalog.modules},
        )

    @router.get("/training/agencies/{agency}", include_in_schema=False)
    def agency_page(request: Request, agency: str, user: Officer | None = signed_in) -> Response:
        try:
            summary = records.summary(parse_agency(agency))
        except AgencyError as error:
            raise _not_found(error) from None
        return show(
            request,
            f"Training completion: {summary.agency.code}",
            "agency.html",
            summary=summary,
            catalog=catalog,
        )

    @router.get("/training/{module_id}", include_in_schema=False)
    def module_page(request: Request, module_id: str, user: Officer | None = signed_in) -> Response:
        module = module_or_404(module_id)
        return show(request, module.full_title, "module.html", module=module)

    @router.get("/training/{module_id}/check", include_in_schema=False)
    def check_form(
        request: Request, module_id: str, user: Officer | None = signed_in, audience: str = "front-line"
    ) -> Response:
        module = module_or_404(module_id)
        return show(
            request,
            f"Knowledge check: {module.full_title}",
            "check.html",
            module=module,
            user=user,
            audience=audience,
            chosen={},
            error=None,
            csrf_field=csrf_field,
            csrf_token=csrf_token(request) if user is not None else "",
            login_path=login_path,
        )

    @router.post("/training/{module_id}/check", include_in_schema=False)
    async def check_submit(request: Request, module_id: str, user: Officer | None = signed_in) -> Response:
        module = module_or_404(module_id)
        if user is None:
            return RedirectResponse(f"{login_path}?next=/training/{module.id}/check", status_code=303)
        form = await request.form()
        audience = str(form.get("audience") or "")
        answers = {key[2:]: str(value) for key, value in form.items() if key.startswith("q-")}
        # a pass is stored with its audit event (training:completion:recorded): from where, through what
        via = RecordedVia(request.client.host if request.client else "unknown", f"POST {request.url.path}")
        try:
            with recorded_via(via):
                submission = records.submit(
                    module.id,
                    user_id=user.username,
                    agency=parse_agency(user.scope, where="account scope"),
                    audience=audience,
                    answers=answers,
                )
        except (AnswerError, UnknownTrainingItem) as error:
            return show(
                request,
                f"Knowledge check: {module.full_title}",
                "check.html",
                status_code=400,
                module=module,
                user=user,
                audience=audience or "front-line",
                chosen=answers,
                error=str(error),
                csrf_field=csrf_field,
                csrf_token=csrf_token(request),
                login_path=login_path,
            )
        return show(
            request, f"Result: {module.full_title}", "result.html", module=module, submission=submission
        )

    @router.get("/training/{module_id}/{audience}/{kind}", include_in_schema=False)
    def material_page(
        request: Request, module_id: str, audience: str, kind: str, user: Officer | None = signed_in
    ) -> Response:
        module = module_or_404(module_id)
        material = material_or_404(module_id, audience, kind)
        return show(
            request,
            material.title,
            "material.html",
            module=module,
            material=material,
            body=Markup(render_material(material)),  # markdown-it escapes raw HTML (html is off)
        )

    # --- JSON ------------------------------------------------------------------------------------------

    @router.get("/api/training/modules", response_model=list[ModuleOut], tags=["training"])
    def api_modules(user: Officer | None = signed_in) -> list[ModuleOut]:
        return [ModuleOut(**_module_out(m)) for m in catalog.modules]

    @router.get(
        "/api/training/modules/{module_id}",
        response_model=ModuleDetailOut,
        tags=["training"],
        responses={404: {"description": "no such module"}},
    )
    def api_module(module_id: str, user: Officer | None = signed_in) -> ModuleDetailOut:
        module = module_or_404(module_id)
        questions = [
            QuestionOut(
                id=q.id, prompt=q.prompt, choices=[ChoiceOut(key=c.key, text=c.text) for c in q.choices]
            )
            for q in module.knowledge_check.questions
        ]
        return ModuleDetailOut(
            **_module_out(module), knowledge_check=questions, sources=_sources_out(module.sources)
        )

    @router.get(
        "/api/training/modules/{module_id}/{audience}/{kind}",
        response_model=MaterialOut,
        tags=["training"],
        responses={404: {"description": "no such module, audience or material kind"}},
    )
    def api_material(
        module_id: str, audience: str, kind: str, user: Officer | None = signed_in
    ) -> MaterialOut:
        material = material_or_404(module_id, audience, kind)
        return MaterialOut(
            module_id=material.module_id,
            audience=material.audience.value,
            kind=material.kind.value,
            title=material.title,
            summary=material.summary,
            reviewed_on=material.reviewed_on,
            runtime_seconds=material.runtime_seconds,
            checklist_items=material.checklist_items,
            markdown=material.markdown,
            html=render_material(material),
            sources=_sources_out(material.sources),
        )

    @router.get("/api/training/agencies", response_model=list[AgencySummaryOut], tags=["training"])
    def api_agencies(user: Officer | None = signed_in) -> list[AgencySummaryOut]:
        return [_summary_out(s) for s in records.summaries()]

    @router.get(
        "/api/training/agencies/{agency}",
        response_model=AgencySummaryOut,
        tags=["training"],
        responses={404: {"description": "not an agency code"}},
    )
    def api_agency(agency: str, user: Officer | None = signed_in) -> AgencySummaryOut:
        try:
            return _summary_out(records.summary(parse_agency(agency)))
        except AgencyError as error:
            raise _not_found(error) from None

    return router
