"""Where every random draw of the world comes from: a NumPy Generator per (world seed, keys..., purpose).

Never global state: the draws for county c on day d depend only on (seed, c, d, purpose), so a day can be
generated alone, in any order, after a crash, and give the same bookings.
"""

from __future__ import annotations

import hashlib

import numpy as np

__all__ = ["generator", "purpose_code", "stable_int"]


def purpose_code(purpose: str) -> int:
    """A stable 32-bit number for a purpose name (Python's `hash` changes between runs; this does not).

    >>> purpose_code("bookings") == purpose_code("bookings")
    True
    """
    return int.from_bytes(hashlib.sha256(purpose.encode()).digest()[:4], "big")


def stable_int(*parts: object, bits: int = 63) -> int:
    """A stable non-negative integer of `bits` bits derived from the parts (for ids and print seeds)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") >> (64 - bits)


def generator(seed: int, *keys: int | str) -> np.random.Generator:
    """The Generator for one purpose: integer keys as given, string keys through `purpose_code`."""
    if seed < 0:
        raise ValueError(f"the world seed must be non-negative, got {seed}")
    spawn = tuple(k if isinstance(k, int) else purpose_code(k) for k in keys)
    if any(k < 0 for k in spawn):
        raise ValueError(f"random-stream keys must be non-negative, got {keys}")
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(entropy=seed, spawn_key=spawn)))
