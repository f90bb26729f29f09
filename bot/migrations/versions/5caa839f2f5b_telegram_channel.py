"""telegram channel: inbox, chat state, callback tokens

Revision ID: 5caa839f2f5b
Revises: d88e3c1a1c8d
Create Date: 2026-11-24 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import bot.models


revision = '5caa839f2f5b'
down_revision = 'd88e3c1a1c8d'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('telegram_inbox',
    sa.Column('update_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('received_at', bot.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('event', sa.JSON(), nullable=True),
    sa.Column('outbox', sa.JSON(), nullable=True),
    sa.Column('sent', sa.Integer(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('locked_by', sa.String(length=32), nullable=True),
    sa.Column('locked_until', bot.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('processed_at', bot.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.PrimaryKeyConstraint('update_id')
    )
    with op.batch_alter_table('telegram_inbox', schema=None) as batch_op:
        batch_op.create_index('ix_telegram_inbox_processed_at', ['processed_at'], unique=False)

    op.create_table('telegram_chats',
    sa.Column('chat_id', sa.String(length=64), nullable=False),
    sa.Column('stopped_at', bot.models.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', bot.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('chat_id')
    )
    op.create_table('telegram_callback_tokens',
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('created_at', bot.models.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('token')
    )


def downgrade() -> None:
    op.drop_table('telegram_callback_tokens')
    op.drop_table('telegram_chats')
    with op.batch_alter_table('telegram_inbox', schema=None) as batch_op:
        batch_op.drop_index('ix_telegram_inbox_processed_at')

    op.drop_table('telegram_inbox')
