"""Gallery files: round trip through memory-mapped files, appends, refusal of corrupt or mismatched files,
and the rebuild from the database's gallery_entries."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from securecomm.biometrics.gallery import Gallery, PairCodeSpec
from securecomm.biometrics.synthetic.engine_bridge import engine_template
from securecomm.biometrics.synthetic.population import generate_minutiae_population
from securecomm.biometrics.template import Template
from securecomm.storage.agency_tables import GalleryEntryRow
from securecomm.storage.db import open_database
from securecomm.storage.gallery_files import (
    GalleryFilesError,
    gallery_dir,
    load_gallery,
    rebuild_gallery,
    save_gallery,
)

SEED = 4242
FINGERS = (1, 2, 7)


@cache
def _prints(identity: int, impression: int) -> dict[int, Template]:
    batch = generate_minutiae_population(SEED, [identity], impression=impression, fingers=FINGERS)
    return {int(batch.fingers[r]): engine_template(batch, r) for r in range(len(batch))}


def _gallery(n: int) -> Gallery:
    g = Gallery()
    for i in range(n):
        g.enrol_encounter(f"S{i}", "e1", _prints(i, 1))
    return g


def _ranking(g: Gallery, identity: int) -> list[tuple[str, float]]:
    return [(c.subject_id, c.score) for c in g.coarse(_prints(identity, 2), 4)]


def test_a_saved_gallery_loads_memory_mapped_and_searches_the_same(tmp_path: Path) -> None:
    g = _gallery(6)
    save_gallery(tmp_path / "g", g)
    loaded = load_gallery(tmp_path / "g")
    assert isinstance(loaded.segments[0].codes, np.memmap) and not loaded.segments[0].codes.flags.writeable
    assert loaded.subject_ids() == g.subject_ids() and loaded.record_count == 6
    assert _ranking(loaded, 3) == _ranking(g, 3)
    found = loaded.identify(_prints(3, 2), top_k=1, coarse_candidates=2)
    assert found[0].subject_id == "S3" and found[0].score > 6  # templates came back from the files


def test_saving_again_appends_a_segment_and_the_removals(tmp_path: Path) -> None:
    directory = tmp_path / "g"
    g = _gallery(4)
    save_gallery(directory, g)
    codes_before = (directory / "segments" / "s000000" / "codes.npy").read_bytes()
    loaded = load_gallery(directory)
    loaded.enrol_encounter("S9", "e1", _prints(9, 1))
    loaded.enrol("S0", "e1", 1, _prints(0, 3)[1])  # S0's sealed record is copied; the old one is removed
    loaded.remove("S2")
    manifest = save_gallery(directory, loaded)
    assert [s["key"] for s in manifest["segments"]] == ["s000000", "s000001"]
    assert manifest["removed"]["count"] == 2 and manifest["live_records"] == 4
    assert (directory / "segments" / "s000000" / "codes.npy").read_bytes() == codes_before  # never rewritten
    again = load_gallery(directory)
    assert again.subject_ids() == ["S0", "S1", "S3", "S9"]
    assert _ranking(again, 9)[0][0] == "S9"
    assert save_gallery(directory, again)["records"] == 6  # nothing new: nothing written but the manifest


def _saved(tmp_path: Path) -> Path:
    directory = tmp_path / "g"
    g = _gallery(3)
    save_gallery(directory, g)
    g.remove("S1")
    save_gallery(directory, g)
    return directory


def test_a_flipped_byte_is_caught_by_the_checksum(tmp_path: Path) -> None:
    directory = _saved(tmp_path)
    path = directory / "segments" / "s000000" / "codes.npy"
    data = bytearray(path.read_bytes())
    data[-5] ^= 0x40
    path.write_bytes(bytes(data))
    with pytest.raises(GalleryFilesError, match=r"codes\.npy: checksum mismatch"):
        load_gallery(directory)


def test_a_truncated_file_is_refused_even_without_verification(tmp_path: Path) -> None:
    directory = _saved(tmp_path)
    path = directory / "segments" / "s000000" / "blob.npy"
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(GalleryFilesError, match=r"blob\.npy: .*bytes, the manifest says"):
        load_gallery(directory, verify=False)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    directory = _saved(tmp_path)
    (directory / "segments" / "s000000" / "spans.npy").unlink()
    with pytest.raises(GalleryFilesError, match=r"spans\.npy: file is missing"):
        load_gallery(directory)


def test_a_corrupt_removal_list_is_refused(tmp_path: Path) -> None:
    directory = _saved(tmp_path)
    (directory / "removed.i64").write_bytes(np.array([2], dtype="<i8").tobytes())
    with pytest.raises(GalleryFilesError, match=r"removed\.i64: checksum mismatch"):
        load_gallery(directory)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format_version": 2}, "format version 2, this build reads 1; rebuild"),
        ({"format": "other"}, "not a securecomm-gallery manifest"),
        ({"records": 99}, "counts disagree"),
        ({"segments": None}, "lacks or mistypes a field"),
    ],
)
def test_a_mismatched_manifest_is_refused(tmp_path: Path, change: dict[str, object], message: str) -> None:
    directory = _saved(tmp_path)
    manifest = json.loads((directory / "manifest.json").read_text())
    manifest.update(change)
    (directory / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(GalleryFilesError, match=message):
        load_gallery(directory)


def test_files_built_with_other_code_parameters_are_refused(tmp_path: Path) -> None:
    directory = _saved(tmp_path)
    with pytest.raises(GalleryFilesError, match=r"built with code parameters .* rebuild the gallery"):
        load_gallery(directory, spec=PairCodeSpec(angle_bins=16))


def test_a_directory_of_another_gallery_is_not_appended_to(tmp_path: Path) -> None:
    directory = _saved(tmp_path)
    other = _gallery(2)
    other.seal("s000000")
    other.seal("s000001")
    with pytest.raises(GalleryFilesError, match="holds a different gallery"):
        save_gallery(directory, other)
    assert load_gallery(directory).subject_ids() == ["S0", "S2"]  # untouched


def test_leftovers_of_a_crashed_save_are_ignored_and_cleaned(tmp_path: Path) -> None:
    directory = _saved(tmp_path)
    with open(directory / "removed.i64", "ab") as handle:  # an append whose manifest never committed
        handle.write(np.array([0], dtype="<i8").tobytes())
    (directory / "segments" / "s000007").mkdir()  # a segment whose manifest never committed
    loaded = load_gallery(directory)
    assert loaded.removed == (1,)
    save_gallery(directory, loaded)
    assert (directory / "removed.i64").stat().st_size == 8
    assert not (directory / "segments" / "s000007").exists()


def test_the_gallery_is_rebuilt_from_the_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sc.db'}"
    database = open_database(url)
    blobs: dict[str, bytes] = {}
    at = datetime(2012, 3, 1, tzinfo=UTC)
    with database.transaction() as session:
        for i in range(4):
            for finger, template in _prints(i, 1).items():
                data = template.to_bytes()
                digest = hashlib.sha256(data).hexdigest()
                blobs[digest] = data
                session.add(GalleryEntryRow(gallery="ident", subject_id=f"FIN{i}", encounter_id="E1",
                                            finger=finger, template_sha256=digest, enrolled_at=at))  # fmt: skip
        session.add(GalleryEntryRow(gallery="criminal", subject_id="FBI1", encounter_id="E1", finger=1,
                                    template_sha256=digest, enrolled_at=at))  # fmt: skip
    directory = gallery_dir(url, "ident")
    assert directory == tmp_path / "sc.files" / "galleries" / "ident"
    stale = _gallery(2)
    save_gallery(directory, stale)  # files out of step with the database: the rebuild replaces them
    with database.sessions() as session:
        rebuilt = rebuild_gallery(session, "ident", directory, blobs.__getitem__)
    assert rebuilt.subject_ids() == ["FIN0", "FIN1", "FIN2", "FIN3"] and rebuilt.live_records() == 4
    assert (
        load_gallery(directory).identify(_prints(2, 2), top_k=1, coarse_candidates=2)[0].subject_id == "FIN2"
    )
    database.dispose()


def test_a_bad_gallery_name_is_refused() -> None:
    with pytest.raises(GalleryFilesError, match="not a gallery name"):
        gallery_dir("sqlite:///var/a.db", "../etc")


def test_an_empty_gallery_saves_and_loads(tmp_path: Path) -> None:
    manifest = save_gallery(tmp_path / "g", Gallery())
    assert manifest["records"] == 0 and manifest["segments"] == []
    loaded = load_gallery(tmp_path / "g")
    assert len(loaded) == 0 and loaded.identify(_prints(0, 2)) == []
