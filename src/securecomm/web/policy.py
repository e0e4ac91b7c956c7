"""The access policy: the one place that answers "may this user do X on a record of jurisdiction F / AOR A".

Every route names the permission it needs (see `deps.Require`); the app refuses to start if a route
names none. The answers a person sees:

* no account, and the permission is not public  -> sign in first (a page redirects, the API answers 401);
* the role lacks the permission                 -> 403, the route is not for this role;
* the role has it, the record is outside scope  -> 404, exactly as if the record did not exist,
  so a jail cannot even learn that another jail holds someone.

Field-level redaction is part of the same policy: `PROTECTED_FIELDS` names the fields of a record kind
that need an extra permission (a complainant's identity is CRCL's alone), and `redact` replaces them for
everyone else. Pages and API responses pass records through `redact` before they leave the server.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from securecomm.web.roles import Principal, Role, ScopeKind

__all__ = [
    "GRANTS",
    "PROTECTED_FIELDS",
    "REDACTED",
    "Decision",
    "Outcome",
    "Permission",
    "ProtectedField",
    "RecordScope",
    "decide",
    "redact",
]


class Permission(StrEnum):
    """What a route or a field needs. Scoped permissions are checked against the record's FIPS / AOR."""

    PUBLIC = "public"
    SIGNED_IN = "signed_in"
    ADMIN_JURISDICTIONS = "admin:jurisdictions"
    ADMIN_USERS = "admin:users"
    JAIL_RECORDS = "jail:records"
    CASE_RECORDS = "ero:cases"
    IAQ_RESPONSES = "lesc:iaq_responses"
    OVERSIGHT_AGGREGATES = "oversight:aggregates"
    OVERSIGHT_REVIEW = "oversight:review"  # deliver a quarter's package, act on a referral (CRCL)
    COMPLAINANT_IDENTITY = "complaints:complainant_identity"  # a field: who complained (redact)
    COMPLAINTS_MANAGE = "complaints:manage"  # CRCL's complaint pages: the queue, intake, acts, letters
    COMPLAINTS_REFERRALS = "complaints:referrals"  # complaints referred to DOJ, redacted; DOJ's answer


# Least privilege: each role gets what its own work needs and nothing else. The administrator manages
# jurisdictions and accounts but reads no person's record; CRCL and DOJ see aggregates, not people.
# Each kind of work has its own permission even where one role holds several, so a route says what it
# is for and a grant can change without touching routes: CRCL reviews (packages, referrals), manages
# complaints and alone reads a complainant's identity; the DOJ liaison reads what CRCL referred to it
# (as CRCL, who referred it, may) and answers.
GRANTS: Mapping[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset({Permission.SIGNED_IN, Permission.ADMIN_JURISDICTIONS, Permission.ADMIN_USERS}),
    Role.JAIL: frozenset({Permission.SIGNED_IN, Permission.JAIL_RECORDS}),
    Role.ERO: frozenset({Permission.SIGNED_IN, Permission.CASE_RECORDS}),
    Role.LESC: frozenset({Permission.SIGNED_IN, Permission.IAQ_RESPONSES}),
    Role.CRCL: frozenset(
        {
            Permission.SIGNED_IN,
            Permission.OVERSIGHT_AGGREGATES,
            Permission.OVERSIGHT_REVIEW,
            Permission.COMPLAINANT_IDENTITY,
            Permission.COMPLAINTS_MANAGE,
            Permission.COMPLAINTS_REFERRALS,
        }
    ),
    Role.DOJ: frozenset(
        {Permission.SIGNED_IN, Permission.OVERSIGHT_AGGREGATES, Permission.COMPLAINTS_REFERRALS}
    ),
}


class Outcome(StrEnum):
    ALLOW = "allow"
    SIGN_IN = "sign_in"  # no account: a page sends the person to /login, the API answers 401
    FORBIDDEN = "forbidden"  # 403: the role may not use this route at all
    NOT_FOUND = "not_found"  # 404: the record is outside the account's scope


@dataclass(frozen=True, slots=True)
class Decision:
    outcome: Outcome
    reason: str

    @property
    def allowed(self) -> bool:
        return self.outcome is Outcome.ALLOW


@dataclass(frozen=True, slots=True)
class RecordScope:
    """Where a record belongs: its county and the AOR that covers it (either may be unknown)."""

    fips: str | None = None
    aor: str | None = None


def decide(
    principal: Principal | None, permission: Permission, record: RecordScope | None = None
) -> Decision:
    """May `principal` use `permission` (on `record`, when one is given)?

    >>> jail = Principal("jail-48201", Role.JAIL, "48201")
    >>> decide(jail, Permission.JAIL_RECORDS, RecordScope(fips="48201")).outcome
    <Outcome.ALLOW: 'allow'>
    >>> decide(jail, Permission.JAIL_RECORDS, RecordScope(fips="48113")).outcome
    <Outcome.NOT_FOUND: 'not_found'>
    >>> decide(jail, Permission.CASE_RECORDS).outcome
    <Outcome.FORBIDDEN: 'forbidden'>
    """
    if permission is Permission.PUBLIC:
        return Decision(Outcome.ALLOW, "public")
    if principal is None:
        return Decision(Outcome.SIGN_IN, "sign in first")
    if permission not in GRANTS[principal.role]:
        return Decision(
            Outcome.FORBIDDEN, f"the {principal.role.value} role has no {permission.value} permission"
        )
    if record is None:
        return Decision(Outcome.ALLOW, f"{principal.role.value} has {permission.value}")
    kind = principal.role.scope_kind
    if kind is ScopeKind.NONE:
        return Decision(Outcome.ALLOW, f"{principal.role.value} is national")
    held = record.fips if kind is ScopeKind.FIPS else record.aor
    if held is not None and held == principal.scope:
        return Decision(Outcome.ALLOW, f"record is in {kind.value} {principal.scope}")
    return Decision(Outcome.NOT_FOUND, f"record is outside {kind.value} {principal.scope}")


@dataclass(frozen=True, slots=True)
class ProtectedField:
    """A field of a record kind that only holders of `permission` may read."""

    record_kind: str
    field: str
    permission: Permission
    why: str


_COMPLAINANT = "a complainant's identity is shared only with CRCL (retaliation risk; consent governs sharing)"

PROTECTED_FIELDS: tuple[ProtectedField, ...] = tuple(
    ProtectedField("complaint", name, Permission.COMPLAINANT_IDENTITY, _COMPLAINANT)
    for name in (
        "complainant_name",
        "complainant_date_of_birth",
        "complainant_a_number",
        "complainant_address",
        "complainant_phone",
        "complainant_email",
    )
)

REDACTED = "[redacted]"


def redact(principal: Principal | None, record_kind: str, record: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of `record` with every protected field the principal may not read replaced by REDACTED.

    >>> analyst = Principal("doj", Role.DOJ)
    >>> redact(analyst, "complaint", {"complainant_name": "A. Person", "summary": "held 5 days"})
    {'complainant_name': '[redacted]', 'summary': 'held 5 days'}
    """
    out = dict(record)
    for protected in PROTECTED_FIELDS:
        if protected.record_kind != record_kind or protected.field not in out:
            continue
        if not decide(principal, protected.permission).allowed:
            out[protected.field] = REDACTED
    return out
