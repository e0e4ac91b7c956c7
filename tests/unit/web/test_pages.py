"""What each role's page shows: the jail's responses and hold board, the field office's advice, LESC, oversight."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from securecomm.clock import ManualClock
from securecomm.storage.db import Database
from securecomm.storage.tables import JurisdictionRow
from securecomm.web.settings import WebSettings

from .conftest import TestClient, csrf_of, sign_in
from .world import MINE_AOR, MINE_FIPS, T0

JAIL = f"jail-{MINE_FIPS}"


def test_the_jail_page_lists_its_own_bookings_with_sre_and_iar(
    signed_in: Callable[[str], TestClient],
) -> None:
    page = signed_in(JAIL).get(f"/jail/{MINE_FIPS}").text
    assert "Harris County" in page
    assert "Juan Ejemplo" in page and "Ana Muestra" in page
    assert "Pedro Ficticio" not in page  # Dallas's booking
    assert "FBI 123456AB7, 1 prior event" in page  # the SRE
    assert "IAR: EWI (removable)" in page and "Entered without inspection" in page
    assert "IDR / IAR" in page


def test_a_jurisdiction_that_declined_idrs_sees_no_idr_even_if_one_is_stored(
    signed_in: Callable[[str], TestClient], db: Database
) -> None:
    with db.transaction() as tx:
        row = tx.get(JurisdictionRow, MINE_FIPS)
        assert row is not None
        row.receives_idr = False
    jail = signed_in(JAIL)
    page = jail.get(f"/jail/{MINE_FIPS}").text
    assert "does not receive IDR/IAR responses" in page
    assert "IAR: EWI" not in page and "IDR / IAR" not in page
    booking = jail.get("/api/bookings/B-H1").json()
    assert (
        booking["receives_idr"] is False
        and booking["idr"] is None
        and booking["sre"]["fbi_number"] == "123456AB7"
    )


def test_the_hold_board_counts_down_in_the_facilitys_time(signed_in: Callable[[str], TestClient]) -> None:
    page = signed_in(JAIL).get(f"/jail/{MINE_FIPS}").text
    board = page[page.index('id="holds"') : page.index("</section>")]
    assert 'data-board-now="2012-03-05T15:00:00Z"' in board
    assert 'hx-get="/jail/48201/holds"' in board and 'hx-trigger="every 30s"' in board
    # D-H1: 5 hours left, deadline 20:00 UTC = 14:00 CST; D-H2: an hour past; D-H3 has ended.
    assert "Mon 05 Mar 2012, 14:00 CST" in board
    assert re.search(r'data-deadline="2012-03-05T20:00:00Z">05:00:00<', board)
    assert re.search(r'<tr class="past">\s*<td>Ana Muestra</td>\s*<td class="mono">D-H2', board)
    assert "past by 01:00:00" in board
    assert "D-H3" not in board and "D-D1" not in board
    assert board.index("D-H2") < board.index("D-H1")  # the nearest (here: overdue) deadline first


def test_the_board_fragment_moves_with_the_board_clock(
    world: tuple[Database, WebSettings], clock: ManualClock
) -> None:
    from securecomm.web import create_app

    board_clock = ManualClock(T0)  # apart from the wall clock, as in a simulation (`serve --board-at`)
    app = create_app(world[1], database=world[0], clock=clock, board_clock=board_clock)
    jail = sign_in(TestClient(app), JAIL)
    board_clock.advance(timedelta(hours=1, minutes=30))
    fragment = jail.get(f"/jail/{MINE_FIPS}/holds", headers={"X-Securecomm-Poll": "1"}).text
    assert fragment.lstrip().startswith('<section id="holds"')  # a fragment for htmx, not a whole page
    assert "<html" not in fragment
    assert ">03:30:00<" in fragment and '<tr class="soon">' in fragment  # under 4 hours: amber
    detainers = jail.get(f"/api/jail/{MINE_FIPS}/detainers").json()
    left = {d["detainer_id"]: d["seconds_left"] for d in detainers["items"]}
    assert left == {"D-H2": -9000.0, "D-H1": 12600.0}
    assert detainers["items"][1]["deadline_local"] == "Mon 05 Mar 2012, 14:00 CST"


def test_the_field_office_sees_its_cases_with_advice_and_citations(
    signed_in: Callable[[str], TestClient],
) -> None:
    page = signed_in(f"ero-{MINE_AOR}").get(f"/ero/{MINE_AOR}").text
    assert "C-H1" in page and "C-D1" not in page
    assert "Level 3" in page and "Priority 3" in page and "consider discretion" in page
    assert "Most serious conviction is a misdemeanor (Level 3)." in page
    assert 'href="https://www.ice.gov/doclib/news/releases/2011/110302washingtondc.pdf"' in page
    assert "advisory" in page


def test_lesc_lists_every_iaq_response_with_its_county(signed_in: Callable[[str], TestClient]) -> None:
    lesc = signed_in("lesc")
    page = lesc.get("/lesc").text
    assert "B-H1" in page and "B-D1" in page and "no lawful entry record" in page
    items = lesc.get("/api/lesc/iaq-responses").json()["items"]
    assert {(i["booking_id"], i["fips"]) for i in items} == {("B-H1", MINE_FIPS), ("B-D1", "48113")}


def test_oversight_shows_counts_and_never_a_person(signed_in: Callable[[str], TestClient]) -> None:
    for role in ("crcl", "doj"):
        client = signed_in(role)
        page = client.get("/oversight").text
        assert "Juan" not in page and "B-H1" not in page
        rows = {r["fips"]: r for r in client.get("/api/oversight/jurisdictions").json()["items"]}
        assert (
            rows[MINE_FIPS]["bookings"],
            rows[MINE_FIPS]["cases"],
            rows[MINE_FIPS]["active_detainers"],
        ) == (2, 1, 2)
        assert rows["06037"]["bookings"] == 0
        assert next(iter(rows)) == MINE_FIPS  # busiest first
    assert "CRCL civil-rights oversight" in signed_in("crcl").get("/oversight").text
    assert "DOJ liaison" in signed_in("doj").get("/oversight").text


def test_the_admin_edits_a_jurisdiction_and_bad_input_names_the_field(
    signed_in: Callable[[str], TestClient], db: Database
) -> None:
    admin = signed_in("admin")
    listing = admin.get("/admin?state=TX").text
    assert "Harris County" in listing and "Los Angeles" not in listing
    form = admin.get(f"/admin/jurisdictions/{MINE_FIPS}").text
    token = csrf_of(form)
    bad = {
        "activated_on": "27/10/2008",
        "receives_idr": "yes",
        "has_287g": "yes",
        "reason": "fix",
        "csrf_token": token,
    }
    answer = admin.post(f"/admin/jurisdictions/{MINE_FIPS}", data=bad)
    assert (
        answer.status_code == 400
        and "is not a date (use YYYY-MM-DD" in answer.text
        and 'id="activated_on-error"' in answer.text
    )
    no_reason = {**bad, "activated_on": "2008-11-01", "reason": "  "}
    answer = admin.post(f"/admin/jurisdictions/{MINE_FIPS}", data=no_reason)
    assert answer.status_code == 400 and 'id="reason-error"' in answer.text
    same = {**bad, "activated_on": "2008-10-27", "reason": "no-op"}
    assert "nothing to change" in admin.post(f"/admin/jurisdictions/{MINE_FIPS}", data=same).text
    good = {**bad, "activated_on": "2008-11-01", "has_287g": "no", "reason": "MOA ended"}
    saved = admin.post(f"/admin/jurisdictions/{MINE_FIPS}", data=good)
    assert saved.status_code == 200 and "Saved." in saved.text  # after the 303
    with db.transaction() as tx:
        row = tx.get(JurisdictionRow, MINE_FIPS)
        assert row is not None and str(row.activated_on) == "2008-11-01" and row.has_287g is False


def test_the_admin_adds_an_account_and_mistakes_are_explained(signed_in: Callable[[str], TestClient]) -> None:
    admin = signed_in("admin")
    token = csrf_of(admin.get("/admin/users").text)
    wrong_scope = {
        "username": "jail-x",
        "role": "jail",
        "scope": "99999",
        "password": "long enough pw",
        "csrf_token": token,
    }
    answer = admin.post("/admin/users", data=wrong_scope)
    assert answer.status_code == 400 and "no county 99999 in the jurisdictions table" in answer.text
    made = admin.post("/admin/users", data={**wrong_scope, "scope": "6037", "username": "jail-06037"})
    assert made.status_code == 200 and "Account created." in made.text
    users = {u["username"]: u for u in admin.get("/api/admin/users").json()}
    assert users["jail-06037"]["scope"] == "06037" and users["jail-06037"]["role"] == "jail"
    duplicate = admin.post("/admin/users", data={**wrong_scope, "scope": "6037", "username": "JAIL-06037"})
    assert duplicate.status_code == 400 and "already exists" in duplicate.text


def test_pages_carry_security_headers(anonymous: TestClient) -> None:
    headers = anonymous.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"


def test_a_missing_page_is_a_readable_404(anonymous: TestClient) -> None:
    answer = anonymous.get("/no/such/page")
    assert answer.status_code == 404 and "Not found" in answer.text and "<html" in answer.text
    assert anonymous.get("/api/no-such").json() == {"detail": "Not Found"}


def test_a_bad_page_number_is_a_400_page_naming_the_parameter(signed_in: Callable[[str], TestClient]) -> None:
    answer = signed_in("lesc").get("/lesc?page=0")
    assert answer.status_code == 400 and "query.page" in answer.text


def test_the_users_page_filters_by_role_and_names_a_wrong_one(signed_in: Callable[[str], TestClient]) -> None:
    admin = signed_in("admin")
    jails = admin.get("/admin/users?role=jail").text
    assert (
        "jail-48201" in jails and "jail-48113" in jails and "ero-HOU" not in jails and "2 accounts" in jails
    )
    wrong = admin.get("/admin/users?role=mayor")
    assert wrong.status_code == 400 and "role: unknown role &#39;mayor&#39;" in wrong.text
