"""The interface between the public training pages and the briefing content (`securecomm.training`).

The briefings are written in their own package. The web layer needs only this from it:

    securecomm.training.list_modules() -> Sequence[BriefingModule]

where each module has `id` (lower-case letters, digits and hyphens; unique, used in URLs), `title` and
`summary` (plain text; never rendered as markup), and may have `full_title` (the title with its version,
shown when present). Any other attributes are the package's own business. `create_app(...,
briefings=...)` takes any zero-argument callable with that result, which is how tests supply a module of
their own; by default the app imports `securecomm.training` when a page asks and shows "not published
yet" while that package is absent.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from securecomm.errors import SecurecommError

__all__ = [
    "Briefing",
    "BriefingInterfaceError",
    "BriefingModule",
    "BriefingSource",
    "installed_briefings",
    "load_briefings",
]

_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")


class BriefingModule(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def summary(self) -> str: ...


# None means "the training package is not installed"; an empty sequence means "installed, nothing yet".
BriefingSource = Callable[[], Sequence[BriefingModule] | None]


class BriefingInterfaceError(SecurecommError):
    """`securecomm.training.modules()` returned something that does not meet the documented interface."""


@dataclass(frozen=True, slots=True)
class Briefing:
    id: str
    title: str
    summary: str


def installed_briefings() -> Sequence[BriefingModule] | None:
    """The modules of `securecomm.training`, or None when that package is not there."""
    try:
        package = importlib.import_module("securecomm.training")
    except ModuleNotFoundError as missing:
        if missing.name == "securecomm.training":
            return None
        raise
    modules = getattr(package, "list_modules", None)
    if not callable(modules):
        raise BriefingInterfaceError(
            "securecomm.training has no list_modules() function (see web/briefings.py)"
        )
    result: Sequence[BriefingModule] = modules()
    return result


def load_briefings(source: BriefingSource) -> tuple[Briefing, ...] | None:
    """Check what the source returns against the interface and copy it into plain values.

    A source that fails with one of securecomm's own errors (content that does not load) is reported as
    a BriefingInterfaceError carrying its message, which the pages show as "temporarily unavailable".
    """
    try:
        modules = source()
    except BriefingInterfaceError:
        raise
    except SecurecommError as error:
        raise BriefingInterfaceError(f"the training briefings could not be loaded: {error}") from error
    if modules is None:
        return None
    seen: set[str] = set()
    out: list[Briefing] = []
    for index, module in enumerate(modules):
        values = {}
        for attribute in ("id", "title", "summary"):
            value = getattr(module, attribute, None)
            if not isinstance(value, str) or (attribute != "summary" and not value.strip()):
                raise BriefingInterfaceError(
                    f"training module #{index}: {attribute} must be a non-empty string, got {value!r}"
                )
            values[attribute] = value.strip()
        full_title = getattr(module, "full_title", None)
        if isinstance(full_title, str) and full_title.strip():
            values["title"] = full_title.strip()
        if not _ID.fullmatch(values["id"]):
            raise BriefingInterfaceError(
                f"training module #{index}: id {values['id']!r} must be lower-case letters, digits and hyphens"
            )
        if values["id"] in seen:
            raise BriefingInterfaceError(f"training module #{index}: id {values['id']!r} is used twice")
        seen.add(values["id"])
        out.append(Briefing(**values))
    return tuple(out)
