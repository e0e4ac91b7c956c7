"""`securecomm fingerprints synth`: write an FVC-style folder of synthetic prints with ground truth.

Files are `FFF_I.tif` (finger FFF from 101, impression I from 1), 8-bit gray TIFFs tagged 500 ppi, plus
`ground_truth.json` beside them. Finger FFF is finger position ((FFF − 101) mod 10) + 1 of synthetic
identity (FFF − 101) div 10, so ten consecutive fingers are one person's ten-print.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from pathlib import Path
from typing import Any

import click

from securecomm import __version__
from securecomm.cli._common import emit, json_option, progress
from securecomm.errors import BadInput

__all__ = ["synth"]

MAX_FINGERS = 899  # names stay three digits (101-999), as FVC's do
MAX_IMPRESSIONS = 99
GROUND_TRUTH_FILE = "ground_truth.json"
_FVC_NAME = re.compile(r"^\d{3}_\d+\.tif$")


def _check_range(value: int, low: int, high: int, option: str) -> None:
    if not low <= value <= high:
        raise BadInput(f"{value} is out of range; use {low}-{high}", where=option)


def _prepare(out: Path, overwrite: bool) -> None:
    if out.exists() and not out.is_dir():
        raise BadInput(f"{out} exists and is not a directory", where="--out")
    if out.is_dir() and not overwrite:
        taken = sorted(
            p.name for p in out.iterdir() if _FVC_NAME.match(p.name) or p.name == GROUND_TRUTH_FILE
        )
        if taken:
            raise BadInput(
                f"{out} already holds {taken[0]} (and {len(taken) - 1} more); choose an empty directory or pass --overwrite",
                where="--out",
            )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BadInput(f"cannot create {out}: {error.strerror}", where="--out") from None


@click.command(name="synth")
@click.option("--fingers", type=int, default=10, show_default=True, help="Number of fingers (101, 102, ...).")
@click.option("--impressions", type=int, default=8, show_default=True, help="Impressions per finger.")
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed; the same seed writes the same files."
)
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="Directory to write into.")
@click.option("--width", type=int, default=288, show_default=True, help="Sensor width, px at 500 ppi.")
@click.option("--height", type=int, default=384, show_default=True, help="Sensor height, px at 500 ppi.")
@click.option("--overwrite", is_flag=True, help="Replace FVC-style files already in --out.")
@json_option
def synth(
    fingers: int,
    impressions: int,
    seed: int,
    out: Path,
    width: int,
    height: int,
    overwrite: bool,
    as_json: bool,
) -> None:
    """Write synthetic fingerprints (SFinGe-style) as FFF_I.tif files plus ground_truth.json."""
    _check_range(fingers, 1, MAX_FINGERS, "--fingers")
    _check_range(impressions, 1, MAX_IMPRESSIONS, "--impressions")
    _check_range(seed, 0, 2**63 - 1, "--seed")
    _check_range(width, 96, 800, "--width")
    _check_range(height, 96, 800, "--height")
    # heavy imports (NumPy, SciPy, Numba) only once the arguments are known to be good
    from securecomm.biometrics.synthetic import (
        FingerPosition,
        SensorWindow,
        encode_tiff,
        generate_master,
        impression_record,
        master_record,
        render_impression,
    )
    from securecomm.biometrics.synthetic.ground_truth import FORMAT

    sensor = SensorWindow(width=width, height=height)
    _prepare(out, overwrite)

    records: list[dict[str, Any]] = []
    master_ms: list[float] = []
    impression_ms: list[float] = []
    classes: dict[str, int] = {}
    for index in progress(range(fingers), total=fingers, description="synthesising fingers"):
        number = 101 + index
        started = time.perf_counter()
        master = generate_master(seed, identity=index // 10, finger=FingerPosition(index % 10 + 1))
        master_ms.append((time.perf_counter() - started) * 1000)
        classes[master.pattern_class.value] = classes.get(master.pattern_class.value, 0) + 1
        rendered = []
        for k in range(1, impressions + 1):
            started = time.perf_counter()
            impression = render_impression(master, seed=seed, impression=k, sensor=sensor)
            impression_ms.append((time.perf_counter() - started) * 1000)
            name = f"{number}_{k}.tif"
            (out / name).write_bytes(encode_tiff(impression.image, ppi=impression.resolution_ppi))
            rendered.append(impression_record(impression, file=name))
        records.append({"finger": number, "master": master_record(master), "impressions": rendered})

    document = {
        "format": FORMAT,
        "generator": f"securecomm {__version__}",
        "seed": seed,
        "resolution_ppi": 500,
        "sensor": {"width": width, "height": height},
        "coordinates": "pixels, x right, y down; angles counter-clockwise as displayed from the x axis",
        "fingers": records,
    }
    ground_truth = out / GROUND_TRUTH_FILE
    ground_truth.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    emit(
        {
            "out": out,
            "seed": seed,
            "fingers": fingers,
            "impressions": impressions,
            "files": fingers * impressions,
            "ground_truth": ground_truth,
            "classes": dict(sorted(classes.items())),
            "master_ms_median": round(statistics.median(master_ms), 1),
            "impression_ms_median": round(statistics.median(impression_ms), 1),
        },
        as_json=as_json,
    )
