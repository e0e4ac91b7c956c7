"""Consular documents: the statement to read in every language (mandatory and on request), and the fax sheet."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from securecomm.notices import (
    ConsularAnswer,
    ConsularNotice,
    FaxNotPermitted,
    NoticeInputError,
    StatementKind,
    UnknownLanguage,
    nearest_post,
    render_consular_documents,
    render_consular_statement,
    render_fax_sheet,
    translation,
)

from .conftest import FOREIGN_DIGITS, LANGUAGES, pdf_pages, pdf_text, shows

TOLD_AT = datetime(2012, 5, 1, 5, 0, tzinfo=UTC)


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("kind", [StatementKind.MANDATORY, StatementKind.ON_REQUEST])
def test_every_language_prints_the_mandatory_and_the_on_request_statement(
    code: str, kind: StatementKind, make_consular: Callable[..., ConsularNotice]
) -> None:
    notice = make_consular(language=code, kind=kind, told_at=TOLD_AT, told_by="Deputy R. Diaz")
    pdf = render_consular_statement(notice)
    first = pdf_text(pdf, first=1, last=1)
    assert shows(first, translation(code).text(f"consular.{kind.value}"), code)
    assert shows(first, translation(code).text("consular.title"), code)
    assert "Maria Lopez-Garcia" in first and "Deputy R. Diaz" in first
    assert "1984" in first and "2012" in first
    assert not FOREIGN_DIGITS.search(first)
    if kind is StatementKind.ON_REQUEST:
        assert shows(first, translation(code).text("consular.answer_yes"), code)
    else:
        assert not shows(first, translation(code).text("consular.answer_yes"), code)
    # The English version for the file follows any other language, with the officer's instructions.
    assert pdf_pages(pdf) == (1 if code == "en" else 2)
    assert "Officer: read this statement to the person" in pdf_text(pdf)


def test_the_person_s_answer_is_marked_and_the_mandatory_statement_names_the_consulate(
    make_consular: Callable[..., ConsularNotice], person: object
) -> None:
    post = nearest_post("MX", 33.79, -84.47)
    assert post is not None
    answered = make_consular(language="es", answer=ConsularAnswer.DECLINED, consulate=post.post)
    text = pdf_text(render_consular_statement(answered), first=1, last=1)
    assert "☒ No, no notifiquen." in text and "☐ Sí, notifiquen." in text
    mandatory = make_consular(language="es", kind=StatementKind.MANDATORY, consulate=post.post)
    text = pdf_text(render_consular_statement(mandatory), first=1, last=1)
    assert "Notificaremos a: Consulate of Mexico, Atlanta, GA." in text


def test_the_taiwan_statement_offers_tecro(make_consular: Callable[..., ConsularNotice]) -> None:
    text = pdf_text(render_consular_statement(make_consular(language="zh", kind=StatementKind.TAIWAN)))
    assert "台北经济文化代表处（TECRO）" in "".join(text.split())
    assert "Taipei Economic and Cultural Representative Office (TECRO)" in text


def test_the_fax_sheet_carries_what_the_consulate_needs_in_english(
    make_consular: Callable[..., ConsularNotice],
) -> None:
    post = nearest_post("MX", 33.79, -84.47)
    assert post is not None
    notice = make_consular(
        kind=StatementKind.MANDATORY,
        consulate=post.post,
        language="ar",
        contact="Sgt. J. Smith, (404) 555-0100",
    )
    pdf = render_fax_sheet(notice, sent_at=datetime(2012, 5, 1, 6, 15, tzinfo=UTC))
    text = pdf_text(pdf)
    for expected in (
        "Notification of Arrest or Detention of a Foreign National",
        "To Consulate of Mexico, Atlanta, GA",
        "Tuesday, May 1, 2012, at 02:15 EDT (America/New_York)",  # sent, in the facility's time
        "Name Maria Lopez-Garcia",
        "Date of birth Friday, March 9, 1984",
        "Place of birth Mexico (MX)",
        "Nationality Mexico (MX)",
        "Date of arrest or detention Monday, April 30, 2012, at 23:30 EDT (America/New_York)",
        "Place of arrest or detention Fulton County Sheriff's Office, Fulton County, GA",
        "Sgt. J. Smith, (404) 555-0100",
        "whether or not the national has asked us to",
    ):
        assert expected in text, expected
    assert pdf_pages(pdf) == 1


@pytest.mark.parametrize("kind", list(StatementKind))
def test_no_consular_document_ever_mentions_asylum_or_fear(
    kind: StatementKind, make_consular: Callable[..., ConsularNotice]
) -> None:
    notice = make_consular(kind=kind, answer=ConsularAnswer.REQUESTED, told_at=TOLD_AT)
    text = pdf_text(render_consular_documents(notice)).lower()
    for term in ("asylum", "refugee", "persecut", "fear", "torture", "withholding"):
        assert term not in text


def test_a_contact_line_that_mentions_a_protection_claim_is_refused(
    make_consular: Callable[..., ConsularNotice],
) -> None:
    notice = make_consular(
        kind=StatementKind.MANDATORY, contact="Deputy Diaz - note: detainee expressed fear of return"
    )
    with pytest.raises(NoticeInputError, match=r"ConsularNotice\.contact: must not mention asylum"):
        render_fax_sheet(notice)


def test_no_fax_for_an_on_request_national_who_has_not_asked(
    make_consular: Callable[..., ConsularNotice],
) -> None:
    for answer in (None, ConsularAnswer.DECLINED):
        with pytest.raises(FaxNotPermitted, match="notify the consulate only if the person asks"):
            render_fax_sheet(make_consular(answer=answer))
    # The combined document then holds the statement alone.
    assert pdf_pages(render_consular_documents(make_consular(answer=ConsularAnswer.DECLINED))) == 1


def test_a_mandatory_notification_is_faxed_even_when_the_national_objects(
    make_consular: Callable[..., ConsularNotice],
) -> None:
    notice = make_consular(kind=StatementKind.MANDATORY, answer=ConsularAnswer.DECLINED)
    pdf = render_consular_documents(notice)
    assert pdf_pages(pdf) == 2
    assert "Notification of Arrest or Detention" in pdf_text(pdf, first=2, last=2)


def test_a_requested_notification_names_the_request_and_a_missing_post_says_where_to_look(
    make_consular: Callable[..., ConsularNotice],
) -> None:
    text = pdf_text(render_fax_sheet(make_consular(answer=ConsularAnswer.REQUESTED)))
    assert "The national has asked that you be notified" in text
    assert "find the post in the State Department's list of Foreign Consular Offices" in text


def test_a_statement_in_a_language_without_a_translation_is_refused(
    make_consular: Callable[..., ConsularNotice],
) -> None:
    with pytest.raises(UnknownLanguage, match=r"ConsularNotice\.language: no translation for language 'pl'"):
        render_consular_statement(make_consular(language="pl"))
