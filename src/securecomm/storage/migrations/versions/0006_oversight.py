"""oversight: delivered quarterly packages, referrals of flagged jurisdictions and their audited acts

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import securecomm.storage.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = securecomm.storage.types.UtcDateTime
    json = securecomm.storage.types.JsonText
    op.create_table(
        "oversight_packages",
        sa.Column("package_id", sa.String(length=64), nullable=False),
        sa.Column("quarter", sa.String(length=6), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=16), nullable=False),
        sa.Column("delivered_at", utc(length=32), nullable=False),
        sa.Column("delivered_by", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("tested", sa.Integer(), nullable=False),
        sa.Column("flagged", sa.Integer(), nullable=False),
        sa.Column("summary", json(), nullable=False),
        sa.Column("results_csv", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("package_id"),
        sa.UniqueConstraint("quarter", "version", name="uq_oversight_package_version"),
    )
    with op.batch_alter_table("oversight_packages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_oversight_packages_quarter"), ["quarter"], unique=False)

    op.create_table(
        "oversight_referrals",
        sa.Column("referral_id", sa.String(length=64), nullable=False),
        sa.Column("jurisdiction", sa.String(length=64), nullable=False),
        sa.Column("quarter", sa.String(length=6), nullable=False),
        sa.Column("measure", sa.String(length=120), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("package_id", sa.String(length=64), nullable=True),
        sa.Column("opened_at", utc(length=32), nullable=False),
        sa.Column("updated_at", utc(length=32), nullable=False),
        sa.PrimaryKeyConstraint("referral_id"),
    )
    with op.batch_alter_table("oversight_referrals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oversight_referrals_jurisdiction"), ["jurisdiction"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_oversight_referrals_quarter"), ["quarter"], unique=False)
        batch_op.create_index(batch_op.f("ix_oversight_referrals_state"), ["state"], unique=False)

    op.create_table(
        "oversight_referral_acts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("referral_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("at", utc(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("from_state", sa.String(length=24), nullable=True),
        sa.Column("to_state", sa.String(length=24), nullable=False),
        sa.Column("details", json(), nullable=False),
        sa.ForeignKeyConstraint(["referral_id"], ["oversight_referrals.referral_id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("referral_id", "seq", name="uq_oversight_referral_act_seq"),
    )
    with op.batch_alter_table("oversight_referral_acts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_oversight_referral_acts_referral_id"), ["referral_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("oversight_referral_acts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oversight_referral_acts_referral_id"))

    op.drop_table("oversight_referral_acts")
    with op.batch_alter_table("oversight_referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oversight_referrals_state"))
        batch_op.drop_index(batch_op.f("ix_oversight_referrals_quarter"))
        batch_op.drop_index(batch_op.f("ix_oversight_referrals_jurisdiction"))

    op.drop_table("oversight_referrals")
    with op.batch_alter_table("oversight_packages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_oversight_packages_quarter"))

    op.drop_table("oversight_packages")
