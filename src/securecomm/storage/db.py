"""Database engines: the embedded default (SQLite in WAL mode) and PostgreSQL, same code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from securecomm.errors import BadInput

__all__ = ["Database", "database_dir", "open_database"]


def database_dir(url: str) -> Path:
    """The directory beside the database where blobs and gallery files live."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise BadInput("an in-memory SQLite database has no directory for blobs; use a file", where=url)
        path = Path(parsed.database).resolve()
        return path.parent / f"{path.stem}.files"
    safe = f"{parsed.get_backend_name()}-{parsed.host or 'local'}-{parsed.database}"
    return Path("var") / safe


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see the "begin" listener)
    cursor = dbapi_connection.cursor()
    # WAL: readers never block the writer; NORMAL sync is durable across process crashes (kill -9),
    # which is the failure the outbox must survive; FULL would also survive power loss at ~4x the cost.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


class Database:
    """An engine and a session factory for one database URL."""

    def __init__(self, url: str) -> None:
        try:
            parsed = make_url(url)
        except Exception:  # SQLAlchemy raises ArgumentError for any malformed URL
            raise BadInput("not a database URL (e.g. sqlite:///var/securecomm.db)", where=url) from None
        self.url = url
        self.backend = parsed.get_backend_name()
        if self.backend == "sqlite" and parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, future=True)
        # Reads that must not wait for (or hold) the write lock: a deferred transaction sees a consistent
        # snapshot in WAL mode while another connection writes (e.g. a lookup made inside a delivery).
        self.read_engine: Engine = (
            create_engine(url, future=True) if self.backend == "sqlite" else self.engine
        )
        if self.backend == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            # Take the write lock at BEGIN so two writers never deadlock on a lock upgrade.
            event.listen(self.engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
            event.listen(self.read_engine, "connect", _sqlite_pragmas)
            event.listen(self.read_engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        self.sessions = sessionmaker(self.engine, expire_on_commit=False, future=True)
        self.read_sessions = sessionmaker(self.read_engine, expire_on_commit=False, future=True)

    @property
    def files_dir(self) -> Path:
        return database_dir(self.url)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: everything inside commits together or not at all."""
        with self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only snapshot that never takes the write lock (changes made in it are rolled back)."""
        with self.read_sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    def dispose(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open (and by default migrate to the latest schema) the database at `url`."""
    database = Database(url)
    if migrate:
        from securecomm.storage.migrate import upgrade

        upgrade(database)
    return database
