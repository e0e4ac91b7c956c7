"""What the web layer refuses, as exceptions the app turns into pages (HTML) or JSON (under /api).

* SignInRequired  -> a page redirects to /login (303), the API answers 401
* Forbidden       -> 403: the route is not for this role
* OutOfScope      -> 404: the record is outside the account's scope (indistinguishable from "no such record")
* NotFound        -> 404: no such record
* CsrfRefused     -> 403: a state-changing request without a valid CSRF token; nothing was changed
* FormError       -> 400: a form field is wrong (a BadInput naming the field); the form is shown again
"""

from __future__ import annotations

from securecomm.errors import BadInput, SecurecommError

__all__ = [
    "CsrfRefused",
    "Forbidden",
    "FormError",
    "NotFound",
    "OutOfScope",
    "SignInRequired",
    "WebRefusal",
]


class WebRefusal(SecurecommError):
    """A request the web layer answers with a refusal instead of the resource."""

    status_code = 400

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class SignInRequired(WebRefusal):
    status_code = 401

    def __init__(self, message: str = "sign in required", *, expired: bool = False) -> None:
        self.expired = expired
        super().__init__(message)


class Forbidden(WebRefusal):
    status_code = 403


class CsrfRefused(WebRefusal):
    status_code = 403

    def __init__(self) -> None:
        super().__init__(
            "this form expired or did not come from this site (missing or invalid CSRF token); "
            "nothing was changed: reload the page and try again"
        )


class NotFound(WebRefusal):
    status_code = 404


class OutOfScope(NotFound):
    """Answered exactly like NotFound, so a record's existence outside one's scope is not revealed."""

    def __init__(self, message: str = "not found") -> None:
        super().__init__(message)


class FormError(BadInput):
    """A form field is wrong; `where` names the field so the page can mark it."""
