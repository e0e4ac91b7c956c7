"""Inputs are checked when built: a wrong record fails with the field's name, not with a wrong document."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

from securecomm.notices import (
    ConsularNotice,
    DetainerNotice,
    Facility,
    NoticeInputError,
    Person,
    StatementKind,
)
from securecomm.rules import UnknownCode

from .conftest import DEADLINE_AT, ISSUED_AT


def test_a_person_needs_a_real_country_code() -> None:
    with pytest.raises(UnknownCode, match=r"Person\.nationality"):
        Person("A B", date(1990, 1, 1), "XX")


def test_a_facility_needs_an_iana_zone() -> None:
    with pytest.raises(NoticeInputError, match=r"Facility\.tz: 'Eastern' is not an IANA time zone"):
        Facility("County jail", "Eastern")


def test_facility_coordinates_come_in_pairs_and_on_earth() -> None:
    with pytest.raises(NoticeInputError, match="both latitude and longitude"):
        Facility("County jail", "America/Chicago", latitude=41.0)
    with pytest.raises(NoticeInputError, match=r"Facility\.latitude: latitude 91"):
        Facility("County jail", "America/Chicago", latitude=91.0, longitude=0.0)


def test_detainer_times_must_be_aware(make_detainer: Callable[..., DetainerNotice]) -> None:
    with pytest.raises(NoticeInputError, match=r"DetainerNotice\.issued_at: must be a time-zone-aware"):
        make_detainer(issued_at=datetime(2012, 2, 16, 10, 0))


def test_a_deadline_without_a_hold_request_is_a_contradiction(
    make_detainer: Callable[..., DetainerNotice],
) -> None:
    with pytest.raises(NoticeInputError, match="no hold is requested"):
        make_detainer(requests_hold=False, hold_deadline_at=DEADLINE_AT)


def test_a_deadline_before_the_detainer_was_issued_is_refused(
    make_detainer: Callable[..., DetainerNotice],
) -> None:
    with pytest.raises(NoticeInputError, match="not after the detainer was issued"):
        make_detainer(hold_deadline_at=ISSUED_AT - timedelta(hours=1))


def test_the_form_must_be_the_rules_vocabulary(make_detainer: Callable[..., DetainerNotice]) -> None:
    with pytest.raises(NoticeInputError, match="parse_form"):
        make_detainer(form="I-247")


def test_a_person_cannot_be_told_before_the_arrest(make_consular: Callable[..., ConsularNotice]) -> None:
    with pytest.raises(NoticeInputError, match=r"ConsularNotice\.told_at"):
        make_consular(told_at=datetime(2012, 4, 30, tzinfo=UTC))


def test_the_statement_kind_is_a_closed_vocabulary(make_consular: Callable[..., ConsularNotice]) -> None:
    with pytest.raises(NoticeInputError, match="mandatory, on_request, taiwan"):
        make_consular(kind="maybe")
    assert make_consular(kind=StatementKind.TAIWAN).kind is StatementKind.TAIWAN
