"""Delivering the quarterly package to the DOJ liaison: a stored, audited record, and a referral per flag.

The program promised that each quarter's package reaches DOJ; the record says which package (quarter,
version, the SHA-256 of its JSON), to whom, by whom, when and with what note, and keeps the package's JSON
and results CSV so the liaison reads exactly what was delivered. Each flag of the package opens a referral
(`flagged`), whose opening act names the statistician who delivered it. One audit event records the
delivery and one each referral opened, all in the caller's transaction.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from securecomm.audit import AuditEvent, AuditSink, EventTag
from securecomm.clock import require_aware
from securecomm.ids import deterministic_id
from securecomm.oversight.errors import PackageInputError
from securecomm.oversight.package import QuarterlyPackage
from securecomm.oversight.ports import PackageRecord, PackageStore
from securecomm.oversight.referral import Referral
from securecomm.oversight.referral_desk import ReferralDesk
from securecomm.oversight.report_tables import results_csv

__all__ = ["RECIPIENT", "Delivery", "deliver_package", "summary_digest"]

RECIPIENT = "doj"  # the DOJ liaison role (securecomm.web.roles.Role.DOJ)


def summary_digest(summary: dict[str, object]) -> str:
    """SHA-256 of the package JSON in canonical form (sorted keys, no spaces), to check a copy against."""
    canonical = json.dumps(summary, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Delivery:
    record: PackageRecord
    opened: tuple[Referral, ...]  # referrals opened for this package's flags (not those already open)


def deliver_package(
    package: QuarterlyPackage,
    *,
    packages: PackageStore,
    referrals: ReferralDesk,
    audit: AuditSink,
    actor: str,
    at: datetime,
    note: str,
    origin: str | None = None,
) -> Delivery:
    """Record the delivery of `package` to the DOJ liaison and open a referral for each of its flags."""
    if not actor.strip():
        raise PackageInputError("the delivering statistician is required", where="actor")
    if not note.strip():
        raise PackageInputError("a note for the DOJ liaison is required (what this package is)", where="note")
    try:
        at = require_aware(at, name="at")
    except ValueError as error:
        raise PackageInputError(str(error), where="at") from None
    quarter = str(package.quarter)
    version = packages.next_version(quarter)
    summary = package.to_json()
    flags = (*package.analysis.flags, *package.analysis.demographic_flags)
    record = PackageRecord(
        package_id=deterministic_id("package", quarter, str(version)),
        quarter=quarter,
        version=version,
        recipient=RECIPIENT,
        delivered_at=at,
        delivered_by=actor.strip(),
        note=note.strip(),
        tested=package.analysis.tested,
        flagged=len(flags),
        summary=summary,
        results_csv=results_csv(package.analysis),
        sha256=summary_digest(summary),
    )
    packages.add(record)
    audit.record(
        AuditEvent(
            tag=EventTag.OVERSIGHT_PACKAGE_DELIVERED,
            at=at,
            actor=record.delivered_by,
            subject_type="oversight_package",
            subject_id=record.package_id,
            data={
                "quarter": quarter,
                "version": version,
                "recipient": RECIPIENT,
                "tested": record.tested,
                "flagged": record.flagged,
                "sha256": record.sha256,
            },
            origin=origin,
            reason=record.note,
        )
    )
    opened = []
    for flag in flags:
        referral = referrals.open(
            jurisdiction=flag.jurisdiction,
            quarter=flag.quarter,
            measure=flag.measure,
            evidence=flag.sentence,
            actor=record.delivered_by,
            at=at,
            package_id=record.package_id,
            origin=origin,
        )
        if referral is not None:
            opened.append(referral)
    return Delivery(record=record, opened=tuple(opened))
