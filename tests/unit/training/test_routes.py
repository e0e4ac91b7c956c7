"""The training router through FastAPI's TestClient, wired to a stand-in for the app's sign-in and CSRF."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from securecomm.clock import FixedClock
from securecomm.training import Catalog, InMemoryCompletions, TrainingRecords
from securecomm.web.training_routes import PageRenderer, training_router

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what the project installs
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

AT = datetime(2012, 6, 4, 14, 0, tzinfo=UTC)
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Account:
    username: str
    scope: str | None


ACCOUNTS = {"jail-48201": Account("jail-48201", "48201"), "crcl": Account("crcl", None)}


def _csrf_token(request: Request) -> str:
    return f"token-for-{request.cookies.get('who', '')}"


async def _current_user(request: Request) -> Account | None:
    """Stands in for the app's guard: who is signed in, and a refused POST without the right token."""
    if request.method == "POST":
        form = await request.form()
        if form.get("csrf_token") != _csrf_token(request):
            raise HTTPException(status_code=403, detail="invalid CSRF token")
    return ACCOUNTS.get(request.cookies.get("who", ""))


def _client(records: TrainingRecords, page: PageRenderer | None = None) -> TestClient:
    app = FastAPI()
    app.include_router(
        training_router(records=records, current_user=_current_user, csrf_token=_csrf_token, page=page)
    )
    return TestClient(app)


@pytest.fixture
def records(catalog: Catalog) -> TrainingRecords:
    return TrainingRecords(InMemoryCompletions(), catalog=catalog, clock=FixedClock(AT))


@pytest.fixture
def client(records: TrainingRecords) -> TestClient:
    return _client(records)


def _sign_in(client: TestClient, who: str) -> None:
    client.cookies.set("who", who)


def _right_answers(catalog: Catalog, module_id: str, wrong: int = 0) -> dict[str, str]:
    form = {}
    for index, question in enumerate(catalog.module(module_id).knowledge_check.questions):
        bad = next(c.key for c in question.choices if c.key != question.answer)
        form[f"q-{question.id}"] = bad if index < wrong else question.answer
    return form


def test_series_page_lists_every_module(client: TestClient, catalog: Catalog) -> None:
    page = client.get("/training")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for module in catalog.modules:
        assert f'href="/training/{module.id}"' in page.text
    assert "287(g) version" in page.text and "Announced by the program; our own text" in page.text
    assert '<link rel="stylesheet" href="/training/static/training.css">' in page.text
    css = client.get("/training/static/training.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


def test_module_page_links_both_audiences(client: TestClient) -> None:
    page = client.get("/training/detainers")
    assert page.status_code == 200
    links = set(re.findall(r'href="(/training/detainers/[a-z-]+/[a-z-]+)"', page.text))
    assert len(links) == 10
    assert "/training/detainers/commander/job-aid" in links
    assert 'href="/training/detainers/check?audience=commander"' in page.text


def test_material_page(client: TestClient) -> None:
    page = client.get("/training/detainers/front-line/job-aid")
    assert page.status_code == 200
    assert page.text.count('<li class="check">') >= 5
    assert "Job aid: detainer checklist" in page.text and '<section class="sources">' in page.text
    video = client.get("/training/detainers/front-line/video-script")
    assert "runtime 5:10" in video.text


@pytest.mark.parametrize(
    "path",
    ["/training/nope", "/training/nope/front-line/briefing", "/training/detainers/chief/briefing",
     "/training/detainers/front-line/memo", "/training/nope/check", "/training/agencies/XX99"],
)  # fmt: skip
def test_unknown_things_are_404(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_titles_from_content_are_escaped(content: Path) -> None:
    briefing = content / "detainers/front-line/briefing.md"
    text = briefing.read_text(encoding="utf-8")
    briefing.write_text(
        text.replace('title: "Responding to an immigration detainer"', 'title: "<b>Bold</b> & co"')
    )
    records = TrainingRecords(InMemoryCompletions(), catalog=Catalog.load(content), clock=FixedClock(AT))
    page = _client(records).get("/training/detainers/front-line/briefing")
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in page.text and "<b>Bold</b>" not in page.text


def test_json_api(client: TestClient, catalog: Catalog) -> None:
    modules = client.get("/api/training/modules").json()
    assert [m["id"] for m in modules] == [m.id for m in catalog.modules]
    assert {"id", "title", "summary", "full_title", "materials"} <= set(modules[0])
    assert len(modules[0]["materials"]) == 10
    detail = client.get("/api/training/modules/consular-notification").json()
    assert len(detail["knowledge_check"]) == 5
    assert all(
        set(q) == {"id", "prompt", "choices"} for q in detail["knowledge_check"]
    )  # no answers given away
    assert any(s["id"] == "vccr-art-36" for s in detail["sources"])
    material = client.get("/api/training/modules/consular-notification/commander/fact-sheet").json()
    assert material["markdown"].startswith("## Obligation") and "<h2>Obligation</h2>" in material["html"]
    missing = client.get("/api/training/modules/consular-notification/commander/poster")
    assert missing.status_code == 404 and "material kind" in missing.json()["detail"]


def test_openapi_lists_the_json_routes(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    assert {
        "/api/training/modules",
        "/api/training/modules/{module_id}",
        "/api/training/modules/{module_id}/{audience}/{kind}",
        "/api/training/agencies",
        "/api/training/agencies/{agency}",
    } <= paths
    assert not any(p.startswith("/training") for p in paths)


def test_check_form_needs_sign_in(client: TestClient) -> None:
    page = client.get("/training/detainers/check")
    assert "sign in" in page.text and "<form" not in page.text
    posted = client.post(
        "/training/detainers/check", data={"csrf_token": "token-for-"}, follow_redirects=False
    )
    assert posted.status_code == 303 and posted.headers["location"] == "/login?next=/training/detainers/check"
    progress = client.get("/training/progress", follow_redirects=False)
    assert progress.status_code == 303


def test_passing_records_a_completion(client: TestClient, records: TrainingRecords, catalog: Catalog) -> None:
    _sign_in(client, "jail-48201")
    form_page = client.get("/training/detainers/check?audience=commander")
    token = TOKEN.search(form_page.text)
    assert token is not None and token.group(1) == "token-for-jail-48201"
    assert 'value="commander" checked' in form_page.text
    data = {
        "csrf_token": token.group(1),
        "audience": "commander",
        **_right_answers(catalog, "detainers", wrong=1),
    }
    result = client.post("/training/detainers/check", data=data)
    assert result.status_code == 200 and "Passed: 4 of 5" in result.text
    [record] = records.completions_for("jail-48201")
    assert (
        record.audience.value == "commander" and record.agency.code == "48201" and record.completed_at == AT
    )
    progress = client.get("/training/progress")
    assert "How to Respond to an Immigration Detainer" in progress.text and "4/5" in progress.text
    summary = client.get("/api/training/agencies/48201").json()
    tally = next(t for t in summary["modules"] if t["module_id"] == "detainers")
    assert (summary["officers"], tally["commander"], tally["front_line"]) == (1, 1, 0)
    assert [a["agency"] for a in client.get("/api/training/agencies").json()] == ["48201"]
    assert "County 48201: 1 officer with a completion" in client.get("/training/agencies/48201").text


def test_failing_records_nothing_and_explains(
    client: TestClient, records: TrainingRecords, catalog: Catalog
) -> None:
    _sign_in(client, "crcl")
    data = {
        "csrf_token": "token-for-crcl",
        "audience": "front-line",
        **_right_answers(catalog, "detainers", wrong=2),
    }
    result = client.post("/training/detainers/check", data=data)
    assert (
        result.status_code == 200
        and "Not yet: 3 of 5" in result.text
        and "Nothing was recorded" in result.text
    )
    assert catalog.module("detainers").knowledge_check.questions[0].why in result.text
    assert records.summaries() == []


def test_incomplete_answers_show_the_form_again(
    client: TestClient, records: TrainingRecords, catalog: Catalog
) -> None:
    _sign_in(client, "jail-48201")
    answers = _right_answers(catalog, "detainers")
    answers.pop("q-weekend")
    result = client.post(
        "/training/detainers/check",
        data={"csrf_token": "token-for-jail-48201", "audience": "front-line", **answers},
    )
    assert result.status_code == 400 and "question weekend" in result.text
    assert 'name="q-clock-start" value="c" checked' in result.text  # what was chosen stays chosen
    assert records.completions_for("jail-48201") == []


def test_a_post_without_the_csrf_token_is_refused(
    client: TestClient, records: TrainingRecords, catalog: Catalog
) -> None:
    _sign_in(client, "jail-48201")
    data = {"csrf_token": "forged", "audience": "front-line", **_right_answers(catalog, "detainers")}
    assert client.post("/training/detainers/check", data=data).status_code == 403
    assert records.completions_for("jail-48201") == []


def test_the_site_layout_can_wrap_the_pages(records: TrainingRecords) -> None:
    def page(request: Request, title: str, body: Markup) -> Response:
        return HTMLResponse(f"<html><title>{Markup.escape(title)}</title><main id=site>{body}</main></html>")

    response = _client(records, page=page).get("/training/racial-profiling")
    assert response.status_code == 200
    assert response.text.startswith("<html><title>Avoiding Racial Profiling</title><main id=site>")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(min_size=1, max_size=12),
    st.sampled_from(["front-line", "commander", "chief", ""]),
    st.text(min_size=1, max_size=12),
)
def test_any_path_answers_200_or_404_never_an_error(
    client: TestClient, module: str, audience: str, kind: str
) -> None:
    for path in (
        f"/api/training/modules/{quote(module, safe='')}",
        f"/api/training/modules/detainers/{quote(audience or 'x', safe='')}/{quote(kind, safe='')}",
        f"/api/training/agencies/{quote(module, safe='')}",
        f"/training/{quote(module, safe='')}",
    ):
        assert client.get(path).status_code in (200, 404), path
