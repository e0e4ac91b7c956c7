"""Shared synthetic masters: generating one costs ~0.1 s, so each is built once per session."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pytest

from securecomm.biometrics.synthetic import MasterFingerprint, PatternClass, generate_master

SEED = 20260


@cache
def master_of(
    pattern_class: PatternClass | None = None, identity: int = 0, finger: int = 2
) -> MasterFingerprint:
    return generate_master(SEED, identity=identity, finger=finger, pattern_class=pattern_class)


MasterFactory = Callable[..., MasterFingerprint]


@pytest.fixture(scope="session")
def masters() -> MasterFactory:
    """`masters(pattern_class, identity=..., finger=...)`: a cached master under the test seed."""
    return master_of


@pytest.fixture(scope="session")
def loop_master() -> MasterFingerprint:
    return master_of(PatternClass.RIGHT_LOOP)


@pytest.fixture(scope="session")
def whorl_master() -> MasterFingerprint:
    return master_of(PatternClass.WHORL, identity=1)
