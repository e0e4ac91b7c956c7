"""LESC's review of an IAQ: the matched encounters, the engine's match-evidence picture beside the status
determination, and the IAR exactly as sent; viewing the picture is audited like any read of a person."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from PIL import Image
from sqlalchemy import select

from securecomm.audit import EventTag
from securecomm.clock import ManualClock
from securecomm.storage.db import Database
from securecomm.storage.tables import AuditEventRow

from .conftest import TestClient, sign_in
from .flow_world import EVIDENCE, FIN, action_app, booking_id

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, Database, ManualClock]]:
    app, db, clock = action_app(Path(tmp_path_factory.mktemp("lesc")))
    yield app, db, clock
    db.dispose()


@pytest.fixture(scope="module")
def lesc(world: tuple[FastAPI, Database, ManualClock]) -> Iterator[TestClient]:
    with TestClient(world[0]) as client:
        yield sign_in(client, "lesc")


def test_the_iaq_page_shows_encounters_evidence_determination_and_the_iar_as_sent(lesc: TestClient) -> None:
    page = lesc.get(f"/lesc/iaq/{booking_id(EVIDENCE)}")
    assert page.status_code == 200
    shown = page.text
    assert f'<img src="/lesc/iaq/{booking_id(EVIDENCE)}/evidence.png"' in shown
    assert "Right index, best of 1 finger comparison" in shown and "paired minutiae" in shown
    assert "border apprehension" in shown and "2009-06-02" in shown and FIN in shown
    assert "IDENT records an apprehension at the border on 2009-06-02." in shown  # the determination's reason
    assert 'IAR to <span class="mono">ero:HOU</span>' in shown
    assert 'IDR/IAR to <span class="mono">jail:48201</span>' in shown  # Harris County receives IDRs
    assert "EJEMPLO, OPEN-PAGE" in shown
    listing = lesc.get("/lesc").text
    assert f'href="/lesc/iaq/{booking_id(EVIDENCE)}"' in listing


def test_the_evidence_picture_is_the_engines_drawing_and_its_viewing_is_audited(
    lesc: TestClient, world: Any
) -> None:
    db = world[1]
    answer = lesc.get(f"/lesc/iaq/{booking_id(EVIDENCE)}/evidence.png")
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/png"
    picture = Image.open(io.BytesIO(answer.content))
    assert picture.format == "PNG" and picture.width > picture.height > 200  # two prints side by side
    colours = picture.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # a print image with coloured pairs, not a blank
    assert answer.headers["cache-control"] == "no-store"
    with db.transaction() as tx:
        viewed = tx.scalars(
            select(AuditEventRow).where(
                AuditEventRow.tag == EventTag.RECORD_VIEWED.value,
                AuditEventRow.subject_type == "match_evidence",
                AuditEventRow.subject_id == booking_id(EVIDENCE),
            )
        ).all()
    assert [e.actor for e in viewed] == ["user:lesc"]


def test_an_iaq_without_stored_prints_says_so(lesc: TestClient) -> None:
    assert "No stored prints for this comparison" in lesc.get("/lesc/iaq/B-H1").text
    assert lesc.get("/lesc/iaq/B-H1/evidence.png").status_code == 404
    assert lesc.get("/lesc/iaq/no-such-booking").status_code == 404


def test_the_api_gives_the_evidence_summary_and_the_messages_as_sent(lesc: TestClient) -> None:
    body = lesc.get(f"/api/lesc/iaq/{booking_id(EVIDENCE)}").json()
    evidence = body["evidence"]
    assert (evidence["finger"], evidence["finger_name"]) == (2, "right index")
    assert evidence["paired_minutiae"] >= 12 and evidence["false_match_rate"] < 1e-3
    assert evidence["picture"] == f"/lesc/iaq/{booking_id(EVIDENCE)}/evidence.png"
    assert [m["kind"] for m in body["sent"]] == ["lesc.iar", "lesc.idr_iar"]
    iar = body["sent"][0]["payload"]
    assert iar["aor"] == "HOU" and iar["determination"]["fin"] == FIN and iar["determination"]["removable"]
    assert body["response"]["status"] == iar["determination"]["status"]
    assert [e["kind"] for e in body["encounters"]] == ["border_apprehension"]


def test_only_lesc_reviews_iaqs(world: Any) -> None:
    with TestClient(world[0]) as officer:
        sign_in(officer, "ero-HOU")
        assert officer.get(f"/lesc/iaq/{booking_id(EVIDENCE)}").status_code == 403
        assert officer.get(f"/api/lesc/iaq/{booking_id(EVIDENCE)}").status_code == 403
