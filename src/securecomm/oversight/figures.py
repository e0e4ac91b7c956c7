"""Pictures of the analysis: funnel plot per quarter, trends over quarters, maps by county.

Every function returns PNG bytes (matplotlib's Agg canvas, no global pyplot state); the caller decides
where they go. Small cells are never printed as numbers here: points are unlabelled unless flagged, and a
flagged cell met the minimum counts.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import BoundaryNorm, ListedColormap, Normalize
from matplotlib.figure import Figure

from securecomm.oversight.betabinom import predictive_share_range
from securecomm.oversight.outliers import QuarterFit
from securecomm.oversight.quarters import Quarter

__all__ = ["activation_map_png", "flags_map_png", "funnel_png", "png_bytes", "trends_png"]

FLAG_COLOR = "#c0392b"


def png_bytes(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def funnel_png(fit: QuarterFit, *, fdr: float, measure: str) -> bytes:
    """Share against volume with 95 % and 99.8 % limits of the fitted peer model.

    Each point is moved by (quarter's median expected share - its own expected share), so one pair of
    limits serves every jurisdiction whatever its arrest mix; the test itself uses each jurisdiction's
    own expectation, and flagged points are labelled.
    """
    fig = Figure(figsize=(9, 5.6), dpi=110)
    ax = fig.add_subplot()
    tested = [t for t in fit.tests if t.p_value is not None and t.expected_share is not None]
    untested = [t for t in fit.tests if t.p_value is None and t.cell.trials > 0]
    ax.set_xscale("log")
    ax.set_xlabel("IDENT matches in the quarter (log scale)" if "match" in measure else "count (log scale)")
    ax.set_ylabel(f"{measure}, adjusted")
    ax.set_title(f"Funnel plot, {fit.quarter}: {measure}")
    if tested:
        centre = float(np.median([t.expected_share for t in tested]))
        phis = [t.phi for t in tested if t.phi]
        phi = float(np.median(phis)) if phis else 1e6
        trials = np.array([t.cell.trials for t in tested], dtype=np.float64)
        grid = np.unique(np.round(np.geomspace(max(trials.min() * 0.8, 5), trials.max() * 1.25, 70))).astype(
            np.float64
        )
        for level, style in ((0.95, "--"), (0.998, ":")):
            low, high = predictive_share_range(grid, np.full(len(grid), centre), phi, level=level)
            label = f"{100 * level:g} % limits"
            ax.plot(grid, low, style, color="#34495e", linewidth=1, label=label)
            ax.plot(grid, high, style, color="#34495e", linewidth=1)
        ax.axhline(centre, color="#7f8c8d", linewidth=0.8, label="expected (median)")
        adjusted = np.array([t.cell.share - (t.expected_share or 0.0) + centre for t in tested])
        flagged = np.array([t.flagged(fdr) for t in tested])
        ax.scatter(trials[~flagged], adjusted[~flagged], s=12, color="#2e86c1", alpha=0.7, label="tested")
        if flagged.any():
            ax.scatter(
                trials[flagged], adjusted[flagged], s=28, color=FLAG_COLOR, label=f"flagged (q ≤ {fdr:g})"
            )
            for t, x, y in zip(tested, trials, adjusted, strict=True):
                if t.flagged(fdr):
                    ax.annotate(
                        t.cell.jurisdiction, (x, y), xytext=(4, 3), textcoords="offset points", fontsize=7
                    )
    if untested:
        ax.scatter(
            [t.cell.trials for t in untested],
            [t.cell.share for t in untested],
            s=10,
            facecolors="none",
            edgecolors="#aab7b8",
            label="below minimum counts (not tested)",
        )
    ax.set_ylim(-0.02, 1.02)
    ax.grid(alpha=0.25)
    ax.legend(fontsize=7.5, loc="lower right")
    return png_bytes(fig)


def trends_png(fits: tuple[QuarterFit, ...], *, fdr: float, measure: str, highlight: int = 8) -> bytes:
    """Median and inter-quartile range of the share over quarters, with the flagged jurisdictions' lines."""
    fig = Figure(figsize=(9, 6.2), dpi=110)
    top, bottom = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1]})
    labels = [str(fit.quarter) for fit in fits]
    x = np.arange(len(fits))
    shares = [[t.cell.share for t in fit.tested] for fit in fits]
    median = [float(np.median(s)) if s else np.nan for s in shares]
    q1 = [float(np.quantile(s, 0.25)) if s else np.nan for s in shares]
    q3 = [float(np.quantile(s, 0.75)) if s else np.nan for s in shares]
    top.fill_between(x, q1, q3, color="#aed6f1", label="middle half of tested jurisdictions")
    top.plot(x, median, color="#1b4f72", marker="o", markersize=3, label="median")
    flagged_counts: dict[str, int] = {}
    for fit in fits:
        for t in fit.tests:
            if t.flagged(fdr):
                flagged_counts[t.cell.jurisdiction] = flagged_counts.get(t.cell.jurisdiction, 0) + 1
    shown = sorted(flagged_counts, key=lambda j: (-flagged_counts[j], j))[:highlight]
    for j in shown:
        ys = []
        for fit in fits:
            match = [t for t in fit.tested if t.cell.jurisdiction == j]
            ys.append(match[0].cell.share if match else np.nan)
        top.plot(x, ys, color=FLAG_COLOR, alpha=0.6, linewidth=1)
        last = max((i for i, v in enumerate(ys) if np.isfinite(v)), default=None)
        if last is not None:
            top.annotate(j, (x[last], ys[last]), xytext=(3, 0), textcoords="offset points", fontsize=7)
    if shown:
        top.plot([], [], color=FLAG_COLOR, label=f"flagged jurisdictions (up to {highlight})")
    top.set_ylabel(measure)
    top.set_ylim(0, 1)
    top.legend(fontsize=7.5, loc="upper left")
    top.set_title(f"Trends over quarters: {measure}")
    top.grid(alpha=0.25)
    tested = [len(fit.tested) for fit in fits]
    flags = [sum(t.flagged(fdr) for t in fit.tests) for fit in fits]
    bottom.bar(x, tested, color="#d5dbdb", label="tested")
    bottom.bar(x, flags, color=FLAG_COLOR, label="flagged")
    bottom.set_ylabel("jurisdictions")
    bottom.legend(fontsize=7.5, loc="upper left")
    bottom.set_xticks(x, labels, rotation=45 if len(x) > 8 else 0, fontsize=8)
    fig.tight_layout()
    return png_bytes(fig)


def activation_map_png(activations: Mapping[str, Quarter], *, title: str, note: str | None = None) -> bytes:
    """Counties coloured by the quarter Secure Communities was activated."""
    from securecomm.oversight.maps import county_map_png

    values = {fips: q.year + (q.number - 1) / 4 for fips, q in activations.items()}
    low = min(values.values(), default=2008.0)
    high = max(values.values(), default=2013.0)
    years = range(int(np.floor(low)), int(np.floor(high)) + 1)
    return county_map_png(
        values,
        title=title,
        colormap=colormaps["viridis"],
        norm=Normalize(low, high + 0.25),
        colorbar_label="activation (calendar quarter)",
        colorbar_ticks={float(y): str(y) for y in years},
        missing_label="no activation date in the data",
        note=note,
    )


def flags_map_png(
    flag_counts: Mapping[str, int], tested: set[str], *, title: str, note: str | None = None
) -> bytes:
    """Counties by number of flagged quarters; tested counties without a flag in pale blue."""
    from securecomm.oversight.maps import county_map_png

    most = max(flag_counts.values(), default=0)
    bounds = [-0.5, 0.5, 1.5, 2.5, max(most, 3) + 0.5]
    colours = ListedColormap(["#d6eaf8", "#f5b7b1", "#e74c3c", "#922b21"])
    values = {fips: float(flag_counts.get(fips, 0)) for fips in tested}
    return county_map_png(
        values,
        title=title,
        colormap=colours,
        norm=BoundaryNorm(bounds, colours.N),
        colorbar_label="quarters flagged",
        colorbar_ticks={0.0: "0", 1.0: "1", 2.0: "2", (3 + bounds[-1]) / 2: "3+"},
        missing_label="not tested (not in the data, or below the minimum counts)",
        note=note,
    )
