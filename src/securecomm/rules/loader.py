"""The strict loader of rule parameter files (schema: docs/rules/parameter-schema.md).

OpenFisca users asked for "an actionable error message" when a typo slipped into a rule file
(openfisca-core#755); so every key is checked, nothing unknown is ignored, duplicate keys are
refused, and each error names the file, the line and the key. Line numbers come from PyYAML's node
marks, which is why files are composed to nodes first and only then turned into Python values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from securecomm.rules.errors import RuleFileError
from securecomm.rules.model import Confidence, DatedValue, Parameter, Reference, ReferenceKind

__all__ = ["load_parameter_file", "parameter_name", "parse_parameter_text"]

PARAMETER_KEYS = {
    "description": True,  # key -> required
    "label": False,
    "unit": True,
    "calendar": False,
    "confidence": True,
    "values": True,
    "references": True,
    "last_verified_on": True,
    "notes": False,
}
VALUE_KEYS = {"value": True, "references": False, "confidence": False, "note": False}
REFERENCE_KEYS = {
    "title": True,
    "href": True,
    "kind": True,
    "quote": False,
    "issued_on": False,
    "note": False,
}
# libyaml's parser keeps the node marks (line numbers) and is ten times faster than the pure-Python one.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
UNIT = re.compile(r"^[a-z0-9_/%-]+$")


def parameter_name(path: Path, root: Path) -> str:
    """The dotted name of a parameter file: its path under the parameters root, without `.yaml`.

    >>> parameter_name(Path("/p/dhs/ice/detainer/hold_terms.yaml"), Path("/p"))
    'dhs.ice.detainer.hold_terms'
    """
    return ".".join(path.relative_to(root).with_suffix("").parts)


def load_parameter_file(path: Path, *, root: Path, shown_as: str | None = None) -> Parameter:
    """Read and validate one parameter file; `shown_as` is the file name used in messages."""
    shown = shown_as or path.as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise RuleFileError(f"not UTF-8 text ({error.reason})", file=shown) from None
    return parse_parameter_text(text, name=parameter_name(path, root), file=shown)


def parse_parameter_text(text: str, *, name: str, file: str) -> Parameter:
    """Validate the YAML text of one parameter file and build its `Parameter`."""
    loader = _LOADER(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        raise RuleFileError(f"invalid YAML: {error.problem or error}", file=file, line=line) from None
    except yaml.YAMLError as error:
        raise RuleFileError(f"invalid YAML: {error}", file=file) from None
    finally:
        loader.dispose()
    if root is None:
        raise RuleFileError("the file is empty; see docs/rules/parameter-schema.md", file=file, line=1)
    reader = _Reader(file)
    return reader.parameter(root, name)


class _Reader:
    """Walks the node tree of one file, turning nodes into values and marks into line numbers."""

    def __init__(self, file: str) -> None:
        self.file = file
        self._constructor = yaml.SafeLoader("")

    def fail(self, message: str, node: yaml.Node | None, key: str | None = None) -> RuleFileError:
        line = node.start_mark.line + 1 if node is not None else None
        return RuleFileError(message, file=self.file, line=line, key=key)

    def mapping(
        self, node: yaml.Node, allowed: dict[str, bool], what: str
    ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """Check a mapping node's keys against `allowed` (key -> required); return key -> (key, value)."""
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(f"{what} must be a mapping, not {_kind(node)}", node)
        found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in found:
                raise self.fail(f"duplicate key in {what}", key_node, key)
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                raise self.fail(f"unknown key in {what} (allowed: {known})", key_node, key)
            found[key] = (key_node, value_node)
        for key, required in allowed.items():
            if required and key not in found:
                raise self.fail(f"missing required key in {what}", node, key)
        return found

    def text(self, node: yaml.Node, key: str) -> str:
        if (
            not isinstance(node, yaml.ScalarNode)
            or node.tag != "tag:yaml.org,2002:str"
            or not node.value.strip()
        ):
            raise self.fail("must be non-empty text", node, key)
        return str(node.value).strip()

    def iso_date(self, node: yaml.Node, key: str) -> date:
        raw = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
        if not ISO_DATE.match(raw):
            raise self.fail(f"{raw or _kind(node)!r} is not a date; write YYYY-MM-DD", node, key)
        try:
            return date.fromisoformat(raw)
        except ValueError as error:
            raise self.fail(f"{raw!r} is not a valid date ({error})", node, key) from None

    def confidence(self, node: yaml.Node, key: str) -> Confidence:
        raw = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
        try:
            return Confidence(raw)
        except ValueError:
            raise self.fail(f"{raw!r} is not a confidence tag; use V, M or U", node, key) from None

    def data(self, node: yaml.Node) -> Any:
        """Any YAML value (scalar, list, mapping), with duplicate keys refused at any depth."""
        self._refuse_duplicates(node)
        return self._constructor.construct_object(node, deep=True)

    def _refuse_duplicates(self, node: yaml.Node) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: set[Any] = set()
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
                if key in seen:
                    raise self.fail("duplicate key", key_node, str(key))
                seen.add(key)
                self._refuse_duplicates(value_node)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                self._refuse_duplicates(item)

    def references(self, node: yaml.Node, key: str, *, required: bool) -> tuple[Reference, ...]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(f"must be a list of references, not {_kind(node)}", node, key)
        if required and not node.value:
            raise self.fail("needs at least one reference (title, href, kind)", node, key)
        return tuple(self.reference(item) for item in node.value)

    def reference(self, node: yaml.Node) -> Reference:
        fields = self.mapping(node, REFERENCE_KEYS, "a reference")
        kind_node = fields["kind"][1]
        try:
            kind = ReferenceKind(str(kind_node.value))
        except ValueError:
            kinds = ", ".join(k.value for k in ReferenceKind)
            raise self.fail(
                f"{kind_node.value!r} is not a reference kind ({kinds})", kind_node, "kind"
            ) from None
        href = self.text(fields["href"][1], "href")
        if not href.startswith(("https://", "http://")):
            raise self.fail(f"{href!r} is not a web address (https://...)", fields["href"][1], "href")
        return Reference(
            title=self.text(fields["title"][1], "title"),
            href=href,
            kind=kind,
            quote=self.text(fields["quote"][1], "quote") if "quote" in fields else None,
            issued_on=self.iso_date(fields["issued_on"][1], "issued_on") if "issued_on" in fields else None,
            note=self.text(fields["note"][1], "note") if "note" in fields else None,
        )

    def dated_values(self, node: yaml.Node) -> tuple[DatedValue, ...]:
        if not isinstance(node, yaml.MappingNode) or not node.value:
            raise self.fail("must map effective dates (YYYY-MM-DD) to {value: ...}", node, "values")
        out: list[DatedValue] = []
        seen: set[date] = set()
        for key_node, value_node in node.value:
            effective_from = self.iso_date(key_node, "values")
            if effective_from in seen:
                raise self.fail("duplicate effective date", key_node, effective_from.isoformat())
            if out and effective_from < out[-1].effective_from:
                raise self.fail(
                    "effective dates must be in ascending order", key_node, effective_from.isoformat()
                )
            seen.add(effective_from)
            fields = self.mapping(value_node, VALUE_KEYS, f"the value of {effective_from.isoformat()}")
            out.append(
                DatedValue(
                    effective_from=effective_from,
                    value=self.data(fields["value"][1]),
                    references=self.references(fields["references"][1], "references", required=True)
                    if "references" in fields
                    else (),
                    confidence=self.confidence(fields["confidence"][1], "confidence")
                    if "confidence" in fields
                    else None,
                    note=self.text(fields["note"][1], "note") if "note" in fields else None,
                    line=key_node.start_mark.line + 1,
                )
            )
        return tuple(out)

    def parameter(self, node: yaml.Node, name: str) -> Parameter:
        fields = self.mapping(node, PARAMETER_KEYS, "a parameter file")
        unit_node = fields["unit"][1]
        unit = self.text(unit_node, "unit")
        if not UNIT.match(unit):
            raise self.fail(
                f"{unit!r} is not a unit (lower case, e.g. hours, days, score, codes)", unit_node, "unit"
            )
        return Parameter(
            name=name,
            description=self.text(fields["description"][1], "description"),
            label=self.text(fields["label"][1], "label") if "label" in fields else None,
            unit=unit,
            calendar=self.text(fields["calendar"][1], "calendar") if "calendar" in fields else None,
            confidence=self.confidence(fields["confidence"][1], "confidence"),
            values=self.dated_values(fields["values"][1]),
            references=self.references(fields["references"][1], "references", required=True),
            last_verified_on=self.iso_date(fields["last_verified_on"][1], "last_verified_on"),
            notes=self.text(fields["notes"][1], "notes") if "notes" in fields else None,
            file=self.file,
        )


def _kind(node: yaml.Node | None) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node is None:
        return "nothing"
    return f"the scalar {node.value!r}"


def iter_parameter_files(root: Path) -> Iterable[Path]:
    """Every `*.yaml` file under `root`, in a stable order."""
    return sorted(root.rglob("*.yaml"))
