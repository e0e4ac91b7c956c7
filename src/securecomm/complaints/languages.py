"""The nine languages of the complaint form, and picking one from a link or the browser's preference.

The program published its complaint form "in English, Spanish and seven other languages" (DHS, Secure
Communities June 2011); we offer the notice languages, ISO 639-1 codes `en es zh vi ar fr ht pt tl`.
A language named in the link (`?lang=`) wins; otherwise the browser's Accept-Language list, best first;
otherwise English.
"""

from __future__ import annotations

import re

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "negotiate", "parse_accept_language"]

LANGUAGES: tuple[str, ...] = ("en", "es", "zh", "vi", "ar", "fr", "ht", "pt", "tl")
DEFAULT_LANGUAGE = "en"
# Tags browsers send for these languages under another primary subtag.
_ALIASES = {"fil": "tl", "cmn": "zh", "yue": "zh", "hat": "ht"}
_RANGE = re.compile(
    r"^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9](?:\.[0-9]{0,3})?))?\s*$"
)


def _code(tag: str) -> str | None:
    primary = tag.split("-", 1)[0].lower()
    primary = _ALIASES.get(primary, primary)
    return primary if primary in LANGUAGES else None


def parse_accept_language(header: str | None) -> list[str]:
    """The form's languages named by an Accept-Language header, best first; malformed entries are skipped.

    >>> parse_accept_language("fr-CA;q=0.4, zh-TW, en;q=0.8, xx")
    ['zh', 'en', 'fr']
    >>> parse_accept_language("fil-PH, *;q=0.1")
    ['tl']
    """
    if not header:
        return []
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header[:1000].split(",")):
        found = _RANGE.match(part)
        if not found or found.group(1) == "*":
            continue
        quality = float(found.group(2)) if found.group(2) is not None else 1.0
        code = _code(found.group(1))
        if code is not None and quality > 0:
            ranked.append((-min(quality, 1.0), position, code))
    seen: list[str] = []
    for _, _, code in sorted(ranked):
        if code not in seen:
            seen.append(code)
    return seen


def negotiate(requested: str | None, accept_language: str | None) -> str:
    """The language to show: the one asked for by `?lang=` if we have it, else the browser's best, else English.

    >>> negotiate("ar", "es"), negotiate("xx", "es-MX,en;q=0.5"), negotiate(None, None)
    ('ar', 'es', 'en')
    """
    if requested:
        code = _code(requested.strip())
        if code is not None:
            return code
    preferred = parse_accept_language(accept_language)
    return preferred[0] if preferred else DEFAULT_LANGUAGE
