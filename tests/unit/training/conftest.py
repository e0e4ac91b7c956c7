"""Fixtures: the package's own catalog, and a writable copy of one module's content for breaking on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from securecomm.training import Catalog, content_root, default_catalog


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return default_catalog()


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content root holding sources.yaml and a copy of the detainers module only."""
    root = tmp_path / "content"
    root.mkdir()
    shutil.copy(content_root() / "sources.yaml", root / "sources.yaml")
    shutil.copytree(content_root() / "detainers", root / "detainers")
    return root
