"""Who is asking: the roles of the web application and the scope an account acts over.

A jail account is scoped to one county (its FIPS code), a field-office account to one Area of
Responsibility; the national roles (LESC, CRCL, DOJ liaison, administrator) have no scope. Nobody signed
in is the public.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from securecomm.errors import BadInput

__all__ = ["Principal", "Role", "ScopeKind", "normalise_scope", "normalise_username", "parse_role"]


class ScopeKind(StrEnum):
    NONE = "none"
    FIPS = "fips"
    AOR = "aor"


class Role(StrEnum):
    """The roles of an account; the public has no account and no role."""

    ADMIN = "admin"
    LESC = "lesc"
    CRCL = "crcl"
    DOJ = "doj"
    JAIL = "jail"
    ERO = "ero"

    @property
    def scope_kind(self) -> ScopeKind:
        return {Role.JAIL: ScopeKind.FIPS, Role.ERO: ScopeKind.AOR}.get(self, ScopeKind.NONE)

    @property
    def display(self) -> str:
        return _TITLES[self]


_TITLES = {
    Role.ADMIN: "Administrator",
    Role.LESC: "Law Enforcement Support Center",
    Role.CRCL: "CRCL analyst",
    Role.DOJ: "DOJ liaison",
    Role.JAIL: "Jail",
    Role.ERO: "ERO field office",
}

_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_AOR = re.compile(r"[A-Z]{3}")


def parse_role(text: str, *, where: str = "--role") -> Role:
    """The role named by `text`, or BadInput listing the roles that exist."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise BadInput(f"unknown role {text!r} (roles: {known})", where=where) from None


def normalise_username(text: str, *, where: str = "--name") -> str:
    """A username as stored: letters, digits, '.', '_' and '-', at most 64 characters.

    Case is kept as given (`ero-HOU`) and ignored when signing in and when checking for duplicates.
    """
    name = text.strip()
    if not _USERNAME.fullmatch(name):
        raise BadInput(
            f"{text!r} is not a username (1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit)",
            where=where,
        )
    return name


def normalise_scope(role: Role, scope: str | None, *, where: str = "--scope") -> str | None:
    """The scope as stored for `role`: a FIPS zero-padded to 5 digits, an AOR as 3 capitals, or None.

    >>> normalise_scope(Role.JAIL, "1001")
    '01001'
    >>> normalise_scope(Role.ERO, "hou")
    'HOU'
    """
    kind = role.scope_kind
    text = (scope or "").strip()
    if kind is ScopeKind.NONE:
        if text:
            raise BadInput(
                f"the {role.value} role is national and takes no scope (got {scope!r})", where=where
            )
        return None
    if not text:
        wanted = "a county FIPS code (e.g. 48201)" if kind is ScopeKind.FIPS else "an AOR code (e.g. HOU)"
        raise BadInput(f"the {role.value} role needs {wanted}", where=where)
    if kind is ScopeKind.FIPS:
        if not text.isdigit() or len(text) > 5:
            raise BadInput(f"{scope!r} is not a county FIPS code (up to 5 digits, e.g. 48201)", where=where)
        return text.zfill(5)
    upper = text.upper()
    if not _AOR.fullmatch(upper):
        raise BadInput(f"{scope!r} is not an AOR code (3 letters, e.g. HOU)", where=where)
    return upper


@dataclass(frozen=True, slots=True)
class Principal:
    """A signed-in account as the access policy sees it."""

    username: str
    role: Role
    scope: str | None = None

    def __post_init__(self) -> None:
        if (self.role.scope_kind is ScopeKind.NONE) != (self.scope is None):
            raise ValueError(f"{self.username}: role {self.role.value} with scope {self.scope!r}")

    @property
    def label(self) -> str:
        return f"{self.role.display} {self.scope}" if self.scope else self.role.display
