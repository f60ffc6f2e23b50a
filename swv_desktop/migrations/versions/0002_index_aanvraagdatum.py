"""index op aanvraagdatum

Create Date: 2026-11-22 08:33:01.829561
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from swv_desktop.migrations.ops import create_indexes, drop_indexes

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    create_indexes("aanvraag", "aanvraagdatum")


def downgrade() -> None:
    drop_indexes("aanvraag", "aanvraagdatum")
