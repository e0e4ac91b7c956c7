"""Nine language files with the same keys and placeholders; letters in every language; Arabic right to left."""

from __future__ import annotations

from datetime import date

import pytest

from securecomm.complaints import (
    LANGUAGES,
    ClosureOutcome,
    LetterKind,
    TranslationFileError,
    compose_letter,
    strings,
)
from securecomm.complaints import translations as module
from securecomm.complaints.model import Identity, ReferralTarget
from securecomm.complaints.translations import check_all, placeholders

RECEIPT = "SC-0000-0000-0000-0000-0"


def test_every_language_has_every_key_of_english_with_the_same_placeholders() -> None:
    assert check_all() == {lang: [] for lang in LANGUAGES}
    english = strings("en")
    for lang in LANGUAGES:
        words = strings(lang)
        assert set(words.texts) == set(english.texts), lang
        for key, text in english.texts.items():
            assert placeholders(words.texts[key]) == placeholders(text), f"{lang}: {key}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_file_says_it_is_our_translation_to_be_reviewed(lang: str) -> None:
    words = strings(lang)
    assert words.status
    if lang != "en":
        assert words.texts["page.translation_note"] != strings("en").texts["page.translation_note"]
        # a translation is a translation: most of its sentences differ from the English ones
        same = [k for k, v in words.texts.items() if v == strings("en").texts[k]]
        assert len(same) < len(words.texts) // 4, same


def test_only_arabic_is_right_to_left() -> None:
    assert [lang for lang in LANGUAGES if strings(lang).rtl] == ["ar"]


def test_a_file_missing_a_key_is_refused_naming_the_file_and_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    real = module._load

    def broken(code: str) -> module.Strings:
        loaded = real(code)
        if code == "fr":
            texts = dict(loaded.texts)
            del texts["letter.ack_body"]
            texts["status.closed"] = "Close {oops}"
            return module.Strings(loaded.code, loaded.name, loaded.english_name, loaded.direction, loaded.status,
                                  loaded.months, loaded.date_pattern, texts)  # fmt: skip
        return loaded

    monkeypatch.setattr(module, "_load", broken)
    module.strings.cache_clear()
    try:
        with pytest.raises(TranslationFileError) as caught:
            module.strings("fr")
        message = str(caught.value)
        assert "fr.yaml" in message and "missing letter.ack_body" in message and "status.closed" in message
        assert check_all()["fr"]
    finally:
        module.strings.cache_clear()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_letter_in_every_language(lang: str, kind: LetterKind) -> None:
    letter = compose_letter(
        kind, language=lang, receipt=RECEIPT, identity=Identity(name="Ana Ruiz", address="1 Main St"),
        received_on=date(2012, 3, 1), today=date(2012, 3, 5), referral=ReferralTarget.DOJ, identity_shared=True,
        closure=ClosureOutcome.INVESTIGATED,
    )  # fmt: skip
    words = strings(lang)
    assert RECEIPT in letter.body and "Ana Ruiz" in letter.body
    assert letter.subject in letter.body
    assert "1-866-644-8360" in letter.body  # CRCL's toll-free number, as printed
    assert words.text("letter.synthetic") in letter.body
    assert words.date(date(2012, 3, 5)) in letter.body
    body_key = {
        "acknowledgment": "letter.ack_subject",
        "referral": "letter.referral_doj",
        "closure": "letter.closure_investigated",
    }
    assert words.text(body_key[kind.value]) in letter.body
    assert "<" not in letter.body and "&" not in letter.body  # plain text, never markup


def test_numbers_keep_left_to_right_order_inside_arabic() -> None:
    letter = compose_letter(LetterKind.ACKNOWLEDGMENT, language="ar", receipt=RECEIPT, identity=Identity(),
                            received_on=date(2012, 3, 1), today=date(2012, 3, 5))  # fmt: skip
    assert f"\u2066{RECEIPT}\u2069" in letter.body
    assert "\u20661-866-644-8360\u2069" in letter.body
    assert strings("ar").text("letter.greeting_anonymous") in letter.body


@pytest.mark.parametrize("target", list(ReferralTarget))
@pytest.mark.parametrize("shared", [True, False])
def test_referral_letters_say_where_it_went_and_whether_identity_went_with_it(
    target: ReferralTarget, shared: bool
) -> None:
    letter = compose_letter(LetterKind.REFERRAL, language="es", receipt=RECEIPT, identity=Identity(),
                            received_on=date(2012, 3, 1), today=date(2012, 3, 5), referral=target,
                            identity_shared=shared)  # fmt: skip
    words = strings("es")
    assert words.text(f"letter.referral_{target.value}") in letter.body
    assert words.text("letter.identity_shared" if shared else "letter.identity_withheld") in letter.body


@pytest.mark.parametrize("outcome", list(ClosureOutcome))
def test_closure_letters_have_a_sentence_for_every_outcome(outcome: ClosureOutcome) -> None:
    letter = compose_letter(LetterKind.CLOSURE, language="tl", receipt=RECEIPT, identity=Identity(),
                            received_on=date(2012, 3, 1), today=date(2012, 3, 5), closure=outcome)  # fmt: skip
    assert strings("tl").text(f"letter.closure_{outcome.value}") in letter.body


def test_dates_are_written_the_languages_way() -> None:
    day = date(2012, 3, 5)
    assert strings("en").date(day) == "March 5, 2012"
    assert strings("zh").date(day) == "2012年3月5日"
    assert strings("fr").date(day) == "5 mars 2012"
    assert strings("vi").date(day) == "ngày 5 tháng 3 năm 2012"
