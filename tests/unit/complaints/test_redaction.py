"""Only CRCL sees identity: the redacted view hides it, the witnesses and identifiers in the text."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from securecomm.complaints import Channel, Conduct, Status, complaint_view, scrub
from securecomm.complaints.model import ComplaintRecord, Consent, Identity, Incident, Witness
from securecomm.complaints.redaction import IDENTITY_FIELDS, REDACTED

AT = datetime(2012, 3, 5, tzinfo=UTC)
ANA = Identity(name="Ana María Ruiz", date_of_birth=date(1984, 7, 2), a_number="A012345678",
               address="1200 Main St, Houston TX", phone="713-555-0101", email="ana.ruiz@example.org")  # fmt: skip
WITNESSES = (Witness("Luis Ortega", "luis@example.org"),)
NARRATIVE = (
    "On 2012-03-01 Deputy Roe stopped me, Ana María Ruiz, at 1200 Main St. He took my card (A 012 345 678) "
    "and said to call him at +1 (713) 555-0199. Luis Ortega saw it; write to me at ana.ruiz@example.org."
)


def record() -> ComplaintRecord:
    return ComplaintRecord(
        complaint_id="c1", receipt="SC-0000-0000-0000-0000-0", channel=Channel.WEB, language="es", received_at=AT,
        received_on=AT.date(), status=Status.CRCL_REVIEW, status_at=AT, route=None, assignee=None,
        incident=Incident(date(2012, 3, 1), "21:30", "1200 Main St, Houston TX", "Deputy Roe", Conduct.STATE_LOCAL),
        narrative=NARRATIVE, other_steps="Wrote to ana.ruiz@example.org's lawyer", consent=Consent(),
        anonymous=False, reachable=True, witnesses=1, attachments=2,
    )  # fmt: skip


def test_crcl_sees_everything() -> None:
    view = complaint_view(record(), identity=ANA, witnesses=WITNESSES, full=True)
    assert view["complainant_name"] == "Ana María Ruiz" and view["complainant_a_number"] == "A012345678"
    assert view["narrative"] == NARRATIVE and view["witnesses"] == [
        {"name": "Luis Ortega", "contact": "luis@example.org"}
    ]
    assert view["receipt"].startswith("SC-") and view["identity_shown"] is True


def test_everyone_else_sees_no_identifier_anywhere() -> None:
    view = complaint_view(record(), identity=ANA, witnesses=WITNESSES, full=False)
    assert all(view[name] == REDACTED for name in IDENTITY_FIELDS)
    assert view["receipt"] == REDACTED and view["witnesses"] == [{"name": REDACTED, "contact": REDACTED}]
    flat = repr(view)
    for secret in (
        "Ana",
        "María",
        "Ruiz",
        "Luis",
        "Ortega",
        "012 345 678",
        "555-0199",
        "example.org",
        "1200 Main",
    ):
        assert secret not in flat, secret
    # what the complaint is about stays readable: dates, the officer, the conduct
    assert "2012-03-01" in view["narrative"] and "Deputy Roe" in view["narrative"]
    assert view["conduct"] == "state_local" and view["attachments"] == 2


def test_an_anonymous_complaint_shows_empty_identity_not_redaction_marks() -> None:
    view = complaint_view(record(), identity=Identity(), witnesses=(), full=False)
    assert all(view[name] == "" for name in IDENTITY_FIELDS)


@given(st.text(alphabet="0123456789 .,;:!?()-/@中文الشكوى", max_size=200))
def test_scrubbing_removes_known_identifiers_wherever_they_appear(noise: str) -> None:
    text = f"{noise} {ANA.email} {noise} {ANA.name.upper()} {ANA.phone}"
    cleaned = scrub(text, ANA, WITNESSES)
    assert ANA.email not in cleaned and ANA.phone not in cleaned
    assert "RUIZ" not in cleaned.upper() and "MARÍA" not in cleaned.upper()
