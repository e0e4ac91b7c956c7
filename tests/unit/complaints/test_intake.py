"""Intake: what the official guidance asks, anonymous allowed, every problem named at once, limits kept."""

from __future__ import annotations

from datetime import date

import pytest

from securecomm.complaints import Channel, Conduct, IntakeContext, IntakeRejected, parse_intake
from securecomm.complaints.intake import FIELD_LIMITS

TODAY = date(2012, 3, 5)
WEB = IntakeContext(Channel.WEB, "es", TODAY)
MINIMAL = {
    "incident_date": "2012-03-01",
    "place": "Houston, TX",
    "conduct": "state_local",
    "narrative": "Me pararon.",
}


def problems(fields: dict[str, str], context: IntakeContext = WEB) -> dict[str, str]:
    with pytest.raises(IntakeRejected) as caught:
        parse_intake(fields, [], context)
    return {p.field: p.code for p in caught.value.problems}


def test_an_anonymous_complaint_with_the_four_required_answers_is_accepted() -> None:
    draft = parse_intake(MINIMAL, [], WEB)
    assert draft.identity.anonymous and not draft.identity.reachable
    assert draft.incident.on == date(2012, 3, 1) and draft.incident.conduct is Conduct.STATE_LOCAL
    assert (
        draft.consent.share_with_dhs is False and draft.consent.share_with_doj is False
    )  # sharing needs a yes
    assert draft.language == "es" and draft.channel is Channel.WEB


def test_everything_the_guidance_asks_is_kept() -> None:
    fields = {
        **MINIMAL, "incident_time": "21:30", "officials": "Deputy R. Roe, badge 1234, Harris County Sheriff",
        "name": "Ana Ruiz", "date_of_birth": "1984-07-02", "a_number": "a-012 345 678", "address": "1 Main St\r\nHouston",
        "phone": "713 555 0101", "email": "ana@example.org", "witness_1_name": "Luis", "witness_1_contact": "713 555 0102",
        "witness_3_name": "Marta", "other_steps": "Complained to the sheriff.", "consent_dhs": "yes", "consent_doj": "no",
    }  # fmt: skip
    draft = parse_intake(fields, [("carta.txt", b"una carta")], WEB)
    assert draft.identity.a_number == "A012345678" and draft.identity.address == "1 Main St\nHouston"
    assert draft.identity.date_of_birth == date(1984, 7, 2) and draft.identity.reachable
    assert [(w.name, w.contact) for w in draft.witnesses] == [("Luis", "713 555 0102"), ("Marta", "")]
    assert draft.incident.time == "21:30" and "badge 1234" in draft.incident.officials
    assert draft.consent.share_with_dhs and not draft.consent.share_with_doj
    assert [a.media_type for a in draft.attachments] == ["text/plain"]


def test_every_problem_is_named_at_once() -> None:
    found = problems({"incident_date": "03/01/2012", "conduct": "aliens", "email": "not-an-address",
                      "a_number": "12", "incident_time": "9pm", "witness_2_contact": "555-0102",
                      "consent_doj": "maybe"})  # fmt: skip
    assert found == {
        "incident_date": "bad_date", "place": "required", "conduct": "bad_choice", "narrative": "required",
        "email": "bad_email", "a_number": "bad_a_number", "incident_time": "bad_time",
        "witness_2_name": "required", "consent_doj": "bad_choice",
    }  # fmt: skip


def test_dates_in_the_future_are_refused_with_a_days_grace() -> None:
    assert problems({**MINIMAL, "incident_date": "2012-03-07"}) == {"incident_date": "future_date"}
    assert parse_intake({**MINIMAL, "incident_date": "2012-03-06"}, [], WEB).incident.on == date(2012, 3, 6)
    assert problems({**MINIMAL, "date_of_birth": "1850-01-01"}) == {"date_of_birth": "bad_date"}


@pytest.mark.parametrize("field", ["narrative", "place", "name", "officials", "other_steps"])
def test_answers_longer_than_their_limit_are_refused_with_the_limit(field: str) -> None:
    limit = FIELD_LIMITS[field]
    with pytest.raises(IntakeRejected) as caught:
        parse_intake({**MINIMAL, field: "x" * (limit + 1)}, [], WEB)
    (problem,) = caught.value.problems
    assert (problem.field, problem.code, problem.placeholders) == (field, "too_long", {"max": str(limit)})


def test_control_characters_are_dropped_and_unicode_kept() -> None:
    draft = parse_intake(
        {**MINIMAL, "narrative": "قال\x00 الضابط\x1b[31m «اذهب»", "place": "  休斯顿 \u0085"}, [], WEB
    )
    assert draft.narrative == "قال الضابط[31m «اذهب»" and draft.incident.place == "休斯顿"


def test_bad_documents_are_problems_of_the_documents_field() -> None:
    with pytest.raises(IntakeRejected) as caught:
        parse_intake(MINIMAL, [("x.pdf", b"<html>")], WEB)
    assert [(p.field, p.code) for p in caught.value.problems] == [("documents", "file_type")]


def test_staff_intake_may_leave_the_date_open_and_records_when_the_letter_came() -> None:
    staff = IntakeContext(Channel.MAIL, "vi", TODAY)
    draft = parse_intake({"narrative": "Thư viết tay.", "received_on": "2012-02-27"}, [], staff)
    assert draft.incident.on is None and draft.incident.conduct is Conduct.UNKNOWN
    assert draft.received_on == date(2012, 2, 27) and draft.channel is Channel.MAIL
    assert parse_intake({"narrative": "x"}, [], staff).received_on == TODAY


def test_the_public_form_needs_whose_conduct_it_was() -> None:
    fields = dict(MINIMAL)
    del fields["conduct"]
    assert problems(fields) == {"conduct": "required"}
