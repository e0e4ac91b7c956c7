"""Picking the form's language: the link wins, then the browser's preference, then English."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from securecomm.complaints.languages import LANGUAGES, negotiate, parse_accept_language


@pytest.mark.parametrize(
    ("query", "header", "expected"),
    [
        ("es", None, "es"),
        ("AR", "en", "ar"),
        ("zh-TW", None, "zh"),
        ("fil", None, "tl"),
        ("xx", "vi,en;q=0.5", "vi"),
        (None, "fr-CA;q=0.4, ht;q=0.9, en;q=0.1", "ht"),
        (None, "de, pt-BR;q=0.8", "pt"),
        (None, "de, *;q=0.5", "en"),
        (None, None, "en"),
        (None, "es;q=0", "en"),
        ("", "garbage;;;q=x, zh", "zh"),
    ],
)
def test_the_link_then_the_browser_then_english(query: str | None, header: str | None, expected: str) -> None:
    assert negotiate(query, header) == expected


def test_quality_orders_the_browser_list_and_ties_keep_their_order() -> None:
    assert parse_accept_language("es;q=0.5, ar;q=0.5, zh;q=0.9") == ["zh", "es", "ar"]


@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=20)))
def test_any_header_gives_one_of_the_nine_languages(header: str, query: str | None) -> None:
    assert negotiate(query, header) in LANGUAGES
