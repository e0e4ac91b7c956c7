"""Who a synthetic print belongs to, and the random stream that makes it.

Every print is a pure function of `(seed, identity, finger, impression)`. Each key gets its own NumPy
`Generator` built from a `SeedSequence` whose `spawn_key` is the key, so any one print can be regenerated
alone, in any order, in parallel, and no global random state is ever touched.
"""

from __future__ import annotations

import enum

import numpy as np

from securecomm.biometrics.synthetic.errors import SynthesisError

__all__ = [
    "MAX_SEED",
    "FingerPosition",
    "PatternClass",
    "Stream",
    "check_identity",
    "check_impression",
    "check_seed",
    "generator_for",
]

MAX_SEED = 2**63 - 1  # seeds are non-negative 63-bit integers, so they survive JSON and SQL integer columns


class FingerPosition(enum.IntEnum):
    """Finger position codes of ANSI/NIST-ITL 1-2011 (field FGP, Table 8): 1-5 right hand, 6-10 left hand."""

    RIGHT_THUMB = 1
    RIGHT_INDEX = 2
    RIGHT_MIDDLE = 3
    RIGHT_RING = 4
    RIGHT_LITTLE = 5
    LEFT_THUMB = 6
    LEFT_INDEX = 7
    LEFT_MIDDLE = 8
    LEFT_RING = 9
    LEFT_LITTLE = 10

    @property
    def is_right_hand(self) -> bool:
        return self.value <= 5

    @property
    def digit(self) -> int:
        """1 thumb, 2 index, 3 middle, 4 ring, 5 little, for either hand."""
        return (self.value - 1) % 5 + 1

    @classmethod
    def parse(cls, value: object, *, where: str = "finger") -> FingerPosition:
        """A finger position from its code (1-10) or its name; `SynthesisError` names the accepted values."""
        if isinstance(value, FingerPosition):
            return value
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 10:
            return cls(value)
        if isinstance(value, str) and value.upper() in cls.__members__:
            return cls[value.upper()]
        raise SynthesisError(
            f"{value!r} is not a finger position; use 1-10 (ANSI/NIST FGP) or a name such as 'right_index'",
            where=where,
        )


class PatternClass(enum.StrEnum):
    """The five Henry classes SFinGe generates (Handbook of Fingerprint Recognition, ch. 6).

    A right loop opens to the right of the image (its delta is on the left); on a right hand that is the
    ulnar side, the common case.
    """

    ARCH = "arch"
    TENTED_ARCH = "tented_arch"
    LEFT_LOOP = "left_loop"
    RIGHT_LOOP = "right_loop"
    WHORL = "whorl"


class Stream(enum.IntEnum):
    """Separates the random streams of one key, so adding draws to one never shifts another."""

    MASTER = 1
    IMPRESSION = 2


def check_seed(seed: object, *, where: str = "seed") -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or not 0 <= int(seed) <= MAX_SEED:
        raise SynthesisError(f"{seed!r} is not a seed; use an integer from 0 to 2**63 - 1", where=where)
    return int(seed)


def check_identity(identity: object, *, where: str = "identity") -> int:
    if (
        isinstance(identity, bool)
        or not isinstance(identity, int | np.integer)
        or not 0 <= int(identity) <= MAX_SEED
    ):
        raise SynthesisError(f"{identity!r} is not an identity number; use an integer ≥ 0", where=where)
    return int(identity)


def check_impression(impression: object, *, where: str = "impression") -> int:
    if (
        isinstance(impression, bool)
        or not isinstance(impression, int | np.integer)
        or not 1 <= int(impression) <= 2**31
    ):
        raise SynthesisError(f"{impression!r} is not an impression number; use an integer ≥ 1", where=where)
    return int(impression)


def generator_for(
    seed: int, stream: Stream, identity: int, finger: FingerPosition, impression: int = 0
) -> np.random.Generator:
    """The one random stream of a key: independent of every other key and of call order."""
    sequence = np.random.SeedSequence(
        entropy=seed, spawn_key=(int(stream), identity, int(finger), impression)
    )
    return np.random.Generator(np.random.PCG64(sequence))
