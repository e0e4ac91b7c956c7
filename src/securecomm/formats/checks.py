"""The rules of ANSI/NIST-ITL 1-2011 a transaction must keep, as problems with their places.

Level 1 is each field's own syntax (`fieldspecs`); level 2 is agreement between fields and records:
CNT against the records present, the declared character set against its name, per-finger subfields
against the image's friction ridge position, print position descriptors only for EJI/tip images.
`check_transaction` returns every problem it finds; `transaction_warnings` returns what a reader should
report without refusing the file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from securecomm.formats.codes import (
    CHARACTER_SETS,
    COMPRESSION_BINARY,
    KNOWN_VERSIONS,
    TYPE14_IMPRESSIONS,
    fingers_in,
)
from securecomm.formats.errors import Problem
from securecomm.formats.fieldspecs import GENERIC, SPECS, Spec
from securecomm.formats.records import Record, TaggedRecord, Type1Record, Type4Record
from securecomm.formats.tagged import tag
from securecomm.formats.transaction import Transaction

__all__ = ["Reporter", "check_fields", "check_transaction", "content_entries", "transaction_warnings"]


class Reporter:
    """Collects problems for one transaction, filling in offsets from its layout."""

    def __init__(self, transaction: Transaction) -> None:
        self.transaction = transaction
        self.layout = transaction.layout
        self.problems: list[Problem] = []

    def add(
        self, message: str, index: int, record_type: int, number: int | None = None, *, present: bool = True
    ) -> None:
        """Record a problem at field `number` of record `index` (`present=False`: the field is missing)."""
        offset = None
        if self.layout is not None:
            located = number is not None and present
            offset = self.layout.field(index, number) if located and number else self.layout.record(index)
        tag_text = tag(record_type, number) if number is not None else None
        self.problems.append(
            Problem(message, record_index=index, record_type=record_type, tag=tag_text, offset=offset)
        )


def content_entries(
    type1: Type1Record, *, offset: int | None = None
) -> tuple[list[tuple[int, int]], list[Problem]]:
    """The (record type, IDC) pairs CNT (1.003) lists, and the problems with how CNT is written."""

    def problem(message: str) -> Problem:
        return Problem(message, record_index=0, record_type=1, tag="1.003", offset=offset)

    cnt = type1.field(3)
    if cnt is None:
        return [], [problem("required field 1.003 (CNT, file content) is missing")]
    subfields = cnt.subfields
    if not subfields or len(subfields[0]) != 2 or subfields[0][0] != "1" or not subfields[0][1].isdigit():
        shown = "<US>".join(subfields[0]) if subfields else ""
        return [], [
            problem(
                f"the first subfield must be '1<US>n' (record type 1 and the count of the other records), "
                f"found {shown!r}"
            )
        ]
    count = int(subfields[0][1])
    if count != len(subfields) - 1:
        return [], [problem(f"CNT says {count} records follow Type-1 but lists {len(subfields) - 1}")]
    entries: list[tuple[int, int]] = []
    for position, items in enumerate(subfields[1:], start=1):
        shown = "<US>".join(items)
        if len(items) != 2 or not items[0].isdigit() or not items[1].isdigit():
            return [], [problem(f"entry {position} must be 'record type<US>IDC', found {shown!r}")]
        record_type, idc = int(items[0]), int(items[1])
        if not 2 <= record_type <= 99:
            return [], [
                problem(f"entry {position} names record type {record_type}; types 2-99 may follow Type-1")
            ]
        if idc > 99:
            return [], [problem(f"entry {position} has IDC {idc}; an IDC is 0-99")]
        entries.append((record_type, idc))
    return entries, []


def check_fields(record: TaggedRecord, specs: Mapping[int, Spec], index: int, out: Reporter) -> None:
    """Level-1 checks of `record`'s fields against `specs`: presence, repetition, items, item syntax."""
    rt = record.record_type
    for number, spec in specs.items():
        name = spec.mnemonic
        f = record.field(number)
        if f is None:
            if spec.required:
                out.add(
                    f"required field {tag(rt, number)} ({name}) is missing", index, rt, number, present=False
                )
            continue
        if spec.binary or f.is_binary:
            if spec.binary != f.is_binary:
                out.add(f"{name} must hold {'binary' if spec.binary else 'text'} data", index, rt, number)
            elif spec.binary and not f.value:
                out.add(f"{name} holds no image data", index, rt, number)
            continue
        subfields = f.subfields
        if spec.max_subfields is not None and len(subfields) > spec.max_subfields:
            out.add(
                f"{name} repeats {len(subfields)} times; at most {spec.max_subfields} allowed",
                index,
                rt,
                number,
            )
        for s, items in enumerate(subfields, start=1):
            at = f" subfield {s}" if len(subfields) > 1 else ""
            if not spec.open_items and len(items) > len(spec.items):
                out.add(
                    f"{name}{at} has {len(items)} information items; it has at most {len(spec.items)}",
                    index,
                    rt,
                    number,
                )
            for i, item in enumerate(spec.items):
                value = items[i] if i < len(items) else ""
                if value == "":
                    if item.required:
                        out.add(
                            f"{name}{at}: information item {i + 1}, {item.name}, is required but empty",
                            index,
                            rt,
                            number,
                        )
                elif item.check is not None and (message := item.check(value)) is not None:
                    out.add(f"{item.name}{at}: {message}", index, rt, number)


def _check_type1(record: Type1Record, out: Reporter) -> None:
    dcs = record.field(15)
    if dcs is None:
        return
    for items in dcs.subfields:
        if not items or not items[0].isdigit():
            continue
        index, name = int(items[0]), items[1] if len(items) > 1 else ""
        if 5 <= index <= 127:
            out.add(
                f"1.015 (DCS): character encoding index {index} is reserved (use 0, 2, 3, 4 or 128-999)",
                0,
                1,
                15,
            )
        elif index in CHARACTER_SETS and name and name.upper() != CHARACTER_SETS[index]:
            out.add(
                f"1.015 (DCS): character encoding index {index} means {CHARACTER_SETS[index]}, "
                f"but its name is {name!r}",
                0,
                1,
                15,
            )


def _check_friction_ridge(record: TaggedRecord, index: int, out: Reporter) -> None:
    rt = record.record_type
    fgp = record.field(13)
    positions = [int(s[0]) for s in fgp.subfields if s and s[0].isdigit()] if fgp is not None else []
    ppd = record.field(14)
    if 19 in positions and ppd is None:
        out.add(
            f"{tag(rt, 13)} is 19 (EJI or tip), so {tag(rt, 14)} (PPD) must say which finger and view",
            index,
            rt,
            13,
        )
    if ppd is not None and 19 not in positions:
        out.add(
            f"{tag(rt, 14)} (PPD) is only allowed when {tag(rt, 13)} (FGP) is 19 (EJI or tip)", index, rt, 14
        )
    allowed: set[int] = set()
    for position in positions:
        if position == 19 and ppd is not None:
            allowed |= {int(s[0]) for s in ppd.subfields if s and s[0].isdigit()}
        else:
            allowed |= fingers_in(position)
    if rt != 14 or not positions:
        return
    names = {18: "AMP", 21: "SEG", 22: "NQM", 23: "SQM", 24: "FQM", 25: "ASEG"}
    for number, mnemonic in names.items():
        f = record.field(number)
        for items in f.subfields if f is not None else ():
            if items and items[0].isdigit() and int(items[0]) not in allowed:
                shown = ", ".join(str(p) for p in positions)
                out.add(
                    f"{tag(rt, number)} ({mnemonic}) describes finger {items[0]}, which is not part of the image's "
                    f"friction ridge position {shown} in {tag(rt, 13)}",
                    index,
                    rt,
                    number,
                )
    _check_segments(record, index, out)


def _check_segments(record: TaggedRecord, index: int, out: Reporter) -> None:
    width = int(w) if (w := record.text(6)) and w.isdigit() else None
    height = int(h) if (h := record.text(7)) and h.isdigit() else None
    seg = record.field(21)
    for items in seg.subfields if seg is not None else ():
        if len(items) == 5 and all(v.isdigit() for v in items):
            left, right, top, bottom = (int(v) for v in items[1:])
            if left > right or top > bottom or (width and right > width) or (height and bottom > height):
                out.add(
                    f"14.021 (SEG) box for finger {items[0]} ({left}-{right} x {top}-{bottom}) is not inside the "
                    f"{width}x{height} image with left <= right and top <= bottom",
                    index,
                    14,
                    21,
                )
    aseg = record.field(25)
    for items in aseg.subfields if aseg is not None else ():
        if len(items) < 2 or not items[1].isdigit() or not all(v.isdigit() for v in items[2:]):
            out.add(
                "14.025 (ASEG) must be 'finger<US>count<US>x1<US>y1...' with whole numbers", index, 14, 25
            )
            continue
        points = int(items[1])
        if not 3 <= points <= 99 or len(items) != 2 + 2 * points:
            out.add(
                f"14.025 (ASEG) for finger {items[0]} says {points} vertices (3-99) but gives {len(items) - 2} coordinates",
                index,
                14,
                25,
            )


def _check_type4(record: Type4Record, type1: Type1Record, index: int, out: Reporter) -> None:
    if record.impression not in TYPE14_IMPRESSIONS:
        out.add(
            f"impression type {record.impression} is not a fingerprint exemplar code (0-3, 8, 20-29)",
            index,
            4,
        )
    if not record.positions:
        out.add("the 6-byte FGP field names no finger position", index, 4)
    for position in record.positions:
        if position > 15:
            out.add(
                f"finger position {position} is not allowed in Type-4 (0-15; 255 fills unused bytes)",
                index,
                4,
            )
    if record.isr not in (0, 1):
        out.add(
            f"ISR is {record.isr}; it is 0 (minimum resolution, 19.69 px/mm) or 1 (native, 1.011 NSR)",
            index,
            4,
        )
    elif record.isr == 1 and type1.native_scanning_ppmm is None:
        out.add("ISR is 1 (native scanning resolution) but 1.011 NSR gives no resolution", index, 4)
    if record.width == 0 or record.height == 0:
        out.add(f"the image is {record.width}x{record.height} pixels", index, 4)
    if record.compression not in COMPRESSION_BINARY:
        out.add(f"compression code {record.compression} is not one of 0-6 (Table 15)", index, 4)
    if not record.image:
        out.add("the record holds no image data", index, 4)


def check_record(transaction: Transaction, index: int, record: Record, out: Reporter) -> None:
    if isinstance(record, TaggedRecord):
        check_fields(record, SPECS.get(record.record_type, GENERIC), index, out)
        if isinstance(record, Type1Record):
            _check_type1(record, out)
        elif record.record_type in (13, 14):
            _check_friction_ridge(record, index, out)
    elif isinstance(record, Type4Record):
        _check_type4(record, transaction.type1, index, out)


def check_transaction(transaction: Transaction) -> list[Problem]:
    """Every rule problem in `transaction` (an empty list when it keeps them all)."""
    out = Reporter(transaction)
    if not transaction.records or not isinstance(transaction.records[0], Type1Record):
        return [Problem("a transaction must begin with its Type-1 record", record_index=0)]
    type1 = transaction.type1
    offset = transaction.layout.field(0, 3) if transaction.layout else None
    entries, problems = content_entries(type1, offset=offset)
    out.problems.extend(problems)
    listed = [(r.record_type, r.idc) for r in transaction.records[1:]]
    if not problems and [t for t, _ in entries] != [t for t, _ in listed]:
        out.add(
            f"CNT (1.003) lists {_show(entries)} but the transaction holds {_show(listed)}; rebuild CNT from the records",
            0,
            1,
            3,
        )
    elif not problems:
        for index, ((record_type, idc), (_, found)) in enumerate(zip(entries, listed, strict=True), start=1):
            if idc != found:
                shown = "missing" if found is None else str(found)
                out.add(
                    f"IDC is {shown} but CNT (1.003) lists this Type-{record_type} record with IDC {idc}; "
                    "an IDC must match its CNT entry",
                    index,
                    record_type,
                    2 if isinstance(transaction.records[index], TaggedRecord) else None,
                )
    for index, record in enumerate(transaction.records):
        if index and record.record_type == 1:
            out.add("only the first record may be a Type-1 record", index, 1)
            continue
        check_record(transaction, index, record, out)
    return sorted(out.problems, key=_position)


def _position(problem: Problem) -> tuple[int, int]:
    """Sort problems in file order: by record, then by field number."""
    number = int(problem.tag.split(".")[1]) if problem.tag else 0
    return (problem.record_index or 0, number)


def _show(entries: Sequence[tuple[int, int | None]]) -> str:
    return "[" + ", ".join(f"{t}/{idc}" for t, idc in entries) + "]"


def transaction_warnings(transaction: Transaction) -> list[str]:
    """What a reader reports but does not refuse: odd versions, undeclared UTF-8, dangling minutiae IDCs."""
    warnings: list[str] = []
    type1 = transaction.type1
    version = type1.version
    if version not in KNOWN_VERSIONS:
        warnings.append(
            f"1.002 (VER) is {version!r}, not a published ANSI/NIST-ITL version (0200-0502); read by 1-2011 rules"
        )
    dcs = type1.field(15)
    declared = {int(items[0]) for items in (dcs.subfields if dcs else ()) if items and items[0].isdigit()}
    declared_utf8 = 3 in declared
    if not declared_utf8:
        for index, record in enumerate(transaction.records):
            if isinstance(record, TaggedRecord) and any(
                not item.isascii() for f in record.fields for items in f.subfields for item in items
            ):
                warnings.append(
                    f"record {index} (Type-{record.record_type}) has non-ASCII text but 1.015 (DCS) does not "
                    "declare UTF-8 (index 3); read as UTF-8"
                )
    images = {r.idc for r in transaction.records if r.record_type in (4, 13, 14, 15)}
    for index, record in transaction.indexed(9):
        if record.idc not in images:
            warnings.append(
                f"record {index} (Type-9) has IDC {record.idc}, which matches no fingerprint image record"
            )
    return warnings
