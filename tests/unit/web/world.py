"""A small synthetic world for the web tests: three counties, their bookings, detainers, cases, IAQs, users.

Rows are inserted directly, the way the booking flow will write them. Two counties matter for scope:
Harris (48201, AOR HOU, receives IDRs) is "ours" and Dallas (48113, AOR DAL, declined IDRs) is "theirs".
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from securecomm.storage.agency_tables import BookingRow, CaseRow, DetainerRow, LescResponseRow
from securecomm.storage.db import Database, open_database
from securecomm.storage.tables import JurisdictionRow
from securecomm.web.accounts import Accounts
from securecomm.web.passwords import FAST_FOR_TESTS, Passwords
from securecomm.web.roles import Role
from securecomm.web.settings import WebSettings

T0 = datetime(2012, 3, 5, 15, 0, tzinfo=UTC)  # a Monday; 09:00 in Houston
PASSWORD = "correct horse battery"
MINE_FIPS, THEIR_FIPS = "48201", "48113"
MINE_AOR, THEIR_AOR = "HOU", "DAL"

# username -> (role, scope)
USERS: dict[str, tuple[Role, str | None]] = {
    "admin": (Role.ADMIN, None),
    "lesc": (Role.LESC, None),
    "crcl": (Role.CRCL, None),
    "doj": (Role.DOJ, None),
    f"jail-{MINE_FIPS}": (Role.JAIL, MINE_FIPS),
    f"jail-{THEIR_FIPS}": (Role.JAIL, THEIR_FIPS),
    f"ero-{MINE_AOR}": (Role.ERO, MINE_AOR),
    f"ero-{THEIR_AOR}": (Role.ERO, THEIR_AOR),
}
ROLE_USER = {
    "admin": "admin",
    "lesc": "lesc",
    "crcl": "crcl",
    "doj": "doj",
    "jail": f"jail-{MINE_FIPS}",
    "ero": f"ero-{MINE_AOR}",
}


def settings_for(url: str, **overrides: object) -> WebSettings:
    return WebSettings(database_url=url, password_parameters=FAST_FOR_TESTS, **overrides)  # type: ignore[arg-type]


def _jurisdictions() -> list[JurisdictionRow]:
    return [
        JurisdictionRow(fips=MINE_FIPS, name="Harris County", state="TX", tz="America/Chicago", aor=MINE_AOR,
                        activated_on=date(2008, 10, 27), ori="TX1010000", size=4092459.0, receives_idr=True, has_287g=True),
        JurisdictionRow(fips=THEIR_FIPS, name="Dallas County", state="TX", tz="America/Chicago", aor=THEIR_AOR,
                        activated_on=date(2009, 2, 17), ori="TX0570000", size=2368139.0, receives_idr=False, has_287g=False),
        JurisdictionRow(fips="06037", name="Los Angeles County", state="CA", tz="America/Los_Angeles", aor="LOS",
                        activated_on=date(2009, 8, 27), ori="CA0194200", size=9818605.0, receives_idr=True, has_287g=False),
    ]  # fmt: skip


def _booking(booking_id: str, fips: str, name: str, *, with_idr: bool, booked_at: datetime) -> BookingRow:
    return BookingRow(
        booking_id=booking_id,
        fips=fips,
        ori="TX1010000",
        tcn=f"TCN-{booking_id}",
        booked_at=booked_at,
        facility_tz="America/Chicago",
        subject={"name": name, "date_of_birth": "1984-07-02", "sex": "M", "place_of_birth": "MX",
                 "nationality": "MX", "language": "es", "claims_us_citizenship": False},
        charges=[{"ncic": "5404", "description": "DRIVING UNDER INFLUENCE", "offense_class": "misdemeanor", "traffic": False}],
        indicators={},
        transaction_sha256="0" * 64,
        fbi_number="123456AB7",
        sre_at=booked_at + timedelta(minutes=20),
        sre={"booking_id": booking_id, "fbi_number": "123456AB7", "new_identity": False, "score": 0.97,
             "history": [{"kind": "conviction", "on": "2009-01-05", "ncic": "2399"}]},
        idr_kind="iar" if with_idr else None,
        idr_at=booked_at + timedelta(hours=2) if with_idr else None,
        idr={"booking_id": booking_id, "fin": "F1", "status": "EWI", "removable": True,
             "summary": "Entered without inspection"} if with_idr else None,
    )  # fmt: skip


def _detainer(detainer_id: str, booking_id: str, fips: str, aor: str, *, deadline_at: datetime | None,
              ended_at: datetime | None = None) -> DetainerRow:  # fmt: skip
    return DetainerRow(
        detainer_id=detainer_id,
        booking_id=booking_id,
        case_id=f"C-{booking_id}",
        fips=fips,
        aor=aor,
        form="I-247-2011",
        state="ended" if ended_at else "holding",
        issued_at=T0 - timedelta(days=1),
        officer="officer-7",
        boxes=["investigation_initiated"],
        requests_hold=True,
        notice_language="es",
        facility_tz="America/Chicago",
        received_at=T0 - timedelta(hours=23),
        served_at=T0 - timedelta(hours=22),
        served_language="es",
        served_manner="in_person",
        release_eligible_at=T0 - timedelta(hours=2),
        deadline_at=deadline_at,
        ended_at=ended_at,
        end_kind="ice_custody" if ended_at else None,
    )


ADVICE = {
    "level": "Level 3",
    "priority": "Priority 3",
    "recommendation": "consider discretion",
    "reasons": [{"code": "L3", "text": "Most serious conviction is a misdemeanor (Level 3)."}],
    "references": [{"title": "Morton memo, 2 Mar 2011", "href": "https://www.ice.gov/doclib/news/releases/2011/110302washingtondc.pdf", "kind": "memo"}],
}  # fmt: skip


def _case(case_id: str, booking_id: str, fips: str, aor: str) -> CaseRow:
    return CaseRow(
        case_id=case_id,
        booking_id=booking_id,
        fips=fips,
        aor=aor,
        opened_at=T0 - timedelta(days=1),
        state="open",
        fin="F1",
        determination={
            "status": "EWI",
            "removable": True,
            "reasons": ["no lawful entry record"],
            "fin": "F1",
        },
        advice=ADVICE,
        iar={},
        protected=False,
    )


def _iaq(booking_id: str, aor: str) -> LescResponseRow:
    return LescResponseRow(
        booking_id=booking_id,
        fin="F1",
        received_at=T0 - timedelta(days=1),
        determination={
            "status": "EWI",
            "removable": True,
            "reasons": ["no lawful entry record"],
            "fin": "F1",
        },
        aor=aor,
        idr_sent=True,
    )


def build_world(db: Database) -> None:
    """Fill `db` with the counties and records the web tests read."""
    with db.transaction() as tx:
        tx.add_all(_jurisdictions())
        tx.flush()
        tx.add_all([
            _booking("B-H1", MINE_FIPS, "Juan Ejemplo", with_idr=True, booked_at=T0 - timedelta(days=1)),
            _booking("B-H2", MINE_FIPS, "Ana Muestra", with_idr=False, booked_at=T0 - timedelta(hours=5)),
            _booking("B-D1", THEIR_FIPS, "Pedro Ficticio", with_idr=True, booked_at=T0 - timedelta(days=2)),
            _detainer("D-H1", "B-H1", MINE_FIPS, MINE_AOR, deadline_at=T0 + timedelta(hours=5)),
            _detainer("D-H2", "B-H2", MINE_FIPS, MINE_AOR, deadline_at=T0 - timedelta(hours=1)),
            _detainer("D-H3", "B-H1", MINE_FIPS, MINE_AOR, deadline_at=T0, ended_at=T0 - timedelta(hours=3)),
            _detainer("D-D1", "B-D1", THEIR_FIPS, THEIR_AOR, deadline_at=T0 + timedelta(hours=30)),
            _case("C-H1", "B-H1", MINE_FIPS, MINE_AOR),
            _case("C-D1", "B-D1", THEIR_FIPS, THEIR_AOR),
            _iaq("B-H1", MINE_AOR),
            _iaq("B-D1", THEIR_AOR),
        ])  # fmt: skip


def add_users(db: Database, settings: WebSettings) -> None:
    accounts = Accounts(db, settings, Passwords(settings.password_parameters))
    for username, (role, scope) in USERS.items():
        accounts.add(
            username=username, role=role, scope=scope, password=PASSWORD, at=T0, actor="test", origin="test"
        )


_template: list[Path] = []  # the migrated, filled database, made once per test process


def make_world(directory: Path) -> tuple[Database, WebSettings]:
    """A fresh copy of the world in `directory` (migrating and filling once, copying after: much faster)."""
    if not _template:
        folder = tempfile.mkdtemp(prefix="securecomm-web-world-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        source = Path(folder) / "web.db"
        url = f"sqlite:///{source}"
        db = open_database(url)
        build_world(db)
        add_users(db, settings_for(url))
        db.dispose()  # the last connection closing checkpoints the WAL into the file
        _template.append(source)
    target = directory / "web.db"
    shutil.copyfile(_template[0], target)
    url = f"sqlite:///{target}"
    return open_database(url), settings_for(url)
