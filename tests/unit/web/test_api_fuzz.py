"""Property-based fuzz of the JSON API with schemathesis: whatever it sends, as whoever, no server error.

Every operation in /openapi.json is called with generated path, query and header values, once signed
out and once signed in as each role (jail and field office scoped to their own county/AOR), and every
answer must be below 500 and, where documented, match its response schema.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from securecomm.clock import ManualClock

from .conftest import TestClient, sign_in
from .world import ROLE_USER, T0, make_world

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis.checks import not_a_server_error, response_schema_conformance

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fuzz_target(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    from securecomm.web import create_app

    db, web_settings = make_world(Path(tmp_path_factory.mktemp("fuzz")))
    app = create_app(web_settings, database=db, clock=ManualClock(T0))
    cookies: dict[str, dict[str, str]] = {"public": {}}
    for role, username in ROLE_USER.items():
        with TestClient(app) as client:
            sign_in(client, username)
            cookies[role] = dict(client.cookies)
    return SimpleNamespace(app=app, cookies=cookies)


@pytest.fixture(scope="module")
def api_schema(fuzz_target: SimpleNamespace) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", fuzz_target.app)


def test_no_request_makes_the_api_fail(fuzz_target: SimpleNamespace, api_schema: Any) -> None:
    # Schemathesis's own pytest plugin does not run on pytest 9, so each operation gets a hypothesis test here.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 17  # every /api route is in the document (see test_api)
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def call(case: Any) -> None:
            for cookies in fuzz_target.cookies.values():
                case.call_and_validate(
                    cookies=cookies, checks=[not_a_server_error, response_schema_conformance]
                )

        call()
