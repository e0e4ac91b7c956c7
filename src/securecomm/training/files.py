"""Strict reading of the content files: YAML with line numbers, front matter, and the fields they hold.

Every content file is reviewed by people who are not programmers, so the loader is strict the way the
rules loader is (openfisca-core#755): unknown keys, duplicate keys, wrong types and empty text are errors
that name the file, the line and the key, and say what to write instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import yaml

from securecomm.training.errors import TrainingContentError

__all__ = ["Fields", "nested", "parse_yaml_mapping", "split_front_matter"]

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FENCE = "---"


@dataclass(frozen=True, slots=True)
class LineMap:
    """Where each part of a YAML document starts: a node's line, and its children's by key or index."""

    line: int
    children: dict[str | int, LineMap]


def _line_map(node: yaml.Node, offset: int) -> LineMap:
    children: dict[str | int, LineMap] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = _line_map(value_node, offset)
            children[str(key_node.value)] = LineMap(key_node.start_mark.line + 1 + offset, child.children)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            children[index] = _line_map(item, offset)
    return LineMap(node.start_mark.line + 1 + offset, children)


@dataclass(frozen=True, slots=True)
class Fields:
    """A checked YAML mapping: values by key, and the line each key is on (for messages)."""

    file: str
    values: dict[str, Any]
    lines: dict[str, int]
    line: int  # where the mapping starts
    context: str = ""  # e.g. "question 3", put in front of every message
    tree: LineMap | None = None

    def fail(self, message: str, key: str | None = None) -> TrainingContentError:
        line = self.lines.get(key, self.line) if key else self.line
        text = f"{self.context}: {message}" if self.context else message
        return TrainingContentError(text, file=self.file, line=line, key=key)

    def check_keys(self, allowed: dict[str, bool], what: str) -> None:
        """`allowed` maps key -> required; anything else is an error listing the allowed keys."""
        for key in self.values:
            if key not in allowed:
                raise self.fail(f"unknown key in {what} (allowed: {', '.join(sorted(allowed))})", key)
        for key, required in allowed.items():
            if required and key not in self.values:
                raise self.fail(f"missing required key in {what}", key)

    def text(self, key: str) -> str:
        value = self.values.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail("must be non-empty text", key)
        return value.strip()

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if key in self.values else None

    def iso_date(self, key: str) -> date:
        value = self.values.get(key)
        if isinstance(value, datetime) or not isinstance(value, date):
            raise self.fail(f"{value!r} is not a date; write YYYY-MM-DD", key)
        return value

    def integer(self, key: str, *, low: int, high: int) -> int:
        value = self.values.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(f"{value!r} must be a whole number from {low} to {high}", key)
        return value

    def text_list(self, key: str, *, pattern: re.Pattern[str]) -> tuple[str, ...]:
        value = self.values.get(key)
        if not isinstance(value, list) or not value:
            raise self.fail("must be a non-empty list", key)
        for item in value:
            if not isinstance(item, str) or not pattern.fullmatch(item):
                raise self.fail(f"{item!r} is not a valid entry (pattern {pattern.pattern})", key)
        if len(set(value)) != len(value):
            raise self.fail("lists the same entry twice", key)
        return tuple(value)


def _check_duplicates(node: yaml.Node, file: str) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                raise TrainingContentError(
                    "duplicate key", file=file, line=key_node.start_mark.line + 1, key=key
                )
            seen.add(key)
            _check_duplicates(value_node, file)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicates(item, file)


def parse_yaml_mapping(text: str, *, file: str, offset: int = 0, what: str = "the file") -> Fields:
    """Parse YAML text that must be one mapping; `offset` shifts line numbers (front matter)."""
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + offset if mark is not None else None
        raise TrainingContentError(f"invalid YAML: {error.problem or error}", file=file, line=line) from None
    except yaml.YAMLError as error:
        raise TrainingContentError(f"invalid YAML: {error}", file=file) from None
    finally:
        loader.dispose()
    if node is None:
        raise TrainingContentError(f"{what} is empty", file=file, line=1 + offset)
    if not isinstance(node, yaml.MappingNode):
        raise TrainingContentError(f"{what} must be a mapping of keys to values", file=file, line=1 + offset)
    _check_duplicates(node, file)
    values = yaml.SafeLoader("").construct_document(node)
    return _fields(file, dict(values), _line_map(node, offset))


def _fields(file: str, values: dict[str, Any], tree: LineMap, context: str = "") -> Fields:
    lines = {str(k): v.line for k, v in tree.children.items()}
    return Fields(file=file, values=values, lines=lines, line=tree.line, context=context, tree=tree)


def nested(fields: Fields, key: str | int, value: Any, *, what: str, parent: str | None = None) -> Fields:
    """A mapping inside `fields` at `key` (or at item `key` of the list under `parent`), with its own lines.

    Its messages start with `what` ("source 'x'", "question 3") and point at the offending line.
    """
    if not isinstance(value, dict):
        raise fields.fail(f"{what} must be a mapping", parent or str(key))
    tree = fields.tree.children.get(parent, None) if fields.tree is not None and parent else fields.tree
    child = tree.children.get(key) if tree is not None else None
    if child is None:
        child = LineMap(fields.lines.get(str(parent or key), fields.line), {})
    return _fields(fields.file, dict(value), child, context=what)


def split_front_matter(text: str, *, file: str) -> tuple[Fields, str, int]:
    """(front matter, Markdown body, line number where the body starts) of a material file."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != _FENCE:
        raise TrainingContentError(
            "a material starts with a YAML front matter block between two '---' lines", file=file, line=1
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == _FENCE:
            header = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :]).strip("\n") + "\n"
            fields = parse_yaml_mapping(header, file=file, offset=1, what="the front matter")
            return fields, body, index + 2
    raise TrainingContentError("the front matter is not closed by a '---' line", file=file, line=1)
