"""Fingerprint captures for the synthetic world: ten rendered impressions of a person's fingers.

Each capture (a booking, an IDENT encounter, a prior arrest) is `FingerprintRef(seed, impression)`: the
ten master prints of identity `seed` under securecomm's fixed print universe, rendered as impression
`impression`. Masters are the expensive part and are reused across captures of the same person.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping

from securecomm.biometrics.synthetic import (
    FingerPosition,
    MasterFingerprint,
    generate_master,
    render_impression,
)
from securecomm.formats.images import FingerImage
from securecomm.synth import FingerprintRef

__all__ = ["PRINT_UNIVERSE_SEED", "TEN_FINGERS", "PrintStudio"]

PRINT_UNIVERSE_SEED = 2008  # one universe of synthetic fingers; identities come from the world's seeds
TEN_FINGERS = tuple(range(1, 11))  # EBTS finger positions 1 (right thumb) .. 10 (left little)


def impression_number(ref: FingerprintRef) -> int:
    """The generator's impression number (1 .. 2**31 - 1) of a capture's opaque impression number."""
    return 1 + (ref.impression - 1) % (2**31 - 1)


class PrintStudio:
    """Renders captures; keeps the most recently used masters in memory."""

    def __init__(self, *, cached_masters: int = 120) -> None:
        self._masters: OrderedDict[tuple[int, int], MasterFingerprint] = OrderedDict()
        self._limit = cached_masters

    def master(self, identity: int, finger: int) -> MasterFingerprint:
        key = (identity, finger)
        found = self._masters.get(key)
        if found is not None:
            self._masters.move_to_end(key)
            return found
        master = generate_master(PRINT_UNIVERSE_SEED, identity=identity, finger=FingerPosition(finger))
        self._masters[key] = master
        if len(self._masters) > self._limit:
            self._masters.popitem(last=False)
        return master

    def capture(
        self, ref: FingerprintRef, *, fingers: tuple[int, ...] = TEN_FINGERS
    ) -> Mapping[int, FingerImage]:
        """The rendered images of one capture, keyed by finger position, at 500 ppi."""
        images: dict[int, FingerImage] = {}
        for finger in fingers:
            impression = render_impression(
                self.master(ref.seed, finger), seed=PRINT_UNIVERSE_SEED, impression=impression_number(ref)
            )
            images[finger] = FingerImage(position=finger, pixels=impression.image, ppi=500.0)
        return images
