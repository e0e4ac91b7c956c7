"""Known answers for the statistics: BH q-values, Wilson intervals, the beta-binomial fit and tail."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from securecomm.oversight.betabinom import (
    fit_beta_binomial,
    predictive_share_range,
    robust_rho,
    upper_tail_pvalue,
)
from securecomm.oversight.multiple import bh_qvalues, wilson_interval


def test_bh_against_a_hand_computed_example() -> None:
    # sorted p: .001 .008 .039 .041 .042 .060 .074 .205 ; m = 8
    # p*m/rank: .008 .032 .104 .082 .0672 .080 .0846 .205 ; running min from the right:
    #           .008 .032 .0672 .0672 .0672 .080 .0846 .205
    p = [0.041, 0.001, 0.205, 0.008, 0.074, 0.039, 0.060, 0.042]
    expected = [0.0672, 0.008, 0.205, 0.032, 0.0846, 0.0672, 0.080, 0.0672]
    assert bh_qvalues(p) == pytest.approx(expected, abs=1e-4)
    flagged = [i for i, q in enumerate(bh_qvalues(p)) if q <= 0.05]
    assert flagged == [1, 3]


def test_bh_rejects_invalid_pvalues() -> None:
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        bh_qvalues([0.5, 1.5])
    assert bh_qvalues([]) == []


@given(st.lists(st.floats(0, 1), min_size=1, max_size=60))
@settings(max_examples=60, deadline=None)
def test_bh_qvalues_are_at_least_p_and_keep_the_order(p: list[float]) -> None:
    q = bh_qvalues(p)
    assert all(qi >= pi - 1e-12 and qi <= 1 for pi, qi in zip(p, q, strict=True))
    order = np.argsort(p, kind="stable")
    assert all(q[order[k]] <= q[order[k + 1]] + 1e-12 for k in range(len(p) - 1))


def test_wilson_interval_known_answer() -> None:
    low, high = wilson_interval(30, 100)
    assert (round(low, 4), round(high, 4)) == (0.2189, 0.3958)
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_fit_recovers_planted_parameters() -> None:
    rng = np.random.default_rng(5)
    m = 3000
    z = rng.normal(0, 0.6, m)
    design = np.column_stack([np.ones(m), z])
    beta, rho = np.array([-0.4, 0.9]), 0.02
    phi = 1 / rho - 1
    mu = special.expit(design @ beta)
    n = rng.integers(30, 600, m)
    y = rng.binomial(n, rng.beta(mu * phi, (1 - mu) * phi))
    fit = fit_beta_binomial(y, n, design)
    assert fit.converged
    assert fit.coefficients == pytest.approx(tuple(beta), abs=0.04)
    assert fit.rho == pytest.approx(rho, rel=0.15)
    se = np.sqrt(np.diag(fit.covariance))
    assert np.all(np.abs(np.array(fit.coefficients) - beta) < 4 * se)
    robust = robust_rho(y, n, fit.mean(design))
    assert robust == pytest.approx(rho, rel=0.25)


def test_binomial_data_give_almost_no_overdispersion() -> None:
    rng = np.random.default_rng(6)
    n = rng.integers(50, 500, 800)
    y = rng.binomial(n, 0.3)
    fit = fit_beta_binomial(y, n, np.ones((800, 1)))
    assert fit.rho < 0.003
    assert fit.mean(np.ones((1, 1)))[0] == pytest.approx(0.3, abs=0.01)


def test_fixed_precision_is_kept() -> None:
    rng = np.random.default_rng(7)
    n = rng.integers(50, 500, 200)
    y = rng.binomial(n, 0.4)
    fit = fit_beta_binomial(y, n, np.ones((200, 1)), phi=99.0)
    assert fit.phi == pytest.approx(99.0)


def test_fit_refuses_too_few_units_and_inconsistent_counts() -> None:
    with pytest.raises(ValueError, match="cannot fit"):
        fit_beta_binomial(np.array([1.0]), np.array([5.0]), np.ones((1, 2)))
    with pytest.raises(ValueError, match="between 0 and trials"):
        fit_beta_binomial(np.array([6.0, 1, 1]), np.array([5.0, 5, 5]), np.ones((3, 1)))


def test_upper_tail_is_the_beta_binomial_survival_function() -> None:
    y, n, mu, phi = np.array([12.0, 0.0, 40.0]), np.array([40.0, 40.0, 40.0]), np.array([0.2, 0.2, 0.2]), 30.0
    expected = stats.betabinom.sf(y - 1, n, mu * phi, (1 - mu) * phi)
    assert upper_tail_pvalue(y, n, mu, phi) == pytest.approx(np.where(y == 0, 1.0, expected))
    assert upper_tail_pvalue(y, n, mu, phi)[1] == 1.0


def test_predictive_range_matches_scipy_quantiles() -> None:
    n = np.array([20.0, 150.0, 900.0])
    mu = np.array([0.3, 0.45, 0.6])
    low, high = predictive_share_range(n, mu, 50.0, level=0.95)
    a, b = mu * 50, (1 - mu) * 50
    assert low * n == pytest.approx(stats.betabinom.ppf(0.025, n, a, b))
    assert high * n == pytest.approx(stats.betabinom.ppf(0.975, n, a, b))
