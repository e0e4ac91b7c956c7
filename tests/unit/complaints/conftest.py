"""Fixtures: a database with a small world, a manual clock, the web app, and signed-in clients."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from securecomm.clock import ManualClock
from securecomm.storage.audit_log import SessionAuditLog
from securecomm.storage.complaint_records import complaint_services
from securecomm.storage.db import Database, open_database
from securecomm.web.passwords import FAST_FOR_TESTS
from securecomm.web.settings import WebSettings

from .world import PASSWORD, T0, TestClient, app_for, make_world

CSRF_INPUT = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')


@pytest.fixture(scope="session")
def template_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The world migrated and filled once; each test gets a copy of the file."""
    directory = tmp_path_factory.mktemp("complaints-template")
    db, _ = make_world(directory)
    db.dispose()
    return directory / "complaints.db"


@pytest.fixture
def world(template_world: Path, tmp_path: Path) -> Iterator[tuple[Database, WebSettings]]:
    shutil.copy(template_world, tmp_path / "complaints.db")
    url = f"sqlite:///{tmp_path / 'complaints.db'}"
    db = open_database(url)
    yield db, WebSettings(database_url=url, password_parameters=FAST_FOR_TESTS)
    db.dispose()


@pytest.fixture
def db(world: tuple[Database, WebSettings]) -> Database:
    return world[0]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def services(db: Database, clock: ManualClock) -> Callable[..., object]:
    """Run `work(complaints, protection)` in one transaction and return its result."""

    def run(work: Callable[..., object]) -> object:
        with db.transaction() as tx:
            complaints, protection = complaint_services(tx, SessionAuditLog(tx), clock)
            return work(complaints, protection)

    return run


@pytest.fixture
def app(world: tuple[Database, WebSettings], clock: ManualClock) -> FastAPI:
    return app_for(world[0], world[1], clock)


def csrf_of(html: str) -> str:
    found = CSRF_INPUT.search(html)
    assert found, "the page has no CSRF hidden input"
    return found.group(1)


def sign_in(client: TestClient, username: str) -> TestClient:
    page = client.get("/login")
    answer = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return client


@pytest.fixture
def public(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, client=("203.0.113.9", 50000)) as client:
        yield client


@pytest.fixture
def signed_in(app: FastAPI) -> Iterator[Callable[[str], TestClient]]:
    clients: list[TestClient] = []

    def make(username: str) -> TestClient:
        client = TestClient(app, client=("198.51.100.7", 50000))
        clients.append(client)
        return sign_in(client, username)

    yield make
    for client in clients:
        client.close()
