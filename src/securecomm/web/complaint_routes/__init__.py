"""The complaint system on the web: the public form, receipt and status pages; CRCL's and DOJ's case pages;
the field office's protection board and the jail's retaliation reports; the JSON API beside them.

Thin, like every router here: parse, call a service of `securecomm.complaints`, render. Access follows the
access policy: the public form and status page are public (CSRF on every POST, rate limits, a cap on the
request's size checked before the body is read); CRCL's pages need `complaints:manage` (CRCL only) and show
the identity (`complaints:complainant_identity`, also CRCL's alone, governs the fields); the DOJ liaison's pages
need `complaints:referrals` and show redacted views;
the field office sees flags on its AOR's cases (never who complained or about what) and a jail only its own
county's retaliation reports. Every complaint, case or report shown is an audit event (`web:record:viewed`).

Mount with `app.include_router(complaint_routes.router)`; `router` holds the pages and the API.
"""

from __future__ import annotations

from fastapi import APIRouter

from securecomm.web.complaint_routes import api, field, public, staff
from securecomm.web.complaint_routes._common import MAX_INTAKE_BYTES

__all__ = ["MAX_INTAKE_BYTES", "router"]

router = APIRouter()
for _module in (public, staff, field, api):
    router.include_router(_module.pages)
    router.include_router(_module.api)
