"""The series as one object: find modules and materials by id, audience and kind.

The package's own content is loaded once per process (`default_catalog`); tests and authors load any
other folder with `Catalog.load(path)` and get the same checks.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from securecomm.training.errors import UnknownTrainingItem
from securecomm.training.loader import load_modules
from securecomm.training.model import Audience, Material, MaterialKind, Module

__all__ = ["Catalog", "content_root", "default_catalog", "get_material", "get_module", "list_modules"]


def content_root() -> Path:
    """The folder of the package's own briefing content."""
    return Path(str(resources.files("securecomm.training").joinpath("content")))


def parse_audience(text: str | Audience) -> Audience:
    try:
        return Audience(text)
    except ValueError:
        raise UnknownTrainingItem("audience", str(text), known=[a.value for a in Audience]) from None


def parse_kind(text: str | MaterialKind) -> MaterialKind:
    try:
        return MaterialKind(text)
    except ValueError:
        raise UnknownTrainingItem("material kind", str(text), known=[k.value for k in MaterialKind]) from None


class Catalog:
    """The modules of the series, in series order."""

    def __init__(self, modules: tuple[Module, ...]) -> None:
        self.modules = modules
        self._by_id = {m.id: m for m in modules}

    @classmethod
    def load(cls, root: Path) -> Catalog:
        return cls(load_modules(root))

    def module(self, module_id: str) -> Module:
        try:
            return self._by_id[module_id]
        except KeyError:
            raise UnknownTrainingItem("module", module_id, known=list(self._by_id)) from None

    def material(self, module_id: str, audience: str | Audience, kind: str | MaterialKind) -> Material:
        return self.module(module_id).material(parse_audience(audience), parse_kind(kind))

    def topics(self) -> list[tuple[str, list[Module]]]:
        """Modules grouped by topic, topics in the order their first module appears."""
        groups: dict[str, list[Module]] = {}
        for module in self.modules:
            groups.setdefault(module.topic, []).append(module)
        return list(groups.items())


@cache
def default_catalog() -> Catalog:
    """The package's own series, loaded and checked once per process."""
    return Catalog.load(content_root())


def list_modules() -> tuple[Module, ...]:
    """Every module of the series, in series order."""
    return default_catalog().modules


def get_module(module_id: str) -> Module:
    """One module by id; UnknownTrainingItem (lists the ids) when there is none."""
    return default_catalog().module(module_id)


def get_material(module_id: str, audience: str | Audience, kind: str | MaterialKind) -> Material:
    """One material by (module, audience, kind); UnknownTrainingItem names the part that is wrong."""
    return default_catalog().material(module_id, audience, kind)
