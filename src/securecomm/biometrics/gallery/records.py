"""What a gallery has enrolled: records in segments and a tail, removal flags, and the id indexes.

`Records` is the storage half of `Gallery` (the search half lives in `gallery`): it enrols, removes and seals,
and hands the scan its `CodeBlock`s. Every array only grows (see `segments`): an enrolment appends or, for
a record still in the tail, writes in place; a removal sets a flag and appends to `removed`.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics.gallery.coarse import DEFAULT_SPEC, FINGERS, PairCodeSpec, encode_template
from securecomm.biometrics.gallery.errors import GalleryError
from securecomm.biometrics.gallery.scan import CodeBlock
from securecomm.biometrics.gallery.segments import (
    ENCOUNTER_ID_BYTES,
    SUBJECT_ID_BYTES,
    Segment,
    Tail,
    check_id,
)
from securecomm.biometrics.template import Template

__all__ = ["Records", "check_count", "check_finger"]


def check_finger(finger: object, where: str) -> int:
    if (
        isinstance(finger, bool)
        or not isinstance(finger, int | np.integer)
        or not 1 <= int(finger) <= FINGERS
    ):
        raise GalleryError(f"{finger!r} is not a finger position; use 1-10 (ANSI/NIST-ITL FGP)", where=where)
    return int(finger)


def check_count(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise GalleryError(f"{value!r} is not a count; use an integer >= 1", where=where)
    return value


class Records:
    """The enrolled records of a gallery (pure: arrays in, arrays out)."""

    def __init__(
        self,
        *,
        spec: PairCodeSpec = DEFAULT_SPEC,
        segments: Sequence[Segment] = (),
        removed: Sequence[int] | NDArray[np.int64] = (),
    ) -> None:
        self.spec = spec
        self._segments: list[Segment] = []
        self._bases: list[int] = []
        self._sealed = 0
        for segment in segments:
            if segment.codes.shape[2] != spec.words:
                raise GalleryError(
                    f"codes of {segment.codes.shape[2]} words, the spec has {spec.words}",
                    where=f"gallery segment {segment.key}",
                )
            self._bases.append(self._sealed)
            self._segments.append(segment)
            self._sealed += len(segment)
        self._tail = Tail(spec.words)
        self._alive = np.ones(max(self._sealed, 64), dtype=np.bool_)
        self._removed: list[int] = []
        for index in np.asarray(removed, dtype=np.int64).tolist():
            if not 0 <= index < self._sealed or not self._alive[index]:
                raise GalleryError(
                    f"removed record {index} does not exist or is listed twice", where="removed"
                )
            self._alive[index] = False
            self._removed.append(index)
        self._by_key: dict[tuple[str, str], int] | None = None
        self._by_subject: dict[str, list[int]] | None = None

    # --- sizes and records -------------------------------------------------------------------------------
    @property
    def record_count(self) -> int:
        """Records ever written, removed ones included (the length of the arrays)."""
        return self._sealed + self._tail.size

    @property
    def segments(self) -> tuple[Segment, ...]:
        return tuple(self._segments)

    @property
    def removed(self) -> tuple[int, ...]:
        """Removed record indices, in the order they were removed (what the files append)."""
        return tuple(self._removed)

    def __len__(self) -> int:
        """The number of enrolled subjects."""
        return len(self._subjects())

    def __contains__(self, subject_id: object) -> bool:
        return isinstance(subject_id, str) and subject_id in self._subjects()

    def subject_ids(self) -> list[str]:
        return sorted(self._subjects())

    def live_records(self) -> int:
        return int(self._alive[: self.record_count].sum())

    def nbytes(self) -> dict[str, int]:
        """Bytes held: coarse codes (scanned every search), template bytes (fine stage), ids and flags."""
        coarse = sum(s.nbytes_coarse for s in self._segments) + self._tail.nbytes_coarse
        templates = sum(int(s.blob.nbytes) for s in self._segments) + len(self._tail.blob)
        ids = self.record_count * (SUBJECT_ID_BYTES + ENCOUNTER_ID_BYTES + 1 + 16 * FINGERS)
        return {"coarse": coarse, "templates": templates, "records": ids}

    def _locate(self, index: int) -> tuple[Segment | Tail, int]:
        if index >= self._sealed:
            return self._tail, index - self._sealed
        s = bisect.bisect_right(self._bases, index) - 1
        return self._segments[s], index - self._bases[s]

    def record_key(self, index: int) -> tuple[str, str]:
        """(subject_id, encounter_id) of a record."""
        holder, row = self._locate(index)
        return holder.subjects[row].decode("utf-8"), holder.encounters[row].decode("utf-8")

    def _record_arrays(self, index: int) -> tuple[NDArray[np.uint64], NDArray[np.uint16], list[bytes | None]]:
        holder, row = self._locate(index)
        templates = [holder.template_bytes(row, f) for f in range(1, FINGERS + 1)]
        return holder.codes[row].copy(), holder.bit_counts[row].copy(), templates

    def _index(self) -> tuple[dict[tuple[str, str], int], dict[str, list[int]]]:
        """Live records by key and by subject, built on first use (a loaded gallery may never need them)."""
        if self._by_key is None or self._by_subject is None:
            by_key: dict[tuple[str, str], int] = {}
            by_subject: dict[str, list[int]] = {}
            for index in np.flatnonzero(self._alive[: self.record_count]).tolist():
                key = self.record_key(index)
                by_key[key] = index
                by_subject.setdefault(key[0], []).append(index)
            self._by_key, self._by_subject = by_key, by_subject
        return self._by_key, self._by_subject

    def _subjects(self) -> dict[str, list[int]]:
        return self._index()[1]

    # --- enrolment and removal ------------------------------------------------------------------------------
    def _grow_alive(self, size: int) -> None:
        if size > self._alive.size:
            grown = np.ones(max(2 * self._alive.size, size), dtype=np.bool_)
            grown[: self._alive.size] = self._alive
            self._alive = grown

    def _kill(self, index: int) -> None:
        by_key, by_subject = self._index()
        key = self.record_key(index)
        self._alive[index] = False
        self._removed.append(index)
        del by_key[key]
        by_subject[key[0]].remove(index)
        if not by_subject[key[0]]:
            del by_subject[key[0]]

    def _append(
        self,
        subject_id: str,
        encounter_id: str,
        codes: NDArray[np.uint64],
        bit_counts: NDArray[np.uint16],
        templates: list[bytes | None],
    ) -> int:
        by_key, by_subject = self._index()
        subject = check_id(subject_id, limit=SUBJECT_ID_BYTES, what="subject_id")
        encounter = check_id(encounter_id, limit=ENCOUNTER_ID_BYTES, what="encounter_id")
        previous = by_key.get((subject_id, encounter_id))
        if previous is not None:
            self._kill(previous)
        index = self._sealed + self._tail.append(subject, encounter, codes, bit_counts, templates)
        self._grow_alive(index + 1)
        self._alive[index] = True
        by_key[(subject_id, encounter_id)] = index
        by_subject.setdefault(subject_id, []).append(index)
        return index

    def enrol_encounter(self, subject_id: str, encounter_id: str, templates: Mapping[int, Template]) -> int:
        """Enrol the fingers of one encounter as one record; fingers of an encounter already enrolled are
        added to it (a finger enrolled again replaces the earlier template). Returns the record index.

        A record still in the tail is updated in place; one in a sealed segment is copied into the tail
        with the change and the old one marked removed (segments never change, see `segments`)."""
        if not isinstance(templates, Mapping) or not templates:
            raise GalleryError("give at least one finger: {finger position: Template}", where="templates")
        check_id(subject_id, limit=SUBJECT_ID_BYTES, what="subject_id")
        check_id(encounter_id, limit=ENCOUNTER_ID_BYTES, what="encounter_id")
        encoded: dict[int, tuple[NDArray[np.uint64], int, bytes]] = {}
        for finger_key, template in templates.items():
            finger = check_finger(finger_key, f"finger of {subject_id}/{encounter_id}")
            if not isinstance(template, Template):
                raise GalleryError(
                    f"finger {finger} is a {type(template).__name__}, not a Template",
                    where=f"{subject_id}/{encounter_id}",
                )
            code = encode_template(template, gallery=True, spec=self.spec)
            encoded[finger] = (code, int(np.bitwise_count(code).sum()), template.to_bytes())
        by_key, _ = self._index()
        previous = by_key.get((subject_id, encounter_id))
        if previous is not None and previous >= self._sealed:
            for finger, (code, count, data) in encoded.items():
                self._tail.replace_finger(previous - self._sealed, finger, code, count, data)
            return previous
        if previous is None:
            codes = np.zeros((FINGERS, self.spec.words), dtype=np.uint64)
            counts = np.zeros(FINGERS, dtype=np.uint16)
            stored: list[bytes | None] = [None] * FINGERS
        else:
            codes, counts, stored = self._record_arrays(previous)
        for finger, (code, count, data) in encoded.items():
            codes[finger - 1] = code
            counts[finger - 1] = count
            stored[finger - 1] = data
        return self._append(subject_id, encounter_id, codes, counts, stored)

    def enrol(self, subject_id: str, encounter_id: str, finger: int, template: Template) -> int:
        """Enrol one finger of one encounter (see `enrol_encounter`). Returns the record index."""
        return self.enrol_encounter(subject_id, encounter_id, {check_finger(finger, "finger"): template})

    def enrol_codes(
        self, subject_ids: Sequence[str], encounter_ids: Sequence[str], codes: NDArray[np.uint64]
    ) -> int:
        """Bulk enrolment of new records from enrolment codes (`encode_minutiae(..., gallery=True)` reshaped
        to [n, 10, words]) without templates: their fine stage reads templates through `templates=` at
        search time (e.g. from the content-addressed blob store). Returns the first new record's index."""
        n = len(subject_ids)
        if (
            len(encounter_ids) != n
            or codes.shape != (n, FINGERS, self.spec.words)
            or codes.dtype != np.uint64
        ):
            raise GalleryError(
                f"need {n} encounter ids and uint64 codes of shape [{n}, 10, {self.spec.words}], got"
                f" {len(encounter_ids)} and {codes.dtype}{list(codes.shape)}",
                where="enrol_codes",
            )
        by_key, by_subject = self._index()
        keys = list(zip(subject_ids, encounter_ids, strict=True))
        if len(set(keys)) != n or any(key in by_key for key in keys):
            raise GalleryError("a (subject, encounter) is repeated or already enrolled", where="enrol_codes")
        subjects = np.array([check_id(s, limit=SUBJECT_ID_BYTES, what="subject_id") for s in subject_ids])
        encounters = np.array(
            [check_id(e, limit=ENCOUNTER_ID_BYTES, what="encounter_id") for e in encounter_ids]
        )
        counts = np.bitwise_count(codes).sum(axis=2, dtype=np.int64).astype(np.uint16)
        first = self._sealed + self._tail.append_many(
            subjects.astype(f"S{SUBJECT_ID_BYTES}"),
            encounters.astype(f"S{ENCOUNTER_ID_BYTES}"),
            codes,
            counts,
        )
        self._grow_alive(first + n)
        self._alive[first : first + n] = True
        for offset, key in enumerate(keys):
            by_key[key] = first + offset
            by_subject.setdefault(key[0], []).append(first + offset)
        return first

    def remove(self, subject_id: str) -> int:
        """Remove every record of a subject (an expungement, a deceased person, a correction)."""
        _, by_subject = self._index()
        if subject_id not in by_subject:
            raise GalleryError(f"no subject {subject_id!r} is enrolled", where="remove")
        records = list(by_subject[subject_id])
        for index in records:
            self._kill(index)
        return len(records)

    def seal(self, key: str) -> Segment | None:
        """Turn the tail into an immutable segment named `key` (what the files then write once)."""
        if self._tail.size == 0:
            return None
        if any(s.key == key for s in self._segments):
            raise GalleryError(f"a segment named {key!r} exists already", where="seal")
        segment = self._tail.seal(key)
        self._bases.append(self._sealed)
        self._segments.append(segment)
        self._sealed += len(segment)
        self._tail = Tail(self.spec.words)
        return segment

    def blocks(self) -> list[CodeBlock]:
        """What the backend scans: every segment and the tail, with their removal flags."""
        out = [
            s.block(self._alive[b : b + len(s)], b) for s, b in zip(self._segments, self._bases, strict=True)
        ]
        if self._tail.size:
            out.append(self._tail.block(self._alive[self._sealed : self.record_count], self._sealed))
        return out
