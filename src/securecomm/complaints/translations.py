"""The complaint system's words in nine languages: one reviewable YAML file per language.

Each file under `translations/` holds the public form, its error messages, the receipt and status pages,
the contact block and the form letters. Every file must carry exactly the keys of `en.yaml` with the same
`{placeholders}` in each text, so a translator cannot drop a receipt number or a date by accident; a file
out of step refuses to load, naming the file and the keys. The translations are ours (drafted for this
reference system) and say so in `meta.status`: they need review by qualified translators before any use.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

from securecomm.complaints.errors import TranslationFileError
from securecomm.complaints.languages import LANGUAGES

__all__ = ["REFERENCE_LANGUAGE", "Strings", "check_all", "placeholders", "strings"]

REFERENCE_LANGUAGE = "en"
_META = ("name", "english_name", "direction", "status")


def placeholders(text: str) -> frozenset[str]:
    """The `{name}` placeholders of a text.

    >>> sorted(placeholders("receipt {receipt} of {date}"))
    ['date', 'receipt']
    """
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


@dataclass(frozen=True, slots=True)
class Strings:
    """One language's texts and the facts needed to set them (direction, month names)."""

    code: str
    name: str
    english_name: str
    direction: str
    status: str
    months: tuple[str, ...]
    date_pattern: str
    texts: Mapping[str, str]

    def text(self, key: str, **values: object) -> str:
        """The text for `key` with its placeholders filled; a missing key or value is a programming error."""
        template = self.texts[key]
        wanted = placeholders(template)
        if wanted != set(values):
            raise KeyError(f"{self.code}:{key} needs {sorted(wanted)}, got {sorted(values)}")
        return template.format(**{k: str(v) for k, v in values.items()})

    def date(self, day: date) -> str:
        """A date as this language writes it in a letter.

        >>> strings("es").date(date(2012, 3, 5))
        '5 de marzo de 2012'
        """
        return self.date_pattern.format(day=day.day, month=self.months[day.month - 1], year=day.year)

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


def _file(code: str) -> Any:
    return resources.files("securecomm.complaints").joinpath("translations").joinpath(f"{code}.yaml")


def _where(code: str) -> str:
    return f"securecomm/complaints/translations/{code}.yaml"


def _flatten(data: Mapping[str, Any], prefix: str, where: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, f"{path}.", where))
        elif isinstance(value, str) and value.strip():
            out[path] = " ".join(value.split())
        else:
            raise TranslationFileError(f"{path} must be non-empty text, got {value!r}", where=where)
    return out


def _load(code: str) -> Strings:
    where = _where(code)
    try:
        data = yaml.safe_load(_file(code).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TranslationFileError("the language file is missing", where=where) from None
    except yaml.YAMLError as error:
        raise TranslationFileError(f"not valid YAML: {error}", where=where) from None
    if not isinstance(data, dict):
        raise TranslationFileError("expected a mapping with meta, dates and text sections", where=where)
    meta, dates = data.pop("meta", None), data.pop("dates", None)
    if not isinstance(meta, dict) or any(k not in meta for k in _META):
        raise TranslationFileError(f"meta must have the keys {', '.join(_META)}", where=where)
    if meta["direction"] not in ("ltr", "rtl"):
        raise TranslationFileError(
            f"meta.direction must be ltr or rtl, got {meta['direction']!r}", where=where
        )
    if not isinstance(dates, dict):
        raise TranslationFileError("dates must have months and date", where=where)
    months = dates.get("months")
    if not isinstance(months, list) or len(months) != 12:
        raise TranslationFileError("dates.months must list the 12 month names, January first", where=where)
    pattern = str(dates.get("date", ""))
    if placeholders(pattern) != {"day", "month", "year"}:
        raise TranslationFileError("dates.date must use {day}, {month} and {year}", where=where)
    return Strings(
        code=code,
        name=str(meta["name"]),
        english_name=str(meta["english_name"]),
        direction=str(meta["direction"]),
        status=str(meta["status"]),
        months=tuple(str(m) for m in months),
        date_pattern=pattern,
        texts=_flatten(data, "", where),
    )


def _differences(candidate: Strings, reference: Strings) -> list[str]:
    missing = sorted(set(reference.texts) - set(candidate.texts))
    extra = sorted(set(candidate.texts) - set(reference.texts))
    differing = sorted(
        key
        for key in set(reference.texts) & set(candidate.texts)
        if placeholders(reference.texts[key]) != placeholders(candidate.texts[key])
    )
    return [
        *(f"missing {k}" for k in missing),
        *(f"unknown key {k} (not in en.yaml)" for k in extra),
        *(f"{k} must use the placeholders {sorted(placeholders(reference.texts[k]))}" for k in differing),
    ]


@cache
def strings(code: str) -> Strings:
    """The texts of language `code`, checked against English's keys and placeholders (read once)."""
    if code not in LANGUAGES:
        raise TranslationFileError(
            f"no such language {code!r}; languages: {', '.join(LANGUAGES)}", where="lang"
        )
    loaded = _load(code)
    if code != REFERENCE_LANGUAGE:
        problems = _differences(loaded, strings(REFERENCE_LANGUAGE))
        if problems:
            raise TranslationFileError("; ".join(problems), where=_where(code))
    return loaded


def check_all() -> dict[str, list[str]]:
    """Every language's problems (an empty list when it is complete); never raises for a bad file."""
    report: dict[str, list[str]] = {}
    reference = _load(REFERENCE_LANGUAGE)
    for code in LANGUAGES:
        try:
            loaded = _load(code)
        except TranslationFileError as error:
            report[code] = [str(error)]
            continue
        report[code] = [] if code == REFERENCE_LANGUAGE else _differences(loaded, reference)
    return report
