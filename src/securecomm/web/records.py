"""The queries behind the pages and the API, each bounded by a page size and by the caller's scope.

Routes call these inside their own transaction, so the audit events for what they show commit with the
read (no audit, no answer).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from securecomm.storage.agency_tables import BookingRow, CaseRow, DetainerRow, LescResponseRow
from securecomm.storage.tables import JurisdictionRow
from securecomm.web.schemas import OversightRowOut

__all__ = [
    "Paged",
    "active_detainers",
    "bookings_of",
    "cases_of",
    "iaq_responses",
    "jurisdictions",
    "oversight_rows",
    "states",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Paged(Generic[T]):
    items: Sequence[T]
    page: int
    page_size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def _paged(tx: Session, query: Any, page: int, size: int) -> tuple[list[Any], int]:
    total = tx.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = list(tx.execute(query.limit(size).offset((page - 1) * size)).all())
    return rows, total


def states(tx: Session) -> list[str]:
    return list(tx.scalars(select(JurisdictionRow.state).distinct().order_by(JurisdictionRow.state)))


def jurisdictions(tx: Session, *, state: str | None, page: int, size: int) -> Paged[JurisdictionRow]:
    query = select(JurisdictionRow).order_by(JurisdictionRow.state, JurisdictionRow.name)
    if state:
        query = query.where(JurisdictionRow.state == state)
    rows, total = _paged(tx, query, page, size)
    return Paged([r[0] for r in rows], page, size, total)


def bookings_of(tx: Session, fips: str, *, page: int, size: int) -> Paged[BookingRow]:
    query = select(BookingRow).where(BookingRow.fips == fips).order_by(BookingRow.booked_at.desc())
    rows, total = _paged(tx, query, page, size)
    return Paged([r[0] for r in rows], page, size, total)


def active_detainers(tx: Session, fips: str, *, limit: int) -> list[tuple[DetainerRow, Any]]:
    """The jail's hold board: detainers not yet ended, the nearest deadline first (none last), each with
    the booked person as the jail recorded them."""
    query = (
        select(DetainerRow, BookingRow.subject)
        .join(BookingRow, BookingRow.booking_id == DetainerRow.booking_id, isouter=True)
        .where(DetainerRow.fips == fips, DetainerRow.ended_at.is_(None))
        .order_by(DetainerRow.deadline_at.is_(None), DetainerRow.deadline_at, DetainerRow.issued_at)
        .limit(limit)
    )
    return [(row, subject) for row, subject in tx.execute(query)]


def cases_of(tx: Session, aor: str, *, page: int, size: int) -> Paged[CaseRow]:
    query = select(CaseRow).where(CaseRow.aor == aor).order_by(CaseRow.opened_at.desc())
    rows, total = _paged(tx, query, page, size)
    return Paged([r[0] for r in rows], page, size, total)


def iaq_responses(tx: Session, *, page: int, size: int) -> Paged[tuple[LescResponseRow, str | None]]:
    """LESC's answered IAQs, newest first, each with the booking's county."""
    query = (
        select(LescResponseRow, BookingRow.fips)
        .join(BookingRow, BookingRow.booking_id == LescResponseRow.booking_id, isouter=True)
        .order_by(LescResponseRow.received_at.desc())
    )
    rows, total = _paged(tx, query, page, size)
    return Paged([(r[0], r[1]) for r in rows], page, size, total)


def oversight_rows(tx: Session, *, state: str | None, page: int, size: int) -> Paged[OversightRowOut]:
    """Per jurisdiction: its program settings and how many bookings, cases and open detainers it has.

    Counts only, never a person: this is what the CRCL and DOJ oversight roles see.
    """
    bookings = select(BookingRow.fips, func.count().label("n")).group_by(BookingRow.fips).subquery()
    cases = select(CaseRow.fips, func.count().label("n")).group_by(CaseRow.fips).subquery()
    holds = (
        select(DetainerRow.fips, func.count().label("n"))
        .where(DetainerRow.ended_at.is_(None))
        .group_by(DetainerRow.fips)
        .subquery()
    )
    query = (
        select(
            JurisdictionRow,
            func.coalesce(bookings.c.n, 0),
            func.coalesce(cases.c.n, 0),
            func.coalesce(holds.c.n, 0),
        )
        .join(bookings, bookings.c.fips == JurisdictionRow.fips, isouter=True)
        .join(cases, cases.c.fips == JurisdictionRow.fips, isouter=True)
        .join(holds, holds.c.fips == JurisdictionRow.fips, isouter=True)
        .order_by(func.coalesce(bookings.c.n, 0).desc(), JurisdictionRow.state, JurisdictionRow.name)
    )
    if state:
        query = query.where(JurisdictionRow.state == state)
    rows, total = _paged(tx, query, page, size)
    items = [
        OversightRowOut(
            fips=j.fips,
            name=j.name,
            state=j.state,
            aor=j.aor,
            activated_on=j.activated_on,
            receives_idr=j.receives_idr,
            has_287g=j.has_287g,
            bookings=int(b),
            cases=int(c),
            active_detainers=int(h),
        )
        for j, b, c, h in rows
    ]
    return Paged(items, page, size, total)
