"""web application: accounts, sessions, sign-in attempts, secrets

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 07:15:42.487787
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import securecomm.storage.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_login_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", securecomm.storage.types.UtcDateTime(length=32), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("web_login_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_web_login_attempts_address_at", ["address", "at"], unique=False)
        batch_op.create_index("ix_web_login_attempts_username_at", ["username", "at"], unique=False)

    op.create_table(
        "web_secrets",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.Column("created_at", securecomm.storage.types.UtcDateTime(length=32), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "web_users",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("scope", sa.String(length=5), nullable=True),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column("created_at", securecomm.storage.types.UtcDateTime(length=32), nullable=False),
        sa.Column("password_set_at", securecomm.storage.types.UtcDateTime(length=32), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("last_sign_in_at", securecomm.storage.types.UtcDateTime(length=32), nullable=True),
        sa.PrimaryKeyConstraint("username"),
    )
    with op.batch_alter_table("web_users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_users_role"), ["role"], unique=False)

    op.create_table(
        "web_sessions",
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("created_at", securecomm.storage.types.UtcDateTime(length=32), nullable=False),
        sa.Column("last_seen_at", securecomm.storage.types.UtcDateTime(length=32), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["username"], ["web_users.username"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_sha256"),
    )
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_sessions_last_seen_at"), ["last_seen_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_web_sessions_username"), ["username"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_sessions_username"))
        batch_op.drop_index(batch_op.f("ix_web_sessions_last_seen_at"))

    op.drop_table("web_sessions")
    with op.batch_alter_table("web_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_users_role"))

    op.drop_table("web_users")
    op.drop_table("web_secrets")
    with op.batch_alter_table("web_login_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_web_login_attempts_username_at")
        batch_op.drop_index("ix_web_login_attempts_address_at")

    op.drop_table("web_login_attempts")
