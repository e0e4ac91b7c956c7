"""Per-probe normalisation of the coarse z-scores, measured on a sample of the gallery itself.

Fingerprints are not random point sets: ridges run roughly parallel, so pairs with parallel directions are
common, and a probe whose pairs fall in common cells shares more bits with *every* record than the chance
model predicts (z of unrelated fingers ran at 5-8 instead of 0 on synthetic and on FVC prints). The lift
depends on the probe, not on the record, so ranking one finger's records is unaffected; but summing fingers
(Stouffer) needs each finger on the same scale. So before each scan the gallery scores the probe against
an evenly spaced sample of its own live records and takes, per finger, the median as the centre and
1.4826 x the median absolute deviation as the scale (robust: the probe's mate, if sampled, does not move
them). This is z-normalisation as used in speaker verification; it needs no training data, follows the
gallery as it grows, and costs one small scan.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics.gallery.coarse import FINGERS
from securecomm.biometrics.gallery.scan import CodeBlock, chance_z

__all__ = ["MIN_SAMPLE", "MIN_SCALE", "SAMPLE_RECORDS", "probe_normalisation"]

SAMPLE_RECORDS = 512  # records scored to estimate the centre and scale (median: ~5 % standard error)
MIN_SAMPLE = 8  # fewer comparable sampled records than this: no normalisation (centre 0, scale 1)
MIN_SCALE = 0.5  # floor of the scale, so a near-constant small sample cannot blow a finger up


def _sample(blocks: Sequence[CodeBlock], sample: int) -> tuple[NDArray[np.uint64], NDArray[np.uint16]]:
    total = sum(len(b) for b in blocks)
    wanted = np.unique(np.linspace(0, max(total - 1, 0), min(total, sample)).astype(np.int64))
    codes: list[NDArray[np.uint64]] = []
    counts: list[NDArray[np.uint16]] = []
    start = 0
    for block in blocks:
        local = wanted[(wanted >= start) & (wanted < start + len(block))] - start
        local = local[block.alive[local]]
        codes.append(np.asarray(block.codes[local]))
        counts.append(np.asarray(block.bit_counts[local]))
        start += len(block)
    if not codes:
        return np.zeros((0, FINGERS, 1), np.uint64), np.zeros((0, FINGERS), np.uint16)
    return np.concatenate(codes), np.concatenate(counts)


def probe_normalisation(
    blocks: Sequence[CodeBlock],
    probe_codes: NDArray[np.uint64],
    probe_counts: NDArray[np.int64],
    bits: int,
    *,
    sample: int = SAMPLE_RECORDS,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(mean, scale) per finger slot for a probe's codes against a sample of `blocks`."""
    mean = np.zeros(FINGERS, dtype=np.float64)
    scale = np.ones(FINGERS, dtype=np.float64)
    codes, counts = _sample(blocks, sample)
    if codes.shape[0] == 0:
        return mean, scale
    common = np.bitwise_count(codes & probe_codes[None]).sum(axis=2, dtype=np.int64)
    for f in range(FINGERS):
        usable = counts[:, f] > 0
        if probe_counts[f] == 0 or int(usable.sum()) < MIN_SAMPLE:
            continue
        z = chance_z(common[usable, f], probe_counts[f], counts[usable, f], bits)
        centre = float(np.median(z))
        mean[f] = centre
        scale[f] = max(1.4826 * float(np.median(np.abs(z - centre))), MIN_SCALE)
    return mean, scale
