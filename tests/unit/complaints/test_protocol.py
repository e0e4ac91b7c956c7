"""The protocol data: dated deadlines, routes for every conduct, structured references; a strict loader."""

from __future__ import annotations

from datetime import date
from importlib import resources

import pytest
import yaml

from securecomm.complaints import Conduct, ProtocolFileError
from securecomm.complaints.protocol import load_protocol, protocol

TEXT = resources.files("securecomm.complaints").joinpath("data").joinpath("protocol.yaml").read_text("utf-8")


def test_deadlines_are_dated_and_start_with_the_complaint_system() -> None:
    rules = protocol()
    assert rules.deadlines(on=date(2012, 3, 5)) == {
        "acknowledge": 10,
        "triage": 30,
        "doj_answer": 60,
        "findings": 180,
    }
    with pytest.raises(ProtocolFileError, match="2011-06-17"):
        rules.deadlines(on=date(2011, 6, 16))


def test_every_conduct_has_exactly_one_route_and_everything_is_cited() -> None:
    rules = protocol()
    assert {rules.route_for(c) for c in Conduct} == set(rules.routes)
    assert rules.confidence == "U" and "not DHS's" in rules.confidence_note
    for ref in rules.references.values():
        assert ref.href.startswith("https://") and ref.title
    assert rules.protection.references and rules.doj_notification.references


def _mutated(change: dict[str, object]) -> str:
    data = yaml.safe_load(TEXT)
    for path, value in change.items():
        node = data
        *parents, last = path.split(".")
        for part in parents:
            node = node[part]
        if value is None:
            del node[last]
        else:
            node[last] = value
    return yaml.safe_dump(data, allow_unicode=True)


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"routez": {}}, "unknown keys ['routez']"),
        ({"routes.jic.references": ["nowhere"]}, "unknown reference ids ['nowhere']"),
        ({"routes.jic.conduct": ["dhs", "state_local"]}, "routed twice"),
        ({"routes.other.conduct": ["aliens"]}, "conduct must list"),
        ({"references.sc-program-page.href": "http://example.org"}, "https://"),
        ({"notifications": None}, "missing keys ['notifications']"),
    ],
)
def test_the_loader_refuses_a_malformed_file_naming_the_key(change: dict[str, object], needle: str) -> None:
    with pytest.raises(ProtocolFileError) as caught:
        load_protocol(_mutated(change))
    assert needle in str(caught.value) and "protocol.yaml" in str(caught.value)


def test_a_deadline_must_be_a_positive_number_of_days() -> None:
    data = yaml.safe_load(TEXT)
    first = next(iter(data["values"]))
    data["values"][first]["triage_days"] = 0
    with pytest.raises(ProtocolFileError, match="triage_days"):
        load_protocol(yaml.safe_dump(data))
