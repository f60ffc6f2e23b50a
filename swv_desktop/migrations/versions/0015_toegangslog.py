"""toegangslog

The access log (issue 14, step 3): its own table for sign-ins and views, exports, prints and AVG
copies. The views that were written as audit entries so far (``bekeken``, ``geldstroom
bekeken``, ``geëxporteerd``, ``afgedrukt``, ``AVG-kopie gemaakt``) are copied into it; they stay
in the audit chain as they were (removing a link would break the chain that ``check`` verifies)
and expire there with the log's term. From now on views are written only to the access log.

Create Date: 2026-12-01 19:04:36.653938
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from swv_desktop.migrations.ops import actor_columns
from swv_desktop.migrations.ops import create_table
from swv_desktop.migrations.ops import drop_table
from swv_desktop.migrations.ops import enum
from swv_desktop.migrations.ops import reference
from swv_desktop.migrations.ops import versie

revision = "0015"
down_revision = "0014"


def upgrade() -> None:
    create_table(
        "toegangslog",
        *actor_columns(),
        sa.Column("rol", sa.String(length=40), nullable=False),
        sa.Column(
            "actie",
            enum(
                "aanmelden",
                "aanmelden_mislukt",
                "afmelden",
                "lijst_bekeken",
                "leerling_bekeken",
                "aanvraag_bekeken",
                "geld_bekeken",
                "beschikking_bekeken",
                "export",
                "afdruk",
                "avg_kopie",
                name="toegangactie",
            ),
            nullable=False,
        ),
        sa.Column("objectsoort", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("leerling_id", sa.Integer(), nullable=True),
        sa.Column("leerlingnummer", sa.String(length=20), nullable=True),
        sa.Column("omschrijving", sa.String(length=200), nullable=False),
        versie(),
        indexes=("actie", "gebruiker_id", "leerling_id", "leerlingnummer", "op"),
    )

    op.execute(COPY_VIEWS)


COPY_VIEWS = """
INSERT INTO toegangslog (op, gebruiker_id, gebruikersnaam, rol, actie, objectsoort, object_id,
                         leerling_id, leerlingnummer, omschrijving, versie)
SELECT a.op, a.gebruiker_id, a.gebruikersnaam, COALESCE(g.rol, ''),
       CASE a.actie WHEN 'bekeken' THEN 'leerling_bekeken'
                    WHEN 'geldstroom bekeken' THEN 'geld_bekeken'
                    WHEN 'afgedrukt' THEN 'afdruk'
                    WHEN 'AVG-kopie gemaakt' THEN 'avg_kopie'
                    ELSE 'export' END,
       a.entiteit, a.entiteit_id, l.id, l.leerlingnummer, 'Overgenomen uit het logboek', 1
FROM audit_entry a
LEFT JOIN gebruiker g ON g.id = a.gebruiker_id
LEFT JOIN aanvraag aa ON a.entiteit = 'aanvraag' AND aa.id = a.entiteit_id
LEFT JOIN leerling l ON l.id = CASE WHEN a.entiteit = 'leerling' THEN a.entiteit_id
                                    ELSE aa.leerling_id END
WHERE a.actie IN ('bekeken', 'geldstroom bekeken', 'geëxporteerd', 'afgedrukt',
                  'AVG-kopie gemaakt')
ORDER BY a.id
"""
"""The view entries of the audit trail, copied into the access log (the chain keeps them)."""


def downgrade() -> None:
    drop_table("toegangslog", "op", "leerlingnummer", "leerling_id", "gebruiker_id", "actie")
