"""verantwoording: betalingen, verantwoording, vaststelling en terugbetaling

Create Date: 2026-12-01 13:19:13.253067
"""

from __future__ import annotations

import sqlalchemy as sa

from swv_desktop.migrations.ops import (
    create_table,
    drop_table,
    enum,
    letter_columns,
    reference,
    versie,
)

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    create_table(
        "betaling",
        reference("aanvraag_id", "aanvraag"),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("bedrag_cents", sa.BigInteger(), nullable=False),
        sa.Column("referentie", sa.String(length=100), nullable=False),
        sa.Column("iban", sa.String(length=34), nullable=False),
        reference("vastgelegd_door_id", "gebruiker", nullable=True),
        sa.Column("vastgelegd_op", sa.DateTime(), nullable=False),
        versie(),
        indexes=("aanvraag_id",),
    )

    create_table(
        "verantwoording",
        reference("aanvraag_id", "aanvraag"),
        sa.Column("ontvangen_op", sa.Date(), nullable=False),
        sa.Column("ondersteuning_cents", sa.BigInteger(), nullable=False),
        sa.Column("materialen_cents", sa.BigInteger(), nullable=False),
        sa.Column("externe_expertise_cents", sa.BigInteger(), nullable=False),
        sa.Column("vso_expertise_cents", sa.BigInteger(), nullable=False),
        reference("gecontroleerd_door_id", "gebruiker", nullable=True),
        sa.Column("gecontroleerd_op", sa.Date(), nullable=True),
        sa.Column("opmerkingen", sa.Text(), nullable=False),
        sa.Column("bijlage", sa.String(length=300), nullable=False),
        sa.Column("vastgelegd_op", sa.DateTime(), nullable=False),
        versie(),
        unique=[("aanvraag_id",)],
    )

    create_table(
        "vaststelling",
        reference("aanvraag_id", "aanvraag"),
        reference("besluit_id", "besluit"),
        reference("schooljaar_id", "schooljaar"),
        sa.Column("volgnummer", sa.Integer(), nullable=False),
        sa.Column("kenmerk", sa.String(length=40), nullable=False),
        sa.Column("briefdatum", sa.Date(), nullable=False),
        sa.Column("toegekend_cents", sa.BigInteger(), nullable=False),
        sa.Column("besteed_cents", sa.BigInteger(), nullable=False),
        sa.Column("vastgesteld_cents", sa.BigInteger(), nullable=False),
        sa.Column("betaald_cents", sa.BigInteger(), nullable=False),
        sa.Column("terug_cents", sa.BigInteger(), nullable=False),
        sa.Column(
            "afwikkeling",
            enum("terugbetalen", "verrekenen", name="afwikkeling"),
            nullable=False,
        ),
        sa.Column("terug_uiterlijk", sa.Date(), nullable=True),
        sa.Column("toelichting", sa.Text(), nullable=False),
        reference("vastgesteld_door_id", "gebruiker"),
        sa.Column("vastgesteld_op", sa.DateTime(), nullable=False),
        *letter_columns(),
        versie(),
        unique=[("aanvraag_id",), ("kenmerk",), ("schooljaar_id", "volgnummer")],
        indexes=("schooljaar_id",),
    )

    create_table(
        "terugbetaling",
        reference("vaststelling_id", "vaststelling"),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("bedrag_cents", sa.BigInteger(), nullable=False),
        sa.Column(
            "wijze",
            enum("terugbetalen", "verrekenen", name="terugbetaling_wijze"),
            nullable=False,
        ),
        sa.Column("referentie", sa.String(length=100), nullable=False),
        reference("vastgelegd_door_id", "gebruiker", nullable=True),
        sa.Column("vastgelegd_op", sa.DateTime(), nullable=False),
        versie(),
        indexes=("vaststelling_id",),
    )


def downgrade() -> None:
    drop_table("terugbetaling", "vaststelling_id")
    drop_table("vaststelling", "schooljaar_id")
    drop_table("verantwoording")
    drop_table("betaling", "aanvraag_id")
