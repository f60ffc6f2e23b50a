"""versie op elk bewerkbaar record (geen verloren wijzigingen)

Create Date: 2026-12-01 10:30:00

Every editable record gets ``versie`` (SQLAlchemy ``version_id_col``); existing rows start at 1.
``ADD COLUMN`` with a constant default needs no table rebuild on SQLite, so the upgrade is fast
also on the 50,000-pupil database.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from swv_desktop.migrations.ops import versie

revision = "0007"
down_revision = "0006"

TABLES = (
    "aanvraag",
    "brieftekst",
    "evaluatietekst",
    "gebruiker",
    "leerling",
    "organisatie",
    "school",
    "schoolbestuur",
    "schooljaar",
)


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, versie())


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "versie")  # native ALTER TABLE DROP COLUMN (SQLite 3.35+)
