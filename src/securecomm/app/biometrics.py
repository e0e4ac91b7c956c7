"""The flow's biometric search: prints from stored ANSI/NIST-ITL transactions, 1:N galleries, enrolment.

Templates are extracted once per transaction and kept beside the database (named by the transaction's
SHA-256 and the template format version). Gallery entries are rows of `gallery_entries` (the source of
truth) with their template bytes in the content-addressed store; the in-memory galleries are rebuilt
from them when a process starts and updated only after the enrolling transaction commits, so a rolled-
back transaction never leaves a gallery entry behind.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session

from securecomm.agencies.ports import Candidate, SearchResult
from securecomm.app.blobs import BlobStore
from securecomm.app.prints import PrintStudio, impression_number
from securecomm.biometrics import FORMAT_VERSION, FingerprintImage, Template, extract
from securecomm.biometrics.gallery import Gallery
from securecomm.biometrics.synthetic.engine_bridge import engine_templates
from securecomm.biometrics.synthetic.population import generate_minutiae_population
from securecomm.formats.images import finger_images
from securecomm.formats.reader import parse_transaction
from securecomm.storage.agency_tables import GalleryEntryRow
from securecomm.storage.db import Database
from securecomm.synth import FingerprintRef

__all__ = ["BiometricService", "TenPrint", "extract_tenprint", "pack_tenprint", "unpack_tenprint"]

TenPrint = Mapping[int, Template]
STAND_IN_SEED = 2009  # the template-level universe of stand-in prints (distinct from rendered masters)
_TEMPLATE_SUFFIX = f".v{FORMAT_VERSION}.tpl"
_SEPARATOR = b"\n--finger--\n"


class BiometricService:
    """Owns the galleries of one database and answers the agencies' searches (through `port`)."""

    def __init__(
        self, database: Database, *, threshold: float, top_k: int = 5, coarse_candidates: int = 50
    ) -> None:
        """`threshold` is the policy's identification threshold as evidence (-log10 fused false-match rate)."""
        self.database = database
        self.blobs = BlobStore(database.files_dir / "blobs")
        self.studio = PrintStudio()
        self.threshold = threshold
        self.top_k = top_k
        self.coarse_candidates = coarse_candidates
        self.galleries: dict[str, Gallery] = {}
        self._load()

    # -- galleries ----------------------------------------------------------------------------------------------
    def gallery(self, name: str) -> Gallery:
        if name not in self.galleries:
            self.galleries[name] = Gallery()
        return self.galleries[name]

    def _load(self) -> None:
        with self.database.sessions() as session:
            rows = session.execute(
                select(
                    GalleryEntryRow.gallery,
                    GalleryEntryRow.subject_id,
                    GalleryEntryRow.encounter_id,
                    GalleryEntryRow.finger,
                    GalleryEntryRow.template_sha256,
                ).order_by(GalleryEntryRow.enrolled_at, GalleryEntryRow.gallery, GalleryEntryRow.subject_id)
            ).all()
        for gallery, subject, encounter, finger, sha in rows:
            self.gallery(gallery).enrol(
                subject, encounter, finger, Template.load(self.blobs.get(sha, suffix=".tpl"))
            )

    # -- templates ----------------------------------------------------------------------------------------------
    def tenprint(self, transaction_sha256: str) -> TenPrint:
        """The templates of a stored transaction's rolled fingers (extracted once, then read back)."""
        cached = self.blobs.path(transaction_sha256, suffix=_TEMPLATE_SUFFIX)
        if cached.exists():
            return unpack_tenprint(cached.read_bytes())
        data = self.blobs.get(transaction_sha256, suffix=".an2")
        templates = extract_tenprint(data, source=transaction_sha256)
        self.keep_tenprint(transaction_sha256, pack_tenprint(templates))
        return templates

    def keep_tenprint(self, transaction_sha256: str, packed: bytes) -> None:
        """Store the extraction of a transaction (computed here or by a worker from the same bytes)."""
        cached = self.blobs.path(transaction_sha256, suffix=_TEMPLATE_SUFFIX)
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
        temporary.write_bytes(packed)
        temporary.replace(cached)

    def capture_templates(self, ref: FingerprintRef, *, fingers: tuple[int, ...]) -> TenPrint:
        """Extract the templates of a synthetic capture rendered as images (a booked person's prior records)."""
        images = self.studio.capture(ref, fingers=fingers)
        return {f: extract(FingerprintImage(pixels=i.pixels, ppi=i.ppi or 500.0)) for f, i in images.items()}

    @staticmethod
    def stand_in_batch(wanted: list[tuple[FingerprintRef, tuple[int, ...]]]) -> list[TenPrint]:
        """Template-level prints standing in for captures that no probe of their own person has needed yet.

        They come from the same finger model as rendered prints but not from the same draws, so they can
        only ever play the part of other people's records (impostors) in a search; the simulation replaces
        them with templates extracted from the rendered captures before that person's own booking is
        searched. Generated in batches (one per impression number and finger set) for speed.
        """
        groups: dict[tuple[int, tuple[int, ...]], list[int]] = {}
        for index, (ref, fingers) in enumerate(wanted):
            groups.setdefault((impression_number(ref), fingers), []).append(index)
        out: list[TenPrint] = [{} for _ in wanted]
        for (impression, fingers), indices in groups.items():
            identities = sorted({wanted[i][0].seed for i in indices})
            batch = generate_minutiae_population(
                STAND_IN_SEED, identities, impression=impression, fingers=fingers
            )
            by_identity: dict[int, dict[int, Template]] = {}
            for row, template in enumerate(engine_templates(batch)):
                by_identity.setdefault(int(batch.identities[row]), {})[int(batch.fingers[row])] = template
            for i in indices:
                out[i] = by_identity[wanted[i][0].seed]
        return out

    def replace_subject(self, session: Session, gallery: str, subject_id: str) -> None:
        """Drop a subject's entries in this transaction (and from memory once it commits)."""
        session.execute(
            delete(GalleryEntryRow).where(
                GalleryEntryRow.gallery == gallery, GalleryEntryRow.subject_id == subject_id
            )
        )

        def on_commit(_session: Session) -> None:
            if subject_id in self.gallery(gallery):
                self.gallery(gallery).remove(subject_id)

        event.listen(session, "after_commit", on_commit, once=True)

    # -- the agencies' port -------------------------------------------------------------------------------------
    def search(self, gallery: str, transaction_sha256: str) -> SearchResult:
        """Candidates best first, scored as evidence: -log10 of the fused false-match rate (Fisher's method
        over the calibrated per-finger rates); the threshold is the policy's, on the same scale."""
        probe = self.tenprint(transaction_sha256)
        index = self.gallery(gallery)
        if len(index) == 0:
            return SearchResult(candidates=(), threshold=self.threshold)
        found = index.identify(probe, top_k=self.top_k, coarse_candidates=self.coarse_candidates)
        # Candidate.score is the gallery's evidence: -log10 of the fused false-match rate (biometrics.fusion)
        return SearchResult(
            candidates=tuple(Candidate(c.subject_id, float(c.score)) for c in found), threshold=self.threshold
        )

    def enrol_templates(
        self,
        session: Session,
        gallery: str,
        subject_id: str,
        encounter_id: str,
        templates: TenPrint,
        *,
        at: datetime,
    ) -> None:
        """Store the entries in the caller's transaction; add them to the in-memory gallery once it commits."""
        pending = []
        for finger, template in sorted(templates.items()):
            sha = self.blobs.put(template.to_bytes(), suffix=".tpl")
            key = (gallery, subject_id, encounter_id, finger)
            if session.get(GalleryEntryRow, key) is not None:
                continue
            session.add(
                GalleryEntryRow(
                    gallery=gallery,
                    subject_id=subject_id,
                    encounter_id=encounter_id,
                    finger=finger,
                    template_sha256=sha,
                    enrolled_at=at,
                )
            )
            pending.append((finger, template))
        if not pending:
            return

        def on_commit(_session: Session) -> None:
            for finger, template in pending:
                self.gallery(gallery).enrol(subject_id, encounter_id, finger, template)

        event.listen(session, "after_commit", on_commit, once=True)

    def enrol_new_encounters(
        self,
        session: Session,
        entries: Sequence[tuple[str, str, str, TenPrint]],
        *,
        at: datetime,
    ) -> None:
        """`enrol_templates` for many (gallery, subject, encounter, templates) at once, for encounters this
        transaction creates (seeding a county): no entry can exist yet, so none is looked up; the template
        files are written together and the rows inserted in one statement."""
        flat = [
            (gallery, subject, encounter, finger, template)
            for gallery, subject, encounter, templates in entries
            for finger, template in sorted(templates.items())
        ]
        if not flat:
            return
        digests = self.blobs.put_many([t.to_bytes() for *_, t in flat], suffix=".tpl")
        session.execute(
            insert(GalleryEntryRow),
            [
                {
                    "gallery": gallery,
                    "subject_id": subject,
                    "encounter_id": encounter,
                    "finger": finger,
                    "template_sha256": sha,
                    "enrolled_at": at,
                }
                for (gallery, subject, encounter, finger, _t), sha in zip(flat, digests, strict=True)
            ],
        )

        def on_commit(_session: Session) -> None:
            for gallery, subject, encounter, finger, template in flat:
                self.gallery(gallery).enrol(subject, encounter, finger, template)

        event.listen(session, "after_commit", on_commit, once=True)

    def port(self, session: Session) -> _SessionBiometrics:
        return _SessionBiometrics(self, session)


class _SessionBiometrics:
    """The `Biometrics` port bound to one transaction."""

    def __init__(self, service: BiometricService, session: Session) -> None:
        self.service = service
        self.session = session

    def search(self, gallery: str, transaction_sha256: str) -> SearchResult:
        return self.service.search(gallery, transaction_sha256)

    def enrol(
        self, gallery: str, subject_id: str, encounter_id: str, transaction_sha256: str, *, at: datetime
    ) -> None:
        templates = self.service.tenprint(transaction_sha256)
        self.service.enrol_templates(self.session, gallery, subject_id, encounter_id, templates, at=at)


def extract_tenprint(data: bytes, *, source: str) -> dict[int, Template]:
    """What the FBI extracts from a CAR: one template per rolled finger (FGP 1-10), from the decoded images."""
    transaction = parse_transaction(data, source=source)
    return {
        position: extract(FingerprintImage(pixels=image.pixels, ppi=image.ppi or 500.0))
        for position, image in finger_images(transaction).items()
        if 1 <= position <= 10
    }


def pack_tenprint(templates: Mapping[int, Template]) -> bytes:
    parts = [
        f"{finger}".encode() + b":" + template.to_bytes().hex().encode()
        for finger, template in sorted(templates.items())
    ]
    return _SEPARATOR.join(parts)


def unpack_tenprint(data: bytes) -> dict[int, Template]:
    out: dict[int, Template] = {}
    for part in data.split(_SEPARATOR):
        if not part:
            continue
        finger, _, hexed = part.partition(b":")
        out[int(finger)] = Template.load(bytes.fromhex(hexed.decode()))
    return out
