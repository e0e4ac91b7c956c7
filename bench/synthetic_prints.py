"""Synthetic prints: generation speed, and the calibration of the minutia-level model against images.

    python bench/synthetic_prints.py [--masters 24] [--impressions 2] [--population 10000] [--json]

Prints, side by side:
* image path: master and impression times (median and best, ms);
* template path: microseconds per master finger and per impression finger, identities per second, bytes
  per ten-print identity;
* calibration, master side: statistics of the rendered masters' ground truth next to the values in
  `MinutiaeModel` (they should agree: the model was set from a run of this script);
* calibration, impression side (needs `securecomm.biometrics.extractor`): what the engine's extractor
  finds on rendered impressions next to the model's values, and the minutia counts the template path
  produces next to the counts the extractor produces.
With --json the last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import statistics
import sys
import time
from typing import Any

os.environ.setdefault("NUMBA_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

from securecomm.biometrics.synthetic import MinutiaSet, generate_master, render_impression
from securecomm.biometrics.synthetic.calibration import extraction_statistics, master_statistics
from securecomm.biometrics.synthetic.calibration_fit import (
    fit_model,
    population_statistics,
    refine_model,
    template_detection_statistics,
)
from securecomm.biometrics.synthetic.population import (
    DEFAULT_MODEL,
    generate_minutiae_population,
    model_values,
)


def _timed(function: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, (time.perf_counter() - started) * 1000.0


def _engine_extractor(templates: dict[bytes, Any]) -> Any | None:
    """The engine's extractor as pixels -> MinutiaSet in our conventions (remembering each engine template
    in `templates`), or None if it is not there."""
    try:
        from securecomm.biometrics.extractor import extract
        from securecomm.biometrics.image import FingerprintImage
    except ImportError:
        return None

    def run(pixels: np.ndarray) -> MinutiaSet:
        key = pixels.tobytes()
        if key not in templates:
            templates[key] = extract(FingerprintImage(np.ascontiguousarray(pixels)))
        template = templates[key]
        # the engine measures angles towards +y (clockwise as displayed) and codes bifurcations 3
        direction = np.mod(-template.direction.astype(np.float64), 2 * math.pi)
        kind = np.where(template.kind == 3, 2, 1)
        return MinutiaSet.build(template.x, template.y, direction, kind, template.quality)

    return run


def _summary(genuine: list[float], impostor: list[float]) -> dict[str, float]:
    g, i = np.array(genuine), np.array(impostor)
    return {
        "genuine_median": float(np.median(g)),
        "genuine_p10": float(np.percentile(g, 10)),
        "impostor_median": float(np.median(i)),
        "impostor_p99": float(np.percentile(i, 99)),
        "genuine_below_impostor_max": float((g <= i.max()).mean()),
    }


def _score_comparison(
    samples: list[Any], templates: dict[bytes, Any], *, gallery_seed: int
) -> dict[str, Any] | None:
    """Genuine and impostor score distributions of the engine's matcher on both paths, side by side."""
    try:
        from securecomm.biometrics.matcher import Matcher
    except ImportError:
        return None
    from securecomm.biometrics.synthetic.engine_bridge import engine_template

    by_master: dict[int, list[Any]] = {}
    for master, impression in samples:
        by_master.setdefault(id(master), []).append(templates[impression.image.tobytes()])
    pairs = [views[:2] for views in by_master.values() if len(views) >= 2]
    genuine = [Matcher(b).match(a).value for a, b in pairs]
    impostor = [
        Matcher(pairs[j][1]).match(pairs[i][0]).value
        for i in range(len(pairs))
        for j in range(len(pairs))
        if i != j
    ]
    ids = np.arange(40, dtype=np.int64)
    first = generate_minutiae_population(gallery_seed, ids, impression=1)
    second = generate_minutiae_population(gallery_seed, ids, impression=2)
    a = [engine_template(first, r) for r in range(len(first))]
    b = [engine_template(second, r) for r in range(len(second))]
    t_genuine = [Matcher(b[r]).match(a[r]).value for r in range(len(a))]
    t_impostor = [
        Matcher(b[r]).match(a[(r * 7 + k) % len(a)]).value for r in range(len(a)) for k in (1, 2, 3)
    ]
    return {"image": _summary(genuine, impostor), "template": _summary(t_genuine, t_impostor)}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--masters", type=int, default=24, help="rendered masters (default 24)")
    parser.add_argument("--impressions", type=int, default=2, help="impressions per master (default 2)")
    parser.add_argument(
        "--population", type=int, default=10000, help="template-level identities (default 10000)"
    )
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--fit", action="store_true", help="also fit MinutiaeModel to this run and print it")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    generate_master(args.seed, identity=10**6, finger=1)  # compile the kernels outside the timings
    masters, master_ms, samples, impression_ms = [], [], [], []
    for index in range(args.masters):
        master, ms = _timed(generate_master, args.seed, identity=index // 10, finger=index % 10 + 1)
        masters.append(master)
        master_ms.append(ms)
        for k in range(1, args.impressions + 1):
            impression, ms = _timed(render_impression, master, seed=args.seed, impression=k)
            impression_ms.append(ms)
            samples.append((master, impression))
    image = {
        "master_ms_median": statistics.median(master_ms),
        "master_ms_best": min(master_ms),
        "impression_ms_median": statistics.median(impression_ms),
        "impression_ms_best": min(impression_ms),
    }
    print(f"image path ({args.masters} masters, {len(samples)} impressions):")
    for key, value in image.items():
        print(f"  {key:28s} {value:10.1f}")

    ids = np.arange(args.population, dtype=np.int64)
    generate_minutiae_population(args.seed, ids[:2], impression=1)  # compile
    gallery, gallery_ms = _timed(generate_minutiae_population, args.seed, ids, impression=0)
    probes, probe_ms = _timed(generate_minutiae_population, args.seed, ids, impression=1)
    fingers = 10 * args.population
    template = {
        "identities": args.population,
        "master_us_per_finger": 1000.0 * gallery_ms / fingers,
        "impression_us_per_finger": 1000.0 * probe_ms / fingers,
        "impression_identities_per_s": args.population / (probe_ms / 1000.0),
        "impression_bytes_per_identity": probes.nbytes / args.population,
        "master_minutiae_mean": float(gallery.counts().mean()),
        "impression_minutiae_mean": float(probes.counts().mean()),
    }
    print(f"template path ({args.population} identities x 10 fingers, one thread):")
    for key, value in template.items():
        print(f"  {key:28s} {value:10.2f}")

    stats = master_statistics(masters)
    model = model_values(DEFAULT_MODEL)
    master_side = {
        "density_per_kpx": (stats.density_per_kpx, model["density_per_kpx"]),
        "count_relative_sd": (stats.count_relative_sd, model["count_sd"]),
        "ending_fraction": (stats.ending_fraction, model["ending_fraction"]),
        "direction_sd_deg": (stats.direction_sd_deg, model["direction_sd_deg"]),
        "reverse_fraction": (stats.reverse_fraction, model["reverse_probability"]),
        "nearest_neighbour_p5_px": (stats.nearest_neighbour_px[0], model["min_gap_px"]),
    }
    for pattern, factor in sorted(stats.density_by_class.items()):
        master_side[f"density_factor_{pattern.value}"] = (factor, model[f"density_{pattern.value}"])
    print("calibration, master side (measured | model):")
    for key, (measured, used) in master_side.items():
        print(f"  {key:32s} {measured:8.3f} | {used:8.3f}")

    rendered = population_statistics(m.minutiae for m in masters)
    sampled = population_statistics(gallery.row(r) for r in range(min(len(gallery), 2000)))
    print("masters, image path | template path:")
    for key in rendered:
        print(f"  {key:32s} {rendered[key]:8.3f} | {sampled[key]:8.3f}")
    master_side["population"] = (rendered, sampled)  # type: ignore[assignment]

    result: dict[str, Any] = {"image": image, "template": template, "master_side": master_side}
    engine_templates: dict[bytes, Any] = {}
    extractor = _engine_extractor(engine_templates)
    if extractor is None:
        print("calibration, impression side: skipped (securecomm.biometrics.extractor is not importable)")
    else:
        found = extraction_statistics(samples, extractor)
        impression_side = {
            "detection_deep": (found.detection_deep, model["detect_probability"]),
            "detection_dryness_slope": (
                found.detection_dryness_slope,
                -model["detect_probability"] * model["detect_dryness_loss"],
            ),
            "spurious_per_kpx": (found.spurious_per_kpx, model["spurious_per_kpx"]),
            "hidden_fraction": (found.hidden_fraction, model["hidden_fraction"]),
            "independent_position_sd_px": (found.independent_position_sd_px, model["position_sd_px"]),
            "systematic_position_sd_px": (
                found.systematic_position_sd_px,
                model["systematic_position_sd_px"],
            ),
            "independent_angle_sd_deg": (found.independent_angle_sd_deg, model["angle_sd_deg"]),
            "systematic_angle_sd_deg": (found.systematic_angle_sd_deg, model["systematic_angle_sd_deg"]),
            "flip_fraction": (found.flip_fraction, model["flip_probability"]),
            "bifurcation_as_ending": (found.bifurcation_as_ending, model["bifurcation_as_ending"]),
            "ending_as_bifurcation": (found.ending_as_bifurcation, model["ending_as_bifurcation"]),
            "spurious_ending_fraction": (found.spurious_ending_fraction, model["spurious_ending_fraction"]),
            "spurious_recurrence": (found.spurious_recurrence, model["persistent_spurious_share"]),
            "quality_mean": (found.quality_mean, model["quality_mean"]),
            "quality_sd": (found.quality_sd, model["quality_sd"]),
            "minutiae_per_impression": (found.extracted_per_impression, template["impression_minutiae_mean"]),
        }
        print(f"calibration, impression side ({found.impressions} impressions; measured | model):")
        for key, (measured, used) in impression_side.items():
            print(f"  {key:32s} {measured:8.3f} | {used:8.3f}")
        own = template_detection_statistics(gallery, probes)
        print("  detection by contact depth, bins 0/5/10/15/20/30/45 px (extractor | template path):")
        print("    " + " ".join(f"{v:.2f}" for v in found.detection_by_depth))
        print("    " + " ".join(f"{v:.2f}" for v in own["detection_by_depth"]))
        print("  detection by window distance, bins 0/16/24/32/40/56-72 px (extractor | template path):")
        print("    " + " ".join(f"{v:.2f}" for v in found.detection_window_edge))
        print("    " + " ".join(f"{v:.2f}" for v in own["detection_window_edge"]))
        print(
            f"  spurious per kpx of contact (extractor | template path): {found.spurious_per_kpx:.3f} | {own['spurious_per_kpx']:.3f}"
        )
        result["template_detection"] = own
        if args.fit:
            fitted = fit_model(stats, found, DEFAULT_MODEL)
            for _ in range(2):  # correct the raw rates against the template path itself
                check_m = generate_minutiae_population(args.seed, ids[:600], impression=0, model=fitted)
                check_i = generate_minutiae_population(args.seed, ids[:600], impression=1, model=fitted)
                fitted = refine_model(fitted, found, template_detection_statistics(check_m, check_i))
            print("fitted MinutiaeModel:")
            for key, value in model_values(fitted).items():
                print(f"    {key}: float = {value!r}")
            result["fitted_model"] = model_values(fitted)
        extracted = population_statistics(extractor(i.image) for _, i in samples[: min(len(samples), 24)])
        sampled = population_statistics(probes.row(r) for r in range(min(len(probes), 2000)))
        print("impressions, extracted from images | template path:")
        for key in extracted:
            print(f"  {key:32s} {extracted[key]:8.3f} | {sampled[key]:8.3f}")
        result["impression_side"] = impression_side
        result["impression_population"] = {"extracted": extracted, "template": sampled}
        result["extraction"] = dataclasses.asdict(found)
        scores = _score_comparison(samples, engine_templates, gallery_seed=args.seed)
        if scores is not None:
            print("matcher scores, image path (rendered, extracted) | template path (engine_template):")
            for key in scores["image"]:
                print(f"  {key:32s} {scores['image'][key]:8.4f} | {scores['template'][key]:8.4f}")
            result["scores"] = scores
    if args.json:
        print(json.dumps(result, default=float))
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
