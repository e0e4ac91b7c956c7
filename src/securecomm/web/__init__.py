"""The web application: role pages and a JSON API over the program's database (FastAPI + Jinja2 + htmx).

`create_app(WebSettings(database_url=...))` builds it. Access is decided in one place (`policy`), every
route declares a guard (`deps.Require` / `deps.Public`), and every read of a person's record is an
audit event in the hash chain. See docs/web.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["WebSettings", "create_app", "route_permissions"]

if TYPE_CHECKING:
    from securecomm.web.app import create_app, route_permissions
    from securecomm.web.settings import WebSettings


def __getattr__(name: str) -> Any:
    # Lazy, so the CLI's account commands do not pay for importing FastAPI.
    if name in ("create_app", "route_permissions"):
        from securecomm.web import app

        return getattr(app, name)
    if name == "WebSettings":
        from securecomm.web.settings import WebSettings

        return WebSettings
    raise AttributeError(name)
