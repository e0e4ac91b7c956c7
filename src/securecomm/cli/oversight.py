"""`securecomm oversight ...`: quarterly statistical monitoring from the command line.

The adapter's part: read files, call the pure analysis in `securecomm.oversight`, and write its outputs
into a temporary folder that replaces the target only when everything rendered, so bad input leaves the
target folder untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import click

from securecomm.cli._common import emit, json_option
from securecomm.errors import BadInput

__all__ = ["group"]


@click.group(name="oversight")
def group() -> None:
    """Quarterly statistical monitoring of jurisdictions: analysis, report, public statistics."""


def write_outputs(files: dict[str, bytes], out: Path) -> list[str]:
    """Write `files` (relative path -> bytes) into `out` via a temporary sibling folder."""
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise BadInput(f"{out} exists and is not a folder", where="--out")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, data in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if not out.exists():
            staging.chmod(0o755)  # mkdtemp makes it private; the report is meant to be shared
            os.replace(staging, out)
        else:
            for name in files:
                (out / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(files)


def _read_text(path: Path, *, option: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadInput(f"{path} does not exist", where=option) from None
    except UnicodeDecodeError as error:
        raise BadInput(f"{path} is not UTF-8 text (byte {error.start})", where=option) from None


@group.command("analyze")
@click.option(
    "--counts",
    "counts_path",
    type=click.Path(path_type=Path),
    required=True,
    help="CSV: jurisdiction,quarter,arrests_total,arrests_minor,matches_total,matches_minor[,...]",
)
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="Folder for the report.")
@click.option(
    "--fdr", type=float, default=0.05, show_default=True, help="Benjamini-Hochberg false-discovery rate."
)
@click.option(
    "--peers",
    type=click.Choice(["all", "state", "size-band"]),
    default="all",
    show_default=True,
    help="Whom each jurisdiction is compared with.",
)
@click.option(
    "--min-matches", type=int, default=30, show_default=True, help="Minimum matches to test a cell."
)
@click.option(
    "--min-arrests", type=int, default=100, show_default=True, help="Minimum arrests to test a cell."
)
@click.option("--no-pdf", is_flag=True, help="Skip the PDF (faster; the HTML has everything).")
@json_option
def analyze_command(
    counts_path: Path, out: Path, fdr: float, peers: str, min_matches: int, min_arrests: int, no_pdf: bool,
    as_json: bool,
) -> None:  # fmt: skip
    """Analyse a counts CSV: flags with evidence, funnel plots, report (HTML + PDF), public statistics."""
    from securecomm.clock import SystemClock
    from securecomm.oversight.analysis import analyze
    from securecomm.oversight.outliers import OutlierSettings, PeerScheme
    from securecomm.oversight.report import render_report
    from securecomm.oversight.table import parse_counts_csv

    settings = OutlierSettings(
        fdr=fdr, peers=PeerScheme(peers), min_trials=min_matches, min_reference=min_arrests
    )
    table = parse_counts_csv(_read_text(counts_path, option="--counts"), source=counts_path.name)
    analysis = analyze(table, settings)
    files = render_report(analysis, prepared_on=SystemClock().now().date(), pdf=not no_pdf)
    written = write_outputs(files, out)
    payload: dict[str, Any] = analysis.to_json()
    payload["files"] = written

    def human(p: dict[str, Any]) -> str:
        lines = [f"tested {p['tested']} jurisdiction-quarters; {len(p['flags'])} flagged (q <= {fdr:g})"]
        lines += [f"  {f['jurisdiction']} {f['quarter']}: {f['evidence']['sentence']}" for f in p["flags"]]
        lines.append(f"report: {out / 'report.html'}")
        return "\n".join(lines)

    emit(payload, as_json=as_json, human=human)


@group.command("simulate")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="CSV file to write.")
@click.option("--jurisdictions", type=click.IntRange(10, 5000), default=200, show_default=True)
@click.option("--quarters", type=click.IntRange(1, 40), default=8, show_default=True)
@click.option("--first-quarter", default="2010Q1", show_default=True)
@click.option(
    "--planted-share",
    type=click.FloatRange(0, 0.5),
    default=0.05,
    show_default=True,
    help="Share of jurisdictions with a pretextual-arrest practice from activation on.",
)
@click.option(
    "--effect",
    type=click.FloatRange(1, 10),
    default=2.0,
    show_default=True,
    help="Factor on the minor matches of a planted jurisdiction.",
)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--fips/--no-fips", default=True, show_default=True, help="Name jurisdictions by real county FIPS codes."
)
@json_option
def simulate_command(
    out: Path, jurisdictions: int, quarters: int, first_quarter: str, planted_share: float, effect: float,
    seed: int, fips: bool, as_json: bool,
) -> None:  # fmt: skip
    """Write a synthetic counts CSV with planted pretextual arrests (ground truth on stdout)."""
    import numpy as np

    from securecomm.oversight.quarters import Quarter, QuarterFormatError
    from securecomm.oversight.simulation import SimulationSettings, simulate_table, table_to_csv

    try:
        first = Quarter.parse(first_quarter)
    except QuarterFormatError as error:
        raise BadInput(str(error), where="--first-quarter") from None
    ids = None
    if fips:
        from securecomm.oversight.maps import known_fips

        rng_ids = np.random.default_rng(seed + 1)
        pool = sorted(known_fips())
        ids = tuple(sorted(rng_ids.choice(pool, size=min(jurisdictions, len(pool)), replace=False).tolist()))
    settings = SimulationSettings(jurisdictions=jurisdictions, planted_share=planted_share, effect=effect)
    world = simulate_table(np.random.default_rng(seed), settings, first=first, quarters=quarters, ids=ids)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(table_to_csv(world.table), encoding="utf-8")
    emit(
        {"file": out, "rows": len(world.table.rows), "planted": sorted(world.planted), "seed": seed},
        as_json=as_json,
    )


@group.command("worked-example")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="The public data folder (default: shared/data/public beside the checkout).",
)
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="Folder for the outputs.")
@click.option("--no-pdf", is_flag=True, help="Skip the PDF.")
@json_option
def worked_example_command(data_dir: Path | None, out: Path, no_pdf: bool, as_json: bool) -> None:
    """Reproduce activation, detainer and "declined by LEA" figures from real public data, with checks."""
    from securecomm.clock import SystemClock
    from securecomm.config import shared_data_dir
    from securecomm.oversight.worked_example import checks, load_public_data
    from securecomm.oversight.worked_report import render_worked_example

    if data_dir is None:
        shared = shared_data_dir()
        if shared is None:
            raise BadInput(
                "no shared data folder found; pass --data DIR (shared/data/public)", where="--data"
            )
        data_dir = shared / "public"
    root = data_dir

    def read(relative: str) -> str:
        return _read_text(root / relative, option="--data")

    data = load_public_data(read)
    files = render_worked_example(data, prepared_on=SystemClock().now().date(), pdf=not no_pdf)
    written = write_outputs(files, out)
    results = [c.to_json() for c in checks(data)]
    payload = {"checks": results, "all_passed": all(c["passed"] for c in results), "files": written}

    def human(p: dict[str, Any]) -> str:
        lines = [f"{'pass' if c['passed'] else 'FAIL'}  {c['name']}: published {c['published']:,}, "
                 f"reproduced {c['reproduced']:,}" for c in p["checks"]]  # fmt: skip
        return "\n".join([*lines, f"report: {out / 'worked-example.html'}"])

    emit(payload, as_json=as_json, human=human)
