"""A person at the browser: signing in, an admin change, a hold countdown ticking, the rights page in Arabic."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from securecomm.storage.tables import JurisdictionRow

from .conftest import sign_in

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::pytest.PytestRemovedIn10Warning")]


def test_signing_in_takes_the_jail_to_its_page_and_a_wrong_password_says_so(
    page: Page, live_server: SimpleNamespace
) -> None:
    sign_in(page, live_server.url, "jail-48201", "not the password")
    expect(page.get_by_role("alert")).to_have_text("Invalid username or password")
    expect(page).to_have_url(re.compile(r"/login$"))
    sign_in(page, live_server.url, "jail-48201")
    expect(page).to_have_url(f"{live_server.url}/jail/48201")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Harris County")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/jail/48201")
    expect(page).to_have_url(re.compile(r"/login$"))


def test_the_admin_changes_a_jurisdiction_with_a_reason(page: Page, live_server: SimpleNamespace) -> None:
    sign_in(page, live_server.url, "admin")
    expect(page).to_have_url(f"{live_server.url}/admin")
    page.select_option("select[name=state]", "CA")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("row", name=re.compile("Los Angeles")).get_by_role("link", name="Change").click()
    page.select_option("select[name=receives_idr]", "no")
    page.fill("textarea[name=reason]", "Board of Supervisors resolution declining IDRs")
    page.get_by_role("button", name="Save change").click()
    expect(page.get_by_role("status")).to_contain_text("Saved.")
    expect(page.locator("select[name=receives_idr]")).to_have_value("no")
    with live_server.db.transaction() as tx:
        row = tx.get(JurisdictionRow, "06037")
        assert row is not None and row.receives_idr is False


def test_a_hold_countdown_ticks_on_the_jail_page(page: Page, live_server: SimpleNamespace) -> None:
    sign_in(page, live_server.url, "jail-48201")
    clock = page.locator("tr", has_text="D-H1").locator("time.countdown")
    expect(clock).to_have_text(re.compile(r"^0[45]:\d\d:\d\d$"))  # five hours from the board's start
    first = clock.inner_text()
    page.wait_for_timeout(2200)
    second = clock.inner_text()

    def seconds(text: str) -> int:
        h, m, s = (int(x) for x in text.split(":"))
        return h * 3600 + m * 60 + s

    assert 1 <= seconds(first) - seconds(second) <= 30  # it ticks down (a loaded machine may lag)
    overdue = page.locator("tr", has_text="D-H2")
    expect(overdue).to_have_class("past")
    expect(overdue.locator("time.countdown")).to_have_text(re.compile(r"^past by 01:0\d:\d\d$"))


def test_the_rights_page_in_arabic_reads_right_to_left_with_western_digits(
    page: Page, live_server: SimpleNamespace
) -> None:
    page.goto(f"{live_server.url}/rights")
    page.get_by_role("link", name="العربية").first.click()
    expect(page).to_have_url(f"{live_server.url}/rights/ar")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    article = page.locator("article.rights")
    assert article.evaluate("el => getComputedStyle(el).direction") == "rtl"
    expect(page.get_by_role("heading", level=1)).to_contain_text("حقوقك")
    phone = page.locator("bdi.phone").first
    expect(phone).to_have_text("(855) 448-6903")
    assert phone.evaluate("el => getComputedStyle(el).direction") == "ltr"
    heading = page.get_by_role("heading", level=1).bounding_box()
    viewport = page.viewport_size
    assert heading is not None and viewport is not None
    assert heading["x"] + heading["width"] > viewport["width"] * 0.6  # the text starts from the right
