"""Form letters to the complainant, in the complainant's language: acknowledgment, referral, closure.

Letters are plain text assembled from the language file's sentences (`letter.*` keys) and CRCL's contact
block (`data/contacts.yaml`); nothing in them is markup. Telephone numbers are wrapped in Unicode
left-to-right isolates so they keep their order inside Arabic text. The CRCL-DOJ-JIC routing is named in the
referral letter; the closure letter says why the complaint was closed in one of a fixed set of sentences
(the analyst's own reason stays in the file, in English, and is not sent). Every letter says it comes from a
training system with synthetic data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

from securecomm.complaints.model import ClosureOutcome, Identity, LetterKind, ReferralTarget
from securecomm.complaints.translations import Strings, strings

__all__ = ["ComposedLetter", "compose_letter", "contacts", "delivery_for"]

_LRI, _PDI = "\u2066", "\u2069"
_PHONES = ("phone", "toll_free", "tty", "toll_free_tty", "fax")


@dataclass(frozen=True, slots=True)
class ComposedLetter:
    kind: LetterKind
    language: str
    subject: str
    body: str


@cache
def contacts() -> dict[str, Any]:
    """CRCL's address, numbers and e-mail as printed on the program's pages."""
    text = (
        resources.files("securecomm.complaints").joinpath("data").joinpath("contacts.yaml").read_text("utf-8")
    )
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def delivery_for(identity: Identity) -> str:
    """How the letter reaches the complainant: e-mail if given, else mail, else not at all (anonymous)."""
    if identity.email:
        return "email"
    if identity.address:
        return "mail"
    return "none"


def _isolated(text: str) -> str:
    return f"{_LRI}{text}{_PDI}"


def _contact_block(words: Strings) -> list[str]:
    facts = contacts()
    lines = [words.text("contact.heading")]
    lines += [f"{words.text(f'contact.{key}')}: {_isolated(facts['phones'][key])}" for key in _PHONES]
    lines.append(f"{words.text('contact.email')}: {_isolated(facts['email'])}")
    lines.append(f"{words.text('contact.mail')}: " + ", ".join(_isolated(p) for p in facts["address"]))
    return lines


def _body(
    kind: LetterKind,
    words: Strings,
    *,
    received_on: date,
    referral: ReferralTarget | None,
    identity_shared: bool | None,
    closure: ClosureOutcome | None,
) -> tuple[str, list[str]]:
    if kind is LetterKind.ACKNOWLEDGMENT:
        return words.text("letter.ack_subject"), [
            words.text("letter.ack_body", received_on=words.date(received_on))
        ]
    if kind is LetterKind.REFERRAL:
        if referral is None or identity_shared is None:
            raise ValueError("a referral letter needs the referral target and whether identity was shared")
        shared = "letter.identity_shared" if identity_shared else "letter.identity_withheld"
        return words.text("letter.referral_subject"), [
            words.text(f"letter.referral_{referral.value}"),
            words.text(shared),
        ]
    if closure is None:
        raise ValueError("a closure letter needs the closure outcome")
    return words.text("letter.closure_subject"), [words.text(f"letter.closure_{closure.value}")]


def compose_letter(
    kind: LetterKind,
    *,
    language: str,
    receipt: str,
    identity: Identity,
    received_on: date,
    today: date,
    referral: ReferralTarget | None = None,
    identity_shared: bool | None = None,
    closure: ClosureOutcome | None = None,
) -> ComposedLetter:
    """The letter of `kind` in `language`, addressed by name when the complainant gave one."""
    words = strings(language)
    facts = contacts()
    subject, paragraphs = _body(
        kind,
        words,
        received_on=received_on,
        referral=referral,
        identity_shared=identity_shared,
        closure=closure,
    )
    greeting = (
        words.text("letter.greeting_named", name=identity.name)
        if identity.name
        else words.text("letter.greeting_anonymous")
    )
    parts = [
        "\n".join([facts["department"], facts["office"], *facts["address"]]),
        "\n".join(
            [
                words.text("letter.date", date=words.date(today)),
                words.text("letter.reference", receipt=_isolated(receipt)),
            ]
        ),
        subject,
        greeting,
        *paragraphs,
        words.text("letter.retaliation"),
        "\n".join(_contact_block(words)),
        "\n".join([words.text("letter.signoff"), words.text("letter.signature")]),
        words.text("letter.synthetic"),
    ]
    return ComposedLetter(kind=kind, language=language, subject=subject, body="\n\n".join(parts) + "\n")
