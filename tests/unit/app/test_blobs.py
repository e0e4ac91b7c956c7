"""Content-addressed files: one at a time or many at once, the same names, contents and checks."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from securecomm.app.blobs import BlobStore
from securecomm.errors import BadInput


def test_many_files_at_once_land_where_one_at_a_time_would(tmp_path: Path) -> None:
    one, many = BlobStore(tmp_path / "one"), BlobStore(tmp_path / "many")
    items = [b"template %d" % i for i in range(50)] + [b"template 7"]  # a repeat is stored once
    digests = many.put_many(items, suffix=".tpl")
    assert digests == [one.put(item, suffix=".tpl") for item in items]
    assert digests == [hashlib.sha256(item).hexdigest() for item in items]
    assert [many.get(d, suffix=".tpl") for d in digests] == items
    assert sorted(p.name for p in (tmp_path / "many").rglob("*")) == sorted(
        p.name for p in (tmp_path / "one").rglob("*")
    )
    assert not list((tmp_path / "many").rglob(".*.tmp"))
    assert many.put_many(items, suffix=".tpl") == digests  # again: nothing changes


def test_a_file_changed_on_disk_is_refused_by_name(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    (digest,) = store.put_many([b"ten prints"], suffix=".an2")
    store.path(digest, suffix=".an2").write_bytes(b"ten prints, altered")
    with pytest.raises(BadInput, match="does not match its SHA-256"):
        store.get(digest, suffix=".an2")
