"""Small synthetic ten-print populations for the gallery tests (template level, built once per session).

Identities 0..GALLERY-1 are enrolled from impression 1; mated probes are impression 2 of some of them;
non-mated probes are identities from NON_MATED on, which are never enrolled.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pytest

from securecomm.biometrics.synthetic.engine_bridge import engine_template
from securecomm.biometrics.synthetic.population import generate_minutiae_population
from securecomm.biometrics.template import Template

SEED = 31337
GALLERY = 24
NON_MATED = 10_000

TenPrint = dict[int, Template]


@cache
def ten_print(identity: int, impression: int) -> TenPrint:
    batch = generate_minutiae_population(SEED, [identity], impression=impression)
    return {int(batch.fingers[r]): engine_template(batch, r) for r in range(len(batch))}


def subject(identity: int) -> str:
    return f"FIN-{identity:04d}"


@pytest.fixture(scope="session")
def prints() -> Callable[[int, int], TenPrint]:
    """`prints(identity, impression)`: that synthetic person's ten templates, keyed by finger 1-10."""
    return ten_print
