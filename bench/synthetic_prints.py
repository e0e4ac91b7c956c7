"""Synthetic prints: generation speed, and the calibration of the minutia-level model against images.

    python bench/synthetic_prints.py [--masters 24] [--impressions 2] [--population 10000] [--fit] [--json]
    python bench/synthetic_prints.py --compare [--baseline REV] [--masters 24] [--templates 600] [--json]

Prints, side by side:
* image path: master and impression times (median and best, ms);
* template path: microseconds per master finger and per impression finger, identities per second, bytes
  per ten-print identity, and the conversion to engine templates (`engine_templates`, per template);
* calibration, master side: statistics of the rendered masters' ground truth next to the values in
  `MinutiaeModel` (they should agree: the model was set from a run of this script);
* calibration, impression side (needs `securecomm.biometrics.extractor`): what the engine's extractor
  finds on rendered impressions next to the model's values, and the minutia counts the template path
  produces next to the counts the extractor produces.

With --compare it instead times this working tree against the package as it was at commit REV (default
BASELINE, the generator before the speed work), in one run: REV's `src/` is exported with `git archive`
to a temporary folder and served by a worker process; each master is made by the worker, then here, in
turn, so both see the same load. It prints master times (median and best), the masters' statistics on both
sides (classes, minutiae per finger and per 1,000 px² by class, growth passes, ridge agreement, identical
minutiae sets) and engine-template conversion times (per template: REV's `engine_template` row by row,
this tree's `engine_template` and `engine_templates`), with the number of byte-identical templates.
With --json the last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
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

BASELINE = "8573cce9f4d1584f1fe0f722ba6163f9bb93e38e"  # the generator before the speed work (Nov 2026)
REPOSITORY = Path(__file__).resolve().parents[1]


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
    from securecomm.biometrics.synthetic.engine_bridge import engine_templates

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
    a, b = engine_templates(first), engine_templates(second)
    t_genuine = [Matcher(b[r]).match(a[r]).value for r in range(len(a))]
    t_impostor = [
        Matcher(b[r]).match(a[(r * 7 + k) % len(a)]).value for r in range(len(a)) for k in (1, 2, 3)
    ]
    return {"image": _summary(genuine, impostor), "template": _summary(t_genuine, t_impostor)}


# --- side by side with an earlier version (--compare) -----------------------------------------------------
# The same functions run in the baseline worker (this file, run with REV's `src/` first on the path, in
# --serve mode) and here, so both sides are measured and summarised alike. They use only what REV has.


def _clocked(function: Any, *args: Any, **kwargs: Any) -> tuple[Any, dict[str, float]]:
    """Run once; wall and CPU (this process) milliseconds. CPU time is what load does not inflate."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return result, {"ms": (time.perf_counter() - wall) * 1e3, "cpu_ms": (time.process_time() - cpu) * 1e3}


def master_summary(seed: int, identity: int, finger: int) -> dict[str, Any]:
    """Time one master and summarise it (the ridge pattern as packed bits, to compare across versions)."""
    master, clock = _clocked(generate_master, seed, identity=identity, finger=finger)
    impression, impression_clock = _clocked(render_impression, master, seed=seed, impression=1)
    m = master.minutiae
    key = np.column_stack([m.x, m.y, m.kind]).astype(np.float64).tobytes()
    return {
        **clock,
        "impression_ms": impression_clock["ms"],
        "impression_cpu_ms": impression_clock["cpu_ms"],
        "impression_key": hashlib.sha256(impression.image.tobytes()).hexdigest(),
        "class": master.pattern_class.value,
        "passes": int(master.growth_passes),
        "area_px": int(master.area.sum()),
        "minutiae": len(m),
        "endings": int((m.kind == 1).sum()),
        "minutiae_key": hashlib.sha256(key).hexdigest(),
        "ridges": np.packbits(master.ridges > 0).tobytes().hex(),
        "period_band": [float(master.period.min()), float(master.period.max())],
    }


def convert_templates(seed: int, identities: list[int], *, batch_call: bool = False) -> dict[str, Any]:
    """Convert impression 1 of `identities` to engine templates, row by row with `engine_template` (what
    every version has) or with one `engine_templates` call; timed, with the templates' SHA-256s."""
    from securecomm.biometrics.synthetic import engine_bridge

    batch = generate_minutiae_population(seed, identities, impression=1)
    if batch_call:
        templates, clock = _clocked(engine_bridge.engine_templates, batch)
    else:
        templates, clock = _clocked(
            lambda: [engine_bridge.engine_template(batch, r) for r in range(len(batch))]
        )
    keys = [hashlib.sha256(t.to_bytes()).hexdigest() for t in templates]
    return {**clock, "rows": len(batch), "keys": keys}


def serve() -> None:
    """--serve: answer one JSON request per line on stdin with one JSON line on stdout."""
    for line in sys.stdin:
        request = json.loads(line)
        if request.pop("op") == "master":
            print(json.dumps(master_summary(**request)), flush=True)
        else:
            print(json.dumps(convert_templates(**request)), flush=True)


class _Baseline:
    """A worker process serving master_summary / convert_templates from REV's package."""

    def __init__(self, revision: str, folder: Path) -> None:
        archive = subprocess.run(
            ["git", "-C", str(REPOSITORY), "archive", revision, "src/securecomm"],
            capture_output=True,
            check=False,
        )
        if archive.returncode != 0:
            raise SystemExit(f"git archive {revision} failed: {archive.stderr.decode().strip()}")
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
        environment = {**os.environ, "PYTHONPATH": str(folder / "src"), "NUMBA_NUM_THREADS": "1"}
        command = [sys.executable, str(Path(__file__).resolve()), "--serve"]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=environment, text=True
        )

    def ask(self, **request: Any) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit("the baseline worker stopped (see its error above)")
        return dict(json.loads(line))

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=60)


def _times(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "best": min(values), "n": len(values)}


def _master_statistics(summaries: list[dict[str, Any]]) -> dict[str, Any]:
    """Minutiae per finger, per 1,000 px² of area (overall and by class), endings, growth passes."""
    counts = np.array([m["minutiae"] for m in summaries], dtype=np.float64)
    density = np.array([1000.0 * m["minutiae"] / m["area_px"] for m in summaries])
    classes = [m["class"] for m in summaries]
    return {
        "minutiae_mean": float(counts.mean()),
        "minutiae_sd": float(counts.std()),
        "density_per_kpx": float(density.mean()),
        "density_by_class": {
            c: float(density[[k == c for k in classes]].mean()) for c in sorted(set(classes))
        },
        "ending_fraction": float(sum(m["endings"] for m in summaries) / max(counts.sum(), 1.0)),
        "passes_mean": float(np.mean([m["passes"] for m in summaries])),
        "period_band": [
            min(m["period_band"][0] for m in summaries),
            max(m["period_band"][1] for m in summaries),
        ],
    }


def _ridge_agreement(a: dict[str, Any], b: dict[str, Any]) -> float:
    bits = [np.unpackbits(np.frombuffer(bytes.fromhex(m["ridges"]), np.uint8)) for m in (a, b)]
    return float(np.mean(bits[0] == bits[1]))


def compare(args: argparse.Namespace) -> dict[str, Any]:
    """This tree against REV, side by side in one run (see the module docstring)."""
    with tempfile.TemporaryDirectory(prefix="synthetic-baseline-") as folder:
        baseline = _Baseline(args.baseline, Path(folder))
        try:
            return _compare(args, baseline)
        finally:
            baseline.close()


def _compare(args: argparse.Namespace, baseline: _Baseline) -> dict[str, Any]:
    print(f"compiling both versions (baseline {args.baseline[:12]}) ...", file=sys.stderr)
    warm = {"seed": args.seed, "identity": 10**6, "finger": 1}  # compile outside the timings
    baseline.ask(op="master", **warm)
    master_summary(**warm)
    baseline.ask(op="templates", seed=args.seed, identities=[10**6])
    convert_templates(args.seed, [10**6])
    convert_templates(args.seed, [10**6], batch_call=True)

    old, new = [], []
    for index in range(args.masters):  # alternate, so both sides see the same load
        key = {"seed": args.seed, "identity": index // 10, "finger": index % 10 + 1}
        old.append(baseline.ask(op="master", **key))
        new.append(master_summary(**key))
    pairs = list(zip(old, new, strict=True))
    masters: dict[str, Any] = {
        "count": args.masters,
        "baseline": _master_statistics(old),
        "current": _master_statistics(new),
    }
    for clock in ("ms", "cpu_ms", "impression_ms", "impression_cpu_ms"):
        masters[f"baseline_{clock}"] = _times([m[clock] for m in old])
        masters[f"current_{clock}"] = _times([m[clock] for m in new])
    masters["same_impressions"] = sum(a["impression_key"] == b["impression_key"] for a, b in pairs)
    masters["same_class"] = sum(a["class"] == b["class"] for a, b in pairs)
    masters["same_minutiae"] = sum(a["minutiae_key"] == b["minutiae_key"] for a, b in pairs)
    masters["ridge_pixel_agreement_min"] = min(_ridge_agreement(a, b) for a, b in pairs)

    runs: dict[str, list[dict[str, Any]]] = {"baseline_row": [], "current_row": [], "current_batch": []}
    identities = max(args.templates // 10, 5)
    chunk = max(identities // 10, 1)  # at least five chunks, so medians and bests are of ≥ 5
    identical = 0
    for start in range(0, identities, chunk):
        ids = list(range(start, min(start + chunk, identities)))
        runs["baseline_row"].append(baseline.ask(op="templates", seed=args.seed, identities=ids))
        runs["current_row"].append(convert_templates(args.seed, ids))
        runs["current_batch"].append(convert_templates(args.seed, ids, batch_call=True))
        keys = [run[-1]["keys"] for run in runs.values()]
        identical += sum(x == y == z for x, y, z in zip(*keys, strict=True))
    templates: dict[str, Any] = {"count": 10 * identities, "identical": identical}
    for name, chunks in runs.items():
        for clock in ("ms", "cpu_ms"):
            templates[f"{name}_{clock[:-2]}us"] = _times([1e3 * c[clock] / c["rows"] for c in chunks])
    _print_comparison(args, masters, templates)
    return {"baseline": args.baseline, "masters": masters, "templates": templates}


def _print_comparison(args: argparse.Namespace, masters: dict[str, Any], templates: dict[str, Any]) -> None:
    print(
        f"masters and their first impressions ({args.masters}, one thread; "
        f"baseline {args.baseline[:12]} | this tree | speed-up):"
    )
    for clock in ("ms", "cpu_ms", "impression_ms", "impression_cpu_ms"):
        for label in ("median", "best"):
            old, new = masters[f"baseline_{clock}"][label], masters[f"current_{clock}"][label]
            print(
                f"  {label + ' ' + clock.replace('_', ' '):32s} {old:10.1f} | {new:10.1f} | {old / new:5.2f}"
            )
    for key in ("minutiae_mean", "minutiae_sd", "density_per_kpx", "ending_fraction", "passes_mean"):
        print(f"  {key:32s} {masters['baseline'][key]:10.3f} | {masters['current'][key]:10.3f}")
    for pattern, value in masters["baseline"]["density_by_class"].items():
        now = masters["current"]["density_by_class"].get(pattern, float("nan"))
        print(f"  {'density_per_kpx ' + pattern:32s} {value:10.3f} | {now:10.3f}")
    (a, b), (c, d) = masters["baseline"]["period_band"], masters["current"]["period_band"]
    print(f"  {'ridge period band px':32s} {a:5.1f}-{b:4.1f} | {c:5.1f}-{d:4.1f}")
    print(
        f"  same class {masters['same_class']}/{args.masters}, identical minutiae {masters['same_minutiae']}/"
        f"{args.masters}, ridge pixels agree ≥ {masters['ridge_pixel_agreement_min']:.4f}, "
        f"identical impressions {masters['same_impressions']}/{args.masters}"
    )
    print(
        f"engine templates ({templates['count']}; µs per template: baseline row by row | row by row | batch):"
    )
    for clock in ("", "cpu_"):
        for label in ("median", "best"):
            values = [
                templates[f"{name}_{clock}us"][label]
                for name in ("baseline_row", "current_row", "current_batch")
            ]
            print(
                f"  {label + ' ' + (clock or 'wall ').strip():32s} "
                + " | ".join(f"{v:10.1f}" for v in values)
            )
    print(f"  byte-identical templates {templates['identical']}/{templates['count']}")


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
    parser.add_argument(
        "--compare", action="store_true", help="time this tree against --baseline, side by side"
    )
    parser.add_argument(
        "--baseline", default=BASELINE, help="the commit to compare against (default: %(default).12s)"
    )
    parser.add_argument("--templates", type=int, default=600, help="engine templates to convert in --compare")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)  # the baseline worker
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.serve:
        serve()
        return {}
    if args.compare:
        if args.masters < 5 or args.templates < 50:
            parser.error(
                "--compare needs --masters ≥ 5 and --templates ≥ 50 (medians and bests of at least five)"
            )
        compared = compare(args)
        if args.json:
            print(json.dumps(compared, default=float))
        return compared

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
            print("matcher scores, image path (rendered, extracted) | template path (engine_templates):")
            for key in scores["image"]:
                print(f"  {key:32s} {scores['image'][key]:8.4f} | {scores['template'][key]:8.4f}")
            result["scores"] = scores
    if args.json:
        print(json.dumps(result, default=float))
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
