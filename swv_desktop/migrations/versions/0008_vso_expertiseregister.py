"""VSO-expertiseregister: elke inzet van VSO-expertise op een vraag van een VO-team

Create Date: 2026-12-01 14:03:41.550667
"""

from __future__ import annotations

import sqlalchemy as sa

from swv_desktop.migrations.ops import create_table, drop_table, enum, reference, versie

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    create_table(
        "vso_inzet",
        reference("schooljaar_id", "schooljaar"),
        reference("school_id", "school"),
        sa.Column("vso_partner", sa.String(length=200), nullable=False),
        sa.Column("vraag", sa.Text(), nullable=False),
        sa.Column(
            "vraag_soort",
            enum(
                "gedrag",
                "sociaal_emotioneel",
                "leren",
                "communicatie",
                "klassenmanagement",
                "overig",
                name="vraagsoort",
            ),
            nullable=False,
        ),
        sa.Column("wat_gedaan", sa.Text(), nullable=False),
        sa.Column("uitgevoerd_door", sa.String(length=200), nullable=False),
        sa.Column("minuten", sa.Integer(), nullable=False),
        sa.Column("startdatum", sa.Date(), nullable=False),
        sa.Column("einddatum", sa.Date(), nullable=True),
        sa.Column("opbrengst", sa.Text(), nullable=False),
        sa.Column(
            "beoordeling",
            enum("goed", "voldoende", "beperkt", "onvoldoende", name="beoordeling"),
            nullable=True,
        ),
        reference("vastgelegd_door_id", "gebruiker"),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        versie(),
        indexes=("school_id", "schooljaar_id"),
    )


def downgrade() -> None:
    drop_table("vso_inzet", "schooljaar_id", "school_id")
