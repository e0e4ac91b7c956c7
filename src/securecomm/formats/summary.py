"""A JSON-ready summary of a transaction, for people and scripts: never the image bytes themselves.

A text field shows as a string (one item), a list of items (one subfield) or a list of lists
(repeated subfields); a binary field shows as {"bytes": n}. Binary records show their header values.
"""

from __future__ import annotations

from typing import Any

from securecomm.formats.codes import PPMM_500_PPI
from securecomm.formats.records import BinaryRecord, ImageRecord, Record, TaggedRecord, Type4Record
from securecomm.formats.tagged import Field
from securecomm.formats.transaction import Transaction

__all__ = ["field_value", "summarise"]


def field_value(field: Field) -> Any:
    """The field's value as JSON: str, list[str] or list[list[str]]; binary as {"bytes": n}."""
    if isinstance(field.value, bytes):
        return {"bytes": len(field.value)}
    subfields = field.value
    if len(subfields) == 1:
        return subfields[0][0] if len(subfields[0]) == 1 else list(subfields[0])
    return [list(items) for items in subfields]


def _record(index: int, record: Record) -> dict[str, Any]:
    entry: dict[str, Any] = {"index": index, "type": record.record_type, "idc": record.idc}
    if isinstance(record, TaggedRecord):
        entry["fields"] = {record.tag(f.number): field_value(f) for f in record.fields}
    elif isinstance(record, Type4Record):
        entry["fields"] = {
            "IMP": record.impression,
            "FGP": list(record.positions),
            "ISR": record.isr,
            "HLL": record.width,
            "VLL": record.height,
            "GCA": record.compression,
            "DATA": {"bytes": len(record.image)},
        }
    elif isinstance(record, BinaryRecord):
        entry["fields"] = {"HEADER": record.header.hex(), "DATA": {"bytes": len(record.image)}}
    return entry


def _image(index: int, record: Record, transaction: Transaction) -> dict[str, Any] | None:
    if isinstance(record, Type4Record):
        ppmm = PPMM_500_PPI if record.isr == 0 else transaction.type1.native_scanning_ppmm or 0.0
        return {
            "record": index,
            "type": 4,
            "positions": list(record.positions),
            "impression": record.impression,
            "width": record.width,
            "height": record.height,
            "ppi": round(ppmm * 25.4, 2) or None,
            "compression": record.compression_name,
            "bytes": len(record.image),
        }
    if isinstance(record, ImageRecord) and record.data is not None:
        scale = record.ppi
        positions = record.field(13) if record.record_type in (13, 14, 15) else None
        return {
            "record": index,
            "type": record.record_type,
            "positions": [int(s[0]) for s in positions.subfields if s and s[0].isdigit()]
            if positions
            else [],
            "impression": record.text(3) if record.record_type != 10 else None,
            "width": record.width,
            "height": record.height,
            "ppi": round(scale[0], 2) if scale else None,
            "compression": record.compression,
            "bytes": len(record.data),
        }
    return None


def summarise(transaction: Transaction) -> dict[str, Any]:
    """Version, TOT, date, every record with its fields, every image with size/ppi/compression, warnings."""
    type1 = transaction.type1
    images = [_image(i, r, transaction) for i, r in enumerate(transaction.records)]
    return {
        "version": type1.version,
        "tot": type1.tot,
        "date": type1.date,
        "originating_agency": type1.originating_agency,
        "tcn": type1.tcn,
        "record_count": len(transaction.records),
        "records": [_record(i, r) for i, r in enumerate(transaction.records)],
        "images": [image for image in images if image is not None],
        "warnings": list(transaction.warnings),
    }
