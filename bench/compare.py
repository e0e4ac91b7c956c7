"""1:1 speed and accuracy, side by side: our matcher against NIST bozorth3 (nbis-py, in process).

    python bench/compare.py [FOLDER] [--repeats 3] [--json]

FOLDER is an FVC-style set (FFF_I.tif; default: FVC2002 DB1_B from the shared data). Each matcher runs on
its own templates extracted from the same images (ours by `biometrics.extract` + `prepare`, bozorth3's by
mindtct), over the same pairs: every distinct pair of images (the FVC protocol's genuine pairs and all
cross-finger pairs, 3,160 for 80 images). Both run single-threaded in this process; the timings alternate
(ours, bozorth3, ours, ...) so machine load hits both alike, and each figure is the median of --repeats runs
(best in brackets). Extraction and our one-off per-template preparation are reported apart from matching.
EER (FVC protocol and all pairs) is printed for both so accuracy sits beside speed.

With --json the last line is one JSON object: {"ours_per_s", "bozorth3_per_s", "ratio", ...}.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("NUMBA_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from securecomm.biometrics import Matcher, decode_image, extract, prepare
from securecomm.biometrics.evaluation import protocol_pairs, set_metrics
from securecomm.cli.fingerprint_evaluate import fvc_files
from securecomm.config import shared_data_dir

Key = tuple[int, int]


def _timed(work: Any) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="end with one JSON object on stdout")
    args = parser.parse_args()
    folder = args.folder
    if folder is None:
        data = shared_data_dir()
        if data is None:
            sys.exit("no FOLDER given and no shared data (../shared/data) to default to FVC2002 DB1_B")
        folder = data / "fingerprints" / "fvc2002_db1_b"
    try:
        import nbis
    except ImportError:
        sys.exit("bench/compare.py needs nbis-py (pip install -e '.[dev]')")

    files = fvc_files(folder)
    pairs = protocol_pairs(files)
    distinct = pairs.distinct()

    # --- extraction (each engine its own templates) ---
    started = time.perf_counter()
    ours_raw = {k: extract(decode_image(p.read_bytes(), where=str(p))) for k, p in files.items()}
    ours_extract_ms = 1000 * (time.perf_counter() - started) / len(files)
    started = time.perf_counter()
    ours = {k: prepare(t) for k, t in ours_raw.items()}
    ours_prepare_ms = 1000 * (time.perf_counter() - started) / len(files)
    settings = nbis.NbisExtractorSettings(
        min_quality=0.0, get_center=False, check_fingerprint=False, compute_nfiq2=False, ppi=500.0
    )
    extractor = nbis.new_nbis_extractor(settings)
    started = time.perf_counter()
    theirs = {k: extractor.extract_minutiae_from_image_file(str(p)) for k, p in files.items()}
    nbis_extract_ms = 1000 * (time.perf_counter() - started) / len(files)

    by_probe: dict[Key, list[Key]] = {}
    for a, b in distinct:
        by_probe.setdefault(a, []).append(b)

    ours_scores: dict[tuple[Key, Key], float] = {}
    nbis_scores: dict[tuple[Key, Key], float] = {}

    def run_ours() -> None:
        for a, candidates in by_probe.items():
            matcher = Matcher(ours[a])
            for b in candidates:
                ours_scores[(a, b)] = matcher.match(ours[b]).value

    def run_nbis() -> None:
        for a, candidates in by_probe.items():
            probe = theirs[a]
            for b in candidates:
                nbis_scores[(a, b)] = float(probe.compare(theirs[b]))

    run_ours()  # warm the JIT caches before timing
    ours_times: list[float] = []
    nbis_times: list[float] = []
    for _ in range(max(1, args.repeats)):
        ours_times.append(_timed(run_ours))
        nbis_times.append(_timed(run_nbis))
    n = len(distinct)
    ours_rate = n / statistics.median(ours_times)
    nbis_rate = n / statistics.median(nbis_times)
    ours_metrics = set_metrics(ours_scores, pairs)
    nbis_metrics = set_metrics(nbis_scores, pairs)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    summary: dict[str, Any] = {
        "ours_per_s": round(ours_rate, 1),
        "bozorth3_per_s": round(nbis_rate, 1),
        "ratio": round(ours_rate / nbis_rate, 2),
        "ours_best_per_s": round(n / min(ours_times), 1),
        "bozorth3_best_per_s": round(n / min(nbis_times), 1),
        "comparisons": n,
        "ours_eer_percent": round(ours_metrics.eer_percent, 3),
        "ours_eer_all_pairs_percent": round(ours_metrics.eer_all_pairs_percent, 3),
        "bozorth3_eer_percent": round(nbis_metrics.eer_percent, 3),
        "bozorth3_eer_all_pairs_percent": round(nbis_metrics.eer_all_pairs_percent, 3),
        "ours_extract_ms": round(ours_extract_ms, 1),
        "ours_prepare_ms": round(ours_prepare_ms, 2),
        "mindtct_extract_ms": round(nbis_extract_ms, 1),
        "load_average": round(load, 2),
        "folder": str(folder),
    }
    print(
        f"set: {folder} ({len(files)} images, {n} comparisons per run, {args.repeats} runs, load {load:.2f})"
    )
    print(
        f"{'':12s}{'comparisons/s (median [best])':>32s}{'EER FVC':>10s}{'EER all':>10s}{'extract ms':>12s}"
    )
    print(
        f"{'ours':12s}{ours_rate:>20,.0f} [{n / min(ours_times):,.0f}]{ours_metrics.eer_percent:>9.2f}%"
        f"{ours_metrics.eer_all_pairs_percent:>9.2f}%{ours_extract_ms:>12.1f}  (+{ours_prepare_ms:.2f} ms prepare)"
    )
    print(
        f"{'bozorth3':12s}{nbis_rate:>20,.0f} [{n / min(nbis_times):,.0f}]{nbis_metrics.eer_percent:>9.2f}%"
        f"{nbis_metrics.eer_all_pairs_percent:>9.2f}%{nbis_extract_ms:>12.1f}  (mindtct)"
    )
    print(f"ratio ours / bozorth3: {ours_rate / nbis_rate:.1f} x")
    if args.json:
        print(json.dumps(summary))


if __name__ == "__main__":
    main()
