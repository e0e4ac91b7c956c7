"""The web application: role pages and a JSON API over the program's database (FastAPI + Jinja2 + htmx).

`create_app(WebSettings(database_url=...))` builds it. Access is decided in one place (`policy`), every
route declares a guard (`deps.Require` / `deps.Public`), and every read of a person's record is an
audit event in the hash chain. See docs/web.md.
"""

from securecomm.web.app import create_app, route_permissions
from securecomm.web.settings import WebSettings

__all__ = ["WebSettings", "create_app", "route_permissions"]
