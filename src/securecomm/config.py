"""Settings: the one object the composition roots (CLI, web app, tests) build the system from."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Settings", "shared_data_dir"]


@dataclass(frozen=True, slots=True)
class Settings:
    """Where securecomm keeps its state. Read from the environment only by `from_env`."""

    data_dir: Path = Path("var")
    database_url: str | None = None

    @property
    def effective_database_url(self) -> str:
        """The embedded default: one SQLite file under the data directory."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'securecomm.db').as_posix()}"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        return cls(
            data_dir=Path(env.get("SECURECOMM_DATA_DIR", "var")),
            database_url=env.get("SECURECOMM_DATABASE_URL") or None,
        )


def shared_data_dir(start: Path | None = None) -> Path | None:
    """The project's shared research material (`../shared/data` beside the checkout), if present.

    `SECURECOMM_SHARED_DATA` overrides the search. Returns None when the material is not on this machine.
    """
    override = os.environ.get("SECURECOMM_SHARED_DATA")
    if override:
        path = Path(override)
        return path if path.is_dir() else None
    here = (start or Path(__file__)).resolve()
    for parent in here.parents:
        candidate = parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return None
