"""Indexes for the merge candidate lookup: (PLOVER type, admin1 p-code, end date) and (PLOVER type, place, end date).

They replace ``ix_events_type_admin1`` (its prefix): a new mention's candidates are found by range scans
on ``date_end`` within one type and admin1 area or place, not by reading every event of the type.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_index("ix_events_candidates_admin1", "events", ["plover_type", "admin1_pcode", "date_end"], unique=False)
    op.create_index("ix_events_candidates_place", "events", ["plover_type", "place_id", "date_end"], unique=False)
    op.drop_index("ix_events_type_admin1", table_name="events")


def downgrade() -> None:
    op.create_index("ix_events_type_admin1", "events", ["plover_type", "admin1_pcode"], unique=False)
    op.drop_index("ix_events_candidates_place", table_name="events")
    op.drop_index("ix_events_candidates_admin1", table_name="events")
