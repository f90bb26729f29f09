"""privacy: notice shown per conversation, safeguarding hold on requests

Revision ID: 9d3a4e5f6c03
Revises: 5caa839f2f5b
Create Date: 2026-11-30 05:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.models


revision = "9d3a4e5f6c03"
down_revision = "5caa839f2f5b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("privacy_notice_at", bot.models.UTCDateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "safeguarding_hold", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
    # Requests made before this migration: urgent safeguarding ones are held, as new
    # ones are by default. Releasing a hold is a deliberate, audited act.
    requests = sa.table(
        "requests",
        sa.column("kind", sa.String),
        sa.column("priority", sa.String),
        sa.column("safeguarding_hold", sa.Boolean),
    )
    op.execute(
        requests.update()
        .where(requests.c.kind == "safeguarding", requests.c.priority == "urgent")
        .values(safeguarding_hold=sa.true())
    )


def downgrade() -> None:
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.drop_column("safeguarding_hold")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_column("privacy_notice_at")
