"""Power study of the quarterly outlier test: planted pretextual arrests, detection power and FDR.

Synthetic jurisdictions (securecomm.oversight.simulation) of five sizes (50 to 1,000 baseline IDENT matches
a quarter); a share of them have a pretextual-arrest practice that multiplies their minor matches by
`effect`. For each between-jurisdiction heterogeneity `rho` and effect the study prints:

* power: the share of planted jurisdictions flagged (q <= FDR), by baseline size and for >= 200 matches;
* FDR: the mean share of false flags among all flags (0 when nothing is flagged);
* with effect 1.0 (nobody planted): the chance of any false flag in a quarter.

Side by side, at the first rho: the same test with over-dispersion by plain maximum likelihood (no robust
step) and with none at all (binomial) — the baselines the method must beat. Aim (issue 7): >= 90 % power
for a doubling in jurisdictions with >= 200 matches a quarter, at FDR <= 5 %.

    python bench/oversight_power.py [--replicates 20] [--seed 1] [--json]

Deterministic by seed; about a minute on one core.
"""

from __future__ import annotations

import argparse
import json
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

from securecomm.oversight.analysis import analyze
from securecomm.oversight.outliers import Dispersion, OutlierSettings
from securecomm.oversight.simulation import SimulationSettings, simulate_quarter

SIZES = (50, 100, 200, 500, 1000)


def run(
    *,
    rho: float,
    effect: float,
    dispersion: Dispersion,
    replicates: int,
    seed: int,
    jurisdictions: int,
    planted: float,
) -> dict[str, object]:
    rng = np.random.default_rng([seed, round(rho * 1e6), round(effect * 100)])
    world = SimulationSettings(
        jurisdictions=jurisdictions,
        baseline_matches=SIZES,
        planted_share=planted if effect > 1 else 0.0,
        effect=effect,
        rho=rho,
    )
    settings = OutlierSettings(dispersion=dispersion)
    found = dict.fromkeys(SIZES, 0)
    total = dict.fromkeys(SIZES, 0)
    fdp, any_false = [], 0
    for _ in range(replicates):
        sim = simulate_quarter(rng, world)
        flagged = {flag.jurisdiction for flag in analyze(sim.table, settings).flags}
        false = flagged - sim.planted
        fdp.append(len(false) / len(flagged) if flagged else 0.0)
        any_false += bool(false)
        for j in sim.planted:
            size = sim.baseline_matches[j]
            total[size] += 1
            found[size] += j in flagged
    big = [s for s in SIZES if s >= 200]
    power_big = sum(found[s] for s in big) / max(sum(total[s] for s in big), 1)
    return {
        "rho": rho,
        "effect": effect,
        "dispersion": dispersion.value,
        "power_by_size": {str(s): (found[s] / total[s] if total[s] else None) for s in SIZES},
        "power_200_plus": power_big if effect > 1 else None,
        "fdr": float(np.mean(fdp)),
        "any_false_flag": any_false / replicates,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jurisdictions", type=int, default=400)
    parser.add_argument("--planted-share", type=float, default=0.10)
    parser.add_argument(
        "--rho", default="0.002,0.005,0.01", help="between-jurisdiction ICCs, comma-separated"
    )
    parser.add_argument("--effects", default="1.0,1.5,2.0,3.0", help="effects, comma-separated (1.0 = null)")
    parser.add_argument("--json", action="store_true", help="end with one JSON object")
    args = parser.parse_args()
    rhos = [float(v) for v in args.rho.split(",")]
    effects = [float(v) for v in args.effects.split(",")]
    common = {
        "replicates": args.replicates,
        "seed": args.seed,
        "jurisdictions": args.jurisdictions,
        "planted": args.planted_share,
    }
    started = time.perf_counter()
    rows = []
    plan = [(rho, effect, Dispersion.ROBUST) for rho in rhos for effect in effects]
    plan += [(rhos[0], effect, d) for d in (Dispersion.LIKELIHOOD, Dispersion.NONE) for effect in effects]
    print(
        f"{args.jurisdictions} jurisdictions a quarter, {args.planted_share:.0%} planted, "
        f"{args.replicates} replicates, FDR 5 %, seed {args.seed}"
    )
    print(
        f"{'dispersion':<11}{'rho':>7}{'effect':>7}"
        + "".join(f"{'n=' + str(s):>8}" for s in SIZES)
        + f"{'n>=200':>8}{'FDR':>7}{'P(any false)':>14}"
    )
    for rho, effect, dispersion in plan:
        row = run(rho=rho, effect=effect, dispersion=dispersion, **common)  # type: ignore[arg-type]
        rows.append(row)
        power = row["power_by_size"]
        assert isinstance(power, dict)
        cells = "".join(f"{'-' if power[str(s)] is None else format(power[str(s)], '.0%'):>8}" for s in SIZES)
        big = row["power_200_plus"]
        print(
            f"{dispersion.value:<11}{rho:>7g}{effect:>7g}{cells}{'-' if big is None else format(big, '.0%'):>8}"
            f"{row['fdr']:>7.1%}{row['any_false_flag']:>14.0%}",
            flush=True,
        )
    elapsed = time.perf_counter() - started
    headline = [r for r in rows if r["effect"] == 2.0 and r["dispersion"] == Dispersion.ROBUST.value]
    print()
    for r in headline:
        met = (r["power_200_plus"] or 0) >= 0.9 and float(r["fdr"]) <= 0.05  # type: ignore[arg-type]
        print(
            f"doubling, rho={r['rho']}: power {r['power_200_plus']:.0%} at >= 200 matches, FDR {r['fdr']:.1%}"
            f" -> aim {'met' if met else 'not met'}"
        )
    print(f"elapsed {elapsed:.1f} s")
    if args.json:
        print(
            json.dumps(
                {
                    "benchmark": "oversight_power",
                    "seed": args.seed,
                    "replicates": args.replicates,
                    "jurisdictions": args.jurisdictions,
                    "planted_share": args.planted_share,
                    "elapsed_s": round(elapsed, 1),
                    "rows": rows,
                }
            )
        )


if __name__ == "__main__":
    main()
