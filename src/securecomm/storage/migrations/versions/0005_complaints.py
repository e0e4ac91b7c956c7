"""complaints: civil-rights complaints, their history, letters, referrals, protection links and overrides,
retaliation reports

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import securecomm.storage.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "complaints",
        sa.Column("complaint_id", sa.String(length=40), nullable=False),
        sa.Column("receipt", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("received_at", securecomm.storage.types.UtcDateTime(length=32), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("status_at", securecomm.storage.types.UtcDateTime(length=32), nullable=False),
        sa.Column("route", sa.String(length=16), nullable=True),
        sa.Column("assignee", sa.String(length=64), nullable=True),
        sa.Column("closure", sa.String(length=16), nullable=True),
        sa.Column("incident_on", sa.Date(), nullable=True),
        sa.Column("incident_time", sa.String(length=5), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("officials", sa.Text(), nullable=False),
        sa.Column("conduct", sa.String(length=16), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("other_steps", sa.Text(), nullable=False),
        sa.Column("consent_dhs", sa.Boolean(), nullable=False),
        sa.Column("consent_doj", sa.Boolean(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("reachable", sa.Boolean(), nullable=False),
        sa.Column("witnesses", sa.Integer(), nullable=False),
        sa.Column("attachments", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("complaint_id"),
        sa.UniqueConstraint("receipt"),
    )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaints_received_on"), ["received_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaints_status"), ["status"], unique=False)

    op.create_table(
        "protection_links",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("booking_id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=True),
        sa.Column("basis", sa.String(length=24), nullable=False),
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("linked_at", securecomm.storage.types.UtcDateTime(length=32), nullable=False),
        sa.Column("linked_by", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("protection_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_protection_links_booking_id"), ["booking_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_protection_links_case_id"), ["case_id"], unique=False)

    op.create_table(
        "protection_overrides",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=64), nullable=False),
        sa.Column("at", securecomm.storage.types.UtcDateTime(length=32), nullable=False),
        sa.Column("supervisor", sa.String(length=80), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("protection_overrides", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_protection_overrides_case_id"), ["case_id"], unique=False)

    op.create_table(
        "retaliation_reports",
        sa.Column("report_id", sa.String(length=40), nullable=False),
        sa.Column("booking_id", sa.String(length=64), nullable=False),
        sa.Column("fips", sa.String(length=5), nullable=False),
        sa.Column("aor", sa.String(length=3), nullable=True),
        sa.Column("case_id", sa.String(length=64), nullable=True),
        sa.Column("actor_kind", sa.String(length=16), nullable=False),
        sa.Column("account", sa.Text(), nullable=False),
        sa.Column("reported_at", securecomm.storage.types.UtcDateTime(length=32), nullable=False),
        sa.Column("reported_by", sa.String(length=80), nullable=False),
        sa.Column(
            "field_office_notified_at", securecomm.storage.types.UtcDateTime(length=32), nullable=False
        ),
        sa.Column("acknowledged_at", securecomm.storage.types.UtcDateTime(length=32), nullable=True),
        sa.Column("acknowledged_by", sa.String(length=80), nullable=True),
        sa.PrimaryKeyConstraint("report_id"),
    )
    with op.batch_alter_table("retaliation_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_retaliation_reports_aor"), ["aor"], unique=False)
        batch_op.create_index(batch_op.f("ix_retaliation_reports_booking_id"), ["booking_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_retaliation_reports_fips"), ["fips"], unique=False)

    op.create_table(
        "complaint_attachments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("complaint_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=100), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.complaint_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("complaint_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_attachments_complaint_id"), ["complaint_id"], unique=False
        )

    op.create_table(
        "complaint_deadlines",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("complaint_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("set_at", securecomm.storage.types.UtcDateTime(length=32), nullable=False),
        sa.Column("set_by", sa.String(length=80), nullable=False),
        sa.Column("met_at", securecomm.storage.types.UtcDateTime(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.complaint_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("complaint_deadlines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_deadlines_complaint_id"), ["complaint_id"], unique=False
        )

    op.create_table(
        "complaint_doj_notices",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("complaint_id", sa.String(length=40), nullable=False),
        sa.Column("at", securecomm.storage.types.UtcDateTime(length=32), nullable=False),
        sa.Column("by", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.complaint_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("complaint_doj_notices", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_doj_notices_complaint_id"), ["complaint_id"], unique=False
        )

    op.create_table(
        "complaint_findings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("complaint_id", sa.String(length=40), nullable=False),
        sa.Column("at", securecomm.storage.types.UtcDateTime(length=32), nullable=False),
        sa.Column("by", sa.String(length=80), nullable=False),
        sa.Column("finding", sa.String(length=24), nullable=False),
        sa.Column("recommendations", securecomm.storage.types.JsonText(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.complaint_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("complaint_findings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_findings_complaint_id"), ["complaint_id"], unique=False
        )

    op.create_table(
        "complaint_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("complaint_id", sa.String(length=40), nullable=False),
        sa.Column("at", securecomm.storage.types.UtcDateTime(length=32), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("act", sa.String(length=24), nullable=False),
        sa.Column("from_status", sa.String(length=24), nullable=False),
        sa.Column("to_status", sa.String(length=24), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("details", securecomm.storage.types.JsonText(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.complaint_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("complaint_history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaint_history_complaint_id"), ["complaint_id"], unique=False)

    op.create_table(
        "complaint_identities",
        sa.Column("complaint_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("a_number", sa.String(length=12), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.complaint_id"],
        ),
        sa.PrimaryKeyConstraint("complaint_id"),
    )
    op.create_table(
        "complaint_letters",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("complaint_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("at", securecomm.storage.types.UtcDateTime(length=32), nullable=False),
        sa.Column("by", sa.String(length=80), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("delivery", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.complaint_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("complaint_letters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaint_letters_complaint_id"), ["complaint_id"], unique=False)

    op.create_table(
        "complaint_links",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("complaint_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=64), nullable=False),
        sa.Column("party", sa.String(length=16), nullable=False),
        sa.Column("fips", sa.String(length=5), nullable=True),
        sa.Column("at", securecomm.storage.types.UtcDateTime(length=32), nullable=False),
        sa.Column("by", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.complaint_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("complaint_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaint_links_complaint_id"), ["complaint_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaint_links_fips"), ["fips"], unique=False)
        batch_op.create_index("ix_complaint_links_target", ["kind", "target"], unique=False)

    op.create_table(
        "complaint_notes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("complaint_id", sa.String(length=40), nullable=False),
        sa.Column("at", securecomm.storage.types.UtcDateTime(length=32), nullable=False),
        sa.Column("author", sa.String(length=80), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.complaint_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("complaint_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaint_notes_complaint_id"), ["complaint_id"], unique=False)

    op.create_table(
        "complaint_referrals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("complaint_id", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=8), nullable=False),
        sa.Column("at", securecomm.storage.types.UtcDateTime(length=32), nullable=False),
        sa.Column("by", sa.String(length=80), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("identity_shared", sa.Boolean(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("decided_at", securecomm.storage.types.UtcDateTime(length=32), nullable=True),
        sa.Column("decided_by", sa.String(length=80), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.complaint_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("complaint_referrals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_referrals_complaint_id"), ["complaint_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_complaint_referrals_target"), ["target"], unique=False)

    op.create_table(
        "complaint_witnesses",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("complaint_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.complaint_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("complaint_witnesses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaint_witnesses_complaint_id"), ["complaint_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("complaint_witnesses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_witnesses_complaint_id"))

    op.drop_table("complaint_witnesses")
    with op.batch_alter_table("complaint_referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_referrals_target"))
        batch_op.drop_index(batch_op.f("ix_complaint_referrals_complaint_id"))

    op.drop_table("complaint_referrals")
    with op.batch_alter_table("complaint_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_notes_complaint_id"))

    op.drop_table("complaint_notes")
    with op.batch_alter_table("complaint_links", schema=None) as batch_op:
        batch_op.drop_index("ix_complaint_links_target")
        batch_op.drop_index(batch_op.f("ix_complaint_links_fips"))
        batch_op.drop_index(batch_op.f("ix_complaint_links_complaint_id"))

    op.drop_table("complaint_links")
    with op.batch_alter_table("complaint_letters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_letters_complaint_id"))

    op.drop_table("complaint_letters")
    op.drop_table("complaint_identities")
    with op.batch_alter_table("complaint_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_history_complaint_id"))

    op.drop_table("complaint_history")
    with op.batch_alter_table("complaint_findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_findings_complaint_id"))

    op.drop_table("complaint_findings")
    with op.batch_alter_table("complaint_doj_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_doj_notices_complaint_id"))

    op.drop_table("complaint_doj_notices")
    with op.batch_alter_table("complaint_deadlines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_deadlines_complaint_id"))

    op.drop_table("complaint_deadlines")
    with op.batch_alter_table("complaint_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_attachments_complaint_id"))

    op.drop_table("complaint_attachments")
    with op.batch_alter_table("retaliation_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retaliation_reports_fips"))
        batch_op.drop_index(batch_op.f("ix_retaliation_reports_booking_id"))
        batch_op.drop_index(batch_op.f("ix_retaliation_reports_aor"))

    op.drop_table("retaliation_reports")
    with op.batch_alter_table("protection_overrides", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_overrides_case_id"))

    op.drop_table("protection_overrides")
    with op.batch_alter_table("protection_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_links_case_id"))
        batch_op.drop_index(batch_op.f("ix_protection_links_booking_id"))

    op.drop_table("protection_links")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaints_status"))
        batch_op.drop_index(batch_op.f("ix_complaints_received_on"))

    op.drop_table("complaints")
