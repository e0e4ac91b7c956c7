"""training: completion records of the briefing series

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import securecomm.storage.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "training_completions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("agency_kind", sa.String(length=8), nullable=False),
        sa.Column("agency", sa.String(length=8), nullable=False),
        sa.Column("module_id", sa.String(length=64), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("completed_at", securecomm.storage.types.UtcDateTime(length=32), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("content_digest", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("training_completions", schema=None) as batch_op:
        batch_op.create_index("ix_training_completions_user", ["user_id", "completed_at"], unique=False)
        batch_op.create_index(
            "ix_training_completions_agency", ["agency_kind", "agency", "module_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("training_completions", schema=None) as batch_op:
        batch_op.drop_index("ix_training_completions_agency")
        batch_op.drop_index("ix_training_completions_user")
    op.drop_table("training_completions")
