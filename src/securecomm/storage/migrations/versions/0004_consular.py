"""consular: the consular-notification task of every booked foreign national

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import securecomm.storage.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = securecomm.storage.types.UtcDateTime
    json = securecomm.storage.types.JsonText
    op.create_table(
        "consular_tasks",
        sa.Column("task_id", sa.String(length=64), nullable=False),
        sa.Column("booking_id", sa.String(length=64), nullable=False),
        sa.Column("fips", sa.String(length=5), nullable=False),
        sa.Column("facility_tz", sa.String(length=40), nullable=False),
        sa.Column("opened_at", utc(length=32), nullable=False),
        sa.Column("nationality", sa.String(length=8), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("lpr", sa.Boolean(), nullable=False),
        sa.Column("passport", sa.String(length=2), nullable=True),
        sa.Column("obligation", sa.String(length=16), nullable=False),
        sa.Column("sending_state", sa.String(length=2), nullable=True),
        sa.Column("reasons", json(), nullable=False),
        sa.Column("target_at", utc(length=32), nullable=False),
        sa.Column("outer_at", utc(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("closed_at", utc(length=32), nullable=True),
        sa.Column("told_at", utc(length=32), nullable=True),
        sa.Column("told_by", sa.String(length=64), nullable=True),
        sa.Column("told_language", sa.String(length=8), nullable=True),
        sa.Column("answer", sa.String(length=16), nullable=True),
        sa.Column("notified_at", utc(length=32), nullable=True),
        sa.Column("notified_by", sa.String(length=64), nullable=True),
        sa.Column("channel", sa.String(length=8), nullable=True),
        sa.Column("post", json(), nullable=True),
        sa.Column("post_distance_km", sa.Float(), nullable=True),
        sa.Column("confirmation", sa.Text(), nullable=True),
        sa.Column("sent_record", json(), nullable=True),
        sa.Column("protected_claim", sa.String(length=16), nullable=True),
        sa.Column("protected_claim_at", utc(length=32), nullable=True),
        sa.Column("protected_claim_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("task_id"),
        sa.UniqueConstraint("booking_id"),
    )
    with op.batch_alter_table("consular_tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consular_tasks_fips"), ["fips"], unique=False)
        batch_op.create_index(batch_op.f("ix_consular_tasks_opened_at"), ["opened_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_consular_tasks_state"), ["state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("consular_tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consular_tasks_state"))
        batch_op.drop_index(batch_op.f("ix_consular_tasks_opened_at"))
        batch_op.drop_index(batch_op.f("ix_consular_tasks_fips"))
    op.drop_table("consular_tasks")
