"""What goes wrong with a file: a `Problem` (what, where) and the errors that carry them.

A reader stops at the first problem that makes the rest of the bytes meaningless (a bad LEN, a missing
separator) and collects every other problem (a bad date, a missing information item) before it raises,
so one run tells the sender everything that must be fixed. Every problem names its place the way a
person fixing the file needs it: record index and type, field tag, byte offset.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from securecomm.errors import BadInput

__all__ = ["MinutiaRecordError", "Problem", "TransactionError"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a transaction, and where it is.

    `record_index` counts records from 0 (the Type-1 record); `tag` is the field tag as written in the
    file ("14.013"); `offset` is the byte offset of the field (or record) in the file, when the
    transaction was read from bytes.
    """

    message: str
    record_index: int | None = None
    record_type: int | None = None
    tag: str | None = None
    offset: int | None = None

    @property
    def where(self) -> str:
        """The place, as a person reads it: "record 2 (Type-14), field 14.005, byte 312"."""
        parts: list[str] = []
        if self.record_index is not None:
            kind = f" (Type-{self.record_type})" if self.record_type is not None else ""
            parts.append(f"record {self.record_index}{kind}")
        if self.tag is not None:
            parts.append(f"field {self.tag}")
        if self.offset is not None:
            parts.append(f"byte {self.offset}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class TransactionError(BadInput):
    """An ANSI/NIST-ITL transaction is malformed, or breaks a rule of the standard or of an EBTS profile.

    `problems` lists everything found; the message names the first one in full and counts the rest, so
    the command line can print it as one line.
    """

    def __init__(self, problems: Sequence[Problem], *, source: str) -> None:
        if not problems:
            raise ValueError("TransactionError needs at least one problem")
        self.problems = tuple(problems)
        self.source = source
        first = str(self.problems[0])
        rest = len(self.problems) - 1
        if rest:
            others = "; ".join(str(p) for p in self.problems[1:4])
            more = f" (and {rest - 3} more)" if rest > 3 else ""
            message = f"{first} [also: {others}{more}]"
        else:
            message = first
        super().__init__(message, where=source or None)


class MinutiaRecordError(BadInput):
    """An ISO/IEC 19794-2 finger minutiae record is malformed (magic, version, lengths, counts, values)."""

    def __init__(self, message: str, *, source: str, offset: int | None = None) -> None:
        self.offset = offset
        where = f"{source}, byte {offset}" if offset is not None else source
        super().__init__(message, where=where or None)
