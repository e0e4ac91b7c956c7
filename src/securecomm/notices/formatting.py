"""Typesetting helpers: dates in the reader's language, numbers isolated left to right, safe HTML.

Numbers (telephone numbers, times, ids, form codes) are printed in Western digits in every language and
wrapped in Unicode isolates: LEFT-TO-RIGHT ISOLATE (U+2066) ... POP DIRECTIONAL ISOLATE (U+2069), so that
inside right-to-left Arabic text "(855) 448-6903" keeps its order and its brackets are not mirrored. Inside
the isolate a LEFT-TO-RIGHT MARK (U+200E) stands at each end, and the run carries no `dir`: WeasyPrint
shapes a run that starts with a bracket and has no strong letter (or any run inside a `<bdi dir="ltr">`)
right to left, which keeps the picture right but writes mirrored brackets into the PDF's text layer (what
screen readers, search and pdftotext read). Measured with WeasyPrint 70 and poppler 22.12; the tests check both layers.
Texts from the translation files are HTML-escaped; only values the renderer builds are inserted as markup.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from securecomm.notices.languages import Translation, placeholders

__all__ = [
    "BIDI_CONTROLS",
    "FSI",
    "LRI",
    "LRM",
    "NBSP",
    "PDI",
    "fill",
    "format_date",
    "format_datetime",
    "isolate",
    "ltr",
]

LRI = "\u2066"  # LEFT-TO-RIGHT ISOLATE
FSI = "\u2068"  # FIRST STRONG ISOLATE
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE
LRM = "\u200e"  # LEFT-TO-RIGHT MARK
NBSP = "\u00a0"  # NO-BREAK SPACE
# Invisible direction controls, which text extracted from a PDF may carry (tests strip them before comparing).
BIDI_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def ltr(value: str) -> Markup:
    """`value` as an isolated left-to-right run (numbers, codes, Latin names inside any script).

    Its spaces become NO-BREAK SPACEs, so a telephone number is never split after "(855)" (a wrapping
    element would do it too, but any element around the run brings back the mirrored brackets).

    >>> str(ltr("(855) 448-6903")).replace(LRI, "<").replace(PDI, ">").replace(LRM, "|").replace(NBSP, "_")
    '<|(855)_448-6903|>'
    """
    return Markup("{}{}{}{}{}").format(LRI, LRM, value.replace(" ", NBSP), LRM, PDI)


def isolate(value: str | Markup) -> Markup:
    """`value` as an isolated run of its own direction (a date in Arabic words, a name in any script)."""
    return Markup("{}{}{}").format(FSI, value, PDI)


def fill(text: str, **values: str | Markup) -> Markup:
    """The translated `text` with its {placeholders} replaced; plain strings are escaped, Markup is kept.

    A placeholder without a value, or a value without a placeholder, is a programming error: it would
    silently drop a number from a notice.
    """
    wanted = placeholders(text)
    if wanted != set(values):
        raise KeyError(f"text needs {sorted(wanted)}, got {sorted(values)}: {text[:60]!r}")
    return Markup(escape(text)).format(**values)


def format_date(day: date, translation: Translation) -> Markup:
    """A date in the translation's words, digits Western and isolated left to right."""
    text = escape(translation.date_pattern).format(
        weekday=translation.weekdays[day.weekday()],
        day=ltr(str(day.day)),
        month=translation.months[day.month - 1],
        year=ltr(str(day.year)),
    )
    return isolate(Markup(text))


def format_datetime(moment: datetime, zone: ZoneInfo, translation: Translation) -> Markup:
    """A moment in `zone`'s wall-clock time: the date in words, then "17:00 EST (America/New_York)"."""
    local = moment.astimezone(zone)
    clock = f"{local:%H:%M} {local.tzname()} ({zone.key})"
    text = escape(translation.datetime_pattern).format(
        date=format_date(local.date(), translation), time=ltr(clock)
    )
    return isolate(Markup(text))
