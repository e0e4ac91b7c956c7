"""A gallery's arrays as memory-mapped files beside the database, append-only, rebuilt from the database.

Layout of one gallery's directory (`gallery_dir(database_url, "ident")` = <db>.files/galleries/ident)::

    manifest.json                 the commit point: format version, code parameters, counts, checksums
    segments/<key>/codes.npy      uint64[n, 10, words]   coarse codes, scanned every search
                  /bit_counts.npy uint16[n, 10]
                  /subjects.npy   S32[n]   /encounters.npy S64[n]
                  /spans.npy      int64[n, 10, 2]        (offset, length) of each finger's template bytes
                  /blob.npy       uint8[m]               the templates (`Template.to_bytes`), back to back
    removed.i64                   little-endian int64 record indices, in the order they were removed

Segments are written once and never changed (records are immutable: `biometrics.gallery.segments`), so
saving again only adds the segment sealed from the gallery's new records, appends to `removed.i64`, and
replaces the manifest atomically (write, fsync, rename). A crash before the rename leaves the previous
manifest in force: unreferenced segment folders and bytes past the manifest's count in `removed.i64` are
ignored and cleaned up by the next save.

Loading maps every .npy read-only (nothing is copied until a search touches it) and refuses, with
`GalleryFilesError` naming the file, a manifest of another format version, a gallery built with other
code parameters, a missing or truncated file, a count that disagrees, or (with `verify=True`, the default)
a CRC-32 mismatch. The database's `gallery_entries` table is the source of truth; `rebuild_gallery`
recreates the directory from it and the stored templates.
"""

from __future__ import annotations

import json
import os
import shutil
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.orm import Session

from securecomm.biometrics.gallery import DEFAULT_SPEC, Backend, Gallery, PairCodeSpec, Segment
from securecomm.biometrics.template import Template
from securecomm.errors import BadInput
from securecomm.storage.agency_tables import GalleryEntryRow
from securecomm.storage.db import database_dir

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "GalleryFilesError",
    "gallery_dir",
    "load_gallery",
    "rebuild_gallery",
    "save_gallery",
]

FORMAT = "securecomm-gallery"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
REMOVED = "removed.i64"
ARRAYS = ("codes", "bit_counts", "subjects", "encounters", "spans", "blob")
_CHUNK = 1 << 24


class GalleryFilesError(BadInput):
    """Gallery files that cannot be used as they are: the message says which file and how to fix it
    (usually: rebuild the directory from the database with `rebuild_gallery`)."""


def gallery_dir(database_url: str, name: str) -> Path:
    """Where gallery `name` ("criminal", "ident") of the database at `database_url` keeps its files."""
    if not name or not name.replace("-", "").replace("_", "").isalnum():
        raise GalleryFilesError(f"{name!r} is not a gallery name (letters, digits, - and _)", where="gallery")
    return database_dir(database_url) / "galleries" / name


def _crc_file(path: Path, length: int | None = None) -> int:
    crc = 0
    remaining = path.stat().st_size if length is None else length
    with open(path, "rb") as handle:
        while remaining > 0:
            chunk = handle.read(min(_CHUNK, remaining))
            if not chunk:
                break
            crc = zlib.crc32(chunk, crc)
            remaining -= len(chunk)
    return crc


def _fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _read_manifest(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GalleryFilesError("no gallery here (manifest.json is missing)", where=str(directory)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GalleryFilesError(f"manifest is not valid JSON ({error})", where=str(path)) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise GalleryFilesError(f"not a {FORMAT} manifest", where=str(path))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise GalleryFilesError(
            f"format version {manifest.get('format_version')!r}, this build reads {FORMAT_VERSION};"
            " rebuild the gallery from the database (rebuild_gallery)",
            where=str(path),
        )
    try:
        segments = manifest["segments"]
        records = int(manifest["records"])
        removed = int(manifest["removed"]["count"])
        int(manifest["removed"]["crc32"])
        counted = sum(int(s["records"]) for s in segments)
        names = [str(s["key"]) for s in segments]
        for s in segments:
            for array in ARRAYS:
                int(s["files"][array]["bytes"]), int(s["files"][array]["crc32"])
    except (KeyError, TypeError, ValueError) as error:
        raise GalleryFilesError(f"manifest lacks or mistypes a field ({error!r})", where=str(path)) from None
    if counted != records or removed < 0 or len(set(names)) != len(names):
        raise GalleryFilesError(
            f"counts disagree: {records} records, segments hold {counted}; or duplicate segment keys",
            where=str(path),
        )
    return manifest


def _check_spec(manifest: dict[str, Any], spec: PairCodeSpec, path: Path) -> None:
    stored = manifest.get("code")
    if stored != spec.as_dict():
        raise GalleryFilesError(
            f"built with code parameters {stored}, this build uses {spec.as_dict()};"
            " rebuild the gallery from the database (rebuild_gallery)",
            where=str(path),
        )


def _load_segment(directory: Path, entry: dict[str, Any], verify: bool) -> Segment:
    key = str(entry["key"])
    folder = directory / "segments" / key
    arrays: dict[str, NDArray[Any]] = {}
    for name in ARRAYS:
        path = folder / f"{name}.npy"
        expected = entry["files"][name]
        if not path.is_file():
            raise GalleryFilesError("file is missing; rebuild the gallery from the database", where=str(path))
        size = path.stat().st_size
        if size != int(expected["bytes"]):
            raise GalleryFilesError(
                f"{size} bytes, the manifest says {expected['bytes']} (truncated or replaced)",
                where=str(path),
            )
        if verify and _crc_file(path) != int(expected["crc32"]):
            raise GalleryFilesError("checksum mismatch: the file is corrupt", where=str(path))
        try:
            arrays[name] = np.load(path, mmap_mode="r", allow_pickle=False)
        except (ValueError, OSError) as error:
            raise GalleryFilesError(f"not a readable .npy array ({error})", where=str(path)) from None
    if arrays["codes"].ndim != 3 or arrays["codes"].shape[0] != int(entry["records"]):
        raise GalleryFilesError(
            f"holds {arrays['codes'].shape[0] if arrays['codes'].ndim else 0} records, the manifest says"
            f" {entry['records']}",
            where=str(folder / "codes.npy"),
        )
    try:
        return Segment(key=key, **arrays)
    except BadInput as error:
        raise GalleryFilesError(str(error), where=str(folder)) from None


def _read_removed(directory: Path, manifest: dict[str, Any], verify: bool) -> NDArray[np.int64]:
    count = int(manifest["removed"]["count"])
    path = directory / REMOVED
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    if not path.is_file() or path.stat().st_size < 8 * count:
        raise GalleryFilesError(f"holds fewer than the manifest's {count} removals", where=str(path))
    if verify and _crc_file(path, 8 * count) != int(manifest["removed"]["crc32"]):
        raise GalleryFilesError("checksum mismatch: the file is corrupt", where=str(path))
    return np.fromfile(path, dtype="<i8", count=count).astype(np.int64)


def load_gallery(
    directory: Path,
    *,
    spec: PairCodeSpec = DEFAULT_SPEC,
    backend: Backend | None = None,
    threads: int = 1,
    verify: bool = True,
) -> Gallery:
    """Open a gallery's files (memory-mapped, read-only). `verify=False` skips the CRC pass over the files
    (about a second per GB) when they were verified recently; sizes and shapes are always checked."""
    directory = Path(directory)
    manifest = _read_manifest(directory)
    _check_spec(manifest, spec, directory / MANIFEST)
    segments = [_load_segment(directory, entry, verify) for entry in manifest["segments"]]
    removed = _read_removed(directory, manifest, verify)
    try:
        return Gallery(spec=spec, backend=backend, threads=threads, segments=segments, removed=removed)
    except BadInput as error:
        raise GalleryFilesError(str(error), where=str(directory / REMOVED)) from None


def _write_segment(directory: Path, segment: Segment) -> dict[str, Any]:
    final = directory / "segments" / segment.key
    temporary = directory / "segments" / f".{segment.key}.{os.getpid()}.tmp"
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)
    files: dict[str, dict[str, int]] = {}
    for name in ARRAYS:
        path = temporary / f"{name}.npy"
        with open(path, "wb") as handle:
            np.save(handle, np.ascontiguousarray(getattr(segment, name)), allow_pickle=False)
            handle.flush()
            os.fsync(handle.fileno())
        files[name] = {"bytes": path.stat().st_size, "crc32": _crc_file(path)}
    shutil.rmtree(final, ignore_errors=True)  # a leftover of a save that crashed before its manifest
    os.replace(temporary, final)
    return {"key": segment.key, "records": len(segment), "files": files}


def save_gallery(directory: Path, gallery: Gallery, *, spec: PairCodeSpec | None = None) -> dict[str, Any]:
    """Write what the directory lacks: the gallery's new records as one new segment, its new removals,
    and the manifest. The directory must hold an earlier state of this same gallery (or nothing)."""
    directory = Path(directory)
    spec = spec or gallery.spec
    directory.mkdir(parents=True, exist_ok=True)
    if (directory / MANIFEST).exists():
        manifest = _read_manifest(directory)
        _check_spec(manifest, spec, directory / MANIFEST)
    else:
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "code": spec.as_dict(),
            "records": 0,
            "segments": [],
            "removed": {"count": 0, "crc32": 0},
        }
    on_disk = [(str(s["key"]), int(s["records"])) for s in manifest["segments"]]
    in_memory = [(s.key, len(s)) for s in gallery.segments]
    stored_removed = _read_removed(directory, manifest, verify=False)
    if (
        in_memory[: len(on_disk)] != on_disk
        or list(gallery.removed[: stored_removed.size]) != stored_removed.tolist()
    ):
        raise GalleryFilesError(
            "the directory holds a different gallery (its segments or removals are not a prefix of this"
            " one's); save to an empty directory or rebuild from the database",
            where=str(directory),
        )
    gallery.seal(f"s{len(gallery.segments):06d}")
    entries = list(manifest["segments"])
    for segment in gallery.segments[len(on_disk) :]:
        entries.append(_write_segment(directory, segment))
    removed_path = directory / REMOVED
    new_removed = np.asarray(gallery.removed[stored_removed.size :], dtype="<i8")
    crc = int(manifest["removed"]["crc32"])
    if new_removed.size or (removed_path.exists() and removed_path.stat().st_size != 8 * stored_removed.size):
        with open(removed_path, "ab" if removed_path.exists() else "wb") as handle:
            handle.truncate(8 * stored_removed.size)  # drop bytes of an append that never committed
            handle.seek(8 * stored_removed.size)
            data = new_removed.tobytes()
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        crc = zlib.crc32(new_removed.tobytes(), crc)
    manifest.update(
        records=sum(int(e["records"]) for e in entries),
        segments=entries,
        removed={"count": len(gallery.removed), "crc32": crc},
        live_records=gallery.live_records(),
        subjects=len(gallery),
    )
    temporary = directory / f".{MANIFEST}.{os.getpid()}.tmp"
    _fsync_write(temporary, json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8"))
    os.replace(temporary, directory / MANIFEST)
    _remove_strays(directory, {str(e["key"]) for e in entries})
    return manifest


def _remove_strays(directory: Path, keys: set[str]) -> None:
    """Segment folders the manifest does not reference: leftovers of a save that crashed before committing
    (one writer per gallery at a time, so nothing else can be writing one now)."""
    folder = directory / "segments"
    if folder.is_dir():
        for child in folder.iterdir():
            if child.name not in keys:
                shutil.rmtree(child, ignore_errors=True)


def rebuild_gallery(
    session: Session,
    name: str,
    directory: Path,
    read_template: Callable[[str], bytes],
    *,
    spec: PairCodeSpec = DEFAULT_SPEC,
    backend: Backend | None = None,
    threads: int = 1,
) -> Gallery:
    """Recreate gallery `name`'s files from the database rows (`gallery_entries`) and their templates.

    `read_template(sha256)` returns a template's bytes (e.g. `BlobStore.get`). The new files are written
    beside the old ones and swapped in, so a failure leaves the old directory untouched.
    """
    rows = session.execute(
        select(GalleryEntryRow)
        .where(GalleryEntryRow.gallery == name)
        .order_by(GalleryEntryRow.subject_id, GalleryEntryRow.encounter_id, GalleryEntryRow.finger)
    ).scalars()
    gallery = Gallery(spec=spec, backend=backend, threads=threads)
    batch: dict[int, Template] = {}
    key: tuple[str, str] | None = None
    for row in rows:
        if key is not None and (row.subject_id, row.encounter_id) != key:
            gallery.enrol_encounter(key[0], key[1], batch)
            batch = {}
        key = (row.subject_id, row.encounter_id)
        where = f"gallery_entries {name}/{row.subject_id}/{row.encounter_id}/finger {row.finger}"
        batch[row.finger] = Template.load(read_template(row.template_sha256), where=where)
    if key is not None:
        gallery.enrol_encounter(key[0], key[1], batch)
    directory = Path(directory)
    fresh = directory.with_name(f".{directory.name}.rebuild.{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    save_gallery(fresh, gallery)
    if directory.exists():
        retired = directory.with_name(f".{directory.name}.old.{os.getpid()}")
        os.replace(directory, retired)
        os.replace(fresh, directory)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        directory.parent.mkdir(parents=True, exist_ok=True)
        os.replace(fresh, directory)
    return load_gallery(directory, spec=spec, backend=backend, threads=threads, verify=False)
