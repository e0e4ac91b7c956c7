"""How often each pattern class occurs on each finger: the class priors of the synthetic population.

Values are approximate, rounded from the dermatoglyphics literature, and are model parameters, not facts
about any person:

* over all fingers, Wilson, Candela & Watson (NIST, 1994; quoted in the Handbook of Fingerprint Recognition,
  2nd ed., §5.1) give about 3.7 % arch, 2.9 % tented arch, 33.8 % left loop, 31.7 % right loop and 27.9 %
  whorl for NIST Special Database 4's natural distribution;
* by finger, Cummins & Midlo, *Finger Prints, Palms and Soles* (1943), ch. 4: whorls are most frequent on
  the thumbs and ring fingers, arches and radial loops on the index fingers, ulnar loops on the little and
  middle fingers.

Loops are stored as ulnar / radial by digit; the image-side class follows from the hand: an ulnar loop is a
right loop on a right hand and a left loop on a left hand (see `PatternClass`). Averaged over the ten
fingers the table gives about 4 % arch, 3 % tented arch, 64 % loops and 29 % whorls.
"""

from __future__ import annotations

import numpy as np

from securecomm.biometrics.synthetic.keys import FingerPosition, PatternClass

__all__ = ["CLASS_PRIORS_BY_DIGIT", "class_priors", "draw_pattern_class"]

# digit -> (arch, tented arch, ulnar loop, radial loop, whorl); each row sums to 1.
CLASS_PRIORS_BY_DIGIT: dict[int, tuple[float, float, float, float, float]] = {
    1: (0.04, 0.02, 0.54, 0.02, 0.38),  # thumb: many whorls
    2: (0.08, 0.06, 0.39, 0.15, 0.32),  # index: most arches and radial loops
    3: (0.05, 0.03, 0.68, 0.03, 0.21),  # middle: mostly ulnar loops
    4: (0.02, 0.02, 0.52, 0.01, 0.43),  # ring: most whorls
    5: (0.01, 0.01, 0.85, 0.01, 0.12),  # little: almost all ulnar loops
}


def class_priors(finger: FingerPosition) -> dict[PatternClass, float]:
    """The prior probability of each class on `finger`, with loops resolved to image sides."""
    arch, tented, ulnar, radial, whorl = CLASS_PRIORS_BY_DIGIT[finger.digit]
    right_loop, left_loop = (ulnar, radial) if finger.is_right_hand else (radial, ulnar)
    return {
        PatternClass.ARCH: arch,
        PatternClass.TENTED_ARCH: tented,
        PatternClass.LEFT_LOOP: left_loop,
        PatternClass.RIGHT_LOOP: right_loop,
        PatternClass.WHORL: whorl,
    }


def draw_pattern_class(rng: np.random.Generator, finger: FingerPosition) -> PatternClass:
    priors = class_priors(finger)
    classes = list(priors)
    weights = np.array([priors[c] for c in classes])
    return classes[int(rng.choice(len(classes), p=weights / weights.sum()))]
