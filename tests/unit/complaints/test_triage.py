"""Triage advice by whose conduct it was (domain.md §4.3 [U]), with reasons and sources."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from securecomm.complaints import Channel, Conduct, PartyRole, Route, Status, advise_route
from securecomm.complaints.model import ComplaintRecord, Consent, Incident, Link, LinkKind

AT = datetime(2012, 3, 5, tzinfo=UTC)


def complaint(conduct: Conduct) -> ComplaintRecord:
    return ComplaintRecord(
        complaint_id="c1", receipt="SC-0000-0000-0000-0000-0", channel=Channel.WEB, language="en", received_at=AT,
        received_on=AT.date(), status=Status.ACKNOWLEDGED, status_at=AT, route=None, assignee=None,
        incident=Incident(date(2012, 3, 1), "", "Houston", "", conduct), narrative="x", other_steps="",
        consent=Consent(), anonymous=True, reachable=False, witnesses=0, attachments=0,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("conduct", "route", "cited"),
    [
        (Conduct.DHS, Route.JIC, "jic-notice"),
        (Conduct.STATE_LOCAL, Route.CRCL_REVIEW, "pattern-or-practice"),
        (Conduct.UNKNOWN, Route.CRCL_REVIEW, "sc-program-page"),
        (Conduct.PRIVATE, Route.OTHER, "sc-briefings-retaliation"),
    ],
)
def test_whose_conduct_decides_the_route(conduct: Conduct, route: Route, cited: str) -> None:
    advice = advise_route(complaint(conduct))
    assert advice.route is route
    assert advice.reasons and advice.confidence == "U"
    assert cited in [r.id for r in advice.references]
    assert all(r.href.startswith("https://") for r in advice.references)


def test_unknown_conduct_says_crcl_reviews_to_find_out() -> None:
    assert "did not say whose conduct" in advise_route(complaint(Conduct.UNKNOWN)).reasons[0]


def test_a_private_actor_using_the_police_against_a_party_goes_to_crcl_as_possible_retaliation() -> None:
    link = Link("c1", LinkKind.BOOKING, "B-H1", PartyRole.COMPLAINANT, AT, "user:crcl", "48201")
    advice = advise_route(complaint(Conduct.PRIVATE), [link])
    assert advice.route is Route.CRCL_REVIEW
    assert "retaliation" in advice.reasons[0] and "B-H1" in advice.reasons[0]
    unrelated = Link("c1", LinkKind.BOOKING, "B-H1", PartyRole.NONE, AT, "user:crcl", "48201")
    assert advise_route(complaint(Conduct.PRIVATE), [unrelated]).route is Route.OTHER


def test_links_to_program_records_are_named_in_the_reasons() -> None:
    link = Link("c1", LinkKind.CASE, "C-H1", PartyRole.NONE, AT, "user:crcl", "48201")
    assert "case C-H1" in advise_route(complaint(Conduct.STATE_LOCAL), [link]).reasons[-1]
