"""Beta-binomial regression by maximum marginal likelihood.

Why beta-binomial: jurisdictions differ in ways no covariate captures (local charging practice, who lives
there), so the share of minor matches varies between jurisdictions more than binomial sampling allows.
A binomial test would then flag most large jurisdictions for ordinary variation. The beta-binomial lets
each jurisdiction's true share vary around the expected one with intra-class correlation
`rho = 1 / (1 + phi)`, so the variance of a count out of `n` is `n mu (1 - mu) (1 + (n - 1) rho)` and big
jurisdictions are not over-flagged (Spiegelhalter 2005, "Funnel plots for comparing institutional
performance", Stat. Med. 24:1185; Williams 1982, "Extra-binomial variation in logistic linear models").

The mean follows a logistic regression `logit mu = X beta`; `phi` (precision) is one number per fit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import optimize, special, stats

__all__ = [
    "PHI_MAX",
    "BetaBinomialFit",
    "fit_beta_binomial",
    "predictive_share_range",
    "robust_rho",
    "standardized_residuals",
    "upper_tail_pvalue",
]

FloatArray = NDArray[np.float64]
# Precision above this is indistinguishable from binomial sampling for any count we see (rho < 1e-6);
# capping it keeps the beta functions numerically exact.
PHI_MAX = 1e6
PHI_MIN = 1e-2


@dataclass(frozen=True, slots=True)
class BetaBinomialFit:
    """A fitted model: coefficients on the logit scale, precision `phi`, and their covariance."""

    coefficients: tuple[float, ...]
    phi: float
    log_likelihood: float
    units: int
    converged: bool
    covariance: tuple[tuple[float, ...], ...]  # of the coefficients (outer-product of gradients)

    @property
    def rho(self) -> float:
        """Intra-class correlation: 0 is binomial, 1 is all-or-nothing."""
        return 1.0 / (1.0 + self.phi)

    def mean(self, design: FloatArray) -> FloatArray:
        """Expected share for each row of `design`."""
        return np.asarray(special.expit(design @ np.asarray(self.coefficients)), dtype=np.float64)

    def mean_interval(self, design: FloatArray, *, level: float = 0.95) -> tuple[FloatArray, FloatArray]:
        """Confidence interval of the expected share (uncertainty of the fitted coefficients only)."""
        eta = design @ np.asarray(self.coefficients)
        cov = np.asarray(self.covariance)
        se = np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", design, cov, design), 0.0))
        z = stats.norm.ppf(0.5 + level / 2)
        return (
            np.asarray(special.expit(eta - z * se), dtype=np.float64),
            np.asarray(special.expit(eta + z * se), dtype=np.float64),
        )


def _unit_terms(
    params: FloatArray, successes: FloatArray, trials: FloatArray, design: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Per-unit log-likelihood (without the constant binomial coefficient) and its gradient rows."""
    beta, log_phi = params[:-1], params[-1]
    phi = np.exp(log_phi)
    mu = np.clip(special.expit(design @ beta), 1e-12, 1 - 1e-12)
    a, b = mu * phi, (1 - mu) * phi
    y, n = successes, trials
    loglik = (
        special.gammaln(y + a)
        + special.gammaln(n - y + b)
        - special.gammaln(n + phi)
        + special.gammaln(phi)
        - special.gammaln(a)
        - special.gammaln(b)
    )
    common = special.digamma(phi) - special.digamma(n + phi)
    d_a = special.digamma(y + a) - special.digamma(a) + common
    d_b = special.digamma(n - y + b) - special.digamma(b) + common
    d_eta = phi * mu * (1 - mu) * (d_a - d_b)
    d_log_phi = phi * (mu * d_a + (1 - mu) * d_b)
    gradient = np.column_stack([design * d_eta[:, None], d_log_phi])
    return loglik, gradient


def _start(successes: FloatArray, trials: FloatArray, design: FloatArray) -> FloatArray:
    """Binomial logistic regression (a few IRLS steps) for beta, moments for phi."""
    beta = np.zeros(design.shape[1])
    pooled = (successes.sum() + 0.5) / (trials.sum() + 1.0)
    beta[0] = np.log(pooled / (1 - pooled))
    for _ in range(8):
        mu = np.clip(special.expit(design @ beta), 1e-9, 1 - 1e-9)
        weight = trials * mu * (1 - mu)
        hessian = design.T @ (design * weight[:, None]) + 1e-9 * np.eye(design.shape[1])
        beta = beta + np.linalg.solve(hessian, design.T @ (successes - trials * mu))
    mu = np.clip(special.expit(design @ beta), 1e-9, 1 - 1e-9)
    pearson = np.sum((successes - trials * mu) ** 2 / (trials * mu * (1 - mu)))
    dof = max(len(trials) - design.shape[1], 1)
    mean_n = max(float(np.mean(trials)), 2.0)
    rho = np.clip((pearson / dof - 1) / (mean_n - 1), 1 / (1 + PHI_MAX), 0.5)
    return np.append(beta, np.log(1 / rho - 1))


def fit_beta_binomial(
    successes: FloatArray, trials: FloatArray, design: FloatArray, *, phi: float | None = None
) -> BetaBinomialFit:
    """Maximise the beta-binomial likelihood of `successes` out of `trials` with mean `expit(design @ b)`.

    With `phi` given, only the coefficients are fitted (the precision is held at `phi`, e.g. a robust
    moment estimate). Units with zero trials carry no information and are dropped. Raises ValueError when
    fewer units than parameters remain, or when counts are inconsistent.
    """
    y = np.asarray(successes, dtype=np.float64)
    n = np.asarray(trials, dtype=np.float64)
    x = np.asarray(design, dtype=np.float64)
    keep = n > 0
    y, n, x = y[keep], n[keep], x[keep]
    if np.any(y < 0) or np.any(y > n):
        raise ValueError("successes must lie between 0 and trials")
    if len(n) < x.shape[1] + 1:
        raise ValueError(f"{len(n)} units cannot fit {x.shape[1] + 1} parameters")

    def objective(params: FloatArray) -> tuple[float, FloatArray]:
        loglik, gradient = _unit_terms(params, y, n, x)
        return -float(loglik.sum()), -gradient.sum(axis=0)

    bounds: list[tuple[float | None, float | None]] = [(None, None)] * x.shape[1]
    bounds.append((float(np.log(PHI_MIN)), float(np.log(PHI_MAX))))
    start = _start(y, n, x)
    if phi is not None:
        fixed = float(np.log(np.clip(phi, PHI_MIN, PHI_MAX)))
        bounds[-1] = (fixed, fixed)
        start[-1] = fixed
    start[-1] = np.clip(start[-1], bounds[-1][0], bounds[-1][1])
    result = optimize.minimize(objective, start, jac=True, method="L-BFGS-B", bounds=bounds)
    params = np.asarray(result.x, dtype=np.float64)
    loglik, gradient = _unit_terms(params, y, n, x)
    if phi is not None:  # the precision was given, not estimated: only the coefficients vary
        gradient = gradient[:, :-1]
    covariance = np.linalg.pinv(gradient.T @ gradient)[: x.shape[1], : x.shape[1]]
    return BetaBinomialFit(
        coefficients=tuple(float(v) for v in params[:-1]),
        phi=float(np.exp(params[-1])),
        log_likelihood=float(loglik.sum()),
        units=len(n),
        converged=bool(result.success),
        covariance=tuple(tuple(float(v) for v in row) for row in covariance),
    )


def standardized_residuals(
    successes: FloatArray, trials: FloatArray, mean: FloatArray, rho: float
) -> FloatArray:
    """(y - n mu) / sd under the beta-binomial with intra-class correlation `rho`."""
    n = np.asarray(trials, dtype=np.float64)
    mu = np.clip(np.asarray(mean, dtype=np.float64), 1e-12, 1 - 1e-12)
    sd = np.sqrt(n * mu * (1 - mu) * (1 + (n - 1) * rho))
    return np.asarray((np.asarray(successes, dtype=np.float64) - n * mu) / np.maximum(sd, 1e-12))


def robust_rho(successes: FloatArray, trials: FloatArray, mean: FloatArray) -> float:
    """Over-dispersion that makes the standardized residuals' scaled MAD equal 1.

    The median absolute deviation ignores a minority of outlying jurisdictions, which is the point: the
    jurisdictions we look for must not widen the yardstick they are measured with (cf. Spiegelhalter
    2005, who Winsorizes z-scores for the same reason). 1.4826 makes the MAD consistent for a normal SD.
    """
    y = np.asarray(successes, dtype=np.float64)
    n = np.asarray(trials, dtype=np.float64)

    def excess(log_rho: float) -> float:
        r = standardized_residuals(y, n, mean, float(np.exp(log_rho)))
        return float(1.4826 * np.median(np.abs(r - np.median(r))) - 1.0)

    low, high = np.log(1 / (1 + PHI_MAX)), np.log(0.5)
    if excess(low) <= 0:
        return float(np.exp(low))
    if excess(high) >= 0:
        return 0.5
    return float(np.exp(optimize.brentq(excess, low, high, xtol=1e-4)))


def upper_tail_pvalue(successes: FloatArray, trials: FloatArray, mean: FloatArray, phi: float) -> FloatArray:
    """One-sided p-value P(Y >= y) under beta-binomial(n, mean, phi): small when there are too many."""
    y = np.asarray(successes, dtype=np.float64)
    n = np.asarray(trials, dtype=np.float64)
    mu = np.clip(np.asarray(mean, dtype=np.float64), 1e-12, 1 - 1e-12)
    p = stats.betabinom.sf(y - 1, n, mu * phi, (1 - mu) * phi)
    return np.clip(np.where(y <= 0, 1.0, p), 0.0, 1.0)


def predictive_share_range(
    trials: FloatArray, mean: FloatArray, phi: float, *, level: float
) -> tuple[FloatArray, FloatArray]:
    """The central `level` range of the share y/n a jurisdiction like this would show (funnel limits).

    Computed from the whole probability mass function of each unit (exact, and much faster than a
    generic quantile search for the few hundred units a funnel plot or a flag list needs).
    """
    n_all = np.maximum(np.asarray(trials, dtype=np.int64), 1)
    mu_all = np.broadcast_to(np.clip(np.asarray(mean, dtype=np.float64), 1e-12, 1 - 1e-12), n_all.shape)
    tail = (1 - level) / 2
    low = np.empty(n_all.shape, dtype=np.float64)
    high = np.empty(n_all.shape, dtype=np.float64)
    for i, (n, mu) in enumerate(zip(n_all.tolist(), mu_all.tolist(), strict=True)):
        cdf = np.cumsum(stats.betabinom.pmf(np.arange(n + 1), n, mu * phi, (1 - mu) * phi))
        low[i] = np.searchsorted(cdf, tail * cdf[-1]) / n
        high[i] = np.searchsorted(cdf, (1 - tail) * cdf[-1]) / n
    return low, high
