"""The civil-rights complaint system: multilingual intake, triage, referral, and protection of complainants.

Anyone who believes their civil rights were violated in connection with Secure Communities can complain to
CRCL, in nine languages, with or without giving their name. CRCL triages each complaint (DHS employee
conduct to the Joint Intake Center, state or local conduct connected to the program to CRCL review, the rest
elsewhere), refers cases to the DOJ Civil Rights Division, notifies the DOJ liaison of every investigation
it opens, records findings and closes, each step an audited act with its form letter in the complainant's
language. A complainant, witness or retaliation victim linked to an open ICE case puts a visible flag on the
case and removal needs a recorded supervisory override first.

Entry points: `parse_intake` (form -> draft), `ComplaintService` (the acts), `ProtectionService`
(`requires_override`, `record_override`, retaliation reports), `complaint_view` (full or redacted),
`compose_letter`, `advise_route`, `count_complaints` / `with_complaint_counts` (monitoring). Storage:
`securecomm.storage.complaint_records`; web: `securecomm.web.complaint_routes`; docs: docs/complaints.md.
"""

from __future__ import annotations

from securecomm.complaints.errors import (
    ActionError,
    ComplaintError,
    IntakeProblem,
    IntakeRejected,
    ProtectionError,
    ProtocolFileError,
    ReceiptError,
    TranslationFileError,
    UnknownComplaint,
)
from securecomm.complaints.intake import IntakeContext, parse_intake
from securecomm.complaints.languages import LANGUAGES, negotiate
from securecomm.complaints.letters import compose_letter
from securecomm.complaints.model import (
    Actor,
    Channel,
    ClosureOutcome,
    ComplaintDraft,
    ComplaintRecord,
    Conduct,
    DojDecision,
    Finding,
    LetterKind,
    LinkKind,
    PartyRole,
    Route,
    Status,
)
from securecomm.complaints.monitoring import count_complaints, with_complaint_counts
from securecomm.complaints.ports import PrivateActor, ProtectionBasis
from securecomm.complaints.protection import OverrideRequirement, ProtectionService
from securecomm.complaints.receipts import new_receipt, parse_receipt
from securecomm.complaints.redaction import complaint_view, scrub
from securecomm.complaints.service import ComplaintService, PublicStatusView
from securecomm.complaints.translations import strings
from securecomm.complaints.triage import TriageAdvice, advise_route
from securecomm.complaints.uploads import UploadLimits
from securecomm.complaints.workflow import Act, PublicStatus, next_status

__all__ = [
    "LANGUAGES",
    "Act",
    "ActionError",
    "Actor",
    "Channel",
    "ClosureOutcome",
    "ComplaintDraft",
    "ComplaintError",
    "ComplaintRecord",
    "ComplaintService",
    "Conduct",
    "DojDecision",
    "Finding",
    "IntakeContext",
    "IntakeProblem",
    "IntakeRejected",
    "LetterKind",
    "LinkKind",
    "OverrideRequirement",
    "PartyRole",
    "PrivateActor",
    "ProtectionBasis",
    "ProtectionError",
    "ProtectionService",
    "ProtocolFileError",
    "PublicStatus",
    "PublicStatusView",
    "ReceiptError",
    "Route",
    "Status",
    "TranslationFileError",
    "TriageAdvice",
    "UnknownComplaint",
    "UploadLimits",
    "advise_route",
    "complaint_view",
    "compose_letter",
    "count_complaints",
    "negotiate",
    "new_receipt",
    "next_status",
    "parse_intake",
    "parse_receipt",
    "scrub",
    "strings",
    "with_complaint_counts",
]
