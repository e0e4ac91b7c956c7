"""Matching county names across the three public sources, which spell them differently.

The activation list writes `E. BATON ROUGE`, `NORTHUMBERLND`, `YELLOW MEDCINE`; the Census writes
`East Baton Rouge Parish`, `Doña Ana County`, `Richmond city` (a Virginia independent city, distinct from
`Richmond County`); the UCR list writes `DE KALB` and joins several counties with `; `. We match on a
normalised key built from the Census name where the Census has the county, and fall back to the activation
list's name through a short alias table for the few counties the Census file lacks.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["UCR_COUNTY_ALIASES", "county_key"]

_SUFFIXES = (
    " CITY AND BOROUGH",
    " CENSUS AREA",
    " MUNICIPALITY",
    " MUNICIPIO",
    " BOROUGH",
    " COUNTY",
    " PARISH",
)


def county_key(name: str) -> str:
    """A spelling-independent key for a county name (within one state).

    Independent cities keep their "city" so that Richmond city and Richmond County stay apart.

    >>> county_key("St. John the Baptist Parish") == county_key("SAINT JOHN THE BAPTIST")
    True
    >>> county_key("Doña Ana County"), county_key("Richmond city"), county_key("RICHMOND")
    ('DONAANA', 'RICHMONDCITY', 'RICHMOND')
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").upper().strip()
    for suffix in _SUFFIXES:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    text = re.sub(r"\bSAINTE?\b", lambda m: "STE" if m.group(0) == "SAINTE" else "ST", text)
    return re.sub(r"[^A-Z0-9]", "", text)


# UCR county names that differ from the Census name by more than spelling: (state, UCR key) -> Census key.
UCR_COUNTY_ALIASES: dict[tuple[str, str], str] = {
    ("SD", "SHANNON"): "OGLALALAKOTA",  # renamed 2015
    ("AK", "WADEHAMPTON"): "KUSILVAK",  # renamed 2015
    ("AK", "VALDEZCORDOVA"): "VALDEZCORDOVA",
}
