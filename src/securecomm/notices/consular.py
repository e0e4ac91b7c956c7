"""Consular notification documents: the statement read to the person, and the fax sheet to the consulate.

The statement (mandatory-notification, on-request or Taiwan-passport version, as the rules determined) is
printed in the person's language with their answer, then in English for the file. The fax sheet is in
English, as the State Department's sample is, and carries only what the consulate needs: who, born when
and where, which nationality, arrested when and where, whom to call back. It can hold nothing about asylum
or fear of return because no input carries it, and the one free-text field (`contact`) is refused if it
mentions such a claim. For an on-request national, a fax sheet exists only after they asked for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from securecomm.notices.detainer import NoticePage, css_fonts, nationality
from securecomm.notices.errors import FaxNotPermitted, NoticeInputError
from securecomm.notices.formatting import fill, format_date, format_datetime, isolate
from securecomm.notices.languages import REFERENCE_LANGUAGE, Translation, parse_language, translation
from securecomm.notices.model import ConsularAnswer, ConsularNotice, StatementKind
from securecomm.notices.pdf import html_to_pdf, render_template
from securecomm.rules.consular_notification import country_codes

__all__ = [
    "PROTECTED_TERMS",
    "consular_statement_html",
    "fax_permitted",
    "fax_sheet_html",
    "render_consular_documents",
    "render_consular_statement",
    "render_fax_sheet",
]

# Words that would reveal an asylum, refugee or fear-of-return claim to the person's government
# (State Department guidance; 8 C.F.R. 236.1(e) for ICE detainees). None may reach a consulate.
PROTECTED_TERMS = (
    "asylum",
    "refugee",
    "persecut",
    "fear",
    "torture",
    "withholding of removal",
    "convention against",
)
_PROTECTED = re.compile("|".join(re.escape(term) for term in PROTECTED_TERMS), re.IGNORECASE)
_BLANK = "____________________"


@dataclass(frozen=True, slots=True)
class StatementPage:
    page: NoticePage
    statement: Markup
    asks: bool  # the on-request and Taiwan statements ask a question; the mandatory one informs
    answer: ConsularAnswer | None
    answer_yes: str
    answer_no: str
    will_notify: Markup | None


def fax_permitted(notice: ConsularNotice) -> bool:
    """A consulate is notified for a mandatory country always, otherwise only at the person's request."""
    return notice.kind is StatementKind.MANDATORY or notice.answer is ConsularAnswer.REQUESTED


def _consulate(notice: ConsularNotice, tr: Translation) -> Markup:
    if notice.consulate is None:
        return Markup("{}").format(tr.text("consular.consulate_to_find"))
    return isolate(notice.consulate.label)


def _statement_page(notice: ConsularNotice, tr: Translation, *, english_follows: bool) -> StatementPage:
    zone = notice.facility.zone
    rows = (
        (tr.text("labels.name"), isolate(notice.person.name)),
        (tr.text("labels.dob"), format_date(notice.person.date_of_birth, tr)),
        (tr.text("labels.nationality"), nationality(notice.person)),
        (tr.text("labels.facility"), isolate(notice.facility.name)),
        (tr.text("labels.arrested"), format_datetime(notice.arrested_at, zone, tr)),
        (tr.text("labels.consulate"), _consulate(notice, tr)),
        (
            tr.text("labels.told_at"),
            format_datetime(notice.told_at, zone, tr) if notice.told_at else Markup(_BLANK),
        ),
        (tr.text("labels.told_by"), isolate(notice.told_by) if notice.told_by else Markup(_BLANK)),
    )
    notes = [tr.text("common.drafted_note"), tr.text("common.synthetic")]
    if english_follows:
        notes.append(tr.text("common.english_follows"))
    page = NoticePage(
        lang=tr.html_lang,
        direction=tr.direction,
        fonts=css_fonts(tr),
        title=tr.text("consular.title"),
        subtitle=Markup("{}").format(f"{tr.name} · {notice.booking_id}"),
        rows=rows,
        paragraphs=(),
        notes=tuple(notes),
    )
    asks = notice.kind is not StatementKind.MANDATORY
    return StatementPage(
        page=page,
        statement=fill(tr.text(f"consular.{notice.kind.value}")),
        asks=asks,
        answer=notice.answer,
        answer_yes=tr.text("consular.answer_yes"),
        answer_no=tr.text("consular.answer_no"),
        will_notify=None if asks else fill(tr.text("consular.will_notify"), consulate=_consulate(notice, tr)),
    )


def consular_statement_html(notice: ConsularNotice) -> str:
    """The statement in the person's language (with their answer), then in English for the file."""
    tr = parse_language(notice.language, where="ConsularNotice.language")
    english = tr.code == REFERENCE_LANGUAGE
    pages = [_statement_page(notice, tr, english_follows=not english)]
    if not english:
        pages.append(_statement_page(notice, translation(REFERENCE_LANGUAGE), english_follows=False))
    return render_template(
        "consular_statement.html",
        document_title=f"Consular notification statement, booking {notice.booking_id} ({tr.english_name})",
        html_lang=tr.html_lang,
        pages=pages,
        kind=notice.kind.value,
        language_name=tr.english_name,
    )


def fax_sheet_html(notice: ConsularNotice, *, sent_at: datetime | None = None) -> str:
    """The English fax sheet to the consulate; FaxNotPermitted when the person has not asked for it."""
    if not fax_permitted(notice):
        answer = "not yet recorded" if notice.answer is None else notice.answer.value
        raise FaxNotPermitted(
            f"{notice.person.nationality} is not a mandatory-notification country for this person and their "
            f"answer is {answer}; notify the consulate only if the person asks (record answer=requested)",
            where="ConsularNotice.answer",
        )
    if notice.contact is not None and _PROTECTED.search(notice.contact):
        raise NoticeInputError(
            "must not mention asylum, refugee status, persecution, torture or fear of return: a consulate "
            "is never told of such a claim; give only a name and a telephone number",
            where="ConsularNotice.contact",
        )
    if sent_at is not None and sent_at.tzinfo is None:
        raise NoticeInputError("must be a time-zone-aware datetime", where="sent_at")
    en = translation(REFERENCE_LANGUAGE)
    zone = notice.facility.zone
    codes = country_codes()
    person = notice.person
    return render_template(
        "fax_sheet.html",
        document_title=f"Consular notification fax, booking {notice.booking_id}",
        sent=format_datetime(sent_at, zone, en) if sent_at else Markup(_BLANK),
        consulate=notice.consulate,
        facility=notice.facility,
        contact=notice.contact or _BLANK,
        person=person,
        dob=format_date(person.date_of_birth, en),
        birthplace=f"{codes[person.place_of_birth]} ({person.place_of_birth})"
        if person.place_of_birth
        else _BLANK,
        nationality=nationality(person),
        country=codes[person.nationality],
        passport=person.passport_number or _BLANK,
        arrested=format_datetime(notice.arrested_at, zone, en),
        kind=notice.kind.value,
        booking_id=notice.booking_id,
        blank=_BLANK,
    )


def render_consular_statement(notice: ConsularNotice) -> bytes:
    """The statement as PDF bytes. A language without a translation raises UnknownLanguage."""
    return html_to_pdf(consular_statement_html(notice))


def render_fax_sheet(notice: ConsularNotice, *, sent_at: datetime | None = None) -> bytes:
    """The fax sheet as PDF bytes (English)."""
    return html_to_pdf(fax_sheet_html(notice, sent_at=sent_at))


def render_consular_documents(notice: ConsularNotice, *, sent_at: datetime | None = None) -> bytes:
    """The statement, followed by the fax sheet when a notification is due (mandatory, or requested)."""
    documents = [consular_statement_html(notice)]
    if fax_permitted(notice):
        documents.append(fax_sheet_html(notice, sent_at=sent_at))
    return html_to_pdf(*documents)
