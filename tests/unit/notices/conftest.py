"""Shared inputs and PDF readers for the notices tests.

PDFs are read back with poppler's `pdftotext` (Debian poppler-utils, installed by `make test` through
scripts/install-system-deps): the tests check what a reader, a screen reader or a search sees, not our HTML.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from securecomm.notices import ConsularNotice, DetainerNotice, Facility, Person, StatementKind
from securecomm.notices.formatting import BIDI_CONTROLS
from securecomm.rules import DetainerForm, RuleSet, load_ruleset

LANGUAGES = ("en", "es", "fr", "pt", "zh", "vi", "ar", "ht", "tl")
HOTLINE = "(855) 448-6903"
COMPLAINTS = "1-877-246-8253"
# Digits of other numeral systems that must never replace Western digits: Arabic-Indic, Extended
# Arabic-Indic (Persian/Urdu), fullwidth.
FOREIGN_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]")


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed: run scripts/install-system-deps (Debian poppler-utils)")
    return path


def pdf_text(pdf: bytes, *, first: int | None = None, last: int | None = None) -> str:
    """The PDF's text as pdftotext reads it, without invisible direction controls, whitespace collapsed."""
    args = [_poppler("pdftotext"), "-enc", "UTF-8"]
    if first is not None:
        args += ["-f", str(first)]
    if last is not None:
        args += ["-l", str(last)]
    raw = subprocess.run([*args, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode("utf-8")
    return " ".join("".join(ch for ch in raw if ch not in BIDI_CONTROLS).split())


_ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")  # harakat, superscript alef, tatweel


def shows(text: str, phrase: str, code: str) -> bool:
    """Whether the PDF text `text` shows the start of `phrase` in language `code`.

    Line breaks become spaces in extracted text: Chinese is compared without spaces; Arabic, whose
    diacritics and line order pdftotext does not keep, is compared word by word without diacritics.
    """
    if code == "zh":
        return "".join(phrase.split())[:16] in "".join(text.split())
    if code == "ar":
        words = set(_ARABIC_MARKS.sub("", text).replace("،", " ").split())
        wanted = _ARABIC_MARKS.sub("", phrase).replace("،", " ").split()[:6]
        return all(word in words for word in wanted)
    return " ".join(phrase.split()[:5]) in text


def pdf_raw_lines(pdf: bytes, *, page: int) -> list[str]:
    """One page's lines exactly as pdftotext writes them (poppler marks right-to-left lines with U+202B)."""
    args = [_poppler("pdftotext"), "-enc", "UTF-8", "-f", str(page), "-l", str(page), "-", "-"]
    out = subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode("utf-8")
    return [line for line in out.splitlines() if line.strip()]


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    x_max: float
    y_min: float


def pdf_words(pdf: bytes, *, page: int) -> tuple[float, list[Word]]:
    """The page width and every word with its box, in PDF points (pdftotext -bbox)."""
    args = [_poppler("pdftotext"), "-bbox", "-f", str(page), "-l", str(page), "-", "-"]
    xml = subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode("utf-8")
    root = ET.fromstring(xml)
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    page_el = root.find(".//x:page", ns)
    assert page_el is not None
    words = [
        Word(w.text or "", float(w.attrib["xMin"]), float(w.attrib["xMax"]), float(w.attrib["yMin"]))
        for w in page_el.findall("x:word", ns)
    ]
    return float(page_el.attrib["width"]), words


def pdf_pages(pdf: bytes) -> int:
    info = subprocess.run([_poppler("pdfinfo"), "-"], input=pdf, capture_output=True, check=True).stdout
    match = re.search(rb"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match is not None
    return int(match.group(1))


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_ruleset()


@pytest.fixture
def person() -> Person:
    return Person("Maria Lopez-Garcia", date(1984, 3, 9), "MX", sex="F", place_of_birth="MX")


@pytest.fixture
def facility() -> Facility:
    return Facility(
        "Fulton County Sheriff's Office",
        "America/New_York",
        "Fulton County, GA",
        latitude=33.79,
        longitude=-84.47,
    )


# Released-eligible Friday 17 February 2012 at 17:00 EST; Monday 20 February was Washington's Birthday,
# so the 48 business hours end Wednesday 22 February at 17:00 EST (22:00 UTC).
ISSUED_AT = datetime(2012, 2, 16, 15, 0, tzinfo=UTC)
DEADLINE_AT = datetime(2012, 2, 22, 22, 0, tzinfo=UTC)


@pytest.fixture
def make_detainer(person: Person, facility: Facility) -> Callable[..., DetainerNotice]:
    def build(**changes: object) -> DetainerNotice:
        fields: dict[str, object] = {
            "form": DetainerForm.I_247_2011,
            "detainer_id": "DET-2012-000042",
            "person": person,
            "facility": facility,
            "field_office": "ICE ERO Atlanta Field Office (ATL)",
            "issued_at": ISSUED_AT,
            "requests_hold": True,
            "language": "en",
            "boxes": ("investigation",),
            "hold_deadline_at": DEADLINE_AT,
        }
        fields.update(changes)
        return DetainerNotice(**fields)  # type: ignore[arg-type]

    return build


@pytest.fixture
def make_consular(person: Person, facility: Facility) -> Callable[..., ConsularNotice]:
    def build(**changes: object) -> ConsularNotice:
        fields: dict[str, object] = {
            "booking_id": "BK-2012-0077",
            "person": person,
            "facility": facility,
            "arrested_at": datetime(2012, 5, 1, 3, 30, tzinfo=UTC),
            "kind": StatementKind.ON_REQUEST,
            "language": "en",
        }
        fields.update(changes)
        return ConsularNotice(**fields)  # type: ignore[arg-type]

    return build
