"""Public pages: "your rights" in the nine notice languages, and the training briefings inside the site."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from sqlalchemy import text

from securecomm.storage.db import Database
from securecomm.web.rights import CONTENT_DIR, LANGUAGES, RightsCatalog, RightsContentError, UnknownLanguage

from .conftest import TestClient, csrf_of

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


def test_the_training_briefings_are_served_inside_the_site(anonymous: TestClient) -> None:
    page = anonymous.get("/training")
    assert page.status_code == 200
    assert '<a class="brand" href="/">securecomm</a>' in page.text  # the site's layout around the series
    assert "Introduction to Secure Communities" in page.text
    modules = anonymous.get("/api/training/modules").json()
    assert {"introduction", "detainers"} <= {m["id"] for m in modules}
    assert all({"id", "title", "summary"} <= set(m) for m in modules)


def test_a_knowledge_check_answer_needs_an_account_and_a_csrf_token(
    signed_in: Callable[[str], TestClient], db: Database
) -> None:
    from securecomm.training import get_module

    questions = get_module("detainers").knowledge_check.questions
    answers = {"audience": "front-line", **{f"q-{q.id}": q.answer for q in questions}}
    jail = signed_in("jail-48201")
    refused = jail.post("/training/detainers/check", data=answers)
    assert refused.status_code == 403
    token = csrf_of(jail.get("/training/detainers/check?audience=front-line").text)
    graded = jail.post("/training/detainers/check", data={**answers, "csrf_token": token})
    assert graded.status_code == 200
    with db.transaction() as tx:
        assert tx.scalar(text("SELECT count(*) FROM training_completions")) == 1
