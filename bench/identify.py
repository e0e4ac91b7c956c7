"""1:N identification on synthetic ten-prints: enrolment, memory, search latency, scan rate, FNIR at FPIR.

    python bench/identify.py [--gallery 10000 100000] [--probes 200] [--non-mated 1000] [--candidates 5 10]
                             [--threads 1 2] [--timed 20] [--images 8] [--workers 1] [--seed 2024] [--json]

For each gallery size N:
* gallery: impression 1 of synthetic identities 0..N-1 at the template level
  (`biometrics.synthetic.population`), converted exactly as `engine_bridge.engine_template` converts them
  (checked on sampled rows) and enrolled as coarse codes (`Gallery.enrol_codes`); their full templates are
  made on demand for the fine stage through `templates=` (generating 10^6 full templates would take hours),
  and are in memory before anything is timed;
* enrolment rate of the bulk path (codes from minutiae arrays) and of the API path (`enrol_encounter` with
  `Template`s, on min(N, 500) identities), and bytes per identity: coarse (scanned every search) and full
  (coarse + stored templates + ids, measured on the API path);
* probes: `--probes` mated (impression 2 of enrolled identities) and `--non-mated` (impression 2 of
  identities never enrolled), all ten fingers;
* accuracy (one pass at the largest --candidates, run with the most threads; smaller candidate counts are
  read off the same searches, since fine scores do not depend on how many candidates there are): rank-1 hit
  rate, coarse hit rate (mate among the coarse candidates), and FNIR at FPIR 0.1 % on the fused evidence
  (-log10 fused false-match rate); with fewer than 1,000 non-mated searches the FPIR is resolved only to
  1/non-mated and the figure says so;
* latency on `--timed` mated + `--timed` non-mated probes for each thread count: full search (median,
  p95), the coarse stage, and the bare scan (5 repeats, median and best); identities scanned per second
  per core = N / (bare scan time x threads).
With --fvc: the coarse code's one-finger separation (d', rank-1) on the real FVC sets in the shared data,
extracted by the engine, beside template-level synthetic prints.
Then, with --images K: K identities' ten prints rendered as images and extracted by the engine (the
realistic path) against K template-level identities, each set beside --background template-level records,
side by side (mate's coarse score and rank, fused evidence, per-finger scores; non-mated top scores).
With --json the last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import resource
import statistics
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

os.environ.setdefault("NUMBA_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics import parameters as EP
from securecomm.biometrics.gallery import (
    DEFAULT_SPEC,
    FINGERS,
    Gallery,
    encode_minutiae,
    encode_template,
)
from securecomm.biometrics.synthetic.engine_bridge import engine_template
from securecomm.biometrics.synthetic.population import (
    MinutiaeBatch,
    generate_minutiae_population,
)
from securecomm.biometrics.template import Template

TenPrint = dict[int, Template]
NON_MATED_BASE = 100_000_000  # identities from here on are never enrolled
CHUNK = 4096


def _say(*parts: Any) -> None:
    print(*parts, file=sys.stderr, flush=True)


# --- the template-level gallery -----------------------------------------------------------------------------
def engine_arrays(batch: MinutiaeBatch) -> tuple[NDArray[np.int64], NDArray[Any], NDArray[Any], NDArray[Any]]:
    """The batch's minutiae as `engine_template` would store them (best MAX_MINUTIAE by quality, rounded
    and clipped positions, the engine's angle convention), in CSR layout."""
    counts = batch.counts()
    offsets = batch.offsets
    keep = np.ones(batch.x.size, dtype=bool)
    for r in np.flatnonzero(counts > EP.MAX_MINUTIAE).tolist():
        lo, hi = int(offsets[r]), int(offsets[r + 1])
        best = np.argsort(-batch.quality[lo:hi].astype(int), kind="stable")[: EP.MAX_MINUTIAE]
        row = np.zeros(hi - lo, dtype=bool)
        row[best] = True
        keep[lo:hi] = row
    new_counts = np.minimum(counts, EP.MAX_MINUTIAE)
    new_offsets = np.zeros(counts.size + 1, dtype=np.int64)
    np.cumsum(new_counts, out=new_offsets[1:])
    x = np.clip(np.rint(batch.x[keep]), 0, batch.width - 1).astype(np.int16)
    y = np.clip(np.rint(batch.y[keep]), 0, batch.height - 1).astype(np.int16)
    direction = np.mod(-batch.direction[keep].astype(np.float64), 2 * math.pi).astype(np.float32)
    direction[direction >= np.float32(2 * math.pi)] = 0.0
    return new_offsets, x, y, direction


def _encode_chunk(seed: int, identities: NDArray[np.int64]) -> tuple[NDArray[np.uint64], float, float]:
    started = time.perf_counter()
    batch = generate_minutiae_population(seed, identities, impression=1)
    generated = time.perf_counter()
    codes = encode_minutiae(*engine_arrays(batch), gallery=True)
    done = time.perf_counter()
    return codes.reshape(identities.size, FINGERS, DEFAULT_SPEC.words), generated - started, done - generated


def subject_of(identity: int) -> str:
    return f"P{identity:09d}"


def build_gallery(seed: int, n: int, workers: int) -> tuple[Gallery, dict[str, float]]:
    gallery = Gallery()
    chunks = [np.arange(s, min(s + CHUNK, n), dtype=np.int64) for s in range(0, n, CHUNK)]
    generate_s = encode_s = enrol_s = 0.0
    started = time.perf_counter()
    fork = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=fork) if workers > 1 else None
    seeds = [seed] * len(chunks)
    results = pool.map(_encode_chunk, seeds, chunks) if pool else map(_encode_chunk, seeds, chunks)
    for done, (ids, (codes, gen_s, enc_s)) in enumerate(zip(chunks, results, strict=True), start=1):
        generate_s += gen_s
        encode_s += enc_s
        t = time.perf_counter()
        gallery.enrol_codes([subject_of(i) for i in ids.tolist()], ["E1"] * ids.size, codes)
        enrol_s += time.perf_counter() - t
        if done % 25 == 0:
            _say(f"  enrolled {int(ids[-1]) + 1:,} of {n:,}")
    if pool is not None:
        pool.shutdown()
    gallery.seal("s000000")
    wall = time.perf_counter() - started
    # self-check: the fast conversion gives the codes engine_template's templates give
    check = np.random.default_rng(seed).choice(n, size=min(n, 8), replace=False)
    batch = generate_minutiae_population(seed, check, impression=1)
    segment = gallery.segments[0]
    for r in range(len(batch)):
        identity, finger = int(batch.identities[r]), int(batch.fingers[r])
        expected = encode_template(engine_template(batch, r), gallery=True)
        if not np.array_equal(segment.codes[identity, finger - 1], expected):
            raise SystemExit(
                f"bench conversion drifted from engine_template (identity {identity} finger {finger})"
            )
    return gallery, {
        "generate_s": generate_s,
        "encode_s": encode_s,
        "insert_s": enrol_s,
        "wall_s": wall,
        "enrol_identities_per_s": n / (encode_s + enrol_s),
        "generate_identities_per_s": n / generate_s,
    }


def ten_prints(seed: int, identities: Sequence[int], impression: int) -> list[TenPrint]:
    batch = generate_minutiae_population(seed, list(identities), impression=impression)
    out: list[TenPrint] = [{} for _ in identities]
    for r in range(len(batch)):
        out[r // FINGERS][int(batch.fingers[r])] = engine_template(batch, r)
    return out


class SyntheticTemplates:
    """The fine stage's templates of enrolled identities, made on first use and kept (the `templates=`
    lookup of a gallery enrolled as codes)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.cache: dict[int, TenPrint] = {}

    def __call__(self, subject_id: str, encounter_id: str, finger: int) -> Template | None:
        identity = int(subject_id[1:])
        if identity not in self.cache:
            self.cache[identity] = ten_prints(self.seed, [identity], 1)[0]
        return self.cache[identity].get(finger)


def api_enrolment(seed: int, n: int) -> dict[str, float]:
    """`enrol_encounter` with full templates: rate and bytes per identity (templates made beforehand)."""
    identities = list(range(n))
    prints = ten_prints(seed, identities, 1)
    gallery = Gallery()
    started = time.perf_counter()
    for identity, ten in zip(identities, prints, strict=True):
        gallery.enrol_encounter(subject_of(identity), "E1", ten)
    elapsed = time.perf_counter() - started
    sizes = gallery.nbytes()
    gallery.identify(prints[0], top_k=1, coarse_candidates=1)  # compiles every kernel before any fork
    return {
        "identities": n,
        "identities_per_s": n / elapsed,
        "bytes_per_identity_coarse": sizes["coarse"] / n,
        "bytes_per_identity_templates": sizes["templates"] / n,
        "bytes_per_identity_full": sum(sizes.values()) / n,
    }


# --- accuracy --------------------------------------------------------------------------------------------------
def fnir_at_fpir(
    mated_scores: Sequence[float], non_mated_top: Sequence[float], fpir: float = 0.001
) -> dict[str, float]:
    """FNIR at the lowest threshold whose FPIR <= `fpir` (a mate missing from the list scores -inf)."""
    top = np.sort(np.asarray(non_mated_top, dtype=np.float64))[::-1]
    allowed = math.floor(fpir * top.size)
    # a threshold just above the (allowed+1)-th highest non-mated top score lets `allowed` through
    threshold = float(np.nextafter(top[allowed], np.inf)) if top.size > allowed else -math.inf
    mated = np.asarray(mated_scores, dtype=np.float64)
    return {
        "threshold": threshold,
        "fpir": float(np.mean(top >= threshold)) if top.size else 0.0,
        "fpir_resolution": 1.0 / top.size if top.size else 1.0,
        "fnir": float(np.mean(mated < threshold)) if mated.size else 0.0,
    }


Found = list[tuple[str, float, float]]
"""A search's candidates as (subject_id, fused evidence, coarse score)."""

_STATE: dict[str, Any] = {}  # what forked search workers inherit (the gallery is not copied, only shared)


def _search(which: tuple[str, int]) -> Found:
    probes, gallery, lookup, most = _STATE["probes"], _STATE["gallery"], _STATE["lookup"], _STATE["most"]
    found = gallery.identify(probes[which[0]][which[1]], top_k=most, coarse_candidates=most, templates=lookup)
    return [(c.subject_id, c.score, c.coarse_score) for c in found]


def _restrict(found: Found, candidates: int) -> Found:
    """What a search with `candidates` coarse candidates would have returned (one record per subject here)."""
    by_coarse = sorted(found, key=lambda c: -c[2])[:candidates]
    return sorted(by_coarse, key=lambda c: -c[1])


def accuracy(
    gallery: Gallery,
    mated: Sequence[tuple[int, TenPrint]],
    non_mated: Sequence[TenPrint],
    candidate_counts: Sequence[int],
    lookup: SyntheticTemplates,
    workers: int,
) -> dict[str, Any]:
    most = max(candidate_counts)
    _STATE.update(
        probes={"m": [p for _, p in mated], "n": list(non_mated)}, gallery=gallery, lookup=lookup, most=most
    )
    jobs = [("m", i) for i in range(len(mated))] + [("n", i) for i in range(len(non_mated))]
    results: list[Found] = []
    if workers > 1:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for done, found in enumerate(pool.map(_search, jobs, chunksize=4), start=1):
                results.append(found)
                if done % 100 == 0:
                    _say(f"  searches {done}/{len(jobs)}")
    else:
        for done, job in enumerate(jobs, start=1):
            results.append(_search(job))
            if done % 100 == 0:
                _say(f"  searches {done}/{len(jobs)}")
    _STATE.clear()
    mated_found = list(zip([i for i, _ in mated], results[: len(mated)], strict=True))
    non_found = results[len(mated) :]
    out: dict[str, Any] = {}
    for c in candidate_counts:
        mate_scores, rank1, coarse_hit = [], 0, 0
        for identity, found in mated_found:
            kept = _restrict(found, c)
            mine = [x for x in kept if x[0] == subject_of(identity)]
            mate_scores.append(mine[0][1] if mine else -math.inf)
            rank1 += bool(kept) and kept[0][0] == subject_of(identity)
            coarse_hit += bool(mine)
        top_scores = [kept[0][1] if (kept := _restrict(found, c)) else -math.inf for found in non_found]
        out[str(c)] = {
            "rank1_hit_rate": rank1 / max(len(mated), 1),
            "coarse_hit_rate": coarse_hit / max(len(mated), 1),
            "mate_evidence_median": float(np.median([s for s in mate_scores if s > -math.inf] or [math.nan])),
            "non_mated_top_evidence_max": float(max(top_scores)) if top_scores else math.nan,
            **fnir_at_fpir(mate_scores, top_scores),
        }
    coarse_ranks = []
    for identity, found in mated_found:
        order = [x[0] for x in sorted(found, key=lambda x: -x[2])]
        coarse_ranks.append(
            order.index(subject_of(identity)) + 1 if subject_of(identity) in order else most + 1
        )
    out["coarse_rank_of_mate"] = {
        "median": float(np.median(coarse_ranks)) if coarse_ranks else math.nan,
        "max": int(max(coarse_ranks)) if coarse_ranks else 0,
        "beyond_list": int(sum(r > most for r in coarse_ranks)),
    }
    return out


# --- latency ----------------------------------------------------------------------------------------------------
def _percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else math.nan


def latency(
    base: Gallery, probes: Sequence[TenPrint], threads: int, candidates: int, lookup: SyntheticTemplates
) -> dict[str, float]:
    gallery = Gallery(segments=base.segments, removed=base.removed, threads=threads)
    for probe in probes:  # the candidates' templates exist before timing starts (a real gallery stores them)
        for found in gallery.coarse(probe, candidates):
            for finger in probe:
                lookup(found.subject_id, found.encounter_id, finger)
    gallery.identify(probes[0], top_k=1, coarse_candidates=1, templates=lookup)  # warm: compiled code, pools
    search_ms, coarse_ms, scan_ms = [], [], []
    for probe in probes:
        started = time.perf_counter()
        gallery.identify(probe, top_k=candidates, coarse_candidates=candidates, templates=lookup)
        search_ms.append((time.perf_counter() - started) * 1e3)
        started = time.perf_counter()
        gallery.coarse(probe, candidates)
        coarse_ms.append((time.perf_counter() - started) * 1e3)
    code = gallery.probe_code(probes[0])
    blocks = gallery.blocks()
    for _ in range(5):
        started = time.perf_counter()
        gallery.backend.scan(blocks, code, candidates)
        scan_ms.append((time.perf_counter() - started) * 1e3)
    gallery.close()
    n = base.live_records()
    return {
        "threads": threads,
        "search_ms_median": statistics.median(search_ms),
        "search_ms_p95": _percentile(search_ms, 95),
        "search_ms_best": min(search_ms),
        "coarse_ms_median": statistics.median(coarse_ms),
        "scan_ms_median": statistics.median(scan_ms),
        "scan_ms_best": min(scan_ms),
        "identities_scanned_per_s_per_core": n / (statistics.median(scan_ms) / 1e3) / threads,
    }


# --- the realistic path: rendered images through the extractor ----------------------------------------------
def image_check(seed: int, k: int, background: int, candidates: int) -> dict[str, Any]:
    """K enrolled identities and K never enrolled, all ten fingers, rendered as images and extracted by the
    engine, against the same protocol on template-level prints of K other identities. Both galleries also
    hold the same `background` template-level identities, so that coarse scores are normalised alike and
    the mate's rank is taken among K + background records."""
    from securecomm.biometrics.extractor import extract
    from securecomm.biometrics.image import FingerprintImage
    from securecomm.biometrics.synthetic import FingerPosition, generate_master, render_impression

    def rendered(identity: int, impressions: Sequence[int]) -> list[TenPrint]:
        out: list[TenPrint] = [{} for _ in impressions]
        for finger in range(1, FINGERS + 1):
            master = generate_master(seed, identity=identity, finger=FingerPosition(finger))
            for slot, impression in enumerate(impressions):
                image = render_impression(master, seed=seed, impression=impression).image
                out[slot][finger] = extract(FingerprintImage(np.ascontiguousarray(image)))
        return out

    started = time.perf_counter()
    enrolled, probes, strangers = [], [], []
    for identity in range(k):
        first, second = rendered(identity, (1, 2))
        enrolled.append(first)
        probes.append(second)
        strangers.append(rendered(NON_MATED_BASE + identity, (2,))[0])
        _say(f"  rendered and extracted identity {identity + 1}/{k}")
    image_s = time.perf_counter() - started
    foreground = range(2 * NON_MATED_BASE, 2 * NON_MATED_BASE + k)
    templates = ten_prints(seed, foreground, 1)
    template_probes = ten_prints(seed, foreground, 2)
    template_strangers = ten_prints(seed, range(NON_MATED_BASE + k, NON_MATED_BASE + 2 * k), 2)
    base, _ = build_gallery(seed, background, 1)
    lookup = SyntheticTemplates(seed)

    def protocol(
        gallery_prints: list[TenPrint], mated: list[TenPrint], others: list[TenPrint]
    ) -> dict[str, Any]:
        gallery = Gallery(segments=base.segments)
        for identity, ten in enumerate(gallery_prints):
            gallery.enrol_encounter(f"K{identity}", "E1", ten)
        coarse, rank, evidence, finger_scores = [], [], [], []
        for identity, probe in enumerate(mated):
            found = gallery.identify(probe, top_k=candidates, coarse_candidates=candidates, templates=lookup)
            order = [c.subject_id for c in sorted(found, key=lambda c: -c.coarse_score)]
            mine = [c for c in found if c.subject_id == f"K{identity}"]
            rank.append(order.index(f"K{identity}") + 1 if mine else candidates + 1)
            coarse.append(mine[0].coarse_score if mine else math.nan)
            evidence.append(mine[0].score if mine else math.nan)
            finger_scores += list(mine[0].finger_scores.values()) if mine else []
        other_coarse, other_evidence = [], []
        for probe in others:
            found = gallery.identify(probe, top_k=candidates, coarse_candidates=candidates, templates=lookup)
            other_coarse.append(max(c.coarse_score for c in found))
            other_evidence.append(found[0].score)
        return {
            "mated_coarse_score_median": float(np.nanmedian(coarse)),
            "mated_coarse_score_min": float(np.nanmin(coarse)),
            "mated_coarse_rank_max": float(max(rank)),
            "mated_rank1_rate": float(np.mean(np.asarray(rank) == 1)),
            "mated_evidence_median": float(np.nanmedian(evidence)),
            "mated_evidence_min": float(np.nanmin(evidence)),
            "mated_finger_score_median": float(np.median(finger_scores)) if finger_scores else math.nan,
            "non_mated_top_coarse_max": float(max(other_coarse)),
            "non_mated_top_evidence_max": float(max(other_evidence)),
        }

    return {
        "identities": k,
        "background": background,
        "image_path_seconds": image_s,
        "images": protocol(enrolled, probes, strangers),
        "templates": protocol(templates, template_probes, template_strangers),
    }


def _separation(templates: list[Template], fingers: NDArray[np.int64]) -> dict[str, float]:
    """Per-finger coarse separation: chance z of every ordered pair of different impressions, search code
    against enrolment code; genuine = same finger. d' = (mean_g - mean_i) / sqrt((var_g + var_i) / 2)."""
    from securecomm.biometrics.gallery.scan import chance_z

    search = np.stack([encode_template(t, gallery=False) for t in templates])
    enrolled = np.stack([encode_template(t, gallery=True) for t in templates])
    common = np.bitwise_count(search[:, None] & enrolled[None]).sum(axis=2, dtype=np.int64)
    z = chance_z(
        common,
        np.bitwise_count(search).sum(1)[:, None],
        np.bitwise_count(enrolled).sum(1)[None],
        DEFAULT_SPEC.bits,
    )
    same = fingers[:, None] == fingers[None, :]
    other = ~np.eye(len(templates), dtype=bool)
    genuine, impostor = z[same & other], z[~same]
    np.fill_diagonal(z, -np.inf)
    return {
        "genuine_z_median": float(np.median(genuine)),
        "genuine_z_p10": float(np.percentile(genuine, 10)),
        "impostor_z_mean": float(impostor.mean()),
        "impostor_z_sd": float(impostor.std()),
        "d_prime": float(
            (genuine.mean() - impostor.mean()) / math.sqrt(0.5 * (genuine.var() + impostor.var()))
        ),
        "rank1": float(np.mean(fingers[np.argmax(z, axis=1)] == fingers)),
    }


def fvc_check(seed: int) -> dict[str, Any]:
    """The coarse code's per-finger separation on the real FVC sets (extracted by the engine) beside
    template-level synthetic prints of 10 fingers x 8 impressions."""
    from pathlib import Path

    from securecomm.biometrics.extractor import extract
    from securecomm.biometrics.image import decode_image
    from securecomm.config import shared_data_dir

    out: dict[str, Any] = {}
    shared = shared_data_dir()
    for name in ("fvc2002_db1_b", "fvc2000_db4_b"):
        folder = Path(shared) / "fingerprints" / name if shared else None
        if folder is None or not folder.is_dir():
            out[name] = "not on this machine"
            continue
        files = sorted(folder.glob("*.tif"))
        templates = [extract(decode_image(f.read_bytes(), where=str(f))) for f in files]
        fingers = np.array([int(f.stem.split("_")[0]) for f in files])
        out[name] = _separation(templates, fingers)
    synthetic: list[Template] = []
    labels: list[int] = []
    for impression in range(1, 9):
        batch = generate_minutiae_population(seed, range(10), impression=impression, fingers=[2])
        synthetic += [engine_template(batch, r) for r in range(len(batch))]
        labels += list(range(10))
    out["synthetic_templates"] = _separation(synthetic, np.array(labels))
    return out


# --- report -----------------------------------------------------------------------------------------------------
def run_size(args: argparse.Namespace, n: int) -> dict[str, Any]:
    _say(f"gallery of {n:,} identities")
    gallery, build = build_gallery(args.seed, n, args.workers)
    rng = np.random.default_rng(args.seed + n)
    mated_ids = sorted(rng.choice(n, size=min(args.probes, n), replace=False).tolist())
    _say(f"  making {len(mated_ids)} mated and {args.non_mated} non-mated probes")
    mated = list(zip(mated_ids, ten_prints(args.seed, mated_ids, 2), strict=True))
    non_mated = ten_prints(args.seed, range(NON_MATED_BASE, NON_MATED_BASE + args.non_mated), 2)
    lookup = SyntheticTemplates(args.seed)
    # forked search workers must not inherit thread pools (their threads do not survive a fork)
    searching = Gallery(segments=gallery.segments, threads=max(args.threads) if args.workers == 1 else 1)
    found = accuracy(searching, mated, non_mated, args.candidates, lookup, args.workers)
    searching.close()
    timed = [p for _, p in mated[: args.timed]] + list(non_mated[: args.timed])
    timings = [
        latency(gallery, timed, t, c, lookup) | {"candidates": c}
        for t in args.threads
        for c in args.candidates
    ]
    return {
        "gallery": n,
        "build": build,
        "bytes_per_identity_coarse": gallery.nbytes()["coarse"] / n,
        "mated_probes": len(mated),
        "non_mated_probes": len(non_mated),
        "accuracy": found,
        "latency": timings,
        "templates_made_for_fine_stage": len(lookup.cache),
    }


def _human_size(size: dict[str, Any]) -> str:
    b = size["build"]
    lines = [
        f"N = {size['gallery']:,}: enrol {b['enrol_identities_per_s']:.0f} identities/s (codes from minutiae;"
        f" generating them {b['generate_identities_per_s']:.0f}/s); coarse {size['bytes_per_identity_coarse']:.0f}"
        f" B/identity; {size['mated_probes']} mated + {size['non_mated_probes']} non-mated searches"
    ]
    acc = size["accuracy"]
    rank = acc["coarse_rank_of_mate"]
    lines.append(
        f"  mate's coarse rank: median {rank['median']:.0f}, worst {rank['max']}, beyond list {rank['beyond_list']}"
    )
    for c in sorted((k for k in acc if k.isdigit()), key=int):
        a = acc[c]
        lines.append(
            f"  {c:>3} candidates: rank-1 {100 * a['rank1_hit_rate']:.2f} %, coarse hit {100 * a['coarse_hit_rate']:.2f} %,"
            f" FNIR {100 * a['fnir']:.2f} % at FPIR {100 * a['fpir']:.2f} % (resolution {100 * a['fpir_resolution']:.2f} %,"
            f" threshold {a['threshold']:.2f}); mate evidence median {a['mate_evidence_median']:.1f},"
            f" non-mated top max {a['non_mated_top_evidence_max']:.2f}"
        )
    for t in size["latency"]:
        lines.append(
            f"  {t['threads']} thread(s), {t['candidates']:>3} candidates: search {t['search_ms_median']:.0f} ms median,"
            f" {t['search_ms_p95']:.0f} ms p95, {t['search_ms_best']:.0f} ms best; coarse stage {t['coarse_ms_median']:.1f} ms; bare scan"
            f" {t['scan_ms_median']:.1f} ms (best {t['scan_ms_best']:.1f}) ="
            f" {t['identities_scanned_per_s_per_core'] / 1e6:.2f} M identities/s/core"
        )
    lines.append(f"  (load {size['load'][0]:.2f} when this size finished)")
    return "\n".join(lines)


def _human(result: dict[str, Any]) -> str:
    lines = [
        f"machine: {result['cpus']} CPUs, load {result['load_before'][0]:.2f} before / {result['load_after'][0]:.2f}"
        f" after; peak RSS {result['max_rss_mb']:.0f} MB",
        f"API enrolment (enrol_encounter, full templates, {result['api']['identities']} identities):"
        f" {result['api']['identities_per_s']:.0f} identities/s; bytes/identity coarse"
        f" {result['api']['bytes_per_identity_coarse']:.0f}, full {result['api']['bytes_per_identity_full']:.0f}",
    ]
    if result.get("images"):
        im = result["images"]
        lines.append(
            f"realistic path: {im['identities']} identities from rendered images vs {im['identities']}"
            f" template-level ones, each set beside {im['background']} template-level records"
            f" ({im['image_path_seconds']:.0f} s to render and extract):"
        )
        for key in im["images"]:
            lines.append(
                f"  {key:28s} images {im['images'][key]:8.3f}   templates {im['templates'][key]:8.3f}"
            )
    if result.get("fvc"):
        lines.append(
            "coarse code, one finger against one (chance z of search vs enrolment codes, all pairs):"
        )
        for name, figures in result["fvc"].items():
            text = (
                figures if isinstance(figures, str) else ", ".join(f"{k} {v:.2f}" for k, v in figures.items())
            )
            lines.append(f"  {name:20s} {text}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gallery", type=int, nargs="+", default=[10_000], help="gallery sizes N")
    parser.add_argument("--probes", type=int, default=200, help="mated searches per N")
    parser.add_argument("--non-mated", type=int, default=1000, help="non-mated searches per N")
    parser.add_argument("--candidates", type=int, nargs="+", default=[5, 10], help="coarse candidates")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="thread counts to time")
    parser.add_argument("--timed", type=int, default=20, help="mated and non-mated probes timed per setting")
    parser.add_argument("--images", type=int, default=8, help="identities for the image-path check (0: skip)")
    parser.add_argument("--background", type=int, default=2000, help="template-level records beside them")
    parser.add_argument("--fvc", action="store_true", help="per-finger coarse separation on the FVC sets")
    parser.add_argument("--api", type=int, default=500, help="identities enrolled through enrol_encounter")
    parser.add_argument("--workers", type=int, default=1, help="processes building the gallery and searching")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--json", action="store_true", help="end with one JSON object")
    args = parser.parse_args(argv)
    if min(args.gallery) < 1 or min(args.candidates) < 1 or min(args.threads) < 1 or args.timed < 1:
        parser.error("sizes, candidates, threads and --timed must be >= 1")
    result: dict[str, Any] = {"cpus": os.cpu_count(), "load_before": os.getloadavg(), "seed": args.seed}
    _say("API enrolment")
    result["api"] = api_enrolment(args.seed, min(args.api, min(args.gallery)))
    result["sizes"] = []
    for n in args.gallery:
        size = run_size(args, n) | {"load": os.getloadavg()}
        print(_human_size(size), flush=True)
        result["sizes"].append(size)
    if args.images:
        _say(f"image path: {args.images} identities")
        result["images"] = image_check(args.seed, args.images, args.background, max(args.candidates))
    if args.fvc:
        _say("FVC sets: per-finger coarse separation")
        result["fvc"] = fvc_check(args.seed)
    result["load_after"] = os.getloadavg()
    result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(_human(result), flush=True)
    if args.json:
        print(json.dumps(result, default=float))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
