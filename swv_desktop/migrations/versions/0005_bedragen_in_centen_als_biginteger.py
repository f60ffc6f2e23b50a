"""bedragen in centen als BigInteger

PostgreSQL's INTEGER is 32-bit (a budget of 2,500,000,000 cents does not fit); SQLite stores any
integer in 64 bits, there the columns are declared BIGINT so the schema equals the models.

Create Date: 2026-12-01 10:10:09.326782
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"

COLUMNS = (
    ("aanvraag", "aangevraagd_cents"),
    ("besluit", "toegekend_cents"),
    ("budget_notitie", "overschrijding_cents"),
    ("kostenregel", "bedrag_cents"),
    ("schooljaar", "budget_cents"),
    ("schooljaar", "individueel_max_cents"),
    ("schooljaar", "groep_max_cents"),
)
"""The amount columns (table, column), in the order they are widened."""


def _alter(
    columns: Iterable[tuple[str, str]], old: sa.types.TypeEngine[int], new: sa.types.TypeEngine[int]
) -> None:
    """Change each column's type from ``old`` to ``new``, one batch per table."""
    for table, group in groupby(columns, key=lambda c: c[0]):
        with op.batch_alter_table(table) as batch_op:
            for _, column in group:
                batch_op.alter_column(column, existing_type=old, type_=new, existing_nullable=False)


def upgrade() -> None:
    _alter(COLUMNS, sa.INTEGER(), sa.BigInteger())


def downgrade() -> None:
    _alter(reversed(COLUMNS), sa.BigInteger(), sa.INTEGER())
