"""The public "your rights" text in the notice languages, from one reviewable YAML file per language.

Phone numbers live once, in `content/rights/facts.yaml`, and are put into each language's text at
render time: as `<bdi dir="ltr">` links on pages and between Unicode isolates in the API, so they stay
in Western digits, left to right, inside Arabic. Every language must have every key English has; the
catalog refuses to load otherwise, naming the file and the missing keys.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup, escape

from securecomm.errors import BadInput

__all__ = ["LANGUAGES", "SECTIONS", "RightsCatalog", "RightsContentError", "RightsPage", "UnknownLanguage"]

CONTENT_DIR = Path(__file__).with_name("content") / "rights"
LANGUAGES = ("en", "es", "fr", "pt", "zh", "vi", "ar", "ht", "tl")  # ISO 639-1, the notice languages
SECTIONS = ("detainer", "hold", "copy", "citizen", "consular", "help", "complaint")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_LRI, _PDI = "\u2066", "\u2069"  # left-to-right isolate: numbers keep their order inside right-to-left text


class RightsContentError(BadInput):
    """A rights file is missing, malformed, lacks keys, or names an unknown contact."""


class UnknownLanguage(BadInput):
    """A language the rights page has no text for (the message lists those it has)."""


@dataclass(frozen=True, slots=True)
class Contact:
    key: str
    text: str
    tel: str


@dataclass(frozen=True, slots=True)
class RightsPage:
    lang: str
    dir: str
    language_name: str
    title: str
    lede: str
    sections: tuple[tuple[str, Markup], ...]  # (heading, paragraph with its numbers marked up)
    plain_sections: tuple[tuple[str, str], ...]  # the same, as text with isolated numbers (API)
    translation_note: str
    sources_heading: str
    statistics_link: str  # the words of the link to /statistics (a page in English)


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RightsContentError(f"cannot read: {error}", where=str(path)) from None
    if not isinstance(data, dict):
        raise RightsContentError("expected a mapping of keys to text", where=str(path))
    return data


class RightsCatalog:
    """All languages, checked on load."""

    def __init__(self, directory: Path = CONTENT_DIR) -> None:
        facts = _load_yaml(directory / "facts.yaml")
        self.contacts = {
            key: Contact(key, str(value["text"]), str(value["tel"]))
            for key, value in facts["contacts"].items()
        }
        self.references: tuple[Mapping[str, str], ...] = tuple(facts["references"])
        self._texts: dict[str, dict[str, str]] = {}
        english: dict[str, str] | None = None
        for lang in LANGUAGES:
            path = directory / f"{lang}.yaml"
            text = {str(k): str(v) for k, v in _load_yaml(path).items()}
            if english is None:
                required = {"language_name", "dir", "title", "lede", "translation_note", "sources_heading"}
                required.add("statistics_link")
                required |= {f"{s}_{part}" for s in SECTIONS for part in ("heading", "text")}
                if absent := sorted(required - set(text)):
                    raise RightsContentError(f"keys missing {absent}", where=str(path))
                english = text
            missing = sorted(set(english) - set(text))
            extra = sorted(set(text) - set(english))
            if missing or extra:
                raise RightsContentError(
                    f"keys missing {missing}, keys not in en.yaml {extra}", where=str(path)
                )
            if text["dir"] not in ("ltr", "rtl"):
                raise RightsContentError(f"dir must be ltr or rtl, got {text['dir']!r}", where=f"{path}: dir")
            for key, value in text.items():
                for name in _PLACEHOLDER.findall(value):
                    if name not in self.contacts:
                        raise RightsContentError(f"unknown contact {{{name}}}", where=f"{path}: {key}")
            self._texts[lang] = text

    @property
    def languages(self) -> tuple[tuple[str, str, str], ...]:
        """(code, name in that language, direction) for each language, in the notice order."""
        return tuple(
            (lang, self._texts[lang]["language_name"], self._texts[lang]["dir"]) for lang in LANGUAGES
        )

    def _marked(self, value: str) -> Markup:
        out = Markup("")
        position = 0
        for match in _PLACEHOLDER.finditer(value):
            contact = self.contacts[match.group(1)]
            out += escape(value[position : match.start()])
            out += Markup('<a href="tel:{}"><bdi dir="ltr" class="phone">{}</bdi></a>').format(
                contact.tel, contact.text
            )
            position = match.end()
        return out + escape(value[position:])

    def _plain(self, value: str) -> str:
        return _PLACEHOLDER.sub(lambda m: f"{_LRI}{self.contacts[m.group(1)].text}{_PDI}", value)

    def page(self, lang: str) -> RightsPage:
        text = self._texts.get(lang)
        if text is None:
            raise UnknownLanguage(
                f"no rights text in {lang!r}; languages: {', '.join(LANGUAGES)}", where="lang"
            )
        return RightsPage(
            lang=lang,
            dir=text["dir"],
            language_name=text["language_name"],
            title=text["title"],
            lede=text["lede"],
            sections=tuple((text[f"{s}_heading"], self._marked(text[f"{s}_text"])) for s in SECTIONS),
            plain_sections=tuple((text[f"{s}_heading"], self._plain(text[f"{s}_text"])) for s in SECTIONS),
            translation_note=text["translation_note"],
            sources_heading=text["sources_heading"],
            statistics_link=text["statistics_link"],
        )
