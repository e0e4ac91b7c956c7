"""The demo accounts: one per role, a jail account per county and a field-office account per AOR.

`admin`, `lesc`, `crcl`, `doj`, `jail-<FIPS>` for each county in the jurisdictions table (FIPS
zero-padded to 5) and `ero-<AOR>` for each AOR there (3 letters). All share the one password given, so
the password is hashed once (argon2id with the strong default parameters) and the same hash is stored for
each: ~3,300 accounts take about a second instead of an hour, and the shared hash tells an attacker
nothing the shared password does not. Re-running resets every demo account's password, role and scope,
re-enables it and ends its sessions. One audit event records the run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update

from securecomm.audit import AuditEvent, EventTag
from securecomm.storage.audit_log import SessionAuditLog
from securecomm.storage.db import Database
from securecomm.storage.tables import JurisdictionRow
from securecomm.storage.web_tables import UserRow, WebSessionRow
from securecomm.web.passwords import Passwords
from securecomm.web.roles import Role

__all__ = ["DemoAccounts", "demo_account_plan", "set_demo_accounts"]


@dataclass(frozen=True, slots=True)
class DemoAccounts:
    created: int
    reset: int
    jails: int
    field_offices: int

    @property
    def total(self) -> int:
        return self.created + self.reset


def demo_account_plan(counties: list[tuple[str, str]]) -> dict[str, tuple[Role, str | None]]:
    """username -> (role, scope) for the given (FIPS, AOR) pairs.

    >>> sorted(demo_account_plan([("1001", "nol")]).items())[:3]
    [('admin', (<Role.ADMIN: 'admin'>, None)), ('crcl', (<Role.CRCL: 'crcl'>, None)), ('doj', (<Role.DOJ: 'doj'>, None))]
    >>> demo_account_plan([("1001", "nol")])["jail-01001"]
    (<Role.JAIL: 'jail'>, '01001')
    """
    plan: dict[str, tuple[Role, str | None]] = {
        "admin": (Role.ADMIN, None),
        "lesc": (Role.LESC, None),
        "crcl": (Role.CRCL, None),
        "doj": (Role.DOJ, None),
    }
    for fips, aor in sorted(counties):
        padded = fips.zfill(5)
        plan[f"jail-{padded}"] = (Role.JAIL, padded)
        plan[f"ero-{aor.upper()}"] = (Role.ERO, aor.upper())
    return plan


def set_demo_accounts(
    database: Database, passwords: Passwords, password: str, *, at: datetime, actor: str, origin: str
) -> DemoAccounts:
    passwords.check_new(password, where="--password-stdin")
    hashed = passwords.hash(password)
    with database.transaction() as tx:
        counties = [(f, a) for f, a in tx.execute(select(JurisdictionRow.fips, JurisdictionRow.aor))]
        plan = demo_account_plan(counties)
        # Names are unique ignoring case: an `ero-hou` made by hand is the demo's `ero-HOU`, renamed.
        existing = {name.lower(): name for name in tx.scalars(select(UserRow.username))}
        new = [name for name in plan if name.lower() not in existing]
        old = [name for name in plan if name.lower() in existing]
        for name in old:
            if existing[name.lower()] != name:
                tx.execute(
                    update(UserRow).where(UserRow.username == existing[name.lower()]).values(username=name)
                )
        if new:
            tx.execute(
                insert(UserRow),
                [
                    {"username": n, "role": plan[n][0].value, "scope": plan[n][1], "password_hash": hashed,
                     "created_at": at, "password_set_at": at, "disabled": False}
                    for n in new
                ],
            )  # fmt: skip
        if old:  # ORM bulk UPDATE by primary key: one executemany, not one statement per account
            tx.execute(
                update(UserRow),
                [
                    {"username": n, "role": plan[n][0].value, "scope": plan[n][1], "password_hash": hashed,
                     "password_set_at": at, "disabled": False}
                    for n in old
                ],
            )  # fmt: skip
        if old:
            tx.execute(delete(WebSessionRow).where(WebSessionRow.username.in_(old)))
        result = DemoAccounts(
            created=len(new),
            reset=len(old),
            jails=sum(1 for r, _ in plan.values() if r is Role.JAIL),
            field_offices=sum(1 for r, _ in plan.values() if r is Role.ERO),
        )
        SessionAuditLog(tx).record(
            AuditEvent(
                tag=EventTag.ACCOUNTS_DEMO_SET,
                at=at,
                actor=actor,
                subject_type="accounts",
                subject_id="demo-accounts",
                origin=origin,
                data={
                    "created": result.created,
                    "reset": result.reset,
                    "jails": result.jails,
                    "field_offices": result.field_offices,
                },
            )
        )
    return result
