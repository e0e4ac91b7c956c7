"""Browser tests: pytest-playwright driving Debian's Chromium (/usr/bin/chromium) against a live server.

No browser is ever downloaded: the Chromium that `scripts/install-system-deps` installs is launched by
path. The server is uvicorn in a thread on a free local port, over a fresh synthetic world; its hold
board runs from the world's instant (T0) at real speed, so countdowns tick.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))  # the web tests' synthetic world
from web.world import PASSWORD, T0, make_world  # noqa: E402

__all__ = ["PASSWORD", "sign_in"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not CHROMIUM.exists():
        skip = pytest.mark.skip(
            reason="Debian's Chromium is not installed at /usr/bin/chromium (scripts/install-system-deps)"
        )
        for item in items:
            if "tests/browser" in str(item.path):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    return {"executable_path": str(CHROMIUM), "args": CHROMIUM_FLAGS, "headless": True}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    import uvicorn

    from securecomm.web import create_app
    from securecomm.web.clocks import ShiftedClock

    db, settings = make_world(Path(tmp_path_factory.mktemp("browser")))
    app = create_app(settings, database=db, board_clock=ShiftedClock(T0))
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield SimpleNamespace(url=f"http://127.0.0.1:{port}", db=db)
    server.should_exit = True
    thread.join(timeout=10)


def sign_in(page: Any, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
