"""What the monitoring's services need from storage: referrals with their acts, and delivered packages.

`securecomm.storage.oversight_records` implements both over the database, in the caller's transaction, so
a referral act, its row and its audit event commit together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from securecomm.oversight.referral import Referral

__all__ = ["PackageRecord", "PackageStore", "ReferralStore"]


class ReferralStore(Protocol):
    def get(self, referral_id: str) -> Referral | None:
        """The referral with every act so far (locked for update until the transaction ends)."""
        ...

    def add(self, referral: Referral, *, package_id: str | None) -> bool:
        """Store a new referral with its opening act; False (and nothing stored) when it already exists."""
        ...

    def append(self, referral: Referral) -> None:
        """Store the referral's newest act and its new state."""
        ...


@dataclass(frozen=True, slots=True)
class PackageRecord:
    """The record that the package for a quarter was delivered: to whom, by whom, when, and what it said."""

    package_id: str
    quarter: str
    version: int
    recipient: str
    delivered_at: datetime
    delivered_by: str
    note: str
    tested: int
    flagged: int
    summary: dict[str, Any]
    results_csv: str
    sha256: str


class PackageStore(Protocol):
    def next_version(self, quarter: str) -> int:
        """1 for a quarter never delivered, else one more than its latest delivery."""
        ...

    def add(self, record: PackageRecord) -> None: ...
