"""Calibrate match scores to false-match rate, from every impostor comparison we can make here.

    python bench/calibrate.py [--synthetic-fingers 150] [--seed 7] [--json]

Impostor comparisons (different fingers), kept in separate groups and pooled:
* within FVC2002 DB1_B and within FVC2000 DB4_B: every cross-finger pair (2 x 2,880);
* across the two sets (80 x 80), and the NIST ten-print card's rolled fingers (type-14-tpcard, positions
  1-10) against each other and against both sets;
* synthetic prints (`biometrics.synthetic`, two impressions of each of --synthetic-fingers fingers): every
  cross-finger pair, reported separately (their ridges are cleaner than real ones).
Genuine comparisons: every same-finger pair of the FVC sets, the NIST plain thumbs against the rolled ones,
and the synthetic impression pairs.

The tail of the pooled real impostor scores is modelled as exponential above its 99th percentile u (a
generalised Pareto tail with shape 0, fitted by the mean excess: peaks over threshold), so
FMR(s) = 0.01 exp(-(s - u) / beta) for s >= u; below u the empirical curve is used. The printed table gives,
for FMR 1e-2, 1e-3 and 1e-4, the empirical threshold of each group, the model's threshold with a 95 %
interval for beta (n exceedances: beta_hat (1 +- 1.96 / sqrt n)), and the false non-match rate of the
genuine pairs at that threshold. With --json the last line is one JSON object holding all of it, including
the constants `securecomm.biometrics.calibration` stores.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("NUMBA_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

from securecomm.biometrics import Matcher, decode_image, extract, prepare
from securecomm.biometrics.image import FingerprintImage
from securecomm.biometrics.matcher import PreparedTemplate
from securecomm.config import shared_data_dir

Key = tuple[str, int, int]  # (source, finger, impression)
FMR_TARGETS = (1e-2, 1e-3, 1e-4)


def _say(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


def fvc_templates(folder: Path, source: str) -> dict[Key, PreparedTemplate]:
    out: dict[Key, PreparedTemplate] = {}
    for path in sorted(folder.glob("*.tif")):
        finger, impression = (int(part) for part in path.stem.split("_"))
        out[(source, finger, impression)] = prepare(extract(decode_image(path.read_bytes(), where=str(path))))
    return out


def nist_templates(data: Path) -> dict[Key, PreparedTemplate]:
    """Rolled fingers 1-10 (impression 1) and the plain thumbs 11/12 as impression 2 of fingers 1/6."""
    from securecomm.formats.images import finger_images
    from securecomm.formats.reader import parse_transaction

    path = data / "ansi-nist" / "nist-reference" / "type-14-tpcard-nqm.an2"
    if not path.is_file():
        return {}
    images = finger_images(parse_transaction(path.read_bytes(), source=str(path)))
    out: dict[Key, PreparedTemplate] = {}
    for position, finger in images.items():
        if position > 12:
            continue
        key = ("nist", position, 1) if position <= 10 else ("nist", 1 if position == 11 else 6, 2)
        image = FingerprintImage(finger.pixels, finger.ppi or 500.0)
        out[key] = prepare(extract(image))
    return out


def synthetic_templates(fingers: int, seed: int) -> dict[Key, PreparedTemplate]:
    from securecomm.biometrics.synthetic import FingerPosition, generate_master, render_impression

    positions = list(FingerPosition)
    out: dict[Key, PreparedTemplate] = {}
    for f in range(fingers):
        master = generate_master(seed, identity=f, finger=positions[f % len(positions)])
        for impression in (1, 2):
            rendered = render_impression(master, seed=seed, impression=impression)
            out[("synthetic", f, impression)] = prepare(extract(FingerprintImage(rendered.image, 500.0)))
    return out


def _group(a: Key, b: Key) -> str:
    if a[0] == b[0]:
        return f"within {a[0]}"
    if "synthetic" in (a[0], b[0]):
        return "real vs synthetic"
    return "across real sets"


def compare_all(
    templates: dict[Key, PreparedTemplate], top: list[tuple[float, Key, Key]]
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Impostor and genuine scores by group (symmetric comparisons not run); `top` gets real impostors."""
    keys = sorted(templates)
    impostor: dict[str, list[float]] = {}
    genuine: dict[str, list[float]] = {}
    for n, a in enumerate(keys):
        matcher = Matcher(templates[a])
        for b in keys[n + 1 :]:
            group = _group(a, b)
            if group == "real vs synthetic":
                continue
            value = matcher.match(templates[b]).value
            if a[:2] == b[:2]:
                genuine.setdefault(a[0], []).append(value)
            else:
                impostor.setdefault(group, []).append(value)
                if "synthetic" not in group:
                    top.append((value, a, b))
    top.sort(reverse=True)
    del top[5:]
    return impostor, genuine


def empirical_threshold(scores: np.ndarray, fmr: float) -> float | None:
    """The lowest observed threshold t with share(scores >= t) <= fmr; None if fewer than 1/fmr scores."""
    if scores.size * fmr < 1.0:
        return None
    ordered = np.sort(scores)[::-1]
    allowed = math.floor(fmr * scores.size)  # how many impostors may reach the threshold
    return float(np.nextafter(ordered[allowed], np.inf)) if allowed < ordered.size else float(ordered[-1])


def tail_model(scores: np.ndarray) -> dict[str, float]:
    u = float(np.quantile(scores, 0.99))
    excess = scores[scores > u] - u
    beta = float(excess.mean())
    return {"u": u, "fmr_at_u": 0.01, "beta": beta, "exceedances": int(excess.size)}


def model_threshold(model: dict[str, float], fmr: float, beta: float | None = None) -> float:
    b = model["beta"] if beta is None else beta
    return model["u"] + b * math.log(model["fmr_at_u"] / fmr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--synthetic-fingers", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="end with one JSON object on stdout")
    args = parser.parse_args()
    data = shared_data_dir()
    if data is None:
        sys.exit("calibrate.py needs the shared data (../shared/data) with the FVC sets")
    started = time.perf_counter()
    templates: dict[Key, PreparedTemplate] = {}
    for folder, source in (("fvc2002_db1_b", "DB1_B"), ("fvc2000_db4_b", "DB4_B")):
        _say(f"extracting {source} ...")
        templates.update(fvc_templates(data / "fingerprints" / folder, source))
    _say("extracting the NIST ten-print card ...")
    templates.update(nist_templates(data))
    if args.synthetic_fingers > 0:
        _say(f"rendering and extracting {args.synthetic_fingers} synthetic fingers x 2 impressions ...")
        templates.update(synthetic_templates(args.synthetic_fingers, args.seed))
    _say(f"comparing {len(templates)} templates ...")
    top: list[tuple[float, Key, Key]] = []
    impostor, genuine = compare_all(templates, top)
    real_groups = [g for g in impostor if "synthetic" not in g]
    pooled = np.concatenate([np.asarray(impostor[g]) for g in real_groups])
    real_genuine = np.concatenate([np.asarray(v) for k, v in genuine.items() if k != "synthetic"])
    model = tail_model(pooled)
    n = model["exceedances"]
    beta_low = model["beta"] * (1 - 1.96 / math.sqrt(n))
    beta_high = model["beta"] * (1 + 1.96 / math.sqrt(n))
    rows: list[dict[str, Any]] = []
    for fmr in FMR_TARGETS:
        threshold = model_threshold(model, fmr)
        row: dict[str, Any] = {
            "fmr": fmr,
            "model_threshold": round(threshold, 4),
            "model_threshold_95": [
                round(model_threshold(model, fmr, beta_low), 4),
                round(model_threshold(model, fmr, beta_high), 4),
            ],
            "empirical_pooled_real": empirical_threshold(pooled, fmr),
            "fnmr_real_genuine_at_model": float(np.mean(real_genuine < threshold)),
        }
        for group, values in impostor.items():
            row[f"empirical {group}"] = empirical_threshold(np.asarray(values), fmr)
        rows.append(row)
    curve_scores = np.quantile(pooled, np.linspace(0.0, 0.99, 34))
    curve = [(round(float(s), 5), round(float(np.mean(pooled >= s)), 6)) for s in curve_scores]
    summary: dict[str, Any] = {
        "impostor_counts": {g: len(v) for g, v in impostor.items()},
        "genuine_counts": {g: len(v) for g, v in genuine.items()},
        "tail": {**model, "beta_95": [beta_low, beta_high]},
        "thresholds": rows,
        "empirical_curve": curve,
        "top_real_impostors": [
            [round(v, 4), "_".join(map(str, a)), "_".join(map(str, b))] for v, a, b in top
        ],
        "seconds": round(time.perf_counter() - started, 1),
    }
    print("impostor comparisons:", summary["impostor_counts"])
    print("genuine comparisons:", summary["genuine_counts"])
    print(
        f"tail: u = {model['u']:.4f} (99th percentile of {pooled.size} real impostors), beta = {model['beta']:.4f}"
        f" [{beta_low:.4f}, {beta_high:.4f}] from {n} exceedances"
    )
    for row in rows:
        print(
            f"FMR {row['fmr']:.0e}: threshold {row['model_threshold']:.4f} (95 % {row['model_threshold_95']}),"
            f" FNMR {100 * row['fnmr_real_genuine_at_model']:.2f} %;"
            + "".join(
                f" {k}: {v if v is None else round(v, 4)};"
                for k, v in row.items()
                if k.startswith("empirical")
            )
        )
    if args.json:
        print(json.dumps(summary))


if __name__ == "__main__":
    main()
