"""Content-addressed files beside the database: transactions and templates, named by their SHA-256.

A file is written to a temporary name and renamed into place, so a crash leaves either nothing or the
whole file; the same content always lands at the same path, so writing it again is a no-op. Files are
written before the transaction that references them commits: a crash in between leaves an orphan file,
never a dangling reference.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from securecomm.errors import BadInput

__all__ = ["BlobStore"]


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str, *, suffix: str = "") -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise BadInput(f"{sha256!r} is not a SHA-256 hex digest", where="blob store")
        return self.root / sha256[:2] / f"{sha256[2:]}{suffix}"

    def put(self, data: bytes, *, suffix: str = "") -> str:
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(digest, suffix=suffix)
        if target.exists():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
        return digest

    def put_many(self, items: Sequence[bytes], *, suffix: str = "") -> list[str]:
        """Store many files at once (seeding a world): the digests in order, one flush to disk for all.

        Every new file is written to its temporary name, the disk is synced once, the files are renamed into
        place and the disk is synced again, so the guarantee is `put`'s (nothing or the whole file, durable
        before the caller's transaction commits) at two syncs per batch instead of one per file.
        """
        digests = [hashlib.sha256(data).hexdigest() for data in items]
        pending: dict[Path, Path] = {}
        for digest, data in zip(digests, items, strict=True):
            target = self.path(digest, suffix=suffix)
            if target in pending or target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            temporary.write_bytes(data)
            pending[target] = temporary
        if pending:
            os.sync()
            for target, temporary in pending.items():
                os.replace(temporary, target)
            os.sync()
        return digests

    def get(self, sha256: str, *, suffix: str = "") -> bytes:
        target = self.path(sha256, suffix=suffix)
        try:
            data = target.read_bytes()
        except FileNotFoundError:
            raise BadInput(f"no stored file {sha256}{suffix}", where=str(self.root)) from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise BadInput(
                f"stored file {target} does not match its SHA-256 (corrupted on disk)", where=str(target)
            )
        return data

    def has(self, sha256: str, *, suffix: str = "") -> bool:
        return self.path(sha256, suffix=suffix).exists()
