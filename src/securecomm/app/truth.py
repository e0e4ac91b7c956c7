"""Ground-truth ports for a simulation: the authoritative citizenship records and the booked person.

In the synthetic world the authoritative records (birth records, certificates of naturalization and
of citizenship, passport records) are complete, while IDENT may miss a naturalization or a derived
citizenship: that gap is the failure mode the verification safeguard closes.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from securecomm.agencies.ports import CitizenshipFinding
from securecomm.agencies.subject import SubjectFacts
from securecomm.storage.agency_tables import TruthBookingRow, TruthPersonRow
from securecomm.storage.db import Database

__all__ = ["SqlCitizenshipRecords", "SqlSubjectTruth"]

_BASIS = {
    "usc_birth": "birth record: born in the United States",
    "usc_naturalised": "certificate of naturalization",
    "usc_derived": "derived citizenship: a parent naturalized while the person was a minor LPR",
}


def _person(session: Session, booking_id: str) -> TruthPersonRow:
    link = session.get(TruthBookingRow, booking_id)
    if link is None:
        raise LookupError(f"no ground truth for booking {booking_id}")
    person = session.get(TruthPersonRow, link.person_id)
    if person is None:
        raise LookupError(f"no ground truth for person {link.person_id}")
    return person


class SqlCitizenshipRecords:
    """The records a verification consults, read within the delivering transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def verify(self, booking_id: str) -> CitizenshipFinding:
        person = _person(self.session, booking_id)
        if person.is_citizen:
            return CitizenshipFinding(True, _BASIS.get(person.true_status, "citizenship record"))
        return CitizenshipFinding(
            False, "no birth, naturalization or citizenship record in the United States"
        )


class SqlSubjectTruth:
    """Who a booked person really is, for the simulated person's own choices."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def facts(self, booking_id: str) -> SubjectFacts:
        with self.database.read() as session:  # called inside a delivery: never wait for the write lock
            person = _person(session, booking_id)
            return SubjectFacts(
                is_citizen=person.is_citizen, derived_citizen=person.true_status == "usc_derived"
            )
