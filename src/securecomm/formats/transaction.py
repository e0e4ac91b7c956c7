"""A transaction: the Type-1 record and the records its CNT (1.003) lists, in order.

`Transaction` is the logical content. Where each record and field sat in the file it was read from
(`Layout`) and the warnings the reader raised ride along but take no part in equality, so a transaction
read back from bytes it was written to compares equal to the original.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from securecomm.formats.records import Record, TaggedRecord, Type1Record, tagged_record
from securecomm.formats.tagged import Field

__all__ = ["Layout", "Transaction", "make_transaction"]


@dataclass(frozen=True, slots=True)
class Layout:
    """Byte offsets of records and fields in the file a transaction was read from (for error messages)."""

    record_offsets: tuple[int, ...] = ()
    field_offsets: Mapping[tuple[int, int], int] = field(default_factory=lambda: MappingProxyType({}))

    def record(self, index: int) -> int | None:
        return self.record_offsets[index] if 0 <= index < len(self.record_offsets) else None

    def field(self, index: int, number: int) -> int | None:
        return self.field_offsets.get((index, number), self.record(index))


@dataclass(frozen=True, slots=True)
class Transaction:
    """An ANSI/NIST-ITL transaction. `records[0]` is the Type-1 record."""

    records: tuple[Record, ...]
    warnings: tuple[str, ...] = field(default=(), compare=False)
    source: str = field(default="", compare=False)
    layout: Layout | None = field(default=None, compare=False, repr=False)

    @property
    def type1(self) -> Type1Record:
        first = self.records[0] if self.records else None
        if not isinstance(first, Type1Record):
            raise ValueError("a transaction's first record must be its Type-1 record")
        return first

    @property
    def version(self) -> str | None:
        return self.type1.version

    @property
    def tot(self) -> str | None:
        return self.type1.tot

    def indexed(self, record_type: int) -> list[tuple[int, Record]]:
        """(index, record) for every record of `record_type`, in file order."""
        return [(i, r) for i, r in enumerate(self.records) if r.record_type == record_type]

    def of_type(self, record_type: int) -> list[Record]:
        return [r for r in self.records if r.record_type == record_type]


def _idc_text(record: Record) -> str:
    if isinstance(record, TaggedRecord):
        text = record.text(2)
        if text is not None:
            return text
    idc = record.idc
    return f"{idc:02d}" if idc is not None else "00"


def content_field(records: Sequence[Record]) -> Field:
    """The CNT (1.003) field listing `records` (the records after Type-1) with their IDCs."""
    return Field.repeated(
        3, [("1", str(len(records))), *[(str(r.record_type), _idc_text(r)) for r in records]]
    )


def make_transaction(type1_fields: Sequence[Field], records: Sequence[Record]) -> Transaction:
    """A transaction from the Type-1 fields (CNT is computed, any given CNT is replaced) and the records.

    Type-1 fields are kept in numeric order so that the written file reads in tag order.
    """
    fields = {f.number: f for f in type1_fields if f.number not in (1, 3)}
    fields[3] = content_field(records)
    type1 = tagged_record(1, tuple(fields[n] for n in sorted(fields)))
    return Transaction(records=(type1, *records))
