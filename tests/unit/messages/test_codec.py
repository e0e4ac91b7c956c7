from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from securecomm.ids import MessageId
from securecomm.messages import (
    Envelope,
    MessageKind,
    MessageSchemaError,
    envelope_from_json,
    envelope_to_json,
)
from securecomm.messages.booking import BookingSubmitted, Charge, OffenseClass, Subject
from securecomm.messages.criminal_history import HistoryEvent, HistoryEventKind, Sre

AT = datetime(2012, 3, 1, 14, 30, tzinfo=UTC)


def booking() -> BookingSubmitted:
    return BookingSubmitted(
        booking_id="b-1",
        tcn="TCN1",
        fips="48201",
        ori="TX1010000",
        facility_tz="America/Chicago",
        booked_at=AT,
        subject=Subject("DOE, JANE", date(1980, 1, 2), "F", "MX", "MX", "es"),
        charges=(Charge("5404", "DUI", OffenseClass.MISDEMEANOR, traffic=True),),
        transaction_sha256="ab" * 32,
    )


def envelope(payload: object, kind: MessageKind) -> Envelope:
    return Envelope(MessageId("m-1"), kind, 1, "jail:48201", "fbi", "b-1", None, AT, AT, payload)


def test_a_booking_round_trips_through_json() -> None:
    original = envelope(booking(), MessageKind.BOOKING_SUBMITTED)
    again = envelope_from_json(envelope_to_json(original))
    assert again == original and again.payload == original.payload


def test_an_unknown_payload_field_is_refused_with_its_path() -> None:
    data = envelope_to_json(envelope(booking(), MessageKind.BOOKING_SUBMITTED))
    data["payload"]["subject"]["eye_color"] = "BRO"
    with pytest.raises(MessageSchemaError, match=r"payload\.subject\.eye_color: unknown field"):
        envelope_from_json(data)


def test_a_wrong_type_is_refused_with_its_path() -> None:
    sre = Sre(
        "b-1",
        "123",
        False,
        0.9,
        (HistoryEvent(HistoryEventKind.ARREST, date(2010, 1, 1), "2399", None, "48201"),),
    )
    data = envelope_to_json(envelope(sre, MessageKind.SRE))
    data["payload"]["history"][0]["on"] = "2010-13-01"
    with pytest.raises(MessageSchemaError, match=r"history\[0\]\.on"):
        envelope_from_json(data)


def test_payload_must_match_its_kind() -> None:
    with pytest.raises(MessageSchemaError, match="carries BookingSubmitted"):
        envelope_to_json(envelope(Sre("b-1", "1", True, None, ()), MessageKind.BOOKING_SUBMITTED))


def test_a_naive_time_cannot_enter_an_envelope() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Envelope(MessageId("m"), MessageKind.SRE, 1, "a", "b", "c", None, datetime(2012, 1, 1), AT, None)


def test_reply_ids_are_stable_and_scheduled() -> None:
    first = envelope(booking(), MessageKind.BOOKING_SUBMITTED)
    sre = Sre("b-1", "1", True, None, ())
    a = first.reply(MessageKind.SRE, sre, sender="fbi", recipient="jail:48201", delay=timedelta(minutes=27))
    b = first.reply(MessageKind.SRE, sre, sender="fbi", recipient="jail:48201", delay=timedelta(minutes=27))
    assert a.message_id == b.message_id and a.causation_id == "m-1"
    assert a.deliver_at - a.sent_at == timedelta(minutes=27)
