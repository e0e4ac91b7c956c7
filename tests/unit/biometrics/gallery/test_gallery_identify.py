"""Enrol, remove and identify on small synthetic ten-print galleries."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from securecomm.biometrics.gallery import (
    DEFAULT_SPEC,
    Gallery,
    GalleryError,
    NumpyBackend,
    encode_template,
)
from securecomm.biometrics.template import Template

from .conftest import GALLERY, NON_MATED, TenPrint, subject

Prints = Callable[[int, int], TenPrint]
FEW = (1, 2, 6, 7)  # thumbs and index fingers: what a four-finger capture holds


def _fingers(ten: TenPrint, fingers: tuple[int, ...]) -> TenPrint:
    return {f: ten[f] for f in fingers}


@pytest.fixture(scope="module")
def gallery(prints: Prints) -> Gallery:
    g = Gallery()
    for identity in range(GALLERY):
        g.enrol_encounter(subject(identity), "enc-1", prints(identity, 1))
    return g


def test_a_mated_probe_is_ranked_first_with_strong_evidence(gallery: Gallery, prints: Prints) -> None:
    for identity in (3, 17):
        found = gallery.identify(_fingers(prints(identity, 2), FEW), top_k=3, coarse_candidates=3)
        assert found[0].subject_id == subject(identity)
        assert found[0].score > 8  # fused false-match rate below 1e-8
        assert set(found[0].finger_scores) == set(FEW)
        assert all(c.score < 3 for c in found[1:])


def test_a_non_mated_probe_scores_low(gallery: Gallery, prints: Prints) -> None:
    found = gallery.identify(_fingers(prints(NON_MATED, 2), FEW), top_k=3, coarse_candidates=3)
    assert len(found) == 3
    assert all(c.score < 3 for c in found) and all(c.false_match_rate > 1e-3 for c in found)


def test_the_coarse_stage_alone_ranks_the_mate_far_above_chance(gallery: Gallery, prints: Prints) -> None:
    ranked = gallery.coarse(prints(5, 2), 5)
    assert ranked[0].subject_id == subject(5) and ranked[0].encounter_id == "enc-1"
    assert ranked[0].score > 10 > 4 > ranked[1].score  # unrelated records score about standard normal


def test_one_probe_finger_is_enough(gallery: Gallery, prints: Prints) -> None:
    found = gallery.identify({7: prints(11, 2)[7]}, top_k=2, coarse_candidates=3)
    assert found[0].subject_id == subject(11)
    assert set(found[0].finger_scores) == {7}


def test_fingers_missing_in_the_gallery_are_skipped_and_named(prints: Prints) -> None:
    g = Gallery()
    for identity in range(8):
        enrolled = (1, 2) if identity == 4 else FEW  # subject 4 was enrolled with two fingers only
        g.enrol_encounter(subject(identity), "enc-1", _fingers(prints(identity, 1), enrolled))
    found = g.identify(_fingers(prints(4, 2), FEW), top_k=1, coarse_candidates=3)
    assert found[0].subject_id == subject(4)
    assert set(found[0].finger_scores) == {1, 2}
    assert {finger for finger, _ in found[0].skipped} == {6, 7}


def test_a_removed_subject_is_no_longer_found(prints: Prints) -> None:
    g = Gallery()
    for identity in range(6):
        g.enrol_encounter(subject(identity), "enc-1", _fingers(prints(identity, 1), FEW))
    assert g.remove(subject(2)) == 1
    assert subject(2) not in g and len(g) == 5
    found = g.identify(_fingers(prints(2, 2), FEW), top_k=5, coarse_candidates=5)
    assert subject(2) not in {c.subject_id for c in found}
    with pytest.raises(GalleryError, match="no subject 'FIN-0002' is enrolled"):
        g.remove(subject(2))


def test_encounters_of_one_subject_give_one_candidate_with_the_best_encounter(prints: Prints) -> None:
    g = Gallery()
    for identity in range(5):
        g.enrol_encounter(subject(identity), "enc-1", _fingers(prints(identity, 1), FEW))
    g.enrol_encounter(subject(1), "enc-2", _fingers(prints(1, 3), FEW))
    found = g.identify(_fingers(prints(1, 2), FEW), top_k=5, coarse_candidates=6)
    assert [c.subject_id for c in found].count(subject(1)) == 1
    assert found[0].subject_id == subject(1) and found[0].encounter_id in {"enc-1", "enc-2"}
    assert g.remove(subject(1)) == 2


def test_enrolling_finger_by_finger_builds_one_record(prints: Prints) -> None:
    g = Gallery()
    for finger in FEW:
        g.enrol(subject(0), "enc-1", finger, prints(0, 1)[finger])
    assert g.live_records() == 1 and g.record_count == 1
    g.seal("s000000")
    g.enrol(subject(0), "enc-1", 3, prints(0, 1)[3])  # a sealed record is copied, the old one removed
    assert g.live_records() == 1 and g.record_count == 2 and g.removed == (0,)
    code = g.segments[0].codes[0]
    assert np.array_equal(code[0], encode_template(prints(0, 1)[1], gallery=True, spec=DEFAULT_SPEC))


def test_the_numpy_backend_gives_the_same_answer(gallery: Gallery, prints: Prints) -> None:
    probe = _fingers(prints(9, 2), FEW)
    reference = Gallery(backend=NumpyBackend())
    for identity in range(GALLERY):
        reference.enrol_encounter(subject(identity), "enc-1", prints(identity, 1))
    assert [(c.record, c.score) for c in reference.coarse(probe, 6)] == [
        (c.record, c.score) for c in gallery.coarse(probe, 6)
    ]


def test_records_enrolled_as_codes_read_templates_through_the_lookup(prints: Prints) -> None:
    g = Gallery()
    ids = [subject(i) for i in range(6)]
    codes = np.stack(
        [np.stack([encode_template(prints(i, 1)[f], gallery=True) for f in range(1, 11)]) for i in range(6)]
    )
    g.enrol_codes(ids, ["enc-1"] * 6, codes)
    probe = _fingers(prints(3, 2), FEW)
    with pytest.raises(GalleryError, match="enrolled without templates; pass templates="):
        g.identify(probe, coarse_candidates=2)
    asked: list[tuple[str, str, int]] = []

    def lookup(subject_id: str, encounter_id: str, finger: int) -> Template | None:
        asked.append((subject_id, encounter_id, finger))
        return prints(int(subject_id.split("-")[1]), 1)[finger]

    found = g.identify(probe, top_k=1, coarse_candidates=2, templates=lookup)
    assert found[0].subject_id == subject(3) and len(asked) == 2 * len(FEW)
    assert len(g._prepared) == 2 * len(FEW)  # looked-up templates are kept prepared, keyed by their bytes
    again = g.identify(probe, top_k=1, coarse_candidates=2, templates=lookup)
    assert _ranking(again) == _ranking(found) and len(g._prepared) == 2 * len(FEW)
    with pytest.raises(GalleryError, match="repeated or already enrolled"):
        g.enrol_codes(ids[:1], ["enc-1"], codes[:1])


def test_an_empty_gallery_or_an_unusable_probe_finds_nobody(prints: Prints) -> None:
    assert Gallery().identify(prints(0, 2)) == []
    g = Gallery()
    g.enrol_encounter(subject(0), "enc-1", _fingers(prints(0, 1), FEW))
    sparse = prints(0, 2)[1]
    lone = Template(
        width=sparse.width, height=sparse.height, ppi=sparse.ppi, x=sparse.x[:1], y=sparse.y[:1],
        direction=sparse.direction[:1], kind=sparse.kind[:1], quality=sparse.quality[:1], mask=sparse.mask,
        orientation=sparse.orientation, coherence=sparse.coherence,
    )  # fmt: skip
    assert g.identify({1: lone}) == []  # one minutia has no pairs: nothing to search with


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda g, t: g.enrol("", "enc", 1, t), "not a subject_id"),
        (lambda g, t: g.enrol("x" * 33, "enc", 1, t), "longer than 32 UTF-8 bytes"),
        (lambda g, t: g.enrol("FIN-1", " enc", 1, t), "not a encounter_id"),
        (lambda g, t: g.enrol("FIN-1", "enc", 11, t), "11 is not a finger position"),
        (lambda g, t: g.enrol("FIN-1", "enc", 1, b"bytes"), "not a Template"),
        (lambda g, t: g.enrol_encounter("FIN-1", "enc", {}), "at least one finger"),
        (lambda g, t: g.identify({0: t}), "0 is not a finger position"),
        (lambda g, t: g.identify({1: t}, top_k=0), "not a count"),
        (lambda g, t: g.identify([t]), "non-empty {finger position: Template}"),
    ],
)
def test_bad_input_is_refused_with_what_and_where(prints: Prints, call: Callable, message: str) -> None:
    g = Gallery()
    g.enrol_encounter(subject(0), "enc-1", _fingers(prints(0, 1), FEW))
    with pytest.raises(GalleryError, match=message):
        call(g, prints(0, 2)[1])


def test_two_threads_find_the_same_candidates_with_the_same_scores(gallery: Gallery, prints: Prints) -> None:
    threaded = Gallery(threads=2)
    for identity in range(GALLERY):
        threaded.enrol_encounter(subject(identity), "enc-1", prints(identity, 1))
    probe = _fingers(prints(8, 2), FEW)
    one = [
        (c.subject_id, c.score, dict(c.finger_scores)) for c in gallery.identify(probe, coarse_candidates=4)
    ]
    two = [
        (c.subject_id, c.score, dict(c.finger_scores)) for c in threaded.identify(probe, coarse_candidates=4)
    ]
    threaded.close()
    assert one == two and one[0][0] == subject(8)


def _ranking(found: list) -> list[tuple[str, str, float, dict[int, float]]]:  # type: ignore[type-arg]
    return [(c.subject_id, c.encounter_id, c.score, dict(c.finger_scores)) for c in found]


def test_prepared_candidates_are_reused_and_the_answers_are_the_same(prints: Prints) -> None:
    cached, uncached = Gallery(prepared_cache=6), Gallery(prepared_cache=0)
    for g in (cached, uncached):
        for identity in range(8):
            g.enrol_encounter(subject(identity), "enc-1", _fingers(prints(identity, 1), FEW))
    probes = [_fingers(prints(identity, 2), FEW) for identity in (2, 5, 2, NON_MATED)]
    for probe in probes:
        assert _ranking(cached.identify(probe, top_k=3, coarse_candidates=3)) == _ranking(
            uncached.identify(probe, top_k=3, coarse_candidates=3)
        )
    assert len(cached._prepared) == 6 and not uncached._prepared  # bounded: the oldest were let go
    # a finger enrolled again has new bytes: the search uses the new template, never the cached one
    for g in (cached, uncached):
        g.enrol_encounter(subject(2), "enc-1", {2: prints(NON_MATED, 1)[2]})
    again = cached.identify(probes[0], top_k=3, coarse_candidates=3)
    assert _ranking(again) == _ranking(uncached.identify(probes[0], top_k=3, coarse_candidates=3))
    assert again[0].subject_id == subject(2) and 2 in again[0].finger_scores
