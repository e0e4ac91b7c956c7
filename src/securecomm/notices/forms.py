"""What each detainer form says, read from data: the form's title and edition, the hold it requests,
the labels of its boxes, and the telephone numbers printed on every notice.

The hold (hours and how they are counted) comes from the rules parameter `dhs.ice.detainer.hold_terms`,
the same table the hold clock uses; the notices package never restates it. The December 2012 criteria and
the probable-cause boxes take their wording from the rules parameters too.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

from securecomm.notices.errors import NoticeDataError
from securecomm.rules import DetainerForm, RuleSet

__all__ = [
    "Contacts",
    "FormText",
    "HoldCounting",
    "HoldTerms",
    "box_label",
    "contacts",
    "form_text",
    "hold_terms",
]

HOLD_TERMS = "dhs.ice.detainer.hold_terms"
BOX_WORDING_PARAMETERS = {
    "dhs.ice.detainer.criteria_2012": "criteria",
    "dhs.ice.detainer.probable_cause_boxes": "boxes",
}


class HoldCounting(enum.StrEnum):
    """How a form counts its hold: business days (weekends and holidays excluded), elapsed time, no hold."""

    BUSINESS_DAYS = "business_days"
    ELAPSED = "elapsed"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class HoldTerms:
    form: DetainerForm
    hours: int | None
    counting: HoldCounting
    wording: str  # the rules parameter's account of the form's words, quoted on the English copy


@dataclass(frozen=True, slots=True)
class FormText:
    form: DetainerForm
    title: str
    edition: str
    notice_on_form: bool
    notice_languages: tuple[str, ...]
    copy_to_subject: bool
    confidence: str
    source: str


@dataclass(frozen=True, slots=True)
class Contacts:
    lesc_hotline: str
    interpreters_start: str
    interpreters_end: str
    joint_intake_center: str
    joint_intake_letters: str


def _data(name: str) -> Any:
    text = resources.files("securecomm.notices").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise NoticeDataError(f"not valid YAML: {error}", where=f"securecomm/notices/data/{name}") from None


@cache
def _forms() -> Mapping[str, Any]:
    data = _data("forms.yaml")
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("forms"), dict)
        or not isinstance(data.get("boxes"), dict)
    ):
        raise NoticeDataError(
            "expected the sections forms and boxes", where="securecomm/notices/data/forms.yaml"
        )
    missing = [f.value for f in DetainerForm if f.value not in data["forms"]]
    if missing:
        raise NoticeDataError(
            f"no entry for {', '.join(missing)}", where="securecomm/notices/data/forms.yaml"
        )
    return data


def form_text(form: DetainerForm) -> FormText:
    """The printed title and edition of `form` and whether it carried a Notice to the Detainee."""
    entry = _forms()["forms"][form.value]
    where = f"securecomm/notices/data/forms.yaml: forms.{form.value}"
    try:
        return FormText(
            form=form,
            title=str(entry["title"]),
            edition=str(entry["edition"]),
            notice_on_form=bool(entry["notice_on_form"]),
            notice_languages=tuple(str(code) for code in entry["notice_languages"]),
            copy_to_subject=bool(entry["copy_to_subject"]),
            confidence=str(entry["confidence"]),
            source=str(entry["source"]),
        )
    except (KeyError, TypeError) as error:
        raise NoticeDataError(f"missing or malformed field {error}", where=where) from None


def hold_terms(form: DetainerForm, *, on: date, ruleset: RuleSet) -> HoldTerms:
    """The hold `form` requests, from the rules table in force on `on`."""
    table = ruleset.value(HOLD_TERMS, on)
    entry = table.get(form.value) if isinstance(table, Mapping) else None
    if not isinstance(entry, Mapping):
        raise NoticeDataError(f"the rules table has no entry for {form.value}", where=HOLD_TERMS)
    counting = HoldCounting(entry["counting"])
    hours = entry.get("hold_hours")
    if (hours is None) != (counting is HoldCounting.NONE):
        raise NoticeDataError(f"{form.value}: hold_hours and counting disagree", where=HOLD_TERMS)
    return HoldTerms(
        form, None if hours is None else int(hours), counting, " ".join(str(entry["text"]).split())
    )


def box_label(box: str, *, ruleset: RuleSet) -> str:
    """The English wording of a box id; a box no table knows is printed as recorded (never dropped)."""
    labels: dict[str, str] = {}
    for name, key in BOX_WORDING_PARAMETERS.items():
        for dated in ruleset.parameter(name).values:
            if isinstance(dated.value, Mapping):
                labels.update({str(k): str(v) for k, v in dated.value.get(key, {}).items()})
    labels.update({str(k): str(v) for k, v in _forms()["boxes"].items()})
    return labels.get(box, f"{box} (box id as recorded; no wording on file)")


@cache
def contacts() -> Contacts:
    """The LESC hotline and the Joint Intake Center numbers, as printed on every notice."""
    data = _data("contacts.yaml")
    try:
        hotline, jic = data["lesc_hotline"], data["joint_intake_center"]
        return Contacts(
            lesc_hotline=str(hotline["number"]),
            interpreters_start=str(hotline["interpreters"]["start"]),
            interpreters_end=str(hotline["interpreters"]["end"]),
            joint_intake_center=str(jic["number"]),
            joint_intake_letters=str(jic["letters"]),
        )
    except (KeyError, TypeError) as error:
        raise NoticeDataError(
            f"missing field {error}", where="securecomm/notices/data/contacts.yaml"
        ) from None
