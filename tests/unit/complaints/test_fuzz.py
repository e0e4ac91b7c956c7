"""Intake fuzz: whatever a browser (or anything else) sends to the complaint form, no server error, nothing
rendered as markup, and a stored complaint only when the answers were valid.

Hypothesis drives the public form with a valid CSRF token (so requests reach intake), and schemathesis
drives the complaint system's JSON API as the public, CRCL, DOJ, a jail and a field office, with the CSRF
header, so bodies reach validation.
"""

from __future__ import annotations

import string
import warnings
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from securecomm.clock import ManualClock
from securecomm.complaints.intake import MAX_WITNESSES
from securecomm.storage.complaint_tables import ComplaintRow

from .conftest import csrf_of, sign_in
from .world import T0, TestClient, app_for, make_world

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis.checks import not_a_server_error

pytestmark = pytest.mark.slow

MARKER = "<x-fuzz onclick=alert(1)>"
FIELDS = ["name", "date_of_birth", "a_number", "address", "phone", "email", "incident_date", "incident_time",
          "place", "officials", "conduct", "narrative", "other_steps", "consent_dhs", "consent_doj",
          *(f"witness_{n}_{part}" for n in range(1, MAX_WITNESSES + 1) for part in ("name", "contact"))]  # fmt: skip
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
VALUES = st.one_of(
    TEXT,
    st.sampled_from(["", "state_local", "dhs", "yes", "no", "2012-03-01", "2099-01-01", "21:30", "A012345678",
                     "a@b.co", MARKER, "0" * 30_000, "\x00\x1b[2J", "‮evil", "2012-02-30"]),
)  # fmt: skip
FILE = st.tuples(
    st.text(alphabet=string.printable + "证据é", max_size=30),
    st.one_of(
        st.binary(max_size=300),
        st.sampled_from([b"%PDF-1.4 x", b"\x89PNG\r\n\x1a\n", b"<svg/onload=x>", b""]),
    ),
)


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    db, web_settings = make_world(Path(tmp_path_factory.mktemp("fuzz")))
    clock = ManualClock(T0)
    app = app_for(db, web_settings, clock)
    with TestClient(app, client=("203.0.113.50", 1)) as client:
        token = csrf_of(client.get("/complaint").text)
        yield SimpleNamespace(app=app, db=db, clock=clock, client=client, token=token)


def stored(db: Any) -> int:
    with db.transaction() as tx:
        return int(tx.scalar(select(func.count()).select_from(ComplaintRow)) or 0)


@given(
    fields=st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=10)), VALUES, max_size=14),
    files=st.lists(FILE, max_size=7),
    lang=st.one_of(st.sampled_from(["en", "es", "zh", "vi", "ar", "fr", "ht", "pt", "tl"]), TEXT),
)
@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_the_form_never_fails_and_never_renders_input_as_markup(
    target: SimpleNamespace, fields: dict[str, str], files: list[tuple[str, bytes]], lang: str
) -> None:
    target.clock.advance(timedelta(minutes=5))  # stay inside the rate limit: this is not a flood
    before = stored(target.db)
    data = {k: v for k, v in fields.items() if k != "csrf_token"}
    uploads = [("documents", (name or "f", content, "application/octet-stream")) for name, content in files]
    answer = target.client.post(
        "/complaint", params={"lang": lang}, data={"csrf_token": target.token, **data}, files=uploads or None
    )
    assert answer.status_code in (200, 400), answer.text[:500]
    assert MARKER not in answer.text and "<svg/onload" not in answer.text
    assert stored(target.db) == before + (1 if answer.status_code == 200 else 0)


def test_the_json_api_never_fails_for_anyone(target: SimpleNamespace) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", target.app)
    clients: dict[str, TestClient] = {}
    headers: dict[str, dict[str, str]] = {}
    for who in ("public", "crcl", "doj", "jail-48201", "ero-HOU"):
        client = TestClient(target.app)
        if who != "public":
            sign_in(client, who)
        page = client.get("/complaint")
        clients[who] = client
        headers[who] = {"X-CSRF-Token": csrf_of(page.text)}
    operations = [result.ok() for result in schema.get_all_operations() if "complaints" in result.ok().path]
    assert len(operations) == 9  # every complaint API route is in the OpenAPI document
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def call(case: Any) -> None:
            target.clock.advance(timedelta(minutes=2))
            for who, client in clients.items():
                case.call_and_validate(
                    cookies=dict(client.cookies), headers=headers[who], checks=[not_a_server_error]
                )

        call()
    for client in clients.values():
        client.close()
