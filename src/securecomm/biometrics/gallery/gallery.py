"""`Gallery`: enrol, remove and identify ten-prints, with a coarse scan of every record and a fine stage.

>>> gallery = Gallery()                                    # doctest: +SKIP
>>> gallery.enrol("FIN-1", "enc-1", 2, template)           # doctest: +SKIP
>>> gallery.identify({2: probe}, top_k=5, coarse_candidates=20)  # doctest: +SKIP
[Candidate(subject_id='FIN-1', score=46.3, false_match_rate=5.4e-47, encounter_id='enc-1', ...)]

A record is one encounter of one subject (up to ten fingers; `records`). Identification scans every live record's
coarse codes (`scan`), keeps the `coarse_candidates` best records, compares their fingers with the engine's
matcher (`fine`), and returns the best `top_k` subjects by fused fine score with every per-finger score. No
threshold is applied here: the caller owns the decision (the engine's scores may be recalibrated).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from securecomm.audit import transparency
from securecomm.biometrics.gallery.coarse import DEFAULT_SPEC, FINGERS, PairCodeSpec, encode_template
from securecomm.biometrics.gallery.errors import GalleryError
from securecomm.biometrics.gallery.fine import FineJob, fuse_record, match_jobs, prepare_probe
from securecomm.biometrics.gallery.normalisation import probe_normalisation
from securecomm.biometrics.gallery.records import Records, check_count, check_finger
from securecomm.biometrics.gallery.scan import Backend, NumbaBackend, ProbeCode, TopK
from securecomm.biometrics.gallery.segments import Segment
from securecomm.biometrics.matcher import PreparedTemplate, prepare
from securecomm.biometrics.template import Template

__all__ = ["Candidate", "CoarseCandidate", "Gallery", "TemplateLookup"]

TemplateLookup = Callable[[str, str, int], Template | None]
"""(subject_id, encounter_id, finger) -> the enrolled template, or None if that finger has none."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A subject the search returns, scored by its best record (encounter) after the fine stage."""

    subject_id: str
    score: float
    """Fused evidence, -log10 of the ten-print false-match rate (`false_match_rate`): 4 means one unrelated
    ten-print in 10,000 would score this well. The caller's threshold applies to it."""
    false_match_rate: float
    finger_scores: Mapping[int, float] = field(repr=False)
    """The engine's score (`Score.value`) of each finger compared; missing fingers are absent."""
    skipped: tuple[tuple[int, str], ...] = field(repr=False)
    """(finger, reason) for probe fingers the fusion did not use: missing in the record, or too poor."""
    encounter_id: str
    coarse_score: float


@dataclass(frozen=True, slots=True)
class CoarseCandidate:
    """A record the coarse stage kept, with its coarse score (about standard normal for unrelated prints)."""

    record: int
    subject_id: str
    encounter_id: str
    score: float


class Gallery(Records):
    """An in-memory 1:N gallery (pure: arrays in, arrays out; `storage.gallery_files` persists it).

    `threads` > 1 runs the fine stage's comparisons on a thread pool and, unless `backend` is given, scans
    with `NumbaBackend(threads=threads)`. `segments` and `removed` restore a saved gallery. `prepared_cache`
    is how many candidate templates stay prepared for the fine stage (0: none), see `_prepared_jobs`."""

    def __init__(
        self,
        *,
        spec: PairCodeSpec = DEFAULT_SPEC,
        backend: Backend | None = None,
        threads: int = 1,
        segments: Sequence[Segment] = (),
        removed: Sequence[int] | NDArray[np.int64] = (),
        prepared_cache: int = 4096,
    ) -> None:
        super().__init__(spec=spec, segments=segments, removed=removed)
        self.threads = check_count(threads, "threads")
        self.backend: Backend = backend if backend is not None else NumbaBackend(threads=threads)
        self._pool = ThreadPoolExecutor(max_workers=threads) if threads > 1 else None
        self.prepared_cache = prepared_cache
        self._prepared: OrderedDict[bytes, PreparedTemplate] = OrderedDict()

    def probe_code(self, probe: Mapping[int, Template]) -> ProbeCode:
        """The search codes of a probe and their normalisation against this gallery."""
        codes = np.zeros((FINGERS, self.spec.words), dtype=np.uint64)
        for finger, template in probe.items():
            codes[finger - 1] = encode_template(template, gallery=False, spec=self.spec)
        counts = np.bitwise_count(codes).sum(axis=1, dtype=np.int64)
        mean, scale = probe_normalisation(self.blocks(), codes, counts, self.spec.bits)
        return ProbeCode(codes, counts, mean, scale, self.spec.bits)

    def _check_probe(self, probe: object) -> dict[int, Template]:
        if not isinstance(probe, Mapping) or not probe:
            raise GalleryError("a probe is a non-empty {finger position: Template} mapping", where="probe")
        checked: dict[int, Template] = {}
        for finger, template in probe.items():
            f = check_finger(finger, "probe")
            if not isinstance(template, Template):
                raise GalleryError(
                    f"finger {f} is a {type(template).__name__}, not a Template", where="probe"
                )
            checked[f] = template
        return checked

    def coarse(self, probe: Mapping[int, Template], k: int) -> list[CoarseCandidate]:
        """The coarse stage alone: the k best records by coarse score."""
        checked = self._check_probe(probe)
        k = check_count(k, "coarse_candidates")
        top = self._scan(checked, k)
        return [
            CoarseCandidate(int(r), *self.record_key(int(r)), float(s))
            for r, s in zip(top.index, top.score, strict=True)
        ]

    def _scan(self, probe: Mapping[int, Template], k: int) -> TopK:
        if self.live_records() == 0:
            return TopK(np.zeros(0, np.int64), np.zeros(0, np.float64))
        code = self.probe_code(probe)
        if not np.any(code.bit_counts):
            return TopK(np.zeros(0, np.int64), np.zeros(0, np.float64))
        top = self.backend.scan(self.blocks(), code, k)
        transparency.log("gallery-coarse", top)
        return top

    def identify(
        self,
        probe: Mapping[int, Template],
        *,
        top_k: int = 10,
        coarse_candidates: int = 5,
        templates: TemplateLookup | None = None,
    ) -> list[Candidate]:
        """The `top_k` best subjects after the fine stage on the `coarse_candidates` best records.

        Each candidate record costs one engine comparison per finger (about 5-10 ms each, most of it the
        matcher preparing the candidate's cylinders, unless the candidate is in the cache of prepared
        templates, when it is well under 1 ms), so `coarse_candidates` sets the latency: 5 kept a
        10^5 ten-print search near 0.5 s on one core with every synthetic mate found (docs/gallery.md).
        `templates` supplies templates of records enrolled without them (`enrol_codes`); stored templates
        take precedence. Returns [] when the gallery is empty or the probe has no usable finger.
        """
        checked = self._check_probe(probe)
        top_k = check_count(top_k, "top_k")
        coarse_candidates = check_count(coarse_candidates, "coarse_candidates")
        top = self._scan(checked, coarse_candidates)
        if top.index.size == 0:
            return []
        jobs = self._prepared_jobs(self._fine_jobs(checked, top.index, templates))
        matchers = prepare_probe(checked, self._pool)
        results = match_jobs(matchers, jobs, self._pool)
        best: dict[str, tuple[tuple[float, float, float], Candidate]] = {}
        for record, coarse_score in zip(top.index.tolist(), top.score.tolist(), strict=True):
            subject_id, encounter_id = self.record_key(record)
            fused = fuse_record(checked, record, results)
            fingers = {f: results[(record, f)][0].value for f in checked if (record, f) in results}
            candidate = Candidate(
                subject_id,
                fused.evidence,
                fused.false_match_rate,
                MappingProxyType(fingers),
                fused.skipped,
                encounter_id,
                coarse_score,
            )
            # ties of the fused rate (per-finger rates stop at the calibration's floor) go to the raw scores
            order = (candidate.score, float(sum(fingers.values())), coarse_score)
            held = best.get(subject_id)
            if held is None or order > held[0]:
                best[subject_id] = (order, candidate)
        ranked = [
            c for _, c in sorted(best.values(), key=lambda oc: (tuple(-v for v in oc[0]), oc[1].subject_id))
        ]
        ranked = ranked[:top_k]
        transparency.log("gallery-candidates", ranked)
        return ranked

    def _fine_jobs(
        self, probe: Mapping[int, Template], records: NDArray[np.int64], lookup: TemplateLookup | None
    ) -> list[tuple[FineJob, bytes | None]]:
        """Each comparison to run, with the bytes of its template (stored, or of the one `lookup` gave: the
        prepared-template cache's key); a template already prepared comes from the cache."""
        jobs: list[tuple[FineJob, bytes | None]] = []
        for record in records.tolist():
            holder, row = self._locate(record)
            subject_id, encounter_id = self.record_key(record)
            for finger in sorted(probe):
                where = f"gallery record {subject_id}/{encounter_id} finger {finger}"
                data = holder.template_bytes(row, finger)
                template: Template | PreparedTemplate | None = None
                if data is None and lookup is not None:
                    found = lookup(subject_id, encounter_id, finger)
                    data = None if found is None else found.to_bytes()  # the cache key is the content
                    template = found
                elif data is None and holder.bit_counts[row, finger - 1] > 0:
                    raise GalleryError(
                        "the record was enrolled without templates; pass templates= to identify", where=where
                    )
                if data is not None and data in self._prepared:
                    self._prepared.move_to_end(data)
                    template = self._prepared[data]
                elif data is not None and template is None:
                    template = Template.load(data, where=where)
                if template is not None:
                    jobs.append((FineJob(record, finger, template), data))
        return jobs

    def _prepared_jobs(self, jobs: list[tuple[FineJob, bytes | None]]) -> list[FineJob]:
        """The jobs with every candidate template prepared (its cylinders built), through the cache.

        A gallery's candidates recur from search to search (in a simulated county about 7 comparisons in 8
        were of a template compared before), and preparing a template costs several times the comparison,
        so the last `prepared_cache` prepared templates are kept, keyed by their bytes: a finger enrolled
        again has new bytes and is prepared afresh.
        """
        todo = [i for i, (job, _key) in enumerate(jobs) if not isinstance(job.template, PreparedTemplate)]
        templates = [jobs[i][0].template for i in todo]
        fresh = (
            list(map(prepare, templates)) if self._pool is None else list(self._pool.map(prepare, templates))
        )
        out = [job for job, _key in jobs]
        for i, prepared in zip(todo, fresh, strict=True):
            job, key = jobs[i]
            out[i] = FineJob(job.record, job.finger, prepared)
            if key is not None and self.prepared_cache > 0:
                self._prepared[key] = prepared
        while len(self._prepared) > self.prepared_cache:
            self._prepared.popitem(last=False)
        return out

    def close(self) -> None:
        """Stop the gallery's threads and its backend's (the gallery is not used afterwards)."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        self.backend.close()
