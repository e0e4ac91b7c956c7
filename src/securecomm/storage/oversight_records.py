"""The monitoring's side of the database: facts read from the booking flow, and the workflow's own records.

Reading: `flow_counts_from(tx, ruleset=..., through=...)` turns the flow's tables (bookings, IDENT
searches, cases with their advice, detainers, decisions, jurisdictions) and the complaints' links into
`oversight.from_db.flow_counts`, streaming bookings so a large database is read in batches. Local dates
come from each facility's (or county's) time zone.

Writing: `SqlReferrals` and `SqlPackages` implement the oversight ports in the caller's transaction, so a
referral act, its row and its audit event commit together; `desk(tx)` wires them with the audit log.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from securecomm.complaints.monitoring import count_complaints
from securecomm.oversight.from_db import (
    BookingFact,
    ChargeFact,
    DetainerFact,
    FlowCounts,
    JurisdictionFact,
    OutcomeFact,
    flow_counts,
)
from securecomm.oversight.ports import PackageRecord
from securecomm.oversight.quarters import Quarter
from securecomm.oversight.referral import Referral, ReferralAct, ReferralAction, ReferralState
from securecomm.oversight.referral_desk import ReferralDesk
from securecomm.rules import OffenseClass
from securecomm.rules.offense_levels import ConvictionLevel
from securecomm.rules.ruleset import RuleSet
from securecomm.storage.agency_tables import BookingRow, CaseRow, DecisionRow, DetainerRow, IdentSearchRow
from securecomm.storage.audit_log import SessionAuditLog
from securecomm.storage.complaint_queries import linked_complaints
from securecomm.storage.oversight_tables import (
    OversightPackageRow,
    OversightReferralActRow,
    OversightReferralRow,
)
from securecomm.storage.tables import JurisdictionRow

__all__ = [
    "ReferralPage",
    "SqlPackages",
    "SqlReferrals",
    "booking_facts",
    "booking_span",
    "desk",
    "flow_counts_from",
    "package",
    "packages",
    "referral_page",
]

BATCH = 5000


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _local(at: datetime, zone: str) -> date:
    return at.astimezone(_zone(zone)).date()


def _conviction(advice: Any) -> ConvictionLevel | None:
    value = advice.get("conviction_level") if isinstance(advice, dict) else None
    try:
        return ConvictionLevel(value) if value else None
    except ValueError:
        return None


def _charges(raw: Any) -> tuple[ChargeFact, ...]:
    out = []
    for charge in raw or ():
        kind = charge.get("offense_class")
        out.append(
            ChargeFact(str(charge["ncic"]), OffenseClass(kind) if kind else None, bool(charge.get("traffic")))
        )
    return tuple(out)


def _before(through: Quarter | None) -> datetime | None:
    """An instant after every local date of `through` (a day's margin for time zones), for SQL filters."""
    if through is None:
        return None
    first = through.next().first_day
    return datetime(first.year, first.month, first.day, tzinfo=UTC) + timedelta(days=1)


def booking_span(tx: Session) -> tuple[date, date] | None:
    """The first and last booking date (UTC), or None when the database holds no booking."""
    span = tx.execute(select(func.min(BookingRow.booked_at), func.max(BookingRow.booked_at))).one()
    first: datetime | None = span[0]  # None on an empty table, whatever the column's type says
    last: datetime | None = span[1]
    if first is None or last is None:
        return None
    return first.date(), last.date()


def jurisdiction_facts(tx: Session) -> list[JurisdictionFact]:
    rows = tx.scalars(select(JurisdictionRow).order_by(JurisdictionRow.fips))
    return [JurisdictionFact(r.fips, r.name, r.state, r.aor, r.activated_on) for r in rows]


def booking_facts(
    tx: Session, *, through: Quarter | None = None, matched_only: bool = False
) -> Iterator[BookingFact]:
    """Every booking (or every matched one), with whether IDENT searched and matched it, in batches."""
    query = (
        select(
            BookingRow.fips,
            BookingRow.booked_at,
            BookingRow.facility_tz,
            BookingRow.charges,
            IdentSearchRow.booking_id,
            IdentSearchRow.fin,
            CaseRow.advice,
        )
        .outerjoin(IdentSearchRow, IdentSearchRow.booking_id == BookingRow.booking_id)
        .outerjoin(CaseRow, CaseRow.booking_id == BookingRow.booking_id)
    )
    if matched_only:
        query = query.where(IdentSearchRow.fin.is_not(None))
    before = _before(through)
    if before is not None:
        query = query.where(BookingRow.booked_at < before)
    for fips, booked_at, tz, charges, searched, fin, advice in tx.execute(
        query.execution_options(yield_per=BATCH)
    ):
        yield BookingFact(
            fips=fips,
            booked_on=_local(booked_at, tz),
            charged_on=booked_at.date(),  # the field office levels the charges on this date (UTC)
            charges=_charges(charges),
            forwarded=searched is not None,
            matched=fin is not None,
            conviction_level=_conviction(advice) if fin is not None else None,
        )


def detainer_facts(tx: Session, *, through: Quarter | None = None) -> Iterator[DetainerFact]:
    query = select(DetainerRow.fips, DetainerRow.issued_at, DetainerRow.facility_tz)
    before = _before(through)
    if before is not None:
        query = query.where(DetainerRow.issued_at < before)
    for fips, issued_at, tz in tx.execute(query.execution_options(yield_per=BATCH)):
        yield DetainerFact(fips, _local(issued_at, tz))


def outcome_facts(tx: Session, *, through: Quarter | None = None) -> Iterator[OutcomeFact]:
    query = (
        select(
            DecisionRow.case_id,
            DecisionRow.kind,
            DecisionRow.at,
            CaseRow.fips,
            CaseRow.advice,
            JurisdictionRow.tz,
        )
        .join(CaseRow, CaseRow.case_id == DecisionRow.case_id)
        .outerjoin(JurisdictionRow, JurisdictionRow.fips == CaseRow.fips)
    )
    before = _before(through)
    if before is not None:
        query = query.where(DecisionRow.at < before)
    for case_id, kind, at, fips, advice, tz in tx.execute(query.execution_options(yield_per=BATCH)):
        yield OutcomeFact(case_id, fips, _local(at, tz or "UTC"), kind, _conviction(advice))


def flow_counts_from(
    tx: Session, *, ruleset: RuleSet, through: Quarter | None = None, matched_only: bool = False
) -> FlowCounts:
    """The counts table of the database up to `through`, with its complaint counts beside.

    `matched_only` reads matched bookings only (enough for the tables of matches and removals, much less
    to read); the arrest columns then count matched bookings, so use it only for those tables.
    """
    return flow_counts(
        jurisdiction_facts(tx),
        booking_facts(tx, through=through, matched_only=matched_only),
        detainer_facts(tx, through=through),
        outcome_facts(tx, through=through),
        ruleset=ruleset,
        complaints=count_complaints(linked_complaints(tx)),
        through=through,
    )


# -- the referral workflow and the delivered packages --------------------------------------------------------


def _referral(row: OversightReferralRow, acts: list[OversightReferralActRow]) -> Referral:
    return Referral(
        referral_id=row.referral_id,
        jurisdiction=row.jurisdiction,
        quarter=row.quarter,
        measure=row.measure,
        evidence=row.evidence,
        acts=tuple(
            ReferralAct(
                action=ReferralAction(a.action),
                actor=a.actor,
                at=a.at,
                reason=a.reason,
                from_state=ReferralState(a.from_state) if a.from_state else None,
                to_state=ReferralState(a.to_state),
                details=tuple(sorted((str(k), str(v)) for k, v in (a.details or {}).items())),
            )
            for a in acts
        ),
    )


def _act_row(referral: Referral) -> OversightReferralActRow:
    act = referral.acts[-1]
    return OversightReferralActRow(
        referral_id=referral.referral_id,
        seq=len(referral.acts),
        action=act.action.value,
        actor=act.actor,
        at=act.at,
        reason=act.reason,
        from_state=None if act.from_state is None else act.from_state.value,
        to_state=act.to_state.value,
        details=dict(act.details),
    )


class SqlReferrals:
    """`oversight.ports.ReferralStore` over the database, in the caller's transaction."""

    def __init__(self, tx: Session) -> None:
        self.tx = tx

    def get(self, referral_id: str) -> Referral | None:
        row = self.tx.get(OversightReferralRow, referral_id, with_for_update=True)
        if row is None:
            return None
        acts = self.tx.scalars(
            select(OversightReferralActRow)
            .where(OversightReferralActRow.referral_id == referral_id)
            .order_by(OversightReferralActRow.seq)
        ).all()
        return _referral(row, list(acts))

    def add(self, referral: Referral, *, package_id: str | None) -> bool:
        if self.tx.get(OversightReferralRow, referral.referral_id) is not None:
            return False
        at = referral.acts[-1].at
        self.tx.add(
            OversightReferralRow(
                referral_id=referral.referral_id,
                jurisdiction=referral.jurisdiction,
                quarter=referral.quarter,
                measure=referral.measure,
                evidence=referral.evidence,
                state=referral.state.value,
                package_id=package_id,
                opened_at=at,
                updated_at=at,
            )
        )
        self.tx.flush()  # the act's foreign key needs the referral row first
        self.tx.add(_act_row(referral))
        return True

    def append(self, referral: Referral) -> None:
        row = self.tx.get(OversightReferralRow, referral.referral_id)
        if row is None:
            raise LookupError(f"referral {referral.referral_id} is not stored; open it first")
        row.state = referral.state.value
        row.updated_at = referral.acts[-1].at
        self.tx.add(_act_row(referral))


class SqlPackages:
    """`oversight.ports.PackageStore` over the database, in the caller's transaction."""

    def __init__(self, tx: Session) -> None:
        self.tx = tx

    def next_version(self, quarter: str) -> int:
        latest = self.tx.scalar(
            select(func.max(OversightPackageRow.version)).where(OversightPackageRow.quarter == quarter)
        )
        return (latest or 0) + 1

    def add(self, record: PackageRecord) -> None:
        self.tx.add(
            OversightPackageRow(
                package_id=record.package_id,
                quarter=record.quarter,
                version=record.version,
                recipient=record.recipient,
                delivered_at=record.delivered_at,
                delivered_by=record.delivered_by,
                note=record.note,
                tested=record.tested,
                flagged=record.flagged,
                summary=record.summary,
                results_csv=record.results_csv,
                sha256=record.sha256,
            )
        )


def desk(tx: Session) -> ReferralDesk:
    """The referral desk over this transaction, writing its audit events into the same transaction."""
    return ReferralDesk(SqlReferrals(tx), SessionAuditLog(tx))


def _record(row: OversightPackageRow) -> PackageRecord:
    return PackageRecord(
        package_id=row.package_id,
        quarter=row.quarter,
        version=row.version,
        recipient=row.recipient,
        delivered_at=row.delivered_at,
        delivered_by=row.delivered_by,
        note=row.note,
        tested=row.tested,
        flagged=row.flagged,
        summary=row.summary,
        results_csv=row.results_csv,
        sha256=row.sha256,
    )


def packages(tx: Session, *, limit: int = 200) -> list[PackageRecord]:
    """Delivered packages, newest quarter and version first."""
    rows = tx.scalars(
        select(OversightPackageRow)
        .order_by(OversightPackageRow.quarter.desc(), OversightPackageRow.version.desc())
        .limit(limit)
    )
    return [_record(row) for row in rows]


def package(tx: Session, quarter: str, version: int | None = None) -> PackageRecord | None:
    """A quarter's package: the given version, or its latest delivery."""
    query = select(OversightPackageRow).where(OversightPackageRow.quarter == quarter)
    if version is not None:
        query = query.where(OversightPackageRow.version == version)
    row = tx.scalars(query.order_by(OversightPackageRow.version.desc()).limit(1)).first()
    return None if row is None else _record(row)


@dataclass(frozen=True, slots=True)
class ReferralPage:
    items: tuple[Referral, ...]
    page: int
    page_size: int
    total: int


def referral_page(
    tx: Session, *, states: tuple[ReferralState, ...] | None = None, page: int = 1, size: int = 100
) -> ReferralPage:
    """Referrals (of the given states), most recently changed first, one page at a time."""
    query = select(OversightReferralRow)
    count = select(func.count()).select_from(OversightReferralRow)
    if states is not None:
        values = [s.value for s in states]
        query = query.where(OversightReferralRow.state.in_(values))
        count = count.where(OversightReferralRow.state.in_(values))
    rows = tx.scalars(
        query.order_by(OversightReferralRow.updated_at.desc(), OversightReferralRow.referral_id)
        .offset((page - 1) * size)
        .limit(size)
    ).all()
    acts: dict[str, list[OversightReferralActRow]] = {row.referral_id: [] for row in rows}
    if rows:
        for act in tx.scalars(
            select(OversightReferralActRow)
            .where(OversightReferralActRow.referral_id.in_(list(acts)))
            .order_by(OversightReferralActRow.referral_id, OversightReferralActRow.seq)
        ):
            acts[act.referral_id].append(act)
    return ReferralPage(
        items=tuple(_referral(row, acts[row.referral_id]) for row in rows),
        page=page,
        page_size=size,
        total=int(tx.scalar(count) or 0),
    )
