"""Change after activation: difference in differences against own history and peers.

Pretextual arrests would show as a rise, after Secure Communities was activated in a jurisdiction, in the
share of its arrests that are for minor offenses (or, with demographic counts, in one group's share of
minor arrests), beyond the change its peers saw over the same quarters (cf. Treyger, Chalfin and Loeffler
2014, Criminology & Public Policy 13:285, who found little such change on average).

For jurisdiction j activated in quarter A:

* own change: logit of the pooled share in its quarters from A on, minus that before A;
* peers' change: the same difference over exactly those quarters for clean controls, i.e. jurisdictions
  whose activation status did not change inside j's window (never activated, activated after it, or
  before it); with fewer than `min_peers` clean controls, all other jurisdictions (said in the result);
* difference in differences D = own change - mean peer change; its standard error adds j's sampling
  variance, the peers' between-jurisdiction variance of changes (method of moments) and the error of the
  peer mean; one-sided p-value for an increase; Benjamini-Hochberg q-values across jurisdictions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from scipy import special, stats

from securecomm.oversight.multiple import bh_qvalues
from securecomm.oversight.outliers import OutlierSettings
from securecomm.oversight.quarters import Quarter
from securecomm.oversight.table import CountRow, CountTable

__all__ = ["DidResult", "difference_in_differences"]

CLEAN_CONTROLS = "jurisdictions not activated during the window"
ALL_OTHERS = "all other jurisdictions (too few clean controls)"


@dataclass(frozen=True, slots=True)
class DidResult:
    """One jurisdiction's change after activation, against its peers'."""

    jurisdiction: str
    outcome: str
    activation: Quarter
    pre_quarters: int
    post_quarters: int
    pre_share: float
    post_share: float
    peer_pre_share: float
    peer_post_share: float
    did_logit: float  # own change minus peer change, logit scale
    standard_error: float
    p_value: float | None  # None: below the minimum counts
    q_value: float | None
    peers: int
    peer_kind: str

    def flagged(self, fdr: float) -> bool:
        return self.q_value is not None and self.q_value <= fdr


def _logit(successes: np.ndarray, trials: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Logit of a pooled share with a half-count correction, and its sampling variance."""
    s = successes + 0.5
    f = trials - successes + 0.5
    return np.log(s / f), 1 / s + 1 / f


def difference_in_differences(
    table: CountTable,
    *,
    outcome: str,
    counts: Callable[[CountRow], tuple[int, int] | None],
    settings: OutlierSettings,
) -> tuple[DidResult, ...]:
    """Test each activated jurisdiction with quarters before and after activation.

    `counts(row)` gives (successes, trials) of the outcome for a row, or None when missing.
    """
    quarters = table.quarters
    juris = table.jurisdictions
    index_q = {q: i for i, q in enumerate(quarters)}
    index_j = {j: i for i, j in enumerate(juris)}
    succ = np.zeros((len(juris), len(quarters)))
    tot = np.zeros((len(juris), len(quarters)))
    present = np.zeros((len(juris), len(quarters)), dtype=bool)
    activation: dict[str, Quarter] = {}
    for row in table.rows:
        if row.activation_quarter is not None:
            activation[row.jurisdiction] = row.activation_quarter
        value = counts(row)
        if value is None:
            continue
        i, k = index_j[row.jurisdiction], index_q[row.quarter]
        succ[i, k], tot[i, k] = value
        present[i, k] = True
    act_index = np.array(
        [index_of(activation.get(j), quarters) for j in juris], dtype=np.float64
    )  # NaN: never activated in the data
    results: list[DidResult] = []
    windows: dict[tuple[bytes, bytes], tuple[np.ndarray, ...]] = {}
    for j in juris:
        if j not in activation:
            continue
        i = index_j[j]
        a = activation[j]
        pre = present[i] & np.array([q < a for q in quarters])
        post = present[i] & np.array([q >= a for q in quarters])
        if not pre.any() or not post.any():
            continue
        key = (pre.tobytes(), post.tobytes())
        if key not in windows:  # jurisdictions activated together share one window: compute it once
            windows[key] = _window(succ, tot, present, pre, post, act_index)
        w = windows[key]
        pre_s, pre_n, post_s, post_n, lp_pre, lp_post, change, variance = w[:8]
        others, clean = w[8].copy(), w[9].copy()
        others[i] = False
        peers = others & clean
        kind = CLEAN_CONTROLS
        if peers.sum() < settings.min_peers:
            peers, kind = others, ALL_OTHERS
        enough = min(pre_n[i], post_n[i]) >= settings.min_reference and peers.sum() >= 3
        if peers.sum() >= 2:
            peer_changes = change[peers]
            tau2 = max(0.0, float(np.var(peer_changes, ddof=1) - np.mean(variance[peers])))
            peer_mean = float(np.mean(peer_changes))
            se = float(np.sqrt(variance[i] + tau2 + np.var(peer_changes, ddof=1) / peers.sum()))
        else:
            peer_mean, se = 0.0, float(np.sqrt(variance[i]))
        did = float(change[i] - peer_mean)
        p_value = float(stats.norm.sf(did / se)) if enough else None
        results.append(
            DidResult(
                jurisdiction=j,
                outcome=outcome,
                activation=a,
                pre_quarters=int(pre.sum()),
                post_quarters=int(post.sum()),
                pre_share=float(pre_s[i] / pre_n[i]) if pre_n[i] else 0.0,
                post_share=float(post_s[i] / post_n[i]) if post_n[i] else 0.0,
                peer_pre_share=float(special.expit(np.mean(lp_pre[peers]))) if peers.any() else 0.0,
                peer_post_share=float(special.expit(np.mean(lp_post[peers]))) if peers.any() else 0.0,
                did_logit=did,
                standard_error=se,
                p_value=p_value,
                q_value=None,
                peers=int(peers.sum()),
                peer_kind=kind,
            )
        )
    tested = [r for r in results if r.p_value is not None]
    qvalues = dict(
        zip((r.jurisdiction for r in tested), bh_qvalues([r.p_value or 0.0 for r in tested]), strict=True)
    )
    return tuple(_with_q(r, qvalues.get(r.jurisdiction)) for r in results)


def _window(
    succ: np.ndarray, tot: np.ndarray, present: np.ndarray, pre: np.ndarray, post: np.ndarray, act: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Everyone's pooled pre/post counts over one window, their logit change, and who may be a peer."""
    pre_s, pre_n = (succ * pre).sum(axis=1), (tot * pre).sum(axis=1)
    post_s, post_n = (succ * post).sum(axis=1), (tot * post).sum(axis=1)
    lp_pre, v_pre = _logit(pre_s, pre_n)
    lp_post, v_post = _logit(post_s, post_n)
    first, last = np.flatnonzero(pre)[0], np.flatnonzero(post)[-1]
    clean = np.isnan(act) | (act > last) | (act <= first)
    others = (present & pre).any(axis=1) & (present & post).any(axis=1)
    return pre_s, pre_n, post_s, post_n, lp_pre, lp_post, lp_post - lp_pre, v_pre + v_post, others, clean


def index_of(quarter: Quarter | None, quarters: tuple[Quarter, ...]) -> float:
    """Position of `quarter` on the table's quarter grid (fractional outside it); NaN for None."""
    if quarter is None:
        return float("nan")
    if quarter in quarters:
        return float(quarters.index(quarter))
    if quarters and quarter < quarters[0]:
        return -1.0
    return float(len(quarters))


def _with_q(result: DidResult, q_value: float | None) -> DidResult:
    return replace(result, q_value=q_value)
