"""Every page of a role's work is reachable from its home, and no page links where its reader is refused.

The oversight home links the complaint and monitoring pages its reader's role may open (the policy decides,
so the DOJ liaison is never offered CRCL's queue); the field office's and the jail's homes link their
protection and retaliation pages; the start page and the rights pages link the complaint form (in the
page's language), the public statistics and the briefings. Following every link on those pages as the same
reader answers 200.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest

from securecomm.complaints.translations import strings
from securecomm.web.rights import LANGUAGES

from .conftest import TestClient
from .world import MINE_AOR, MINE_FIPS

HREF = re.compile(r'href="(/[^"]*)"')
HOMES = {
    "crcl": "/oversight",
    "doj": "/oversight",
    f"ero-{MINE_AOR}": f"/ero/{MINE_AOR}",
    f"jail-{MINE_FIPS}": f"/jail/{MINE_FIPS}",
}


def links(page: str) -> list[str]:
    return [html.unescape(href) for href in HREF.findall(page)]


def test_the_oversight_home_links_the_work_each_role_may_open(signed_in: Callable[[str], TestClient]) -> None:
    crcl = links(signed_in("crcl").get("/oversight").text)
    doj = links(signed_in("doj").get("/oversight").text)
    work = ["/oversight/packages", "/oversight/referrals", "/doj/complaints", "/statistics"]
    assert all(href in crcl for href in [*work, "/crcl/complaints"])
    assert all(href in doj for href in work)
    assert "/crcl/complaints" not in doj  # CRCL's queue is CRCL's alone: the liaison is not offered a 403


def test_the_field_office_and_the_jail_homes_link_their_protection_and_retaliation_pages(
    signed_in: Callable[[str], TestClient],
) -> None:
    assert f"/ero/{MINE_AOR}/protection" in links(signed_in(f"ero-{MINE_AOR}").get(f"/ero/{MINE_AOR}").text)
    jail = signed_in(f"jail-{MINE_FIPS}").get(f"/jail/{MINE_FIPS}").text
    assert f"/jail/{MINE_FIPS}/retaliation" in links(jail)


def test_the_start_page_links_the_complaint_form_its_status_the_statistics_and_the_briefings(
    anonymous: TestClient,
) -> None:
    found = links(anonymous.get("/").text)
    assert {"/complaint", "/complaint/status", "/statistics", "/training"} <= set(found)
    assert {"/complaint", "/statistics"} <= set(links(anonymous.get("/rights").text))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_rights_page_links_the_complaint_form_in_its_language_and_the_statistics(
    anonymous: TestClient, lang: str
) -> None:
    page = anonymous.get(f"/rights/{lang}").text
    title = strings(lang).text("page.title")
    assert f'<a href="/complaint?lang={lang}" hreflang="{lang}">{html.escape(title)}</a>' in page
    assert '<a href="/statistics" hreflang="en">' in page
    form = anonymous.get(f"/complaint?lang={lang}")
    assert form.status_code == 200 and html.escape(title) in form.text  # the link names the page it opens


@pytest.mark.parametrize("who", [None, *HOMES], ids=lambda w: w or "public")
def test_every_link_on_a_readers_pages_opens_for_that_reader(
    signed_in: Callable[[str], TestClient], anonymous: TestClient, who: str | None
) -> None:
    client = anonymous if who is None else signed_in(who)
    pages = ["/", "/rights", "/rights/ar"] + ([HOMES[who]] if who else [])
    for page in pages:
        shown = client.get(page)
        assert shown.status_code == 200, page
        for href in sorted(set(links(shown.text))):
            answer = client.get(href, follow_redirects=False)
            where = answer.headers.get("location", "")
            opened = answer.status_code == 200 or (
                answer.status_code == 303 and not where.startswith("/login")
            )
            assert opened, (
                f"{who or 'public'}: {page} links {href}, which answers {answer.status_code} {where}"
            )
