"""The detainer copy served on the person: the Notice to the Detainee in their language, then the form in
English as the jail received it.

What the notice says follows the form: a request to hold for the rules' number of hours (counted without
weekends and holidays for the 2010-2012 editions, continuously for I-247D and I-247A), a request for
notification only (I-247N, or an I-247 without the hold box marked), or a request for transfer at release
(I-247X); then what to do if DHS does not come, the LESC hotline for a person who believes they are a US
citizen or a crime victim, and the complaint number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from markupsafe import Markup

from securecomm.notices.errors import NoticeInputError
from securecomm.notices.formatting import fill, format_date, format_datetime, isolate, ltr
from securecomm.notices.forms import (
    HOLD_TERMS,
    HoldCounting,
    HoldTerms,
    box_label,
    contacts,
    form_text,
    hold_terms,
)
from securecomm.notices.languages import REFERENCE_LANGUAGE, Translation, parse_language, translation
from securecomm.notices.model import DetainerNotice, Person
from securecomm.notices.pdf import html_to_pdf, render_template
from securecomm.rules import DetainerForm, RuleSet, load_ruleset
from securecomm.rules.consular_notification import country_codes

__all__ = [
    "NoticePage",
    "default_ruleset",
    "detainer_notice_html",
    "notice_paragraphs",
    "render_detainer_notice",
]


@cache
def default_ruleset() -> RuleSet:
    """The shipped rules, loaded once per process (about a second) when the caller passes none."""
    return load_ruleset()


@dataclass(frozen=True, slots=True)
class NoticePage:
    """One page of a document in one language, ready for the template."""

    lang: str
    direction: str
    fonts: str
    title: str
    subtitle: Markup
    rows: tuple[tuple[str, Markup], ...]
    paragraphs: tuple[Markup, ...]
    notes: tuple[str, ...]


def css_fonts(tr: Translation) -> str:
    return ", ".join(f'"{family}"' for family in tr.fonts) + ", sans-serif"


def nationality(person: Person) -> Markup:
    """The country's English name and code ("Mexico (MX)"), kept left to right in every script."""
    return ltr(f"{country_codes()[person.nationality]} ({person.nationality})")


def _terms(notice: DetainerNotice, ruleset: RuleSet) -> HoldTerms:
    terms = hold_terms(notice.form, on=notice.issued_at.date(), ruleset=ruleset)
    if notice.requests_hold and terms.counting is HoldCounting.NONE:
        raise NoticeInputError(
            f"{notice.form.value} requests no hold ({terms.wording}); requests_hold must be false",
            where="DetainerNotice.requests_hold",
        )
    return terms


def notice_paragraphs(notice: DetainerNotice, terms: HoldTerms, tr: Translation) -> tuple[Markup, ...]:
    """The Notice to the Detainee in `tr`'s language, paragraph by paragraph."""
    numbers = contacts()
    out: list[Markup] = []
    if notice.requests_hold and terms.hours is not None:
        hours = ltr(str(terms.hours))
        out.append(fill(tr.text("detainer.intro_hold"), hours=hours))
        counting = "business_days" if terms.counting is HoldCounting.BUSINESS_DAYS else "elapsed"
        out.append(fill(tr.text(f"detainer.count_{counting}"), hours=hours))
        if notice.hold_deadline_at is not None:
            when = format_datetime(notice.hold_deadline_at, notice.facility.zone, tr)
            out.append(fill(tr.text("detainer.deadline"), deadline=when))
        out.append(fill(tr.text("detainer.if_not_taken")))
    else:
        intro = "intro_transfer" if notice.form is DetainerForm.I_247X else "intro_notify"
        out.append(fill(tr.text(f"detainer.{intro}")))
        out.append(fill(tr.text("detainer.if_held_beyond")))
    if notice.operative_upon_conviction:
        out.append(fill(tr.text("detainer.upon_conviction")))
    out.append(fill(tr.text("detainer.usc_or_victim"), hotline=ltr(numbers.lesc_hotline)))
    out.append(
        fill(
            tr.text("detainer.hotline_hours"),
            start=ltr(numbers.interpreters_start),
            end=ltr(numbers.interpreters_end),
        )
    )
    out.append(fill(tr.text("detainer.complaints"), complaints=ltr(numbers.joint_intake_center)))
    out.append(fill(tr.text("detainer.keep_copy")))
    return tuple(out)


def _notice_page(
    notice: DetainerNotice, terms: HoldTerms, tr: Translation, *, english_follows: bool
) -> NoticePage:
    edition = form_text(notice.form).edition.removeprefix("Form ")
    if not notice.requests_hold or terms.hours is None:
        hold: Markup = Markup("{}").format(tr.text("detainer.no_hold"))
    elif notice.hold_deadline_at is None:
        hold = Markup("{}").format(tr.text("detainer.hold_unknown"))
    else:
        hold = format_datetime(notice.hold_deadline_at, notice.facility.zone, tr)
    local_issue = notice.issued_at.astimezone(notice.facility.zone).date()
    rows = (
        (tr.text("labels.name"), isolate(notice.person.name)),
        (tr.text("labels.dob"), format_date(notice.person.date_of_birth, tr)),
        (tr.text("labels.nationality"), nationality(notice.person)),
        (tr.text("labels.detainer"), ltr(notice.detainer_id)),
        (tr.text("labels.form"), ltr(edition)),
        (tr.text("labels.issued"), format_date(local_issue, tr)),
        (tr.text("labels.facility"), isolate(notice.facility.name)),
        (tr.text("labels.field_office"), isolate(notice.field_office)),
        (tr.text("labels.hold_until"), hold),
    )
    notes = [tr.text("common.drafted_note"), tr.text("common.synthetic")]
    if english_follows:
        notes.append(tr.text("common.english_follows"))
    return NoticePage(
        lang=tr.html_lang,
        direction=tr.direction,
        fonts=css_fonts(tr),
        title=tr.text("detainer.title"),
        subtitle=fill(tr.text("detainer.subtitle"), form=ltr(edition)),
        rows=rows,
        paragraphs=notice_paragraphs(notice, terms, tr),
        notes=tuple(notes),
    )


def _form_copy(notice: DetainerNotice, terms: HoldTerms, ruleset: RuleSet) -> dict[str, object]:
    """The English copy of the form as the jail received it (labels are the form's, in English)."""
    text = form_text(notice.form)
    en = translation(REFERENCE_LANGUAGE)
    zone = notice.facility.zone
    if not notice.requests_hold or terms.hours is None:
        hold = "No hold requested."
    elif notice.hold_deadline_at is None:
        hold = "Not yet recorded: the hold runs from the moment the subject would otherwise be released."
    else:
        hold = str(format_datetime(notice.hold_deadline_at, zone, en).striptags())
    on: date = notice.issued_at.date()
    return {
        "title": text.title,
        "edition": text.edition,
        "detainer_id": notice.detainer_id,
        "issued": format_datetime(notice.issued_at, zone, en),
        "facility": notice.facility.name,
        "facility_location": notice.facility.location,
        "field_office": notice.field_office,
        "person": notice.person,
        "dob": format_date(notice.person.date_of_birth, en),
        "nationality": nationality(notice.person),
        "boxes": [(box, box_label(box, ruleset=ruleset)) for box in notice.boxes],
        "requests_hold": notice.requests_hold,
        "hold_wording": terms.wording,
        "hold": hold,
        "copy_to_subject": text.copy_to_subject,
        "upon_conviction": notice.operative_upon_conviction,
        "notice_on_form": text.notice_on_form,
        "notice_languages": ", ".join(translation(c).english_name for c in text.notice_languages),
        "sources": [ref.title for ref in ruleset.references(HOLD_TERMS, on)],
        "form_source": f"{text.source} [{text.confidence}]",
    }


def detainer_notice_html(notice: DetainerNotice, *, ruleset: RuleSet | None = None) -> str:
    """The HTML of the detainer copy: the notice in the person's language, then the English form copy."""
    tr = parse_language(notice.language, where="DetainerNotice.language")
    rules = ruleset or default_ruleset()
    terms = _terms(notice, rules)
    english = tr.code == REFERENCE_LANGUAGE
    pages = [_notice_page(notice, terms, tr, english_follows=not english)]
    english_notice = (
        None
        if english
        else _notice_page(notice, terms, translation(REFERENCE_LANGUAGE), english_follows=False)
    )
    return render_template(
        "detainer.html",
        document_title=f"Detainer {notice.detainer_id}: Notice to the Detainee ({tr.english_name})",
        html_lang=tr.html_lang,
        pages=pages,
        form=_form_copy(notice, terms, rules),
        english_notice=english_notice,
        language_name=tr.english_name,
    )


def render_detainer_notice(notice: DetainerNotice, *, ruleset: RuleSet | None = None) -> bytes:
    """The detainer copy as PDF bytes. A language without a translation raises UnknownLanguage."""
    return html_to_pdf(detainer_notice_html(notice, ruleset=ruleset))
