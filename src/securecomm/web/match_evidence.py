"""The match evidence LESC sees beside a status determination: which finger matched, and a picture of it.

IDENT's hit names an identity (FIN) and a fused ten-print score; the reviewer needs to see why. From the
stored templates — the booking's prints as FBI CJIS enrolled them (`gallery_entries`, gallery `criminal`,
encounter = the booking) and the identity's prints in IDENT (gallery `ident`, subject = the FIN) — this
compares each finger the two share, keeps the best-scoring pair and draws it with the engine's
`biometrics.evidence.render_evidence`: both prints side by side, every minutia marked, each pair joined and
numbered, the score and its false-match rate in the header. The booking's own image is drawn when its
ANSI/NIST-ITL transaction is in the blob store; IDENT's side shows the print's outline (no image stored).

Pictures are computed on request and kept in a small in-process cache: nothing biometric is written.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from securecomm.app.blobs import BlobStore
from securecomm.errors import BadInput
from securecomm.storage.agency_tables import BookingRow, GalleryEntryRow
from securecomm.storage.db import Database

if TYPE_CHECKING:  # the engine (NumPy, Numba) loads on the first picture, not when the app is built
    from securecomm.biometrics import FingerprintImage, Template

__all__ = ["CRIMINAL_GALLERY", "IDENT_GALLERY", "EvidenceSource", "FingerEvidence", "StoredEvidence"]

CRIMINAL_GALLERY = "criminal"
IDENT_GALLERY = "ident"
_TEMPLATE_SUFFIX = ".tpl"
_TRANSACTION_SUFFIX = ".an2"
_FINGERS = {
    1: "right thumb", 2: "right index", 3: "right middle", 4: "right ring", 5: "right little",
    6: "left thumb", 7: "left index", 8: "left middle", 9: "left ring", 10: "left little",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class FingerEvidence:
    """The best-matching finger of one IDENT hit, and its picture (PNG)."""

    booking_id: str
    fin: str
    finger: int
    encounter_id: str
    score: float
    paired_minutiae: int
    probe_minutiae: int
    candidate_minutiae: int
    false_match_rate: float
    fingers_compared: int
    with_booking_image: bool
    png: bytes

    @property
    def finger_name(self) -> str:
        return _FINGERS.get(self.finger, f"finger {self.finger}")


class EvidenceSource(Protocol):
    def evidence(self, *, booking_id: str, fin: str) -> FingerEvidence | None:
        """The evidence of the booking's match with `fin`; None when the templates are not stored.

        Called outside any transaction of the caller: the comparison takes a second or so, and a SQLite
        transaction holds the write lock.
        """
        ...


@dataclass(frozen=True, slots=True)
class _Inputs:
    probes: tuple[tuple[int, str], ...]  # (finger, template sha256) of the booking
    candidates: tuple[tuple[int, str, str], ...]  # (finger, encounter id, template sha256) of the FIN
    transaction_sha256: str | None


class StoredEvidence:
    """Evidence from the templates in `gallery_entries` and the blob store beside the database."""

    def __init__(self, database: Database, *, cached: int = 16) -> None:
        self.database = database
        self.blobs = BlobStore(database.files_dir / "blobs")
        self._cache: OrderedDict[tuple[str, str], FingerEvidence | None] = OrderedDict()
        self._limit = cached
        self._lock = threading.Lock()

    def evidence(self, *, booking_id: str, fin: str) -> FingerEvidence | None:
        key = (booking_id, fin)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        with self.database.sessions() as session:
            inputs = self._inputs(session, booking_id, fin)
        found = self._compute(inputs, booking_id, fin)
        with self._lock:
            self._cache[key] = found
            while len(self._cache) > self._limit:
                self._cache.popitem(last=False)
        return found

    def _template(self, sha256: str) -> Template | None:
        from securecomm.biometrics import Template

        if not self.blobs.has(sha256, suffix=_TEMPLATE_SUFFIX):
            return None
        return Template.load(self.blobs.get(sha256, suffix=_TEMPLATE_SUFFIX))

    def _probe_image(self, transaction_sha256: str | None, finger: int) -> FingerprintImage | None:
        from securecomm.biometrics import FingerprintImage
        from securecomm.formats.images import finger_images
        from securecomm.formats.reader import parse_transaction

        if transaction_sha256 is None or not self.blobs.has(transaction_sha256, suffix=_TRANSACTION_SUFFIX):
            return None
        data = self.blobs.get(transaction_sha256, suffix=_TRANSACTION_SUFFIX)
        try:
            image = finger_images(parse_transaction(data, source=transaction_sha256)).get(finger)
        except BadInput:  # a stored transaction that no longer parses: draw the outline instead
            return None
        if image is None:
            return None
        return FingerprintImage(pixels=image.pixels, ppi=image.ppi or 500.0)

    @staticmethod
    def _inputs(session: Session, booking_id: str, fin: str) -> _Inputs:
        probes = session.execute(
            select(GalleryEntryRow.finger, GalleryEntryRow.template_sha256).where(
                GalleryEntryRow.gallery == CRIMINAL_GALLERY, GalleryEntryRow.encounter_id == booking_id
            )
        ).all()
        candidates = session.execute(
            select(GalleryEntryRow.finger, GalleryEntryRow.encounter_id, GalleryEntryRow.template_sha256)
            .where(GalleryEntryRow.gallery == IDENT_GALLERY, GalleryEntryRow.subject_id == fin)
            .order_by(GalleryEntryRow.encounter_id, GalleryEntryRow.finger)
        ).all()
        booking = session.get(BookingRow, booking_id)
        return _Inputs(
            probes=tuple(sorted((int(f), str(sha)) for f, sha in probes)),
            candidates=tuple((int(f), str(e), str(sha)) for f, e, sha in candidates),
            transaction_sha256=None if booking is None else booking.transaction_sha256,
        )

    def _compute(self, inputs: _Inputs, booking_id: str, fin: str) -> FingerEvidence | None:
        from securecomm.biometrics import Matcher
        from securecomm.biometrics.evidence import render_evidence

        best = None
        compared = 0
        candidates = inputs.candidates
        for finger, probe_sha in inputs.probes:
            probe = self._template(probe_sha)
            if probe is None:
                continue
            matcher = Matcher(probe)
            for cand_finger, encounter_id, cand_sha in candidates:
                if cand_finger != finger:
                    continue
                candidate = self._template(cand_sha)
                if candidate is None:
                    continue
                compared += 1
                score, pairing = matcher.pairing(candidate)
                if best is None or score.value > best[0].value:
                    best = (score, pairing, finger, encounter_id, probe, candidate)
        if best is None:
            return None
        score, pairing, finger, encounter_id, probe, candidate = best
        image = self._probe_image(inputs.transaction_sha256, finger)
        if image is not None and image.pixels.shape != (probe.height, probe.width):
            image = None  # the template was made at another scale: draw the outline
        png = render_evidence(probe, candidate, score, pairing, probe_image=image)
        return FingerEvidence(
            booking_id=booking_id,
            fin=fin,
            finger=finger,
            encounter_id=encounter_id,
            score=score.value,
            paired_minutiae=score.paired,
            probe_minutiae=probe.count,
            candidate_minutiae=candidate.count,
            false_match_rate=score.false_match_rate,
            fingers_compared=compared,
            with_booking_image=image is not None,
            png=png,
        )
