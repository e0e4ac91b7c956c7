from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from securecomm.clock import ManualClock
from securecomm.storage.db import Database
from securecomm.web.settings import WebSettings

from .world import PASSWORD, T0, make_world

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what the project installs
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

__all__ = ["TestClient", "csrf_of", "sign_in"]

CSRF_INPUT = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')


@pytest.fixture
def world(tmp_path: Path) -> tuple[Database, WebSettings]:
    return make_world(tmp_path)


@pytest.fixture
def db(world: tuple[Database, WebSettings]) -> Database:
    return world[0]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def app(world: tuple[Database, WebSettings], clock: ManualClock) -> FastAPI:
    from securecomm.web import create_app

    database, settings = world
    return create_app(settings, database=database, clock=clock)


def csrf_of(html: str) -> str:
    found = CSRF_INPUT.search(html)
    assert found, "the page has no CSRF hidden input"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> TestClient:
    page = client.get("/login")
    answer = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return client


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, client=("203.0.113.9", 50000)) as client:
        yield client


@pytest.fixture
def signed_in(app: FastAPI) -> Iterator[Callable[[str], TestClient]]:
    """A factory: a fresh client signed in as the given username."""
    clients: list[TestClient] = []

    def make(username: str) -> TestClient:
        client = TestClient(app, client=("198.51.100.7", 50000))
        clients.append(client)
        return sign_in(client, username)

    yield make
    for client in clients:
        client.close()
