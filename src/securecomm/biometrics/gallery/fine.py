"""The fine stage: the engine's full matcher on the coarse stage's candidates, fused over fingers.

Every finger present in both the probe and a candidate record is compared with `Matcher(probe).match` (the
probe side is prepared once per search). Fusion is the engine's own (`securecomm.biometrics.fusion`:
per-finger calibrated false-match rates combined by Fisher's method; a finger missing on either side, or
too poor to count, is skipped and named). The gallery returns the engine's per-finger scores and the fused
rate and never decides "match": the caller applies the threshold it calibrated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

from securecomm.biometrics.fusion import FingerComparison, FusedResult, fuse
from securecomm.biometrics.matcher import Matcher, PreparedTemplate, Score, prepare
from securecomm.biometrics.template import Template

__all__ = ["FineJob", "fuse_record", "match_jobs", "prepare_probe"]


@dataclass(frozen=True, slots=True)
class FineJob:
    """One comparison to run: probe finger `finger` against a candidate record's template."""

    record: int
    finger: int
    template: Template | PreparedTemplate

    @property
    def minutiae(self) -> int:
        t = self.template
        return (t.template if isinstance(t, PreparedTemplate) else t).count


def prepare_probe(probe: Mapping[int, Template], pool: Executor | None) -> dict[int, Matcher]:
    """One matcher per probe finger (each prepares its template's cylinders once)."""
    fingers = sorted(probe)
    if pool is None:
        return {f: Matcher(probe[f]) for f in fingers}
    return dict(zip(fingers, pool.map(lambda f: Matcher(probe[f]), fingers), strict=True))


def match_jobs(
    matchers: Mapping[int, Matcher], jobs: Sequence[FineJob], pool: Executor | None
) -> dict[tuple[int, int], tuple[Score, int]]:
    """(score, candidate minutiae) keyed by (record, finger). The matcher's kernels release the GIL, so a
    thread pool runs comparisons in parallel."""

    def run(job: FineJob) -> Score:
        return matchers[job.finger].match(prepare(job.template))

    runner: Callable[[FineJob], Score] = run
    scores = list(map(runner, jobs)) if pool is None else list(pool.map(runner, jobs))
    return {(j.record, j.finger): (s, j.minutiae) for j, s in zip(jobs, scores, strict=True)}


def fuse_record(
    probe: Mapping[int, Template], record: int, results: Mapping[tuple[int, int], tuple[Score, int]]
) -> FusedResult:
    """The engine's ten-print fusion of one record's comparisons (probe fingers it lacks count as missing)."""
    comparisons = []
    for finger in sorted(probe):
        found = results.get((record, finger))
        if found is None:
            comparisons.append(FingerComparison(finger, None))
        else:
            comparisons.append(FingerComparison(finger, found[0], probe[finger].count, found[1]))
    return fuse(comparisons)
