"""Which jurisdictions show an excess share, given their own reference mix and their peers?

The generic question, asked of two measures in one quarter:

* matches: minor IDENT matches (Level 3 + non-criminal) out of all matches, given the jurisdiction's
  share of minor arrests (arrests_minor / arrests_total);
* demographics: a group's minor arrests out of all minor arrests, given the group's population share.

Method (ours, documented in docs/oversight.md; DHS's actual protocol is not public):

1. Peers: every jurisdiction of the quarter, or those of the same state or size band (`PeerScheme`);
   a peer group with fewer than `min_peers` usable jurisdictions falls back to all of the quarter.
2. Expected share: beta-binomial regression of the measure on the logit of the reference share, fitted
   over the peers. Matches are not a random sample of arrests (who is a noncitizen differs by offense),
   so the relation is estimated from peers rather than assumed to be the identity.
3. One-sided p-value P(Y >= y) under the fitted beta-binomial; Benjamini-Hochberg q-values across the
   quarter's tested jurisdictions.
4. Robust refit: jurisdictions with q <= the FDR are left out of the peer fit and everything is refitted
   (at most `robust_rounds` times), so a cluster of outliers cannot inflate the over-dispersion or drag
   the expected share up and hide itself. Each flagged jurisdiction is thus judged against peers only.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from securecomm.oversight.betabinom import (
    PHI_MAX,
    BetaBinomialFit,
    fit_beta_binomial,
    robust_rho,
    standardized_residuals,
    upper_tail_pvalue,
)
from securecomm.oversight.errors import OversightSettingsError
from securecomm.oversight.multiple import bh_qvalues
from securecomm.oversight.quarters import Quarter

__all__ = [
    "Dispersion",
    "OutlierSettings",
    "PeerScheme",
    "QuarterFit",
    "ShareCell",
    "ShareTest",
    "find_excess_shares",
]

# A peer whose standardized residual exceeds this is left out of the mean's fit (two-sided, so the
# trimming does not bias the expectation; under the model about 0.3 % of peers go).
TRIM_Z = 3.0
# A tested jurisdiction whose own one-sided p-value is at most this (or whose q-value is at most the FDR)
# is left out of the peer fit in the next round. Under the model this removes 0.1 % of peers, which moves
# the fitted over-dispersion by about 1 %; under contamination it removes the outliers that would
# otherwise inflate the over-dispersion and hide themselves. (0.01 gained little power in the power
# study and doubled the chance of a false flag when no jurisdiction misbehaves.)
EXCLUDE_P = 0.001
# Untested reasons, shown in the report next to each jurisdiction that was not tested.
BELOW_MINIMUM = "below the minimum counts"
TOO_FEW_PEERS = "too few peer jurisdictions to fit an expectation"


class Dispersion(enum.StrEnum):
    """How the between-jurisdiction over-dispersion is estimated."""

    ROBUST = "robust"  # MAD of standardized residuals (default; see robust_fit)
    LIKELIHOOD = "likelihood"  # maximum marginal likelihood, outliers included
    NONE = "none"  # binomial: no over-dispersion (shown only as a baseline; over-flags big jurisdictions)


class PeerScheme(enum.StrEnum):
    """Whom a jurisdiction is compared with."""

    ALL = "all"
    STATE = "state"
    SIZE_BAND = "size-band"


@dataclass(frozen=True, slots=True)
class OutlierSettings:
    """The knobs of the test; the defaults are the ones the power study (bench/oversight_power.py) used."""

    fdr: float = 0.05  # Benjamini-Hochberg false-discovery rate; flags have q <= fdr
    min_trials: int = 30  # e.g. matches_total: below this a share is too noisy to judge
    min_reference: int = 100  # e.g. arrests_total: below this the reference share is too noisy
    peers: PeerScheme = PeerScheme.ALL
    min_peers: int = 10  # a peer group smaller than this falls back to every jurisdiction of the quarter
    robust_rounds: int = 3  # refits leaving flagged jurisdictions out of the peer fit
    max_excluded_share: float = 0.25  # never leave out more than this share of the peers
    dispersion: Dispersion = Dispersion.ROBUST

    def __post_init__(self) -> None:
        checks = (
            ("fdr", 0 < self.fdr < 1, "must lie strictly between 0 and 1"),
            ("min_trials", self.min_trials >= 1, "must be at least 1"),
            ("min_reference", self.min_reference >= 1, "must be at least 1"),
            ("min_peers", self.min_peers >= 3, "must be at least 3 (a regression needs peers)"),
            ("robust_rounds", 0 <= self.robust_rounds <= 10, "must lie between 0 and 10"),
            ("max_excluded_share", 0 <= self.max_excluded_share < 0.5, "must lie in [0, 0.5)"),
        )
        for name, ok, message in checks:
            if not ok:
                raise OversightSettingsError(f"{getattr(self, name)!r} {message}", setting=name)


@dataclass(frozen=True, slots=True)
class ShareCell:
    """One jurisdiction-quarter: `successes` of `trials`, against a reference share."""

    jurisdiction: str
    quarter: Quarter
    successes: int
    trials: int
    reference_successes: int
    reference_trials: int
    state: str | None = None

    @property
    def share(self) -> float:
        return self.successes / self.trials if self.trials else 0.0

    @property
    def reference_share(self) -> float:
        return self.reference_successes / self.reference_trials if self.reference_trials else 0.0


@dataclass(frozen=True, slots=True)
class ShareTest:
    """The verdict on one cell. `p_value`/`q_value` are None when it was not tested (`untested_reason`)."""

    cell: ShareCell
    expected_share: float | None
    expected_low: float | None  # confidence interval of the expected share (fit uncertainty)
    expected_high: float | None
    phi: float | None  # beta-binomial precision of the peer fit that judged this cell
    p_value: float | None
    q_value: float | None
    peer_group: str
    peers: int  # jurisdictions in the fit that judged this cell (itself excluded when flagged)
    excluded_from_fit: bool
    untested_reason: str | None
    state_peer_share: float | None  # pooled share of the other jurisdictions in the same state
    size_peer_share: float | None  # pooled share of the other jurisdictions in the same size band

    def flagged(self, fdr: float) -> bool:
        return self.q_value is not None and self.q_value <= fdr


@dataclass(frozen=True, slots=True)
class QuarterFit:
    """Everything one quarter's test produced: the verdicts and the peer models behind them."""

    quarter: Quarter
    tests: tuple[ShareTest, ...]
    fits: tuple[tuple[str, BetaBinomialFit], ...]  # peer group -> fit
    rounds: int  # fits done, the robust refits included

    @property
    def tested(self) -> tuple[ShareTest, ...]:
        return tuple(t for t in self.tests if t.p_value is not None)


def _logit_reference(cells: Sequence[ShareCell]) -> np.ndarray:
    ref = np.array([(c.reference_successes + 0.5) / (c.reference_trials + 1.0) for c in cells])
    return np.asarray(np.log(ref / (1 - ref)), dtype=np.float64)


def _size_bands(cells: Sequence[ShareCell]) -> list[str]:
    """Quartiles of the reference volume (e.g. arrests) within the quarter."""
    volumes = np.array([c.reference_trials for c in cells], dtype=np.float64)
    edges = np.quantile(volumes, [0.25, 0.5, 0.75]) if len(volumes) else np.zeros(3)
    bands = np.searchsorted(edges, volumes, side="right")
    labels = ("smallest quarter", "second quarter", "third quarter", "largest quarter")
    return [f"size band: {labels[b]} by volume" for b in bands]


def _peer_groups(cells: Sequence[ShareCell], settings: OutlierSettings) -> tuple[list[str], list[str]]:
    """(group used for the fit, size band) per cell, after the fallback for small groups."""
    bands = _size_bands(cells)
    if settings.peers is PeerScheme.STATE:
        wanted = [f"state: {c.state or 'unknown'}" for c in cells]
    elif settings.peers is PeerScheme.SIZE_BAND:
        wanted = bands
    else:
        wanted = ["all jurisdictions of the quarter"] * len(cells)
    usable = [c.trials > 0 and c.reference_trials > 0 for c in cells]
    sizes: dict[str, int] = {}
    for group, ok in zip(wanted, usable, strict=True):
        sizes[group] = sizes.get(group, 0) + ok
    groups = [g if sizes[g] >= settings.min_peers else "all jurisdictions of the quarter" for g in wanted]
    return groups, bands


def _leave_one_out_share(cells: Sequence[ShareCell], keys: Sequence[str | None]) -> list[float | None]:
    totals: dict[str, tuple[int, int]] = {}
    for cell, key in zip(cells, keys, strict=True):
        if key is not None:
            s, n = totals.get(key, (0, 0))
            totals[key] = (s + cell.successes, n + cell.trials)
    shares: list[float | None] = []
    for cell, key in zip(cells, keys, strict=True):
        if key is None:
            shares.append(None)
            continue
        s, n = totals[key]
        rest = n - cell.trials
        shares.append((s - cell.successes) / rest if rest > 0 else None)
    return shares


def find_excess_shares(cells: Sequence[ShareCell], settings: OutlierSettings) -> QuarterFit:
    """Test every cell of one quarter for an excess share; see the module docstring for the method."""
    quarters = {c.quarter for c in cells}
    if len(quarters) > 1:
        raise ValueError(f"test one quarter at a time, got {sorted(map(str, quarters))}")
    quarter = next(iter(quarters)) if quarters else Quarter(2000, 1)
    cells = sorted(cells, key=lambda c: c.jurisdiction)
    groups, bands = _peer_groups(cells, settings)
    z = _logit_reference(cells)
    y = np.array([c.successes for c in cells], dtype=np.float64)
    n = np.array([c.trials for c in cells], dtype=np.float64)
    usable = (n > 0) & np.array([c.reference_trials > 0 for c in cells])
    eligible = usable & (n >= settings.min_trials)
    eligible &= np.array([c.reference_trials >= settings.min_reference for c in cells])
    group_names = sorted(set(groups))
    excluded = np.zeros(len(cells), dtype=bool)
    mean = np.full(len(cells), np.nan)
    low = np.full(len(cells), np.nan)
    high = np.full(len(cells), np.nan)
    phi = np.full(len(cells), np.nan)
    fit_size = np.zeros(len(cells), dtype=np.int64)
    fits: dict[str, BetaBinomialFit] = {}
    pvalues = np.full(len(cells), np.nan)
    qvalues = np.full(len(cells), np.nan)
    rounds = 0
    for _ in range(settings.robust_rounds + 1):
        rounds += 1
        for group in group_names:
            member = np.array([g == group for g in groups])
            in_fit = member & usable & ~excluded
            if in_fit.sum() < settings.min_peers:
                continue
            centre = float(np.mean(z[in_fit]))
            spread = float(np.std(z[in_fit]))
            columns = [np.ones(len(cells))] + ([z - centre] if spread > 1e-9 else [])
            design = np.column_stack(columns)
            if settings.dispersion is Dispersion.ROBUST:
                fit = robust_fit(y[in_fit], n[in_fit], design[in_fit], min_trials=settings.min_trials)
            else:
                fixed = PHI_MAX if settings.dispersion is Dispersion.NONE else None
                fit = fit_beta_binomial(y[in_fit], n[in_fit], design[in_fit], phi=fixed)
            fits[group] = fit
            mean[member] = fit.mean(design[member])
            lo, hi = fit.mean_interval(design[member])
            low[member], high[member] = lo, hi
            phi[member] = fit.phi
            fit_size[member] = int(in_fit.sum())
        testable = eligible & ~np.isnan(mean)
        pvalues[:] = np.nan
        qvalues[:] = np.nan
        if testable.any():
            pvalues[testable] = _pvalues(y, n, mean, phi, testable)
            qvalues[testable] = bh_qvalues(pvalues[testable].tolist())
        flagged = testable & ((qvalues <= settings.fdr) | (pvalues <= EXCLUDE_P))
        cap = int(settings.max_excluded_share * usable.sum())
        if flagged.sum() > cap:  # keep the most extreme only: the rest stay in as peers
            order = np.argsort(np.where(flagged, pvalues, np.inf), kind="stable")[:cap]
            flagged = np.zeros(len(cells), dtype=bool)
            flagged[order] = True
        if np.array_equal(flagged, excluded):
            break
        excluded = flagged
    state_share = _leave_one_out_share(cells, [c.state for c in cells])
    size_share = _leave_one_out_share(cells, bands)
    tests = []
    for i, cell in enumerate(cells):
        tested = not np.isnan(pvalues[i])
        reason = None
        if not tested:
            reason = TOO_FEW_PEERS if eligible[i] else BELOW_MINIMUM
        known = not np.isnan(mean[i])
        tests.append(
            ShareTest(
                cell=cell,
                expected_share=float(mean[i]) if known else None,
                expected_low=float(low[i]) if known else None,
                expected_high=float(high[i]) if known else None,
                phi=float(phi[i]) if known else None,
                p_value=float(pvalues[i]) if tested else None,
                q_value=float(qvalues[i]) if tested else None,
                peer_group=groups[i],
                peers=int(fit_size[i]),
                excluded_from_fit=bool(excluded[i]),
                untested_reason=reason,
                state_peer_share=state_share[i],
                size_peer_share=size_share[i],
            )
        )
    return QuarterFit(quarter=quarter, tests=tuple(tests), fits=tuple(sorted(fits.items())), rounds=rounds)


def robust_fit(y: np.ndarray, n: np.ndarray, design: np.ndarray, *, min_trials: int) -> BetaBinomialFit:
    """Beta-binomial fit that outlying jurisdictions cannot widen to hide themselves.

    Start from the full maximum-likelihood fit; then alternate: over-dispersion from the scaled MAD of the
    standardized residuals (cells with at least `min_trials`), and coefficients by maximum likelihood at
    that over-dispersion over the peers within `TRIM_Z`. Finally the over-dispersion is the larger of that
    robust estimate and the likelihood estimate over the same trimmed peers. Without the robust step a
    10 % cluster of doubled jurisdictions triples the over-dispersion in the power study's world.
    """
    fit = fit_beta_binomial(y, n, design)
    keep = np.ones(len(y), dtype=bool)
    for _ in range(4):
        mu = fit.mean(design)
        large = n >= min_trials
        if large.sum() < 10:
            large = np.ones(len(y), dtype=bool)
        rho = robust_rho(y[large], n[large], mu[large])
        within = np.abs(standardized_residuals(y, n, mu, rho)) <= TRIM_Z
        if within.sum() <= design.shape[1] + 1:
            within = np.ones(len(y), dtype=bool)
        fit = fit_beta_binomial(y[within], n[within], design[within], phi=1 / rho - 1)
        if np.array_equal(within, keep):
            break
        keep = within
    # The MAD is what finds outliers in a contaminated quarter, but with a few hundred jurisdictions it is
    # noisy and can come out far too small (then ordinary large jurisdictions get flagged). The likelihood
    # estimate over the trimmed peers guards that side: the test uses the larger of the two.
    free = fit_beta_binomial(y[keep], n[keep], design[keep])
    return free if free.rho > fit.rho else fit


def _pvalues(y: np.ndarray, n: np.ndarray, mean: np.ndarray, phi: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Upper-tail p-values, one precision per peer group."""
    out = np.empty(int(mask.sum()))
    idx = np.flatnonzero(mask)
    for value in np.unique(phi[mask]):
        sel = phi[idx] == value
        out[sel] = upper_tail_pvalue(y[idx][sel], n[idx][sel], mean[idx][sel], float(value))
    return out
