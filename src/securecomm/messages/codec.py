"""A strict JSON codec for frozen dataclasses: what is not declared is refused.

Messages cross process and storage boundaries as JSON. Decoding checks every field against the
dataclass's annotations (str, int, float, bool, date, datetime, StrEnum, tuples, optional values,
nested dataclasses and string-keyed mappings); an unknown or missing field, or a value of the wrong
type, raises `MessageSchemaError` naming the path of the field.

>>> from dataclasses import dataclass
>>> @dataclass(frozen=True, slots=True)
... class Point:
...     x: int
...     label: str | None = None
>>> decode(Point, encode(Point(3)))
Point(x=3, label=None)
>>> decode(Point, {"x": 3, "y": 4})
Traceback (most recent call last):
...
securecomm.messages.codec.MessageSchemaError: Point.y: unknown field (known: label, x)
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from securecomm.errors import BadInput

__all__ = ["MessageSchemaError", "decode", "encode"]

T = TypeVar("T")


class MessageSchemaError(BadInput):
    """A message or stored record does not match its declared schema."""


def encode(value: Any) -> Any:
    """Turn a dataclass (or a value inside one) into JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise MessageSchemaError(f"naive datetime {value.isoformat()} cannot be encoded; attach a zone")
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def decode(cls: type[T], data: Any, *, path: str | None = None) -> T:
    """Build a `cls` dataclass from JSON data, refusing anything undeclared."""
    return typing.cast(T, _decode(cls, data, path or cls.__name__))


def _decode(tp: Any, data: Any, path: str) -> Any:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = get_args(tp)
        if data is None:
            if type(None) in options:
                return None
            raise MessageSchemaError(f"{path}: null is not allowed")
        errors = []
        for option in options:
            if option is type(None):
                continue
            try:
                return _decode(option, data, path)
            except MessageSchemaError as error:
                errors.append(str(error))
        raise MessageSchemaError(
            errors[0] if len(errors) == 1 else f"{path}: no variant fits ({'; '.join(errors)})"
        )
    if origin is tuple:
        args = get_args(tp)
        if not isinstance(data, list):
            raise MessageSchemaError(f"{path}: expected a list, got {type(data).__name__}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item, f"{path}[{i}]") for i, item in enumerate(data))
        if len(args) != len(data):
            raise MessageSchemaError(f"{path}: expected {len(args)} items, got {len(data)}")
        return tuple(
            _decode(a, item, f"{path}[{i}]") for i, (a, item) in enumerate(zip(args, data, strict=True))
        )
    if origin in (dict, Mapping) or tp in (dict, Mapping):
        args = get_args(tp) or (str, Any)
        if not isinstance(data, dict):
            raise MessageSchemaError(f"{path}: expected an object, got {type(data).__name__}")
        return {str(k): _decode(args[1], v, f"{path}.{k}") for k, v in data.items()}
    if tp is Any:
        return data
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _decode_dataclass(tp, data, path)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(data)
        except ValueError:
            allowed = ", ".join(str(m.value) for m in tp)
            raise MessageSchemaError(f"{path}: {data!r} is not one of {allowed}") from None
    if tp is datetime:
        return _decode_datetime(data, path)
    if tp is date:
        if not isinstance(data, str):
            raise MessageSchemaError(f"{path}: expected a date string, got {type(data).__name__}")
        try:
            return date.fromisoformat(data)
        except ValueError:
            raise MessageSchemaError(f"{path}: {data!r} is not a YYYY-MM-DD date") from None
    if tp is float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise MessageSchemaError(f"{path}: expected a number, got {type(data).__name__}")
        return float(data)
    if tp in (str, int, bool):
        if not isinstance(data, tp) or (tp is int and isinstance(data, bool)):
            raise MessageSchemaError(f"{path}: expected {tp.__name__}, got {type(data).__name__}")
        return data
    raise TypeError(f"{path}: the codec does not support the type {tp!r}")


def _decode_datetime(data: Any, path: str) -> datetime:
    if not isinstance(data, str):
        raise MessageSchemaError(f"{path}: expected a date-time string, got {type(data).__name__}")
    try:
        value = datetime.fromisoformat(data)
    except ValueError:
        raise MessageSchemaError(f"{path}: {data!r} is not an ISO 8601 date-time") from None
    if value.tzinfo is None:
        raise MessageSchemaError(f"{path}: {data!r} has no time-zone offset")
    return value


def _decode_dataclass(cls: type, data: Any, path: str) -> Any:
    if not isinstance(data, dict):
        raise MessageSchemaError(f"{path}: expected an object, got {type(data).__name__}")
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise MessageSchemaError(f"{path}.{unknown[0]}: unknown field (known: {', '.join(sorted(fields))})")
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for name, field in fields.items():
        if name not in data:
            has_default = (
                field.default is not dataclasses.MISSING or field.default_factory is not dataclasses.MISSING
            )
            if not has_default:
                raise MessageSchemaError(f"{path}.{name}: required field is missing")
            continue
        kwargs[name] = _decode(hints[name], data[name], f"{path}.{name}")
    try:
        return cls(**kwargs)
    except (ValueError, TypeError) as error:  # a dataclass's own __post_init__ validation
        raise MessageSchemaError(f"{path}: {error}") from None
