"""The detainer copy: every language rendered to PDF and read back, and the wording of every form version."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from securecomm.notices import (
    DetainerNotice,
    NoticeInputError,
    UnknownLanguage,
    detainer_notice_html,
    render_detainer_notice,
    translation,
)
from securecomm.notices.formatting import BIDI_CONTROLS
from securecomm.rules import DetainerForm, RuleSet, compute_hold_deadline

from .conftest import (
    COMPLAINTS,
    FOREIGN_DIGITS,
    HOTLINE,
    LANGUAGES,
    pdf_pages,
    pdf_raw_lines,
    pdf_text,
    pdf_words,
)

# A distinctive phrase of each language's notice title, as it must appear in the PDF's text.
TITLES = {
    "en": "Notice to the Detainee",
    "es": "Aviso a la persona detenida",
    "fr": "Avis à la personne détenue",
    "pt": "Aviso à pessoa detida",
    "zh": "致被羁押者的通知",
    "vi": "Thông báo cho người bị giam giữ",
    "ar": "إشعار إلى الشخص المحتجز",
    "ht": "Avi pou moun ki nan detansyon an",
    "tl": "Paunawa sa Nakakulong",
}


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_prints_the_notice_with_both_numbers_in_western_digits(
    code: str, make_detainer: Callable[..., DetainerNotice], ruleset: RuleSet
) -> None:
    pdf = render_detainer_notice(make_detainer(language=code), ruleset=ruleset)
    assert pdf.startswith(b"%PDF-")
    first = pdf_text(pdf, first=1, last=1)
    assert TITLES[code] in first
    assert HOTLINE in first, f"{code}: the LESC hotline is missing or reordered on the person's page"
    assert COMPLAINTS in first
    assert "07:00" in first and "24:00" in first  # interpreter hours
    assert "DET-2012-000042" in first
    assert "2012" in first and "48" in first
    assert not FOREIGN_DIGITS.search(first), f"{code}: digits other than Western digits were printed"
    # The English form copy follows the person's page; for other languages, the English notice too.
    assert pdf_pages(pdf) == (2 if code == "en" else 3)
    whole = pdf_text(pdf)
    assert "Immigration Detainer - Notice of Action" in whole
    assert whole.count(HOTLINE) == (1 if code == "en" else 2)


def test_the_2011_notice_says_hold_48_hours_without_weekends_and_gives_the_deadline_in_facility_time(
    make_detainer: Callable[..., DetainerNotice], ruleset: RuleSet
) -> None:
    release = datetime(2012, 2, 17, 17, 0)
    deadline = compute_hold_deadline("I-247-2011", release, tz="America/New_York", ruleset=ruleset)
    notice = make_detainer(language="es", hold_deadline_at=deadline.value.deadline_at)
    text = pdf_text(render_detainer_notice(notice, ruleset=ruleset), first=1, last=1)
    assert "hasta 48 horas más allá del momento" in text
    assert "Los sábados, domingos y días feriados federales no se cuentan en estas 48 horas." in text
    # Monday 20 February 2012 was Washington's Birthday: the hold ends Wednesday 22 at 17:00 in Atlanta.
    assert "miércoles 22 de febrero de 2012, a las 17:00 EST (America/New_York)" in text
    assert "comuníquese con la agencia que lo tiene detenido para preguntar sobre su liberación" in text


def _html_text(notice: DetainerNotice, ruleset: RuleSet) -> str:
    from markupsafe import Markup

    html = Markup(detainer_notice_html(notice, ruleset=ruleset)).striptags()
    return " ".join("".join(ch for ch in html if ch not in BIDI_CONTROLS).split())


@pytest.mark.parametrize("form", [DetainerForm.I_247D, DetainerForm.I_247A])
def test_the_2015_and_2017_detainers_count_the_48_hours_continuously(
    form: DetainerForm, make_detainer: Callable[..., DetainerNotice], ruleset: RuleSet
) -> None:
    text = _html_text(make_detainer(form=form, boxes=("biometric_confirmation",)), ruleset)
    assert "The 48 hours run continuously, including Saturdays, Sundays and holidays." in text
    assert "are not counted in these" not in text


@pytest.mark.parametrize("form", [DetainerForm.I_247_2010, DetainerForm.I_247_2012])
def test_the_2010_and_2012_editions_exclude_weekends_and_holidays(
    form: DetainerForm, make_detainer: Callable[..., DetainerNotice], ruleset: RuleSet
) -> None:
    text = _html_text(make_detainer(form=form), ruleset)
    assert "Saturdays, Sundays and federal holidays are not counted in these 48 hours." in text


def test_a_request_for_notification_only_asks_for_no_hold(
    make_detainer: Callable[..., DetainerNotice], ruleset: RuleSet
) -> None:
    notice = make_detainer(
        form=DetainerForm.I_247N, requests_hold=False, hold_deadline_at=None, boxes=("felony",), language="fr"
    )
    pdf = render_detainer_notice(notice, ruleset=ruleset)
    text = pdf_text(pdf, first=1, last=1)
    assert "Il s'agit uniquement d'une demande de notification" in text
    assert "aucun maintien en détention demandé" in text
    assert "48 heures" not in text  # no hold period is mentioned on a notification-only request
    assert HOTLINE in text and COMPLAINTS in text
    copy = pdf_text(pdf, first=2, last=2)
    assert "Request for Voluntary Notification of Release of Suspected Priority Alien" in copy
    assert "Convicted of an offense classified as a felony" in copy


def test_a_2011_detainer_without_the_hold_box_is_a_request_for_notification(
    make_detainer: Callable[..., DetainerNotice], ruleset: RuleSet
) -> None:
    text = _html_text(make_detainer(requests_hold=False, hold_deadline_at=None), ruleset)
    assert "This is a request for notification only" in text
    assert "up to 48 hours" not in text


def test_a_request_for_transfer_says_so(
    make_detainer: Callable[..., DetainerNotice], ruleset: RuleSet
) -> None:
    text = _html_text(
        make_detainer(form=DetainerForm.I_247X, requests_hold=False, hold_deadline_at=None), ruleset
    )
    assert "to transfer you to DHS custody at the time you would otherwise be released" in text


def test_a_hold_request_on_a_notification_form_is_refused(
    make_detainer: Callable[..., DetainerNotice], ruleset: RuleSet
) -> None:
    with pytest.raises(NoticeInputError, match=r"DetainerNotice\.requests_hold: I-247N requests no hold"):
        detainer_notice_html(make_detainer(form=DetainerForm.I_247N, hold_deadline_at=None), ruleset=ruleset)


def test_an_unknown_deadline_says_when_the_period_starts(
    make_detainer: Callable[..., DetainerNotice], ruleset: RuleSet
) -> None:
    text = _html_text(make_detainer(hold_deadline_at=None), ruleset)
    assert "not yet known; the period starts when you would otherwise be released" in text
    assert "this period ends on" not in text


def test_a_request_operative_upon_conviction_tells_the_person(
    make_detainer: Callable[..., DetainerNotice], ruleset: RuleSet
) -> None:
    text = _html_text(make_detainer(operative_upon_conviction=True, language="pt"), ruleset)
    assert translation("pt").text("detainer.upon_conviction") in text


def test_the_2010_edition_copy_says_the_form_had_no_notice(
    make_detainer: Callable[..., DetainerNotice], ruleset: RuleSet
) -> None:
    text = _html_text(make_detainer(form=DetainerForm.I_247_2010), ruleset)
    assert "This edition of the form carried no Notice to the Detainee" in text
    assert "Federal regulations (8 CFR 287.7) require that you detain the alien" in text


def test_a_missing_language_is_an_error_naming_the_languages_that_exist(
    make_detainer: Callable[..., DetainerNotice], ruleset: RuleSet
) -> None:
    with pytest.raises(UnknownLanguage) as raised:
        render_detainer_notice(make_detainer(language="so"), ruleset=ruleset)
    assert str(raised.value) == (
        "DetainerNotice.language: no translation for language 'so'; languages with a translation: "
        "ar, en, es, fr, ht, pt, tl, vi, zh (ISO 639-1 codes)"
    )


def test_the_arabic_page_is_right_to_left_with_the_numbers_intact(
    make_detainer: Callable[..., DetainerNotice], ruleset: RuleSet
) -> None:
    pdf = render_detainer_notice(make_detainer(language="ar"), ruleset=ruleset)
    width, words = pdf_words(pdf, page=1)
    # The title is short: on a right-to-left page it hangs from the right margin.
    title_line = [w for w in words if w.y_min == min(w.y_min for w in words)]
    assert min(w.x_min for w in title_line) > width / 2
    assert max(w.x_max for w in title_line) > width - 60
    # Poppler marks right-to-left lines with RIGHT-TO-LEFT EMBEDDING (U+202B): the Arabic text is RTL.
    lines = pdf_raw_lines(pdf, page=1)
    arabic = [line for line in lines if any("\u0600" <= ch <= "\u06ff" for ch in line)]
    assert arabic and all(line.startswith("\u202b") for line in arabic)
    # The numbers read left to right inside the Arabic sentences: "(855)" stands left of "448-6903".
    area = next(w for w in words if w.text.endswith("(855)") or w.text == "(855)")
    rest = next(w for w in words if w.text.startswith("448-6903") and abs(w.y_min - area.y_min) < 2)
    assert area.x_max < rest.x_min
    text = pdf_text(pdf, first=1, last=1)
    assert HOTLINE in text and COMPLAINTS in text


def test_the_chinese_and_arabic_pages_embed_the_noto_fonts(
    make_detainer: Callable[..., DetainerNotice], ruleset: RuleSet
) -> None:
    import shutil
    import subprocess

    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        pytest.skip("pdffonts is not installed: run scripts/install-system-deps (poppler-utils)")
    for code, family in (("zh", b"Noto-Sans-CJK-SC"), ("ar", b"Noto-Naskh-Arabic"), ("vi", b"Noto-Sans")):
        pdf = render_detainer_notice(make_detainer(language=code), ruleset=ruleset)
        listing = subprocess.run([pdffonts, "-"], input=pdf, capture_output=True, check=True).stdout
        assert family in listing, f"{code}: {family!r} not embedded"
