from __future__ import annotations

from collections import Counter

import pytest

from securecomm.biometrics.synthetic import FingerPosition, PatternClass, class_priors
from securecomm.biometrics.synthetic.classes import draw_pattern_class
from securecomm.biometrics.synthetic.keys import Stream, generator_for


@pytest.mark.parametrize("finger", list(FingerPosition))
def test_priors_are_a_distribution(finger: FingerPosition) -> None:
    priors = class_priors(finger)
    assert set(priors) == set(PatternClass)
    assert sum(priors.values()) == pytest.approx(1.0)


def test_ulnar_loops_open_towards_the_little_finger_on_either_hand() -> None:
    right, left = class_priors(FingerPosition.RIGHT_LITTLE), class_priors(FingerPosition.LEFT_LITTLE)
    assert right[PatternClass.RIGHT_LOOP] > 0.8 and left[PatternClass.LEFT_LOOP] > 0.8
    assert right[PatternClass.RIGHT_LOOP] == left[PatternClass.LEFT_LOOP]


def test_whorls_favour_thumbs_and_ring_fingers_arches_favour_index_fingers() -> None:
    whorl = {f: class_priors(f)[PatternClass.WHORL] for f in FingerPosition}
    arch = {f: class_priors(f)[PatternClass.ARCH] for f in FingerPosition}
    assert max(whorl, key=whorl.__getitem__).digit in (1, 4)
    assert max(arch, key=arch.__getitem__).digit == 2


def test_drawn_classes_match_the_population_proportions() -> None:
    counts: Counter[PatternClass] = Counter()
    for identity in range(400):
        for finger in FingerPosition:
            counts[draw_pattern_class(generator_for(1, Stream.MASTER, identity, finger), finger)] += 1
    total = sum(counts.values())
    share = {c: counts[c] / total for c in PatternClass}
    # Wilson, Candela & Watson (1994): 3.7 % arch, 2.9 % tented arch, 65.5 % loops, 27.9 % whorls
    assert share[PatternClass.ARCH] == pytest.approx(0.04, abs=0.015)
    assert share[PatternClass.TENTED_ARCH] == pytest.approx(0.03, abs=0.012)
    assert share[PatternClass.LEFT_LOOP] + share[PatternClass.RIGHT_LOOP] == pytest.approx(0.64, abs=0.03)
    assert share[PatternClass.WHORL] == pytest.approx(0.29, abs=0.03)
