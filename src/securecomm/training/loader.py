"""Load the briefing series from its content directory, checking every file (format: docs/training.md).

```
content/
  sources.yaml                      the public sources materials cite, by id
  <module-id>/
    module.yaml                     title, topic, version, order, program status, summary, as_of
    knowledge-check.yaml            pass mark and multiple-choice questions
    front-line/<kind>.md            five materials: briefing, video-script, fact-sheet,
    commander/<kind>.md               discussion-guide, job-aid (YAML front matter + Markdown)
```

A missing material, an unexpected file, an unknown key or an unknown source is an error naming the
file: a gap found at load time is one a reader never meets on a page.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from securecomm.training.errors import TrainingContentError
from securecomm.training.files import nested, parse_yaml_mapping, split_front_matter
from securecomm.training.knowledge_check import parse_knowledge_check
from securecomm.training.model import (
    Audience,
    Material,
    MaterialKind,
    Module,
    ProgramStatus,
    Source,
    SourceKind,
)
from securecomm.training.structure import read_structure

__all__ = ["MODULE_ID", "load_modules", "load_sources"]

MODULE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SOURCE_ID = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")
HREF = re.compile(r"https?://[^\s<>\"']+")
# Path segments the web pages use under /training/ beside module ids.
RESERVED_IDS = frozenset({"static", "progress", "agencies", "check", "api"})
SOURCES_FILE = "sources.yaml"
MODULE_FILE = "module.yaml"
CHECK_FILE = "knowledge-check.yaml"
MODULE_KEYS = {
    "title": True,
    "topic": True,
    "version": False,
    "order": True,
    "program_status": True,
    "summary": True,
    "as_of": True,
}
MATERIAL_KEYS = {"title": True, "summary": True, "sources": True, "reviewed_on": True}
SOURCE_KEYS = {"title": True, "publisher": True, "href": True, "kind": True, "issued_on": False}


def _read(path: Path, shown: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise TrainingContentError(f"not UTF-8 text ({error.reason})", file=shown) from None


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def load_sources(root: Path) -> dict[str, Source]:
    """The sources registry: id -> Source, every entry checked."""
    path = root / SOURCES_FILE
    shown = _shown(path, root)
    if not path.is_file():
        raise TrainingContentError("missing: the content root needs a sources.yaml", file=shown)
    fields = parse_yaml_mapping(_read(path, shown), file=shown)
    sources: dict[str, Source] = {}
    for source_id, value in fields.values.items():
        if not SOURCE_ID.fullmatch(str(source_id)):
            raise fields.fail("a source id is lower case letters, digits and - _ .", str(source_id))
        entry = nested(fields, str(source_id), value, what=f"source {source_id!r}")
        entry.check_keys(SOURCE_KEYS, "a source")
        href = entry.text("href")
        if not HREF.fullmatch(href):
            raise entry.fail(f"{href!r} is not an http(s) address", "href")
        try:
            kind = SourceKind(entry.text("kind"))
        except ValueError:
            known = ", ".join(k.value for k in SourceKind)
            raise entry.fail(f"unknown kind (use one of: {known})", "kind") from None
        sources[str(source_id)] = Source(
            id=str(source_id),
            title=entry.text("title"),
            publisher=entry.text("publisher"),
            href=href,
            kind=kind,
            issued_on=entry.iso_date("issued_on") if "issued_on" in entry.values else None,
        )
    if not sources:
        raise TrainingContentError("sources.yaml lists no sources", file=shown, line=1)
    return sources


def _expect_entries(directory: Path, expected: set[str], root: Path) -> None:
    """Every expected entry is there, and nothing else is (a typo'd file name is not silently ignored)."""
    present = {p.name for p in directory.iterdir() if not p.name.startswith((".", "__"))}
    for name in sorted(expected - present):
        raise TrainingContentError(
            "missing: every module needs this file", file=_shown(directory / name, root)
        )
    for name in sorted(present - expected):
        allowed = ", ".join(sorted(expected))
        raise TrainingContentError(
            f"unexpected file (a module folder holds: {allowed})", file=_shown(directory / name, root)
        )


def _material(
    path: Path,
    root: Path,
    *,
    module_id: str,
    audience: Audience,
    kind: MaterialKind,
    sources: dict[str, Source],
) -> Material:
    shown = _shown(path, root)
    fields, body, body_line = split_front_matter(_read(path, shown), file=shown)
    fields.check_keys(MATERIAL_KEYS, "the front matter")
    cited = fields.text_list("sources", pattern=SOURCE_ID)
    for source_id in cited:
        if source_id not in sources:
            raise fields.fail(
                f"unknown source {source_id!r}; add it to {SOURCES_FILE} or fix the id", "sources"
            )
    if not body.strip():
        raise TrainingContentError(
            "the material has no text after its front matter", file=shown, line=body_line
        )
    structure = read_structure(body, audience=audience, kind=kind, file=shown, body_line=body_line)
    return Material(
        module_id=module_id,
        audience=audience,
        kind=kind,
        title=fields.text("title"),
        summary=fields.text("summary"),
        reviewed_on=fields.iso_date("reviewed_on"),
        sources=tuple(sources[s] for s in cited),
        markdown=body,
        file=shown,
        scenes=structure.scenes,
        questions=structure.questions,
        checklist_items=structure.checklist_items,
    )


def _digest(directory: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and "__" not in p.name):
        sha.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


def _module(directory: Path, root: Path, sources: dict[str, Source]) -> Module:
    module_id = directory.name
    if not MODULE_ID.fullmatch(module_id):
        raise TrainingContentError(
            "a module folder is named with lower case letters, digits and single hyphens",
            file=_shown(directory, root),
        )
    if module_id in RESERVED_IDS:
        raise TrainingContentError(
            f"{module_id!r} is reserved for the training pages' own addresses; rename the folder",
            file=_shown(directory, root),
        )
    _expect_entries(directory, {MODULE_FILE, CHECK_FILE, *(a.value for a in Audience)}, root)
    meta_path = directory / MODULE_FILE
    meta = parse_yaml_mapping(_read(meta_path, _shown(meta_path, root)), file=_shown(meta_path, root))
    meta.check_keys(MODULE_KEYS, MODULE_FILE)
    try:
        status = ProgramStatus(meta.text("program_status"))
    except ValueError:
        raise meta.fail("use 'released' or 'announced'", "program_status") from None
    materials: list[Material] = []
    for audience in Audience:
        folder = directory / audience.value
        if not folder.is_dir():
            raise TrainingContentError("must be a folder of materials", file=_shown(folder, root))
        _expect_entries(folder, {f"{kind.value}.md" for kind in MaterialKind}, root)
        for kind in MaterialKind:
            materials.append(
                _material(
                    folder / f"{kind.value}.md",
                    root,
                    module_id=module_id,
                    audience=audience,
                    kind=kind,
                    sources=sources,
                )
            )
    check_path = directory / CHECK_FILE
    shown_check = _shown(check_path, root)
    check = parse_knowledge_check(_read(check_path, shown_check), module_id=module_id, file=shown_check)
    return Module(
        id=module_id,
        title=meta.text("title"),
        topic=meta.text("topic"),
        version=meta.optional_text("version"),
        order=meta.integer("order", low=1, high=999),
        program_status=status,
        summary=meta.text("summary"),
        as_of=meta.iso_date("as_of"),
        materials=tuple(materials),
        knowledge_check=check,
        digest=_digest(directory),
    )


def load_modules(root: Path) -> tuple[Module, ...]:
    """Every module under `root`, in series order; raises TrainingContentError on the first bad file."""
    if not root.is_dir():
        raise TrainingContentError("the training content folder does not exist", file=root.as_posix())
    sources = load_sources(root)
    modules = [
        _module(p, root, sources)
        for p in sorted(root.iterdir())
        if p.is_dir() and not p.name.startswith((".", "__"))
    ]
    if not modules:
        raise TrainingContentError("no module folders", file=root.as_posix())
    orders: dict[int, str] = {}
    for module in modules:
        if module.order in orders:
            raise TrainingContentError(
                f"order {module.order} is also used by module {orders[module.order]!r}; give each module its own",
                file=f"{module.id}/{MODULE_FILE}",
                key="order",
            )
        orders[module.order] = module.id
    for path in root.iterdir():
        if path.is_file() and path.name != SOURCES_FILE and not path.name.startswith((".", "__")):
            raise TrainingContentError(
                "unexpected file at the content root (it holds sources.yaml and module folders)",
                file=path.name,
            )
    return tuple(sorted(modules, key=lambda m: m.order))
