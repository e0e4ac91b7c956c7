"""The coarse scan: NumPy and Numba backends agree, and both return exactly a brute-force scan's top k."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from securecomm.biometrics.gallery import (
    CodeBlock,
    GalleryError,
    NumbaBackend,
    NumpyBackend,
    ProbeCode,
    TopK,
    merge_topk,
)

BITS = 256
WORDS = BITS // 64


def _block(rng: np.random.Generator, n: int, first: int, density: float, key: str | None) -> CodeBlock:
    bits = rng.random((n, 10, BITS)) < density
    bits[rng.random((n, 10)) < 0.15] = False  # missing fingers
    codes = np.packbits(bits, axis=2, bitorder="little").view(np.uint64).reshape(n, 10, WORDS).copy()
    counts = bits.sum(axis=2).astype(np.uint16)
    alive = rng.random(n) > 0.1
    return CodeBlock(codes, counts, alive, first, key)


def _probe(rng: np.random.Generator, density: float) -> ProbeCode:
    bits = rng.random((10, BITS)) < density
    bits[rng.random(10) < 0.2] = False
    codes = np.packbits(bits, axis=1, bitorder="little").view(np.uint64).reshape(10, WORDS).copy()
    return ProbeCode(
        codes,
        bits.sum(axis=1).astype(np.int64),
        rng.normal(0, 1, 10),
        rng.uniform(0.5, 2, 10),
        BITS,
    )


def _brute_force(blocks: list[CodeBlock], probe: ProbeCode) -> dict[int, float]:
    """Every record's score, written out from the definition in `scan`'s docstring, one record at a time."""
    scores: dict[int, float] = {}
    for block in blocks:
        for r in range(len(block)):
            if not block.alive[r]:
                continue
            total, compared = 0.0, 0
            for f in range(10):
                n_p, n_g = int(probe.bit_counts[f]), int(block.bit_counts[r, f])
                if n_p == 0 or n_g == 0:
                    continue
                common = sum(int(w).bit_count() for w in (block.codes[r, f] & probe.codes[f]))
                mu = n_p * n_g / BITS
                sd = math.sqrt(max(mu * (1 - n_p / BITS) * (1 - n_g / BITS), 1e-12))
                total += ((common - mu) / sd - probe.mean[f]) / probe.scale[f]
                compared += 1
            if compared:
                scores[block.first + r] = total / math.sqrt(compared)
    return scores


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    sizes=st.lists(st.integers(0, 60), min_size=1, max_size=3),
    k=st.integers(1, 40),
    density=st.floats(0.02, 0.5),
)
def test_both_backends_return_the_brute_force_top_k(
    seed: int, sizes: list[int], k: int, density: float
) -> None:
    rng = np.random.default_rng(seed)
    blocks, first = [], 0
    for i, n in enumerate(sizes):
        blocks.append(_block(rng, n, first, density, f"s{i}" if i < len(sizes) - 1 else None))
        first += n
    probe = _probe(rng, density)
    expected = _brute_force(blocks, probe)
    best = sorted(expected.items(), key=lambda item: (-item[1], item[0]))[:k]
    for backend in (NumpyBackend(chunk_records=7), NumbaBackend(), NumbaBackend(threads=2)):
        top = backend.scan(blocks, probe, k)
        assert top.index.tolist() == [i for i, _ in best], backend.name
        assert np.allclose(top.score, [s for _, s in best], rtol=1e-12, atol=1e-12), backend.name


def test_numba_and_numpy_scores_are_identical_on_a_large_block() -> None:
    rng = np.random.default_rng(7)
    block = _block(rng, 20_000, 0, 0.3, "s0")
    probe = _probe(rng, 0.2)
    a = NumpyBackend().scan([block], probe, 50)
    b = NumbaBackend(threads=2).scan([block], probe, 50)
    assert np.array_equal(a.index, b.index) and np.array_equal(a.score, b.score)


def test_removed_records_and_records_with_no_common_finger_are_never_returned() -> None:
    rng = np.random.default_rng(3)
    block = _block(rng, 10, 0, 0.3, None)
    alive = np.ones(10, dtype=bool)
    alive[[2, 5]] = False
    counts = block.bit_counts.copy()
    counts[7] = 0  # record 7 has no finger at all
    block = CodeBlock(block.codes, counts, alive, 0, None)
    probe = _probe(rng, 0.3)
    for backend in (NumpyBackend(), NumbaBackend()):
        found = set(backend.scan([block], probe, 10).index.tolist())
        assert found.isdisjoint({2, 5, 7}) and len(found) == 7


def test_ties_go_to_the_lower_record_index() -> None:
    parts = [TopK(np.array([9, 4]), np.array([1.0, 2.0])), TopK(np.array([3, 1]), np.array([1.0, 0.5]))]
    merged = merge_topk(parts, 3)
    assert merged.index.tolist() == [4, 3, 9]


def test_a_block_of_the_wrong_dtype_is_refused() -> None:
    rng = np.random.default_rng(1)
    block = _block(rng, 5, 0, 0.3, "s0")
    wrong = CodeBlock(block.codes, block.bit_counts.astype(np.int64), block.alive, 0, "s0")  # type: ignore[arg-type]
    with pytest.raises(GalleryError, match="uint64 / uint16 / bool"):
        NumbaBackend().scan([wrong], _probe(rng, 0.3), 3)


def test_a_probe_code_of_the_wrong_shape_is_refused() -> None:
    with pytest.raises(GalleryError, match="codes must be uint64"):
        ProbeCode(np.zeros((9, WORDS), np.uint64), np.zeros(10, np.int64), np.zeros(10), np.ones(10), BITS)


@pytest.mark.parametrize("k", [0, -1, True])
def test_a_bad_candidate_count_is_refused(k: int) -> None:
    rng = np.random.default_rng(2)
    with pytest.raises(GalleryError, match="not a number of candidates"):
        NumpyBackend().scan([_block(rng, 3, 0, 0.3, None)], _probe(rng, 0.3), k)
