"""Public pages: "your rights" in the nine notice languages, and the training briefings' index."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from fastapi import FastAPI

from securecomm.clock import ManualClock
from securecomm.storage.db import Database
from securecomm.web.briefings import BriefingInterfaceError, load_briefings
from securecomm.web.rights import CONTENT_DIR, LANGUAGES, RightsCatalog, RightsContentError, UnknownLanguage
from securecomm.web.settings import WebSettings

from .conftest import TestClient

PHONES = ("(855) 448-6903", "1-877-246-8253", "1-866-644-8360")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_the_rights_page_with_the_numbers_in_western_digits(
    anonymous: TestClient, lang: str
) -> None:
    page = anonymous.get(f"/rights/{lang}")
    assert page.status_code == 200
    direction = "rtl" if lang == "ar" else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in page.text
    for phone in PHONES:
        assert f'<bdi dir="ltr" class="phone">{phone}</bdi>' in page.text
    assert "48" in page.text  # the hold limit
    assert not re.search("[\u0660-\u0669\u06f0-\u06f9]", page.text)  # no Arabic-Indic digits anywhere


def test_the_arabic_page_is_in_arabic_and_right_to_left(anonymous: TestClient) -> None:
    page = anonymous.get("/rights/ar").text
    assert 'dir="rtl"' in page and "حقوقك" in page
    api = anonymous.get("/api/public/rights/ar").json()
    assert api["dir"] == "rtl"
    citizen = next(s["text"] for s in api["sections"] if "\u2066(855) 448-6903\u2069" in s["text"])
    assert "مواطنًا أمريكيًا" in citizen or "مواطن أمريكي" in citizen


def test_an_unknown_language_is_a_404_naming_the_languages(anonymous: TestClient) -> None:
    answer = anonymous.get("/api/public/rights/de")
    assert answer.status_code == 404 and "en, es, fr, pt, zh, vi, ar, ht, tl" in answer.json()["detail"]
    assert anonymous.get("/rights/de").status_code == 404
    languages = anonymous.get("/api/public/rights").json()
    assert [entry["lang"] for entry in languages] == list(LANGUAGES)


def test_every_language_file_has_every_key_of_english() -> None:
    english = set(yaml.safe_load((CONTENT_DIR / "en.yaml").read_text(encoding="utf-8")))
    for lang in LANGUAGES:
        keys = set(yaml.safe_load((CONTENT_DIR / f"{lang}.yaml").read_text(encoding="utf-8")))
        assert keys == english, lang


def test_a_language_file_missing_a_key_is_refused_with_file_and_keys(tmp_path: Path) -> None:
    for path in CONTENT_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    broken = yaml.safe_load((tmp_path / "vi.yaml").read_text(encoding="utf-8"))
    del broken["hold_text"]
    (tmp_path / "vi.yaml").write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RightsContentError, match=r"vi\.yaml: keys missing \['hold_text'\]"):
        RightsCatalog(tmp_path)
    with pytest.raises(UnknownLanguage, match="languages: en, es"):
        RightsCatalog().page("xx")


def test_the_training_index_lists_the_modules_the_training_package_gives(
    world: tuple[Database, WebSettings], clock: ManualClock
) -> None:
    from securecomm.web import create_app

    modules = [
        SimpleNamespace(id="intro", title="Introduction to Secure Communities", summary="What it is.",
                        full_title="Introduction to Secure Communities (General version)"),
        SimpleNamespace(id="detainers", title="How to Respond to an Immigration Detainer", summary="<b>Holds</b>."),
    ]  # fmt: skip
    app: FastAPI = create_app(world[1], database=world[0], clock=clock, briefings=lambda: modules)
    with TestClient(app) as client:
        page = client.get("/training").text
        assert "Introduction to Secure Communities (General version)" in page
        assert "&lt;b&gt;Holds&lt;/b&gt;" in page  # summaries are text, never markup
        assert [m["id"] for m in client.get("/api/training/modules").json()] == ["intro", "detainers"]
        assert client.get("/api/training/modules/detainers").json()["title"].startswith("How to Respond")
        assert client.get("/api/training/modules/nope").status_code == 404


def test_training_pages_say_so_when_the_package_is_absent_or_broken(
    world: tuple[Database, WebSettings], clock: ManualClock
) -> None:
    from securecomm.errors import BadInput
    from securecomm.web import create_app

    absent = create_app(world[1], database=world[0], clock=clock, briefings=lambda: None)
    with TestClient(absent) as client:
        assert "have not been published on this server yet" in client.get("/training").text
        assert client.get("/api/training/modules").json() == []

    def broken() -> list[object]:
        raise BadInput("missing knowledge check", where="detainers/knowledge-check.yaml")

    failing = create_app(world[1], database=world[0], clock=clock, briefings=broken)
    with TestClient(failing) as client:
        page = client.get("/training")
        assert page.status_code == 503 and "temporarily unavailable" in page.text
        assert client.get("/api/training/modules").status_code == 503


def test_modules_that_break_the_interface_are_named() -> None:
    with pytest.raises(BriefingInterfaceError, match="#1: id"):
        load_briefings(
            lambda: [SimpleNamespace(id="a", title="A", summary=""), SimpleNamespace(title="B", summary="")]
        )
    with pytest.raises(BriefingInterfaceError, match="used twice"):
        load_briefings(lambda: [SimpleNamespace(id="a", title="A", summary="")] * 2)
    with pytest.raises(BriefingInterfaceError, match="lower-case"):
        load_briefings(lambda: [SimpleNamespace(id="Bad Id", title="A", summary="")])
