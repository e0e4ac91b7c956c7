"""Protection of complainants, witnesses and retaliation victims on ICE cases (domain.md §2.4).

When a complainant or witness of a CRCL complaint, or an arrestee the jail reports as a possible victim of
retaliation by a private actor, is linked to an open ICE case, the case carries a visible flag (it shows
that a protected person is linked, never who complained or about what) and removal may not proceed until a
supervisor records an override with a reason.

The field office's decision path calls `ProtectionService.requires_override(case_id)` before lodging a
detainer, issuing a Notice to Appear or any other removal step, and proceeds only when it answers
`required=False`; `record_override(...)` is the supervisor's recorded act. The answer is a value with its
reasons and sources, never a bare boolean.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from securecomm.audit import AuditSink
from securecomm.clock import Clock
from securecomm.complaints.errors import ProtectionError
from securecomm.complaints.model import Actor
from securecomm.complaints.ports import (
    CaseSnapshot,
    Override,
    PrivateActor,
    ProgramRecords,
    ProtectionBasis,
    ProtectionLink,
    ProtectionRepository,
    RetaliationReport,
)
from securecomm.complaints.protocol import Reference, protocol
from securecomm.complaints.tags import ComplaintTag, event

__all__ = ["MIN_REASON", "OverrideRequirement", "ProtectionService"]

MIN_REASON = 10  # characters: an override or a report needs a sentence, not a tick
_BASIS_WORDS = {
    ProtectionBasis.COMPLAINT_PARTY: "a protected person (complaint process) is linked",
    ProtectionBasis.RETALIATION_REPORT: "the jail reported possible retaliation by a private actor",
}


@dataclass(frozen=True, slots=True)
class OverrideRequirement:
    """Whether removal on a case needs a supervisory override first, and why."""

    case_id: str
    required: bool
    reasons: tuple[str, ...]
    references: tuple[Reference, ...]
    protected_since: datetime | None
    override: Override | None


class ProtectionService:
    """Protection links, the case flag, supervisory overrides and retaliation reports, on one transaction."""

    def __init__(
        self, program: ProgramRecords, repository: ProtectionRepository, audit: AuditSink, clock: Clock
    ) -> None:
        self.program = program
        self.repository = repository
        self.audit = audit
        self.clock = clock

    def _case(self, case_id: str) -> CaseSnapshot:
        case = self.program.case(case_id)
        if case is None:
            raise ProtectionError(f"no ICE case {case_id!r}; check the case id", where="case_id")
        return case

    def protect(
        self, *, booking_id: str, basis: ProtectionBasis, source_id: str, actor: Actor
    ) -> CaseSnapshot | None:
        """Link a protected person's booking; flag its ICE case when one is open. Returns the flagged case.

        A booking without a case yet is still recorded: `requires_override` finds the link through the booking
        when the case is opened later.
        """
        at = self.clock.now()
        case = self.program.case_for_booking(booking_id)
        case_id = case.case_id if case else None
        self.repository.add_protection(ProtectionLink(booking_id, case_id, basis, source_id, at, actor.name))
        self.audit.record(
            event(
                ComplaintTag.PROTECTION_LINKED,
                at=at,
                actor=actor,
                subject_type="booking",
                subject_id=booking_id,
                correlation_id=source_id,
                basis=basis.value,
                case_id=case_id,
            )
        )
        if case is None or not case.open:
            return None
        if not case.protected:
            self.program.flag_case(case.case_id)
        self.audit.record(
            event(
                ComplaintTag.CASE_FLAGGED,
                at=at,
                actor=actor,
                subject_type="case",
                subject_id=case.case_id,
                basis=basis.value,
                aor=case.aor,
            )
        )
        return case

    def requires_override(self, case_id: str) -> OverrideRequirement:
        """Must a supervisor record an override before removal proceeds on this case?"""
        case = self._case(case_id)
        links = self.repository.protections(case_id=case.case_id, booking_id=case.booking_id)
        rules = protocol().protection
        if not links and not case.protected:
            return OverrideRequirement(
                case_id, False, ("No protected person is linked to this case.",), (), None, None
            )
        since = max((link.linked_at for link in links), default=None)
        overrides = sorted(self.repository.overrides(case.case_id), key=lambda o: o.at)
        latest = overrides[-1] if overrides else None
        if latest is not None and (since is None or latest.at >= since):
            return OverrideRequirement(
                case_id,
                False,
                (f"Supervisory override recorded by {latest.supervisor} on {latest.at.date().isoformat()}: "
                 f"{latest.reason}",),
                rules.references,
                since,
                latest,
            )  # fmt: skip
        why = sorted({_BASIS_WORDS[link.basis] for link in links})
        if case.protected and not links:
            why = ["the field office flagged the case under the victims and witnesses policy"]
        reasons = (
            "Protected: " + "; ".join(why) + ".",
            "Removal may not proceed until a supervisor records an override with a reason.",
            rules.reason,
        )
        return OverrideRequirement(case_id, True, reasons, rules.references, since, None)

    def record_override(self, case_id: str, *, supervisor: Actor, reason: str) -> Override:
        """A supervisor's recorded decision that removal may proceed despite the protection, with its reason."""
        text = " ".join(reason.split())
        if len(text) < MIN_REASON:
            raise ProtectionError(
                f"an override needs its reason in a sentence (at least {MIN_REASON} characters)",
                where="reason",
            )
        needed = self.requires_override(case_id)
        if not needed.required:
            raise ProtectionError(f"case {case_id} needs no override: {needed.reasons[0]}", where="case_id")
        override = Override(case_id=case_id, at=self.clock.now(), supervisor=supervisor.name, reason=text)
        self.repository.add_override(override)
        self.audit.record(
            event(
                ComplaintTag.OVERRIDE_RECORDED,
                at=override.at,
                actor=supervisor,
                subject_type="case",
                subject_id=case_id,
                reason=text,
            )
        )
        return override

    def report_retaliation(
        self,
        *,
        report_id: str,
        booking_id: str,
        fips: str,
        actor_kind: PrivateActor,
        account: str,
        actor: Actor,
    ) -> RetaliationReport:
        """A jail's report that an arrestee may be the victim of retaliation by a private actor.

        It reaches the field office at once (it is on the AOR's protection page, unacknowledged, in the same
        transaction) and flags the arrestee's ICE case like a complainant's.
        """
        booking = self.program.booking(booking_id)
        if booking is None or booking.fips != fips:
            raise ProtectionError(f"no booking {booking_id!r} in county {fips}", where="booking_id")
        text = " ".join(account.split())
        if len(text) < MIN_REASON:
            raise ProtectionError(
                f"say in a sentence what suggests retaliation (at least {MIN_REASON} characters)",
                where="account",
            )
        at = self.clock.now()
        case = self.program.case_for_booking(booking_id)
        report = RetaliationReport(
            report_id=report_id,
            booking_id=booking_id,
            fips=fips,
            aor=case.aor if case else self.program.aor_of(fips),
            case_id=case.case_id if case else None,
            actor_kind=actor_kind,
            account=text,
            reported_at=at,
            reported_by=actor.name,
            field_office_notified_at=at,
        )
        self.repository.add_retaliation(report)
        self.audit.record(
            event(
                ComplaintTag.RETALIATION_REPORTED,
                at=at,
                actor=actor,
                subject_type="booking",
                subject_id=booking_id,
                correlation_id=report_id,
                actor_kind=actor_kind.value,
                aor=report.aor,
            )
        )
        self.protect(
            booking_id=booking_id, basis=ProtectionBasis.RETALIATION_REPORT, source_id=report_id, actor=actor
        )
        return report

    def acknowledge_retaliation(self, report_id: str, *, actor: Actor) -> RetaliationReport:
        """The field office confirms it has the report (and coordinates as needed); a second time is a no-op."""
        report = self.repository.retaliation(report_id)
        if report is None:
            raise ProtectionError(f"no retaliation report {report_id!r}", where="report_id")
        if report.acknowledged_at is not None:
            return report
        at = self.clock.now()
        self.repository.acknowledge_retaliation(report_id, at=at, by=actor.name)
        self.audit.record(
            event(
                ComplaintTag.RETALIATION_ACKNOWLEDGED,
                at=at,
                actor=actor,
                subject_type="booking",
                subject_id=report.booking_id,
                correlation_id=report_id,
            )
        )
        found = self.repository.retaliation(report_id)
        assert found is not None
        return found
