"""Near-duplicate links: ``documents.duplicate_of`` / ``duplicate_similarity`` / ``fingerprint`` and ``document_bands``.

A republished copy records the doc_id of its original and their similarity; each document keeps its
fingerprint (packed shingle hashes) and its LSH band keys (indexed), so a new document's candidates are
found by one indexed lookup and compared without re-reading texts. Documents stored before this
migration have no fingerprint: they are not matched until they are ingested again with a new hash.

Revision ID: 0003
Revises: 0002
Create Date: 2025-01-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("duplicate_of", sa.String(length=255), nullable=True))
    op.add_column("documents", sa.Column("duplicate_similarity", sa.Float(), nullable=True))
    op.add_column("documents", sa.Column("fingerprint", sa.Text(), nullable=True))
    op.create_index("ix_documents_duplicate_of", "documents", ["duplicate_of"], unique=False)
    op.create_table(
        "document_bands",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id", "band"),
    )
    op.create_index("ix_document_bands_key", "document_bands", ["key"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_document_bands_key", table_name="document_bands")
    op.drop_table("document_bands")
    op.drop_index("ix_documents_duplicate_of", table_name="documents")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("fingerprint")
        batch.drop_column("duplicate_similarity")
        batch.drop_column("duplicate_of")
