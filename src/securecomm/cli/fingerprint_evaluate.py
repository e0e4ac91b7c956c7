"""`securecomm fingerprints evaluate DIR`: FVC-protocol accuracy and speed on an FVC-style folder.

Timing lives here, in the adapter, because the engine's core never reads a clock: extraction is timed per
image (median reported) and comparisons over the whole protocol (one `Matcher` per probe, single thread).
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from securecomm.cli._common import emit, json_option, progress
from securecomm.errors import BadInput

__all__ = ["evaluate_command", "evaluate_folder", "fvc_files"]

_NAME = re.compile(r"^(\d+)_(\d+)\.(tif|tiff|png|bmp)$", re.IGNORECASE)
T = TypeVar("T")


def fvc_files(folder: Path) -> dict[tuple[int, int], Path]:
    """Images named `FFF_I.<ext>` in `folder`, keyed by (finger, impression)."""
    found: dict[tuple[int, int], Path] = {}
    for path in sorted(folder.iterdir()):
        match = _NAME.match(path.name)
        if match and path.is_file():
            found[(int(match.group(1)), int(match.group(2)))] = path
    if not found:
        raise BadInput("no FVC-style images (FFF_I.tif, e.g. 101_1.tif) in the folder", where=str(folder))
    return found


def _quiet(items: Iterable[T], *, total: int | None, description: str) -> Iterator[T]:
    del total, description
    yield from items


def evaluate_folder(folder: Path, *, show_progress: Callable[..., Iterator[Any]] = _quiet) -> dict[str, Any]:
    """Extract every image, run the FVC protocol, and report accuracy and speed."""
    from securecomm.biometrics import Matcher, decode_image, extract, prepare
    from securecomm.biometrics.evaluation import protocol_pairs, set_metrics

    files = fvc_files(folder)
    pairs = protocol_pairs(files)
    templates = {}
    extract_ms: list[float] = []
    for key in show_progress(sorted(files), total=len(files), description="extracting"):
        image = decode_image(files[key].read_bytes(), where=str(files[key]))
        started = time.perf_counter()
        templates[key] = prepare(extract(image))
        extract_ms.append(1000.0 * (time.perf_counter() - started))
    by_probe: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for probe, candidate in pairs.distinct():
        by_probe.setdefault(probe, []).append(candidate)
    scores: dict[tuple[tuple[int, int], tuple[int, int]], float] = {}
    first = templates[min(templates)]
    Matcher(first).match(first)  # load the compiled kernels before the clock starts
    elapsed = 0.0
    for probe in show_progress(sorted(by_probe), total=len(by_probe), description="comparing"):
        started = time.perf_counter()
        matcher = Matcher(templates[probe])
        values = matcher.match_many([templates[c] for c in by_probe[probe]])
        elapsed += time.perf_counter() - started
        for candidate, value in zip(by_probe[probe], values, strict=True):
            scores[(probe, candidate)] = float(value)
    metrics = set_metrics(scores, pairs)
    return {
        "folder": folder,
        "images": len(files),
        "eer_percent": round(metrics.eer_percent, 3),
        "eer_all_pairs_percent": round(metrics.eer_all_pairs_percent, 3),
        "fmr100_percent": round(metrics.fmr100_percent, 3),
        "fmr1000_percent": round(metrics.fmr1000_percent, 3),
        "genuine_pairs": metrics.genuine_pairs,
        "impostor_pairs": metrics.impostor_pairs,
        "impostor_pairs_all": metrics.impostor_pairs_all,
        "extract_ms_median": round(statistics.median(extract_ms), 1),
        "comparisons_per_second": round(len(scores) / elapsed, 1) if elapsed > 0 else None,
    }


@click.command(name="evaluate")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@json_option
def evaluate_command(folder: Path, as_json: bool) -> None:
    """Run the FVC protocol on FOLDER (images FFF_I.tif): EER, FMR100, FMR1000, speed.

    Genuine pairs: every two impressions of a finger; impostor pairs: impression 1 of every two fingers;
    "all pairs": every cross-finger pair. FMR100/FMR1000 use the all-pairs impostors.
    """
    result = evaluate_folder(folder, show_progress=progress)

    def human(p: dict[str, Any]) -> str:
        return (
            f"{p['folder']}: EER {p['eer_percent']:.2f} % (FVC, {p['impostor_pairs']} impostors),"
            f" {p['eer_all_pairs_percent']:.2f} % (all {p['impostor_pairs_all']} cross-finger pairs);"
            f" FMR100 {p['fmr100_percent']:.2f} %, FMR1000 {p['fmr1000_percent']:.2f} %;"
            f" extraction {p['extract_ms_median']:.0f} ms median; {p['comparisons_per_second']:.0f} comparisons/s"
        )

    emit(result, as_json=as_json, human=human)
