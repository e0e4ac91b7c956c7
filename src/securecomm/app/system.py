"""Wire the agencies to the database: one `System` per database, used by the CLI, the web app and tests.

Every agency handles an envelope inside the dispatcher's transaction, through a `Unit` of ports bound to
that transaction's session: the agencies' records, the audit chain, the biometric search and the
citizenship records a verification consults.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from securecomm.agencies.base import Agency
from securecomm.agencies.booking import JailStation
from securecomm.agencies.custody import JailCustody
from securecomm.agencies.fbi import FbiCjis
from securecomm.agencies.field_office import FieldOffice
from securecomm.agencies.ident import Ident
from securecomm.agencies.lesc import Lesc
from securecomm.agencies.officer_policy import OfficerPolicy
from securecomm.agencies.ports import Biometrics, CitizenshipRecords, Unit
from securecomm.clock import FixedClock
from securecomm.complaints import Actor, ProtectionService
from securecomm.messages import Envelope, MessageKind
from securecomm.rules import RuleSet, load_ruleset
from securecomm.storage.audit_log import SessionAuditLog
from securecomm.storage.complaint_records import complaint_services
from securecomm.storage.consular_records import SqlConsularRecords
from securecomm.storage.db import Database
from securecomm.storage.outbox import OutboxWriter
from securecomm.storage.records import SqlRecords
from securecomm.transport import DeliveryReport, Dispatcher, Route, Router

__all__ = ["PortFactory", "SqlProtection", "System"]

# Builds a port bound to one transaction's session.
PortFactory = Callable[[Session], object]


class SqlProtection:
    """The agencies' `Protection` port over the complaint system's protection records."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _service(self, at: datetime | None = None) -> ProtectionService:
        audit = SessionAuditLog(self.session)
        return complaint_services(self.session, audit, FixedClock(at or datetime.now(UTC)))[1]

    def requires_override(self, case_id: str) -> bool:
        return self._service().requires_override(case_id).required

    def record_override(self, case_id: str, *, supervisor: str, reason: str, at: datetime) -> None:
        self._service(at).record_override(
            case_id, supervisor=Actor(name=supervisor, role="ero"), reason=reason
        )


@dataclass
class System:
    """The agencies, their ports and the dispatcher over one database."""

    database: Database
    biometrics: Callable[[Session], Biometrics]
    citizenship: Callable[[Session], CitizenshipRecords]
    policy: OfficerPolicy | None = None
    ruleset: RuleSet = field(default_factory=load_ruleset)
    notify_subject: bool = False
    serve_on_receipt: bool = True  # False where people record the service of the detainer copy (web)
    extra_routes: dict[str, Agency] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.jail = JailStation(self.ruleset)
        self.fbi = FbiCjis()
        self.ident = Ident()
        self.lesc = Lesc()
        self.field_office = FieldOffice(self.ruleset, self.policy)
        self.custody = JailCustody(
            self.ruleset, notify_subject=self.notify_subject, serve_on_receipt=self.serve_on_receipt
        )
        router = Router()
        agencies: dict[str, Agency] = {
            "jail": self.jail,
            "fbi": self.fbi,
            "ident": self.ident,
            "lesc": self.lesc,
            "ero": self.field_office,
            "custody": self.custody,
            **self.extra_routes,
        }
        for prefix, agency in agencies.items():
            router.add(prefix, Route(consumer=agency.name, handle=self._handler(agency)))
        # The FBI enrols each booking's prints; the galleries change on commit, so that delivery commits alone.
        self.dispatcher = Dispatcher(
            self.database, router, barriers=frozenset({MessageKind.BOOKING_SUBMITTED.value})
        )

    def unit(self, session: Session) -> Unit:
        return Unit(
            records=SqlRecords(session),
            audit=SessionAuditLog(session),
            biometrics=self.biometrics(session),
            citizenship=self.citizenship(session),
            consular=SqlConsularRecords(session),
            protection=SqlProtection(session),
        )

    def _handler(self, agency: Agency) -> Callable[[Session, Envelope], list[Envelope]]:
        def handle(session: Session, envelope: Envelope) -> list[Envelope]:
            return agency.handle(envelope, self.unit(session))

        return handle

    def act(self, action: Callable[[Unit], list[Envelope]]) -> list[Envelope]:
        """Run an action that starts conversations (a booking, a claim, a person's decision) in one transaction."""
        with self.database.transaction() as session:
            envelopes = action(self.unit(session))
            OutboxWriter(session).send(envelopes)
            return envelopes

    def deliver(self, *, until: datetime, on_delivered: Callable[[], None] | None = None) -> DeliveryReport:
        return self.dispatcher.run(until=until, on_delivered=on_delivered)
