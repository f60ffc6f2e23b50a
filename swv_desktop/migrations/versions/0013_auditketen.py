"""audittrail als sleutelde hashketen; zegel op uitgegeven beschikkingen

Create Date: 2026-12-01 14:30:00

``audit_entry.volgnr`` (1, 2, 3 ... in schrijfvolgorde) and ``audit_entry.keten`` (the keyed
link, see ``encryption/auditketen.py``) and ``audit_entry.inhoud`` (the digest of the before/after
copies that the link covers); ``beschikking.zegel`` (the keyed seal of an issued
letter's decision). Existing rows keep NULL: they are reported as older than the chain.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"


def upgrade() -> None:
    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(sa.Column("volgnr", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("keten", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("inhoud", sa.String(length=64), nullable=True))
        batch.create_index("ix_audit_entry_volgnr", ["volgnr"], unique=True)
    op.add_column("beschikking", sa.Column("zegel", sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column("beschikking", "zegel")
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_index("ix_audit_entry_volgnr")
        batch.drop_column("inhoud")
        batch.drop_column("keten")
        batch.drop_column("volgnr")
