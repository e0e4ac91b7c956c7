"""The routers, one per area; `create_app` includes them all (and checks each route's guard)."""

from __future__ import annotations

from fastapi import APIRouter

from securecomm.web import complaint_routes, oversight_routes
from securecomm.web.routes import (
    admin,
    auth,
    ero_actions,
    field_office,
    home,
    jail,
    jail_actions,
    lesc,
    lesc_views,
    oversight,
    public,
)

__all__ = ["ROUTERS"]

ROUTERS: tuple[APIRouter, ...] = (
    public.router,
    public.api,
    auth.router,
    home.router,
    home.api,
    admin.router,
    admin.api,
    jail.router,
    jail.api,
    field_office.router,
    field_office.api,
    lesc.router,
    lesc.api,
    oversight.router,
    oversight.api,
    ero_actions.router,
    ero_actions.api,
    jail_actions.router,
    jail_actions.api,
    lesc_views.router,
    lesc_views.api,
    complaint_routes.router,  # the complaint system (issue 8): public form, CRCL, DOJ, ERO, jail pages and API
    oversight_routes.router,  # quarterly monitoring: public statistics, CRCL's and DOJ's packages and referrals
)
