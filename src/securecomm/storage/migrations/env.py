"""Alembic environment: migrations run on the connection securecomm hands over (see storage/migrate.py)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import securecomm.storage.complaint_tables  # registers the complaint system's tables
import securecomm.storage.consular_tables  # registers the consular-notification tasks
import securecomm.storage.oversight_tables  # registers the monitoring's packages and referrals
import securecomm.storage.training_tables  # registers the training completions table
import securecomm.storage.web_tables  # noqa: F401  (registers the web application's tables)
from securecomm.storage import agency_tables  # noqa: F401  (registers the agencies' tables)
from securecomm.storage.tables import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # the alembic command line: connect from the configured URL
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as own:
            context.configure(connection=own, target_metadata=target_metadata, render_as_batch=True)
            context.run_migrations()
        return
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    context.run_migrations()


run()
