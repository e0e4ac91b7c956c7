"""The complaint system in a browser: a complaint filed in Spanish and in Chinese, followed through triage to a
DOJ referral and closure; a jail and a field office that cannot read who complained; the form in three
scripts (Latin, Chinese, Arabic) without console errors or sideways scrolling on a phone.

`SECURECOMM_SCREENSHOTS=1 pytest tests/browser/test_complaints.py` writes the pictures to
docs/screenshots/complaints/; otherwise they go to a temporary folder.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from securecomm.complaints import strings

from .conftest import sign_in

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::pytest.PytestRemovedIn10Warning")]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "complaints"
PDF = b"%PDF-1.4\n% synthetic evidence for the browser test\n%%EOF\n"
STORIES = {
    "es": {"name": "Ana Ejemplo", "place": "Houston, condado de Harris, TX",
           "narrative": "El agente me detuvo por mi apariencia y me preguntó por mis papeles sin motivo."},
    "zh": {"name": "王芳", "place": "德克萨斯州哈里斯县休斯顿",
           "narrative": "警察因为我的口音拦下我，并在没有理由的情况下询问我的移民身份。"},
    "ar": {"name": "سارة مثال", "place": "هيوستن، مقاطعة هاريس، تكساس",
           "narrative": "أوقفني الضابط بسبب مظهري وسألني عن أوراقي دون أي سبب."},
}  # fmt: skip


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """uvicorn in a thread over the complaint tests' world, with the complaint router mounted."""
    import uvicorn
    from complaints.world import T0, app_for, make_world  # tests/unit is on the path (see conftest)

    from securecomm.web.clocks import ShiftedClock

    db, settings = make_world(Path(tmp_path_factory.mktemp("complaints-browser")))
    app = app_for(db, settings, ShiftedClock(T0))
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    runner = uvicorn.Server(config)
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not runner.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield SimpleNamespace(url=f"http://127.0.0.1:{port}", db=db)
    runner.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.environ.get("SECURECOMM_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        return DOCS
    return Path(tmp_path_factory.mktemp("complaint-shots"))


def _file_complaint(page: Page, url: str, lang: str, *, consent_doj: bool = True) -> str:
    words, story = strings(lang), STORIES[lang]
    page.goto(f"{url}/complaint?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(words.text("page.title"))
    page.fill("input[name=incident_date]", "2012-03-01")
    page.fill("input[name=incident_time]", "21:30")
    page.fill("input[name=place]", story["place"])
    page.get_by_label(words.text("incident.conduct_state_local")).check()
    page.fill("textarea[name=narrative]", story["narrative"])
    page.fill("input[name=witness_1_name]", "Luis Testigo")
    page.set_input_files(
        "input[name=documents]", {"name": "evidence.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.fill("input[name=name]", story["name"])
    page.fill("textarea[name=address]", "1 Main St, Houston TX")
    page.fill("input[name=email]", "complainant@example.org")
    if consent_doj:
        page.locator("input[name=consent_doj][value=yes]").check()
    page.get_by_role("button", name=words.text("page.submit")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words.text("receipt.title"))
    expect(page.locator("main")).to_contain_text(words.text("receipt.next", language=words.name))
    receipt = page.locator("#receipt").inner_text()
    assert re.fullmatch(r"SC(-[0-9A-HJKMNP-TV-Z]{4}){4}-[0-9A-HJKMNP-TV-Z]", receipt), receipt
    return receipt


def _status(page: Page, url: str, lang: str, receipt: str) -> str:
    page.goto(f"{url}/complaint/status?lang={lang}")
    page.fill("input[name=receipt]", receipt.lower().replace("-", " "))
    page.get_by_role("button", name=strings(lang).text("status.submit")).click()
    return page.locator("#status-name").inner_text()


def _open_as_crcl(page: Page, url: str, story_name: str) -> str:
    sign_in(page, url, "crcl")
    page.goto(f"{url}/crcl/complaints")
    page.locator("tbody tr").first.get_by_role("link").click()
    expect(page.locator("#identity")).to_contain_text(story_name)
    return page.url.rsplit("/", 1)[-1]


def _act(page: Page, button: str, **fields: str) -> None:
    form = page.locator("form", has=page.get_by_role("button", name=button))
    for name, value in fields.items():
        target = form.locator(f"[name={name}]")
        if target.evaluate("e => e.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(value)
    form.get_by_role("button", name=button).click()


@pytest.mark.parametrize("lang", ["es", "zh"])
def test_a_complaint_through_triage_to_a_doj_referral_and_closure(
    browser: Browser, server: SimpleNamespace, lang: str
) -> None:
    words = strings(lang)
    public = browser.new_context().new_page()
    receipt = _file_complaint(public, server.url, lang)
    assert _status(public, server.url, lang, receipt) == words.text("status.received")

    crcl = browser.new_context().new_page()
    complaint_id = _open_as_crcl(crcl, server.url, STORIES[lang]["name"])
    expect(crcl.locator("main")).to_contain_text(STORIES[lang]["narrative"])
    _act(crcl, "Acknowledge")
    expect(crcl.locator("#complaint-status")).to_have_text("acknowledged")
    _act(crcl, "Record triage")  # the advised route: CRCL review
    expect(crcl.locator("#complaint-status")).to_have_text("crcl review")
    _act(crcl, "Refer to DOJ", reason="Possible pattern of pretextual stops by the county.")
    expect(crcl.locator("#complaint-status")).to_have_text("referred doj")
    assert _status(public, server.url, lang, receipt) == words.text("status.under_review")

    doj = browser.new_context().new_page()
    sign_in(doj, server.url, "doj")
    doj.goto(f"{server.url}/doj/complaints")
    doj.get_by_role("link", name=complaint_id).click()
    expect(doj.locator("#identity")).to_contain_text("[redacted]")
    expect(doj.locator("main")).not_to_contain_text(STORIES[lang]["name"])
    doj.select_option("select[name=decision]", "accepted")
    doj.fill("textarea[name=reason]", "The Civil Rights Division will review the county's stops.")
    doj.get_by_role("button", name="Record the answer").click()
    expect(doj.locator("#complaint-status")).to_have_text("doj accepted")

    crcl.reload()
    _act(
        crcl,
        "Close the complaint",
        outcome="referred",
        reason="DOJ accepted the referral and handles it now.",
    )
    expect(crcl.locator("#complaint-status")).to_have_text("closed")
    letters = crcl.locator("details summary")
    expect(letters).to_have_count(3)
    expect(letters.nth(0)).to_contain_text(f"acknowledgment in {lang}")
    expect(letters.nth(1)).to_contain_text(f"referral in {lang}")
    expect(letters.nth(2)).to_contain_text(f"closure in {lang}")
    crcl.locator("details").nth(1).locator("summary").click()
    expect(crcl.locator(".letter").nth(1)).to_contain_text(words.text("letter.referral_doj"))
    assert _status(public, server.url, lang, receipt) == words.text("status.closed")
    for page in (public, crcl, doj):
        page.context.close()


def test_a_jail_or_field_office_user_cannot_read_the_complainants_identity(
    browser: Browser, server: SimpleNamespace
) -> None:
    public = browser.new_context().new_page()
    _file_complaint(public, server.url, "zh", consent_doj=False)
    crcl = browser.new_context().new_page()
    complaint_id = _open_as_crcl(crcl, server.url, STORIES["zh"]["name"])
    _act(crcl, "Link", kind="case", target="C-H1", party="complainant")
    expect(crcl.locator("main")).to_contain_text("complainant: protected")

    for username in ("ero-HOU", "jail-48201"):
        page = browser.new_context().new_page()
        sign_in(page, server.url, username)
        for path in (
            f"/crcl/complaints/{complaint_id}",
            f"/doj/complaints/{complaint_id}",
            "/crcl/complaints",
        ):
            answer = page.goto(f"{server.url}{path}")
            assert answer is not None and answer.status == 403, (username, path)
            expect(page.locator("main")).not_to_contain_text(STORIES["zh"]["name"])
        if username == "ero-HOU":
            page.goto(f"{server.url}/ero/HOU/protection")
            case = page.locator("#case-C-H1")
            expect(case).to_contain_text("override required")
            expect(page.locator("main")).not_to_contain_text(STORIES["zh"]["name"])
            expect(page.locator("main")).not_to_contain_text(complaint_id)
            expect(page.locator("main")).not_to_contain_text(STORIES["zh"]["narrative"])
            case.locator("textarea[name=reason]").fill("Supervisor reviewed: aggravated felony conviction.")
            case.locator("input[name=supervisor]").check()
            case.get_by_role("button", name="Record supervisory override").click()
            expect(page.locator("#case-C-H1")).to_contain_text("override recorded")
        else:
            page.goto(f"{server.url}/jail/48201/retaliation")
            page.select_option("select[name=booking_id]", "B-H2")
            page.select_option("select[name=actor_kind]", "landlord")
            page.fill(
                "textarea[name=account]", "The landlord called the police the day after a repair complaint."
            )
            page.get_by_role("button", name="Report to the field office").click()
            expect(page.locator("tbody")).to_contain_text("repair complaint")
        page.context.close()
    for page in (public, crcl):
        page.context.close()


VIEWPORTS = {"laptop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SHOTS = [("en", "laptop"), ("zh", "laptop"), ("ar", "laptop"), ("ar", "phone"), ("es", "phone")]


@pytest.mark.parametrize(("lang", "device"), SHOTS)
def test_the_form_in_three_scripts_renders_cleanly(
    browser: Browser, server: SimpleNamespace, shots: Path, lang: str, device: str
) -> None:
    context = browser.new_context(viewport=VIEWPORTS[device], device_scale_factor=1)  # type: ignore[arg-type]
    page = context.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{server.url}/complaint?lang={lang}")
    words = strings(lang)
    expect(page.locator("html")).to_have_attribute("dir", words.direction)
    expect(page.get_by_role("heading", level=1)).to_have_text(words.text("page.title"))
    direction: Any = page.evaluate("getComputedStyle(document.querySelector('.complaint')).direction")
    assert direction == words.direction
    target = shots / f"form-{lang}{'' if device == 'laptop' else '-phone'}.png"
    page.screenshot(path=str(target), full_page=True)
    overflow: Any = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert not problems, f"browser console errors: {problems}"
    assert target.stat().st_size > 20_000
    assert overflow <= 1, f"the form scrolls sideways on a {device} ({overflow}px)"


def test_the_receipt_and_the_staff_pages_render_cleanly(
    browser: Browser, server: SimpleNamespace, shots: Path
) -> None:
    context = browser.new_context(viewport=VIEWPORTS["laptop"], device_scale_factor=1)  # type: ignore[arg-type]
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    _file_complaint(page, server.url, "ar")
    page.screenshot(path=str(shots / "receipt-ar.png"), full_page=True)
    crcl = browser.new_context(viewport=VIEWPORTS["laptop"], device_scale_factor=1).new_page()  # type: ignore[arg-type]
    crcl.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    _open_as_crcl(crcl, server.url, STORIES["ar"]["name"])
    crcl.screenshot(path=str(shots / "crcl-case.png"), full_page=True)
    ero = browser.new_context(viewport=VIEWPORTS["laptop"], device_scale_factor=1).new_page()  # type: ignore[arg-type]
    ero.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    sign_in(ero, server.url, "ero-HOU")
    ero.goto(f"{server.url}/ero/HOU/protection")
    ero.screenshot(path=str(shots / "field-office-protection.png"), full_page=True)
    for p in (page, crcl, ero):
        p.context.close()
    assert not problems, f"browser console errors: {problems}"
