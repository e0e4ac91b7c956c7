"""The public form, receipt and status pages: nine languages, CSRF, limits, escaping, status only."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from securecomm.clock import ManualClock
from securecomm.complaints import LANGUAGES, strings
from securecomm.storage.complaint_tables import ComplaintAttachmentRow, ComplaintRow
from securecomm.storage.db import Database
from securecomm.web.complaint_routes import MAX_INTAKE_BYTES

from .conftest import csrf_of
from .world import TestClient

FIELDS = {"incident_date": "2012-03-01", "place": "Houston, TX", "conduct": "state_local",
          "narrative": "Me pararon <script>alert('x')</script> sin razón."}  # fmt: skip
RECEIPT = re.compile(r'id="receipt"[^>]*>(SC-[0-9A-Z-]+)<')


def count(db: Database) -> int:
    with db.transaction() as tx:
        return tx.scalar(select(func.count()).select_from(ComplaintRow)) or 0


def submit(client: TestClient, lang: str = "es", **extra: object) -> object:
    token = csrf_of(client.get(f"/complaint?lang={lang}").text)
    files = extra.pop("files", None)
    return client.post(f"/complaint?lang={lang}", data={"csrf_token": token, **FIELDS, **extra}, files=files)  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_form_in_each_language(public: TestClient, lang: str) -> None:
    page = public.get(f"/complaint?lang={lang}")
    words = strings(lang)
    assert page.status_code == 200
    assert f'<html lang="{lang}" dir="{words.direction}">' in page.text
    for key in ("page.title", "incident.narrative", "consent.heading", "about.a_number", "witnesses.heading"):
        assert words.text(key).replace("'", "&#39;") in page.text, key
    assert 'type="file" name="documents"' in page.text and 'name="csrf_token"' in page.text


def test_the_browser_language_is_used_when_the_link_names_none(public: TestClient) -> None:
    page = public.get("/complaint", headers={"Accept-Language": "vi-VN,vi;q=0.9,en;q=0.5"})
    assert '<html lang="vi" dir="ltr">' in page.text


def test_filing_gives_a_receipt_in_the_complainants_language(public: TestClient, db: Database) -> None:
    answer = submit(public, "zh", name="王芳", email="wang@example.org")
    assert answer.status_code == 200  # type: ignore[attr-defined]
    text = answer.text  # type: ignore[attr-defined]
    assert strings("zh").text("receipt.title") in text and "中文" in text
    receipt = RECEIPT.search(text)
    assert receipt is not None and count(db) == 1
    with db.transaction() as tx:
        row = tx.scalars(select(ComplaintRow)).one()
        assert row.receipt == receipt.group(1) and row.language == "zh"


def test_an_anonymous_filer_is_told_to_use_the_receipt(public: TestClient) -> None:
    text = submit(public, "ht").text  # type: ignore[attr-defined]
    assert strings("ht").text("receipt.next_anonymous") in text


def test_no_html_from_input_is_ever_rendered(public: TestClient) -> None:
    text = submit(public, "en", incident_date="nonsense", place='"><img src=x onerror=alert(1)>').text  # type: ignore[attr-defined]
    assert "<script>alert" not in text and "<img src=x" not in text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in text  # shown back, escaped


@pytest.mark.parametrize("token", [None, "", "0" * 64, "nope"])
def test_a_post_without_a_valid_token_is_refused_and_stores_nothing(
    public: TestClient, db: Database, token: str | None
) -> None:
    public.get("/complaint")
    data = dict(FIELDS) if token is None else {**FIELDS, "csrf_token": token}
    answer = public.post("/complaint", data=data)
    assert answer.status_code == 403 and "CSRF" in answer.text
    assert count(db) == 0


def test_problems_are_shown_in_the_complainants_language_and_nothing_is_stored(
    public: TestClient, db: Database
) -> None:
    token = csrf_of(public.get("/complaint?lang=ar").text)
    answer = public.post("/complaint?lang=ar", data={"csrf_token": token, "narrative": "x", "email": "bad"},
                         files=[("documents", ("evil.pdf", b"<html><script>", "application/pdf"))])  # fmt: skip
    words = strings("ar")
    assert answer.status_code == 400
    assert words.text("page.problems") in answer.text and words.text("errors.required") in answer.text
    assert words.text("errors.bad_email") in answer.text
    assert words.text("errors.file_type", file="evil.pdf") in answer.text
    assert 'aria-invalid="true"' in answer.text and count(db) == 0


def test_documents_are_checked_by_content_and_kept(public: TestClient, db: Database) -> None:
    answer = submit(public, "en", files=[("documents", ("scan.pdf", b"%PDF-1.4 test", "application/pdf")),
                                         ("documents", ("note.txt", b"Testigo: Luis", "text/plain"))])  # fmt: skip
    assert answer.status_code == 200  # type: ignore[attr-defined]
    with db.transaction() as tx:
        kinds = sorted(tx.scalars(select(ComplaintAttachmentRow.media_type)))
    assert kinds == ["application/pdf", "text/plain"]


def test_a_request_larger_than_the_cap_is_refused_before_it_is_read(public: TestClient, db: Database) -> None:
    token = csrf_of(public.get("/complaint").text)
    headers = {
        "Content-Length": str(MAX_INTAKE_BYTES + 1),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    answer = public.post("/complaint", content=f"csrf_token={token}".encode(), headers=headers)
    assert answer.status_code == 413 and count(db) == 0


def test_the_rate_limit_is_generous_and_then_refuses_with_retry_after(
    public: TestClient, db: Database, clock: ManualClock
) -> None:
    token = csrf_of(public.get("/complaint?lang=es").text)
    answers = [
        public.post("/complaint?lang=es", data={"csrf_token": token, **FIELDS}).status_code for _ in range(31)
    ]
    assert answers[:30] == [200] * 30 and answers[30] == 429  # well above ten a minute
    assert count(db) == 30
    refused = public.post("/complaint?lang=es", data={"csrf_token": token, **FIELDS})
    assert (
        refused.status_code == 429
        and strings("es").text("errors.rate_limited", seconds=60)[:20] in refused.text
    )
    clock.advance(timedelta(minutes=1))
    assert public.post("/complaint?lang=es", data={"csrf_token": token, **FIELDS}).status_code == 200


def test_the_status_page_shows_the_status_only(public: TestClient) -> None:
    text = submit(public, "es", name="Ana Ruiz").text  # type: ignore[attr-defined]
    found = RECEIPT.search(text)
    assert found is not None
    receipt = found.group(1)
    token = csrf_of(public.get("/complaint/status?lang=fr").text)
    page = public.post("/complaint/status?lang=fr", data={"csrf_token": token, "receipt": receipt.lower()})
    assert page.status_code == 200
    assert strings("fr").text("status.received") in page.text
    assert "Ana Ruiz" not in page.text and "Me pararon" not in page.text and "Houston" not in page.text
    typo = receipt[:-1] + ("0" if receipt[-1] != "0" else "1")
    wrong = public.post("/complaint/status?lang=fr", data={"csrf_token": token, "receipt": typo})
    assert wrong.status_code == 400 and strings("fr").text("errors.receipt_check") in wrong.text
    unknown = public.post(
        "/complaint/status", data={"csrf_token": token, "receipt": "SC-0000-0000-0000-0000-0"}
    )
    assert unknown.status_code == 404


def test_the_public_status_api(public: TestClient) -> None:
    found = RECEIPT.search(submit(public, "pt").text)  # type: ignore[attr-defined]
    assert found is not None
    token = csrf_of(public.get("/complaint").text)
    answer = public.post("/api/public/complaints/status?lang=pt", json={"receipt": found.group(1)},
                         headers={"X-CSRF-Token": token})  # fmt: skip
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "received" and body["status_name"] == strings("pt").text("status.received")
    assert set(body) == {"receipt", "status", "status_name", "status_text", "since"}
    no_token = public.post("/api/public/complaints/status", json={"receipt": found.group(1)})
    assert no_token.status_code == 403
    languages = public.get("/api/public/complaints/languages").json()
    assert [x["lang"] for x in languages] == list(LANGUAGES) and {
        "lang": "ar",
        "name": "العربية",
        "dir": "rtl",
    } in languages


def test_the_stylesheet_is_served(public: TestClient) -> None:
    answer = public.get("/complaint/complaints.css")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/css")
    assert ".receipt-number" in answer.text
