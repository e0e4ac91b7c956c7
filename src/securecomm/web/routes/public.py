"""Pages and API endpoints for everyone: the start page, "your rights", health and version.

The training briefings' public pages come from `training_routes` (wired in `create_app`)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text
from starlette.responses import Response

from securecomm import __version__
from securecomm.complaints.translations import strings as complaint_strings
from securecomm.storage.migrate import current_revision
from securecomm.web.errors import NotFound
from securecomm.web.rights import UnknownLanguage
from securecomm.web.routes._common import PublicCtx
from securecomm.web.schemas import (
    HealthOut,
    ReferenceOut,
    RightsLanguageOut,
    RightsOut,
    RightsSectionOut,
    VersionOut,
)

__all__ = ["api", "router"]

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["public"])


@router.get("/")
def index(ctx: PublicCtx) -> Response:
    return ctx.render("index.html", {"languages": ctx.services.rights.languages})


@router.get("/rights")
def rights_index(ctx: PublicCtx) -> Response:
    return ctx.render("rights_index.html", {"languages": ctx.services.rights.languages})


@router.get("/rights/{lang}")
def rights(ctx: PublicCtx, lang: str) -> Response:
    catalog = ctx.services.rights
    try:
        page = catalog.page(lang)
    except UnknownLanguage as error:
        raise NotFound(str(error)) from None
    return ctx.render(
        "rights.html",
        {
            "page": page,
            "complaint_link": complaint_strings(page.lang).text("page.title"),  # the form's own title
            "languages": catalog.languages,
            "references": catalog.references,
            "lang": page.lang,
            "dir": page.dir,
        },
    )


@api.get("/health", response_model=HealthOut)
def health(ctx: PublicCtx) -> HealthOut:
    with ctx.services.database.transaction() as tx:
        tx.execute(text("SELECT 1"))
    return HealthOut(status="ok")


@api.get("/version", response_model=VersionOut)
def version(ctx: PublicCtx) -> VersionOut:
    return VersionOut(version=__version__, schema_revision=current_revision(ctx.services.database))


@api.get("/public/rights", response_model=list[RightsLanguageOut])
def rights_languages(ctx: PublicCtx) -> list[RightsLanguageOut]:
    return [RightsLanguageOut(lang=c, name=n, dir=d) for c, n, d in ctx.services.rights.languages]


@api.get(
    "/public/rights/{lang}", response_model=RightsOut, responses={404: {"description": "no such language"}}
)
def rights_text(ctx: PublicCtx, lang: str) -> RightsOut:
    catalog = ctx.services.rights
    try:
        page = catalog.page(lang)
    except UnknownLanguage as error:
        raise NotFound(str(error)) from None
    return RightsOut(
        lang=page.lang,
        dir=page.dir,
        language_name=page.language_name,
        title=page.title,
        lede=page.lede,
        sections=[RightsSectionOut(heading=h, text=t) for h, t in page.plain_sections],
        translation_note=page.translation_note,
        references=[
            ReferenceOut(title=r["title"], href=r.get("href"), kind=r.get("kind")) for r in catalog.references
        ],
    )
