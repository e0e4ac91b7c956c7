"""Each role's main page as a person sees it, on a laptop and on a phone, with no browser console errors.

`SECURECOMM_SCREENSHOTS=1 pytest tests/browser/test_screenshots.py` writes the pictures to
docs/screenshots/ (the ones the README shows); otherwise they go to a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, expect

from .conftest import sign_in

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::pytest.PytestRemovedIn10Warning")]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# file name -> (username or None for the public, path, something the page must show)
PAGES: dict[str, tuple[str | None, str, str]] = {
    "jail": ("jail-48201", "/jail/48201", "Hold board"),
    "field-office": ("ero-HOU", "/ero/HOU", "ERO field office HOU"),
    "lesc": ("lesc", "/lesc", "Law Enforcement Support Center"),
    "crcl": ("crcl", "/oversight", "CRCL civil-rights oversight"),
    "doj": ("doj", "/oversight", "DOJ liaison"),
    "admin": ("admin", "/admin?state=TX", "Jurisdictions"),
    "admin-users": ("admin", "/admin/users", "Users and roles"),
    "public-rights-ar": (None, "/rights/ar", "حقوقك"),
    "public-training": (None, "/training", "Introduction to Secure Communities"),
    "public-statistics": (None, "/statistics", "Secure Communities: public statistics"),
    "start": (None, "/", "Civil-rights complaints"),
    "login": (None, "/login", "Sign in"),
}
VIEWPORTS = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
CASES = [(name, "laptop") for name in sorted(PAGES)] + [
    (name, "phone") for name in ("jail", "field-office", "public-rights-ar", "start")
]


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.environ.get("SECURECOMM_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        return DOCS
    return Path(tmp_path_factory.mktemp("screenshots"))


@pytest.mark.parametrize(("name", "device"), CASES)
def test_each_main_page_renders_cleanly(
    browser: Browser, live_server: SimpleNamespace, shots: Path, name: str, device: str
) -> None:
    username, path, shows = PAGES[name]
    context = browser.new_context(viewport=VIEWPORTS[device], device_scale_factor=1)  # type: ignore[arg-type]
    page = context.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    if username:
        sign_in(page, live_server.url, username)
    page.goto(f"{live_server.url}{path}")
    expect(page.locator("main")).to_contain_text(shows)
    page.wait_for_timeout(300)  # one countdown tick
    target = shots / f"{name}{'' if device == 'laptop' else '-phone'}.png"
    page.screenshot(path=str(target), full_page=device == "laptop")
    overflow: Any = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert not problems, f"browser console errors on {path}: {problems}"
    assert target.stat().st_size > 8000
    assert overflow <= 1, (
        f"{path} scrolls sideways on a {device} ({overflow}px): tables must scroll inside their box"
    )
