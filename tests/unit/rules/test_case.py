"""The case file: strict parsing at the edge, with the JSON path of every bad field."""

from __future__ import annotations

import json
from datetime import date

import pytest

from securecomm.rules import (
    CaseFileError,
    Factor,
    ImmigrationStatus,
    OffenseClass,
    load_ruleset,
    parse_case_text,
)

GOOD = {
    "case_id": "synthetic-1",
    "birth_date": "1990-06-15",
    "charges": [{"ncic": "2299", "date": "2011-07-20", "class": "felony"}],
    "convictions": [
        {"ncic": "5499", "date": "2009-01-05", "traffic": True, "sentence_days": 10, "incident": 3},
        {"ncic": "2399", "date": "2012-01-05", "aggravated_felony": False},
    ],
    "immigration": {
        "status": "ewi",
        "entry_date": "2005-03-01",
        "removal_dates": ["2008-01-01"],
        "fraud": True,
    },
    "warrants": [{"ncic": "1399"}],
    "factors": ["veteran", "usc_or_lpr_family"],
}


def parse(data: object) -> object:
    return parse_case_text(json.dumps(data), ruleset=load_ruleset(), file="case.json")


def test_a_complete_case_parses_into_typed_values() -> None:
    case = parse_case_text(json.dumps(GOOD), ruleset=load_ruleset())
    assert case.charges[0].offense_class is OffenseClass.FELONY
    assert case.convictions[0].traffic and case.convictions[0].sentence_days == 10
    assert case.convictions[0].incident == "3"
    assert case.immigration.status is ImmigrationStatus.EWI and case.immigration.fraud
    assert case.immigration.removal_dates == (date(2008, 1, 1),)
    assert case.factors == frozenset({Factor.VETERAN, Factor.USC_OR_LPR_FAMILY})
    assert case.age_on(date(2011, 6, 14)) == 20 and case.age_on(date(2011, 6, 15)) == 21


def test_known_on_drops_events_that_had_not_happened() -> None:
    case = parse_case_text(json.dumps(GOOD), ruleset=load_ruleset())
    earlier = case.known_on(date(2010, 1, 1))
    assert earlier.charges == () and len(earlier.convictions) == 1
    assert earlier.immigration.removal_dates == (date(2008, 1, 1),)
    assert case.known_on(date(2007, 1, 1)).immigration.removal_dates == ()


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d["charges"][0].update(ncic="9912"), "charges[0].ncic"),
        (lambda d: d["charges"][0].update(ncic=2299), "charges[0].ncic"),
        (lambda d: d["convictions"][1].update({"class": "infraction"}), "convictions[1].class"),
        (lambda d: d["convictions"][0].update(sentence_days=-1), "convictions[0].sentence_days"),
        (lambda d: d["convictions"][0].update(sentence_days=True), "convictions[0].sentence_days"),
        (lambda d: d["convictions"][0].update(traffic="yes"), "convictions[0].traffic"),
        (lambda d: d["immigration"].update(entry_date="March 2005"), "immigration.entry_date"),
        (lambda d: d["immigration"]["removal_dates"].append("2009-13-01"), "immigration.removal_dates[1]"),
        (lambda d: d["immigration"].update(visa="H-1B"), "immigration"),
        (lambda d: d.update(factors="veteran"), "factors"),
        (lambda d: d.update(notes="x"), "$"),
        (lambda d: d["warrants"].append({"ncic": "1399", "court": "x"}), "warrants[1]"),
    ],
)
def test_each_bad_field_is_named_by_its_json_path(mutate, path: str) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(json.dumps(GOOD))
    mutate(data)
    with pytest.raises(CaseFileError) as raised:
        parse(data)
    assert raised.value.path == path
    assert f"case.json: {path}:" in str(raised.value)


def test_invalid_json_names_line_and_column() -> None:
    with pytest.raises(CaseFileError, match=r"line 2, column 1"):
        parse_case_text('{"charges": [],\n}', ruleset=load_ruleset(), file="broken.json")


def test_the_top_level_must_be_an_object() -> None:
    with pytest.raises(CaseFileError, match="must be an object"):
        parse_case_text("[]", ruleset=load_ruleset())
