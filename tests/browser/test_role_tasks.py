"""Each role's main task in the browser, on a world the real booking flow made.

One person, booked at Harris County, whose prints IDENT matched (`flow_world`: the real agencies, rules,
outbox and dispatcher; a table answers the 1:N search, the engine draws the evidence). In order, as the
work happens: LESC reviews the match with its evidence picture; the field office lodges a detainer (a
reason is required) and verifies citizenship; the jail prints the copy in Spanish (the PDF's text read
back with pdftotext), records its service and a bail release, and watches the hold's countdown tick; the
field office takes custody and records its decision after the interview; an officer completes a briefing.
The tests share one server and run in this order. `SECURECOMM_SCREENSHOTS=1` writes each page's picture
to docs/screenshots/.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from securecomm.storage.agency_tables import CaseRow, DecisionRow, DetainerRow
from securecomm.training import get_module

from .conftest import sign_in

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from web.flow_world import EVIDENCE, FIN, booking_id, case_id, detainer_id, make_action_world
from web.world import T0

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::pytest.PytestRemovedIn10Warning")]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PERSON = "EJEMPLO, OPEN-PAGE"


@pytest.fixture(scope="module")
def flow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    import uvicorn

    from securecomm.web import create_app
    from securecomm.web.clocks import ShiftedClock

    db, settings = make_action_world(Path(tmp_path_factory.mktemp("role-tasks")))
    app = create_app(settings, database=db, board_clock=ShiftedClock(T0))  # the world's Monday 09:00, ticking
    # Draw the evidence once before the browser asks: the first comparison in a process may compile the
    # matcher's kernels (Numba), longer than a click's patience on a busy machine.
    assert app.state.services.evidence.evidence(booking_id=booking_id(EVIDENCE), fin=FIN) is not None
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
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


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.environ.get("SECURECOMM_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        return DOCS
    return Path(tmp_path_factory.mktemp("role-shots"))


@pytest.fixture
def person(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A laptop-sized page whose console errors (CSP violations included) are collected."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, device_scale_factor=1, accept_downloads=True
    )
    page = context.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page, problems
    context.close()


def _picture(page: Page, shots: Path, name: str) -> None:
    target = shots / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 8000


def _row(server: SimpleNamespace, table: Any, key: str) -> Any:
    with server.db.transaction() as tx:
        return tx.get(table, key)


def test_lesc_sees_the_match_with_its_evidence_picture(
    person: tuple[Page, list[str]], flow_server: SimpleNamespace, shots: Path
) -> None:
    page, problems = person
    sign_in(page, flow_server.url, "lesc")
    page.get_by_role("link", name=booking_id(EVIDENCE)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PERSON)
    picture = page.locator("img.evidence")
    expect(picture).to_be_visible()
    picture.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('img.evidence').naturalWidth > 400")
    expect(page.locator("figcaption")).to_contain_text("Right index")
    expect(page.get_by_role("heading", name="Status determination")).to_be_visible()
    expect(page.locator("main")).to_contain_text("IDENT records an apprehension at the border on 2009-06-02.")
    expect(page.locator("article.sent").first).to_contain_text("ero:HOU")
    _picture(page, shots, "lesc-iaq")
    assert not problems, problems


def test_the_field_office_lodges_a_detainer_with_a_reason_and_verifies_citizenship(
    person: tuple[Page, list[str]], flow_server: SimpleNamespace, shots: Path
) -> None:
    page, problems = person
    sign_in(page, flow_server.url, "ero-HOU")
    page.get_by_role("link", name=case_id(EVIDENCE)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PERSON)
    expect(page.locator("main")).to_contain_text("Detainer advice:")
    _picture(page, shots, "field-office-case")  # the advice with its sources, and the decision's form
    decision = page.locator("form", has=page.get_by_role("heading", name="Decide on the case"))
    decision.get_by_label("Lodge a detainer (I-247-2011)").check()
    decision.locator("textarea[name=reason]").fill("   ")  # blank: the server refuses it
    decision.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("alert")).to_have_text(
        "give the reason for the decision; it is kept with the act in the audit trail"
    )
    assert _row(flow_server, DetainerRow, detainer_id(EVIDENCE)) is None
    assert problems == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]
    problems.clear()  # that 400 is the refusal itself; nothing else may go wrong
    decision = page.locator("form", has=page.get_by_role("heading", name="Decide on the case"))
    decision.get_by_label("Lodge a detainer (I-247-2011)").check()
    decision.locator("textarea[name=reason]").fill("Border apprehension in 2009; felony burglary charge.")
    decision.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("status")).to_have_text("Decision recorded, with your reason.")
    expect(page.locator("main")).to_contain_text("Border apprehension in 2009; felony burglary charge.")
    page.get_by_role("button", name="Check citizenship records").click()
    expect(page.get_by_role("status")).to_contain_text("Citizenship records checked")
    expect(page.locator("td", has_text="verified").first).to_be_visible()
    detainer = _row(flow_server, DetainerRow, detainer_id(EVIDENCE))
    assert detainer.form == "I-247-2011" and detainer.verified_at is not None
    assert not problems, problems


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_jail_serves_the_copy_in_spanish(
    person: tuple[Page, list[str]], flow_server: SimpleNamespace, tmp_path: Path, shots: Path
) -> None:
    page, problems = person
    sign_in(page, flow_server.url, "jail-48201")
    page.locator("#holds").get_by_role("link", name=booking_id(EVIDENCE)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PERSON)
    copy = page.locator("form[action$='notice.pdf']")
    expect(copy.locator("select[name=lang]")).to_have_value("es")  # the person's language
    _picture(page, shots, "jail-booking")
    with page.expect_download() as download:
        copy.get_by_role("button", name="Get the copy (PDF)").click()
    pdf = tmp_path / "copy.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "Aviso a la persona detenida" in text and PERSON in text and "(855) 448-6903" in text
    service = page.locator("form[action$='/service']")
    service.locator("select[name=language]").select_option("es")
    service.locator("select[name=manner]").select_option("in_person")
    service.get_by_role("button", name="Record service").click()
    expect(page.get_by_role("status")).to_have_text("Service of the detainer copy recorded.")
    detainer = _row(flow_server, DetainerRow, detainer_id(EVIDENCE))
    assert (detainer.served_language, detainer.served_manner) == ("es", "in_person")
    assert not problems, problems


def test_a_bail_release_starts_a_countdown_that_ticks(
    person: tuple[Page, list[str]], flow_server: SimpleNamespace, shots: Path
) -> None:
    page, problems = person
    sign_in(page, flow_server.url, "jail-48201")
    page.goto(f"{flow_server.url}/bookings/{booking_id(EVIDENCE)}")
    release = page.locator("form[action$='/release']")
    release.locator("select[name=reason]").select_option("bail_posted")
    release.get_by_role("button", name="Record release event").click()
    expect(page.get_by_role("status")).to_have_text("Release event recorded.")
    page.get_by_role("link", name=re.compile("bookings and hold board")).click()
    clock = page.locator("#holds tr", has_text=detainer_id(EVIDENCE)).locator("time.countdown")
    expect(clock).to_have_text(re.compile(r"^(2 d 00:00|1 d 23:5\d):\d\d$"))  # 48 business hours from now

    def seconds(text: str) -> int:
        days, _, rest = text.rpartition(" d ")
        h, m, s = (int(x) for x in rest.split(":"))
        return int(days or 0) * 86400 + h * 3600 + m * 60 + s

    first = seconds(clock.inner_text())
    page.wait_for_timeout(2200)
    assert 1 <= first - seconds(clock.inner_text()) <= 30  # it ticks down (a loaded machine may lag)
    assert _row(flow_server, DetainerRow, detainer_id(EVIDENCE)).state == "holding"
    assert not problems, problems


def test_the_field_office_takes_custody_and_decides_after_the_interview(
    person: tuple[Page, list[str]], flow_server: SimpleNamespace, shots: Path
) -> None:
    page, problems = person
    sign_in(page, flow_server.url, "ero-HOU")
    page.goto(f"{flow_server.url}/cases/{case_id(EVIDENCE)}")
    custody = page.locator("form[action$='/custody']")
    custody.locator("textarea[name=reason]").fill(
        "Officers Ruiz and Chen; to the Houston Contract Detention Facility."
    )
    custody.get_by_role("button", name="Record transfer").click()
    expect(page.get_by_role("status")).to_have_text("Transfer to ICE custody recorded.")
    interview = page.locator("form[action$='/interview']")
    interview.get_by_label("notice to appear").check()
    interview.locator("textarea[name=reason]").fill(
        "Interviewed with a Spanish interpreter; no claim to relief."
    )
    interview.get_by_role("button", name="Record decision after interview").click()
    expect(page.get_by_role("status")).to_have_text("Decision after interview recorded; the case is closed.")
    expect(page.locator("main")).to_contain_text("decided notice to appear")
    case = _row(flow_server, CaseRow, case_id(EVIDENCE))
    assert case.state == "decided_notice_to_appear" and case.closed_at is not None
    with flow_server.db.transaction() as tx:
        kinds = [
            d.kind
            for d in tx.query(DecisionRow).filter_by(case_id=case_id(EVIDENCE)).order_by(DecisionRow.at)
        ]
    assert kinds == ["lodge_detainer", "notice_to_appear"]
    assert not problems, problems


def test_the_jail_sees_the_transfer(person: tuple[Page, list[str]], flow_server: SimpleNamespace) -> None:
    page, problems = person
    sign_in(page, flow_server.url, "jail-48201")
    page.goto(f"{flow_server.url}/bookings/{booking_id(EVIDENCE)}")
    expect(page.locator("main")).to_contain_text("transferred to ice")
    expect(page.locator("#holds")).to_have_count(0)  # the booking page has no board; the hold ended
    page.get_by_role("link", name=re.compile("bookings and hold board")).click()
    expect(page.locator("#holds")).not_to_contain_text(detainer_id(EVIDENCE))
    assert not problems, problems


def test_an_officer_completes_a_briefing(
    person: tuple[Page, list[str]], flow_server: SimpleNamespace
) -> None:
    page, problems = person
    sign_in(page, flow_server.url, "ero-HOU")
    page.goto(f"{flow_server.url}/training/detainers/check")
    for question in get_module("detainers").knowledge_check.questions:
        page.locator(f"input[name='q-{question.id}'][value='{question.answer}']").check()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("status")).to_contain_text("Passed")
    expect(page.get_by_role("status")).to_contain_text("Your completion of this module is recorded")
    page.goto(f"{flow_server.url}/training/progress")
    expect(page.locator("main")).to_contain_text(get_module("detainers").full_title)
    assert not problems, problems


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("lesc", f"/lesc/iaq/{booking_id(EVIDENCE)}"),
        ("ero-HOU", f"/cases/{case_id(EVIDENCE)}"),
        ("jail-48201", f"/bookings/{booking_id(EVIDENCE)}"),
    ],
)
def test_the_action_pages_fit_a_phone(
    browser: Browser, flow_server: SimpleNamespace, username: str, path: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    sign_in(page, flow_server.url, username)
    page.goto(f"{flow_server.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(PERSON)
    overflow: Any = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert overflow <= 1, (
        f"{path} scrolls sideways on a phone ({overflow}px): tables must scroll inside their box"
    )
    assert not problems, problems
