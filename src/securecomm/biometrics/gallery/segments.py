"""How a gallery holds its records: immutable segments plus one growing tail.

A record is one encounter of one subject: ten finger slots, each with a coarse code and (optionally) the
finger's full template bytes for the fine stage. Records are never changed in place: a later finger for the
same encounter, or a removal, writes a new record and/or marks the old one removed. So every array only
grows, which is what makes the files append-only (`storage.gallery_files`): a sealed segment is written once,
memory-mapped read-only afterwards, and checksummed once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics.gallery.coarse import FINGERS
from securecomm.biometrics.gallery.errors import GalleryError
from securecomm.biometrics.gallery.scan import CodeBlock

__all__ = ["ENCOUNTER_ID_BYTES", "SUBJECT_ID_BYTES", "Segment", "Tail", "check_id"]

SUBJECT_ID_BYTES = 32  # gallery_entries.subject_id is String(32)
ENCOUNTER_ID_BYTES = 64  # gallery_entries.encounter_id is String(64)


def check_id(value: object, *, limit: int, what: str) -> bytes:
    """An id as the UTF-8 bytes the arrays store; refuse what they could not hold faithfully."""
    if not isinstance(value, str) or not value or value != value.strip():
        raise GalleryError(f"{value!r} is not a {what} (a non-empty string without outer spaces)", where=what)
    data = value.encode("utf-8")
    if len(data) > limit or "\x00" in value:
        raise GalleryError(f"{value!r} is longer than {limit} UTF-8 bytes or holds a NUL", where=what)
    return data


@dataclass(frozen=True, slots=True, eq=False)
class Segment:
    """A sealed, immutable run of records (arrays may be read-only memory maps).

    `spans[r, f - 1]` = (offset, length) of finger f's template bytes in `blob`; length 0 = none stored.
    """

    key: str
    codes: NDArray[np.uint64]
    bit_counts: NDArray[np.uint16]
    subjects: NDArray[np.bytes_]
    encounters: NDArray[np.bytes_]
    spans: NDArray[np.int64]
    blob: NDArray[np.uint8]

    def __post_init__(self) -> None:
        n = self.codes.shape[0] if self.codes.ndim == 3 else -1
        where = f"gallery segment {self.key}"
        expected: dict[str, tuple[tuple[int, ...], str]] = {
            "codes": ((n, FINGERS, self.codes.shape[-1] if self.codes.ndim else 0), "uint64"),
            "bit_counts": ((n, FINGERS), "uint16"),
            "subjects": ((n,), f"S{SUBJECT_ID_BYTES}"),
            "encounters": ((n,), f"S{ENCOUNTER_ID_BYTES}"),
            "spans": ((n, FINGERS, 2), "int64"),
            "blob": ((self.blob.shape[0] if self.blob.ndim == 1 else -1,), "uint8"),
        }
        for name, (shape, dtype) in expected.items():
            array = getattr(self, name)
            if not isinstance(array, np.ndarray) or array.shape != shape or array.dtype != np.dtype(dtype):
                raise GalleryError(
                    f"{name} is {getattr(array, 'dtype', type(array).__name__)}{list(getattr(array, 'shape', ()))},"
                    f" expected {np.dtype(dtype)}{list(shape)}",
                    where=where,
                )
        if n and (
            np.any(self.spans < 0) or np.any(self.spans[..., 0] + self.spans[..., 1] > self.blob.shape[0])
        ):
            raise GalleryError("a template span lies outside the template bytes", where=where)

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    def template_bytes(self, row: int, finger: int) -> bytes | None:
        offset, length = (int(v) for v in self.spans[row, finger - 1])
        return bytes(self.blob[offset : offset + length]) if length else None

    def block(self, alive: NDArray[np.bool_], first: int) -> CodeBlock:
        return CodeBlock(self.codes, self.bit_counts, alive, first, self.key)

    @property
    def nbytes_coarse(self) -> int:
        return int(self.codes.nbytes + self.bit_counts.nbytes)


class Tail:
    """The records enrolled since the last seal, in arrays that double when full."""

    def __init__(self, words: int) -> None:
        self.words = words
        self.size = 0
        self.codes = np.zeros((64, FINGERS, words), dtype=np.uint64)
        self.bit_counts = np.zeros((64, FINGERS), dtype=np.uint16)
        self.subjects = np.zeros(64, dtype=f"S{SUBJECT_ID_BYTES}")
        self.encounters = np.zeros(64, dtype=f"S{ENCOUNTER_ID_BYTES}")
        self.spans = np.zeros((64, FINGERS, 2), dtype=np.int64)
        self.blob = bytearray()

    def reserve(self, extra: int) -> None:
        """Make room for `extra` more records (capacity at least doubles, so appends cost O(1) amortised)."""
        capacity = self.codes.shape[0]
        if self.size + extra <= capacity:
            return
        capacity = max(2 * capacity, self.size + extra)
        n = self.size
        for name in ("codes", "bit_counts", "subjects", "encounters", "spans"):
            old = getattr(self, name)
            new = np.zeros((capacity, *old.shape[1:]), dtype=old.dtype)
            new[:n] = old[:n]
            setattr(self, name, new)

    def append(
        self,
        subject: bytes,
        encounter: bytes,
        codes: NDArray[np.uint64],
        bit_counts: NDArray[np.uint16],
        templates: list[bytes | None],
    ) -> int:
        """Add one record; returns its row in the tail."""
        self.reserve(1)
        row = self.size
        self.codes[row] = codes
        self.bit_counts[row] = bit_counts
        self.subjects[row] = subject
        self.encounters[row] = encounter
        for f, data in enumerate(templates):
            if data:
                self.spans[row, f] = (len(self.blob), len(data))
                self.blob += data
            else:
                self.spans[row, f] = (0, 0)
        self.size += 1
        return row

    def replace_finger(
        self, row: int, finger: int, code: NDArray[np.uint64], bit_count: int, data: bytes
    ) -> None:
        """Set one finger of a tail record in place (the tail is not on disk yet, so it may still change)."""
        self.codes[row, finger - 1] = code
        self.bit_counts[row, finger - 1] = bit_count
        self.spans[row, finger - 1] = (len(self.blob), len(data))
        self.blob += data

    def append_many(
        self,
        subjects: NDArray[np.bytes_],
        encounters: NDArray[np.bytes_],
        codes: NDArray[np.uint64],
        bit_counts: NDArray[np.uint16],
    ) -> int:
        """Add records without templates in one copy; returns the first new row."""
        n = int(codes.shape[0])
        self.reserve(n)
        first = self.size
        self.codes[first : first + n] = codes
        self.bit_counts[first : first + n] = bit_counts
        self.subjects[first : first + n] = subjects
        self.encounters[first : first + n] = encounters
        self.spans[first : first + n] = 0
        self.size += n
        return first

    def template_bytes(self, row: int, finger: int) -> bytes | None:
        offset, length = (int(v) for v in self.spans[row, finger - 1])
        return bytes(self.blob[offset : offset + length]) if length else None

    def block(self, alive: NDArray[np.bool_], first: int) -> CodeBlock:
        return CodeBlock(self.codes[: self.size], self.bit_counts[: self.size], alive, first, None)

    def seal(self, key: str) -> Segment:
        """The tail's records as an immutable segment (copied, trimmed to size)."""
        n = self.size
        return Segment(
            key=key,
            codes=self.codes[:n].copy(),
            bit_counts=self.bit_counts[:n].copy(),
            subjects=self.subjects[:n].copy(),
            encounters=self.encounters[:n].copy(),
            spans=self.spans[:n].copy(),
            blob=np.frombuffer(bytes(self.blob), dtype=np.uint8).copy(),
        )

    @property
    def nbytes_coarse(self) -> int:
        return int(self.size * (self.codes.itemsize * FINGERS * self.words + 2 * FINGERS))
