"""The languages a notice can be printed in: one reviewable YAML file per language under `translations/`.

A language exists when its file exists; there is no fallback. Every file must carry exactly the keys of
`en.yaml` (the reference text) with the same placeholders in each text, so a translator cannot drop a phone
number or a deadline by accident. Files are read once per process.

>>> parse_language("ES").code
'es'
>>> sorted(available_languages())
['ar', 'en', 'es', 'fr', 'ht', 'pt', 'tl', 'vi', 'zh']
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from securecomm.notices.errors import TranslationFileError, UnknownLanguage

__all__ = [
    "REFERENCE_LANGUAGE",
    "Translation",
    "available_languages",
    "missing_keys",
    "parse_language",
    "placeholders",
    "translation",
]

REFERENCE_LANGUAGE = "en"
_DIRECTIONS = frozenset({"ltr", "rtl"})
_META = ("name", "english_name", "direction", "html_lang", "fonts", "status")


@dataclass(frozen=True, slots=True)
class Translation:
    """One language's strings and the facts needed to typeset it (direction, fonts, date words)."""

    code: str
    name: str
    english_name: str
    direction: str
    html_lang: str
    fonts: tuple[str, ...]
    status: str
    months: tuple[str, ...]
    weekdays: tuple[str, ...]
    date_pattern: str
    datetime_pattern: str
    texts: Mapping[str, str]  # "section.key" -> text with {placeholders}

    def text(self, key: str) -> str:
        """The text for `key` ("detainer.title"); a KeyError here is a programming error, not bad input."""
        return self.texts[key]

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


def placeholders(text: str) -> frozenset[str]:
    """The `{name}` placeholders of a text.

    >>> sorted(placeholders("call {hotline} from {start} to {end}"))
    ['end', 'hotline', 'start']
    """
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


def _files() -> dict[str, Any]:
    folder = resources.files("securecomm.notices").joinpath("translations")
    return {
        entry.name.removesuffix(".yaml"): entry for entry in folder.iterdir() if entry.name.endswith(".yaml")
    }


@cache
def available_languages() -> frozenset[str]:
    """ISO 639-1 codes of the languages that have a translation file."""
    return frozenset(_files())


def parse_language(text: str, *, where: str | None = "--lang") -> Translation:
    """The translation for an ISO 639-1 code (case-insensitive), or UnknownLanguage listing those that exist."""
    code = text.strip().lower()
    if code not in available_languages():
        raise UnknownLanguage(text, available_languages(), where=where)
    return translation(code)


def _flatten(data: Mapping[str, Any], prefix: str, file: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, f"{path}.", file))
        elif isinstance(value, str) and value.strip():
            out[path] = " ".join(value.split())
        else:
            raise TranslationFileError(f"{path} must be non-empty text, got {value!r}", where=file)
    return out


def _load(code: str) -> Translation:
    file = f"securecomm/notices/translations/{code}.yaml"
    try:
        data = yaml.safe_load(_files()[code].read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise TranslationFileError(f"not valid YAML: {error}", where=file) from None
    if not isinstance(data, dict):
        raise TranslationFileError("expected a mapping with meta, dates and text sections", where=file)
    meta, dates = data.pop("meta", None), data.pop("dates", None)
    if not isinstance(meta, dict) or any(k not in meta for k in _META):
        raise TranslationFileError(f"meta must have the keys {', '.join(_META)}", where=file)
    if meta["direction"] not in _DIRECTIONS:
        raise TranslationFileError(
            f"meta.direction must be ltr or rtl, got {meta['direction']!r}", where=file
        )
    if not isinstance(meta["fonts"], list) or not meta["fonts"]:
        raise TranslationFileError("meta.fonts must list at least one font family", where=file)
    if not isinstance(dates, dict):
        raise TranslationFileError("dates must have months, weekdays, date and datetime", where=file)
    months, weekdays = dates.get("months"), dates.get("weekdays")
    if not isinstance(months, list) or len(months) != 12:
        raise TranslationFileError("dates.months must list the 12 month names, January first", where=file)
    if not isinstance(weekdays, list) or len(weekdays) != 7:
        raise TranslationFileError("dates.weekdays must list the 7 day names, Monday first", where=file)
    date_pattern, datetime_pattern = str(dates.get("date", "")), str(dates.get("datetime", ""))
    if placeholders(date_pattern) != {"weekday", "day", "month", "year"}:
        raise TranslationFileError("dates.date must use {weekday}, {day}, {month} and {year}", where=file)
    if placeholders(datetime_pattern) != {"date", "time"}:
        raise TranslationFileError("dates.datetime must use {date} and {time}", where=file)
    return Translation(
        code=code,
        name=str(meta["name"]),
        english_name=str(meta["english_name"]),
        direction=str(meta["direction"]),
        html_lang=str(meta["html_lang"]),
        fonts=tuple(str(f) for f in meta["fonts"]),
        status=str(meta["status"]),
        months=tuple(str(m) for m in months),
        weekdays=tuple(str(d) for d in weekdays),
        date_pattern=date_pattern,
        datetime_pattern=datetime_pattern,
        texts=_flatten(data, "", file),
    )


def missing_keys(candidate: Translation, reference: Translation) -> tuple[list[str], list[str], list[str]]:
    """Keys `candidate` lacks, keys it has in excess, and keys whose placeholders differ from `reference`."""
    missing = sorted(set(reference.texts) - set(candidate.texts))
    extra = sorted(set(candidate.texts) - set(reference.texts))
    differing = sorted(
        key
        for key in set(reference.texts) & set(candidate.texts)
        if placeholders(reference.texts[key]) != placeholders(candidate.texts[key])
    )
    return missing, extra, differing


@cache
def translation(code: str) -> Translation:
    """The translation for `code`, checked against the reference language's keys and placeholders."""
    if code not in available_languages():
        raise UnknownLanguage(code, available_languages())
    loaded = _load(code)
    if code != REFERENCE_LANGUAGE:
        missing, extra, differing = missing_keys(loaded, translation(REFERENCE_LANGUAGE))
        problems = [
            *(f"missing {k}" for k in missing),
            *(f"unknown key {k}" for k in extra),
            *(f"{k} must use the placeholders of en.yaml" for k in differing),
        ]
        if problems:
            raise TranslationFileError(
                "; ".join(problems), where=f"securecomm/notices/translations/{code}.yaml"
            )
    return loaded
