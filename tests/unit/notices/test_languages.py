"""Translations: one file per language, every key in every file, no fallback, fonts that cover every letter."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
import yaml

from securecomm.notices import UnknownLanguage, available_languages, parse_language, translation
from securecomm.notices.errors import TranslationFileError
from securecomm.notices.formatting import format_date
from securecomm.notices.languages import REFERENCE_LANGUAGE, _load, missing_keys, placeholders
from securecomm.rules import RuleSet

from .conftest import LANGUAGES


def test_the_nine_languages_of_issue_5_have_a_translation_file() -> None:
    assert available_languages() == frozenset(LANGUAGES)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_has_every_key_with_the_same_placeholders(code: str) -> None:
    reference = _load(REFERENCE_LANGUAGE)
    missing, extra, differing = missing_keys(_load(code), reference)
    assert missing == [], f"{code}.yaml lacks {missing}"
    assert extra == [], f"{code}.yaml has keys en.yaml does not: {extra}"
    assert differing == [], f"{code}.yaml changes the placeholders of {differing}"


def test_a_language_without_a_translation_is_an_error_naming_those_that_exist() -> None:
    with pytest.raises(UnknownLanguage) as raised:
        parse_language("de", where="--lang")
    message = str(raised.value)
    assert message.startswith("--lang: no translation for language 'de'")
    assert "ar, en, es, fr, ht, pt, tl, vi, zh" in message


def test_language_codes_are_case_insensitive_iso_639_1() -> None:
    assert parse_language(" ZH ").code == "zh"


def test_arabic_is_right_to_left_and_the_others_left_to_right() -> None:
    assert {code for code in LANGUAGES if translation(code).rtl} == {"ar"}


def test_every_translation_says_it_is_drafted_not_official() -> None:
    for code in LANGUAGES:
        if code != "en":
            assert "securecomm" in translation(code).text("common.drafted_note")
            assert "drafted by securecomm" in translation(code).status


def test_the_english_consular_statements_are_the_rules_statements_word_for_word(ruleset: RuleSet) -> None:
    statements = ruleset.value("state.consular_notification.statements", date(2012, 5, 1))
    english = translation("en")
    for ours, theirs in (("mandatory", "mandatory"), ("on_request", "not_mandatory"), ("taiwan", "taiwan")):
        assert english.text(f"consular.{ours}") == " ".join(statements[theirs].split())


def test_dates_are_written_in_each_language_with_western_digits() -> None:
    day = date(2012, 2, 22)

    def plain(code: str) -> str:
        return "".join(ch for ch in format_date(day, translation(code)).striptags() if ch.isprintable())

    assert "Wednesday, February 22, 2012" in plain("en")
    assert "miércoles 22 de febrero de 2012" in plain("es")
    assert "mercredi 22 février 2012" in plain("fr")
    assert "2012年2月22日（星期三）" in plain("zh")
    assert "Thứ Tư, ngày 22 tháng 2 năm 2012" in plain("vi")
    assert "الأربعاء" in plain("ar") and "22" in plain("ar") and "2012" in plain("ar")


def test_a_file_that_drops_a_placeholder_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A translator who drops {hotline} would print a notice without the number: the loader refuses it."""
    import securecomm.notices.languages as languages

    original = languages._load

    def tampered(code: str) -> languages.Translation:
        loaded = original(code)
        if code != "es":
            return loaded
        texts = dict(loaded.texts)
        texts["detainer.usc_or_victim"] = texts["detainer.usc_or_victim"].replace("{hotline}", "el LESC")
        return languages.Translation(**{**{f: getattr(loaded, f) for f in loaded.__slots__}, "texts": texts})

    monkeypatch.setattr(languages, "_load", tampered)
    languages.translation.cache_clear()
    try:
        with pytest.raises(TranslationFileError, match=r"es\.yaml.*detainer\.usc_or_victim"):
            languages.translation("es")
    finally:
        languages.translation.cache_clear()


def test_placeholders_are_found_in_braces() -> None:
    assert placeholders("De {start} a {end}, {hotline}.") == {"start", "end", "hotline"}


def _font_file(family: str) -> tuple[str, int]:
    """The file (and index inside a collection) fontconfig picks for `family`, as WeasyPrint will."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        pytest.skip("fc-match (fontconfig) is not installed")
    pattern = "%{family}\t%{file}\t%{index}"
    out = subprocess.run([fc_match, "-f", pattern, family], capture_output=True, text=True, check=True)
    found_family, path, index = out.stdout.split("\t")
    if family.lower() not in found_family.lower():
        pytest.skip(f"font {family!r} is not installed: run scripts/install-system-deps (fonts-noto-*)")
    return path, int(index)


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_fonts_of_each_language_cover_every_character_so_nothing_is_tofu(code: str) -> None:
    """Every character of the translation file exists in one of the language's fonts (no empty boxes)."""
    from fontTools.ttLib import TTFont

    tr = translation(code)
    covered: set[int] = set()
    for family in tr.fonts:
        path, index = _font_file(family)
        covered.update(TTFont(path, fontNumber=index, lazy=True).getBestCmap())
    source = yaml.safe_dump(dict(tr.texts), allow_unicode=True) + "".join(tr.months) + "".join(tr.weekdays)
    characters = {ch for ch in source if ch.isprintable() and not ch.isspace()} - set("{}'\":")
    missing = sorted(ch for ch in characters if ord(ch) not in covered)
    assert missing == [], f"{code}: no glyph in {tr.fonts} for {missing}"
