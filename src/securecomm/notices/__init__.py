"""Documents people are handed: the detainer copy with its Notice to the Detainee, and the consular
notification statement and fax sheet, as PDF in nine languages (en es fr pt zh vi ar ht tl).

Pure rendering from typed inputs (no database, no clock): build a `DetainerNotice` or `ConsularNotice`
and call a renderer. Which forms exist, the hold each requests, and which countries are mandatory come from
`securecomm.rules`; the wording of each language is one reviewable YAML file under `translations/`.
A language without a translation raises `UnknownLanguage` naming those that exist: never a fallback.

Typical use::

    notice = DetainerNotice(form=DetainerForm.I_247_2011, detainer_id="DET-1", person=person,
                            facility=facility, field_office="ICE ERO Atlanta Field Office",
                            issued_at=issued, requests_hold=True, language="zh", hold_deadline_at=deadline)
    pdf_bytes = render_detainer_notice(notice)
    statement = render_consular_statement(consular_notice)
    fax = render_fax_sheet(consular_notice)          # FaxNotPermitted unless mandatory or requested
    post = nearest_post("MX", 33.75, -84.39)          # great-circle nearest consular post
"""

from __future__ import annotations

from securecomm.notices.consular import (
    PROTECTED_TERMS,
    consular_statement_html,
    fax_permitted,
    fax_sheet_html,
    render_consular_documents,
    render_consular_statement,
    render_fax_sheet,
)
from securecomm.notices.detainer import detainer_notice_html, render_detainer_notice
from securecomm.notices.errors import (
    FaxNotPermitted,
    NoticeDataError,
    NoticeInputError,
    TranslationFileError,
    UnknownLanguage,
)
from securecomm.notices.forms import HoldCounting, HoldTerms, box_label, contacts, form_text, hold_terms
from securecomm.notices.languages import Translation, available_languages, parse_language, translation
from securecomm.notices.model import (
    ConsularAnswer,
    ConsularNotice,
    ConsularPost,
    DetainerNotice,
    Facility,
    Person,
    StatementKind,
)
from securecomm.notices.places import CountyPoint, county_centroid
from securecomm.notices.posts import NearestPost, consular_posts, great_circle_km, nearest_post, posts_for

__all__ = [
    "PROTECTED_TERMS",
    "ConsularAnswer",
    "ConsularNotice",
    "ConsularPost",
    "CountyPoint",
    "DetainerNotice",
    "Facility",
    "FaxNotPermitted",
    "HoldCounting",
    "HoldTerms",
    "NearestPost",
    "NoticeDataError",
    "NoticeInputError",
    "Person",
    "StatementKind",
    "Translation",
    "TranslationFileError",
    "UnknownLanguage",
    "available_languages",
    "box_label",
    "consular_posts",
    "consular_statement_html",
    "contacts",
    "county_centroid",
    "detainer_notice_html",
    "fax_permitted",
    "fax_sheet_html",
    "form_text",
    "great_circle_km",
    "hold_terms",
    "nearest_post",
    "parse_language",
    "posts_for",
    "render_consular_documents",
    "render_consular_statement",
    "render_detainer_notice",
    "render_fax_sheet",
    "translation",
]
