"""rekening van het samenwerkingsverband

Create Date: 2026-12-01 16:15:00

- ``organisatie.rekening_iban`` and ``rekening_tenaamstelling``: the SWV's own bank account
  (IBAN and account holder), which a settlement letter names where a board must repay money.
  Both empty on an existing database (the beheerder enters them in Beheer > Instellingen).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from swv_desktop.migrations.ops import add_columns, drop_columns, not_null

revision = "0011"
down_revision = "0010"


def upgrade() -> None:
    add_columns(
        "organisatie",
        not_null("rekening_iban", sa.String(length=34), ""),
        not_null("rekening_tenaamstelling", sa.String(length=200), ""),
    )


def downgrade() -> None:
    drop_columns("organisatie", "rekening_tenaamstelling", "rekening_iban")
