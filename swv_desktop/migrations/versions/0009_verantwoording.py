"""verantwoording: betalingen, verantwoording, vaststelling en terugbetaling

Create Date: 2026-12-01 13:19:13.253067
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from swv_desktop.migrations.ops import (
    create_table,
    drop_table,
    enum,
    foreign_key,
    letter_columns,
    versie,
)

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    create_table(
        "betaling",
        sa.Column("aanvraag_id", sa.Integer(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("bedrag_cents", sa.BigInteger(), nullable=False),
        sa.Column("referentie", sa.String(length=100), nullable=False),
        sa.Column("iban", sa.String(length=34), nullable=False),
        sa.Column("vastgelegd_door_id", sa.Integer(), nullable=True),
        sa.Column("vastgelegd_op", sa.DateTime(), nullable=False),
        versie(),
        foreign_key("betaling", "aanvraag_id", "aanvraag"),
        foreign_key("betaling", "vastgelegd_door_id", "gebruiker"),
        indexes=("aanvraag_id",),
    )

    create_table(
        "verantwoording",
        sa.Column("aanvraag_id", sa.Integer(), nullable=False),
        sa.Column("ontvangen_op", sa.Date(), nullable=False),
        sa.Column("ondersteuning_cents", sa.BigInteger(), nullable=False),
        sa.Column("materialen_cents", sa.BigInteger(), nullable=False),
        sa.Column("externe_expertise_cents", sa.BigInteger(), nullable=False),
        sa.Column("vso_expertise_cents", sa.BigInteger(), nullable=False),
        sa.Column("gecontroleerd_door_id", sa.Integer(), nullable=True),
        sa.Column("gecontroleerd_op", sa.Date(), nullable=True),
        sa.Column("opmerkingen", sa.Text(), nullable=False),
        sa.Column("bijlage", sa.String(length=300), nullable=False),
        sa.Column("vastgelegd_op", sa.DateTime(), nullable=False),
        versie(),
        foreign_key("verantwoording", "aanvraag_id", "aanvraag"),
        foreign_key("verantwoording", "gecontroleerd_door_id", "gebruiker"),
        sa.UniqueConstraint("aanvraag_id", name=op.f("uq_verantwoording_aanvraag_id")),
    )

    create_table(
        "vaststelling",
        sa.Column("aanvraag_id", sa.Integer(), nullable=False),
        sa.Column("besluit_id", sa.Integer(), nullable=False),
        sa.Column("schooljaar_id", sa.Integer(), nullable=False),
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
        sa.Column("vastgesteld_door_id", sa.Integer(), nullable=False),
        sa.Column("vastgesteld_op", sa.DateTime(), nullable=False),
        *letter_columns(),
        versie(),
        foreign_key("vaststelling", "aanvraag_id", "aanvraag"),
        foreign_key("vaststelling", "besluit_id", "besluit"),
        foreign_key("vaststelling", "schooljaar_id", "schooljaar"),
        foreign_key("vaststelling", "vastgesteld_door_id", "gebruiker"),
        sa.UniqueConstraint("aanvraag_id", name=op.f("uq_vaststelling_aanvraag_id")),
        sa.UniqueConstraint("kenmerk", name=op.f("uq_vaststelling_kenmerk")),
        sa.UniqueConstraint(
            "schooljaar_id", "volgnummer", name=op.f("uq_vaststelling_schooljaar_id")
        ),
        indexes=("schooljaar_id",),
    )

    create_table(
        "terugbetaling",
        sa.Column("vaststelling_id", sa.Integer(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("bedrag_cents", sa.BigInteger(), nullable=False),
        sa.Column(
            "wijze",
            enum("terugbetalen", "verrekenen", name="terugbetaling_wijze"),
            nullable=False,
        ),
        sa.Column("referentie", sa.String(length=100), nullable=False),
        sa.Column("vastgelegd_door_id", sa.Integer(), nullable=True),
        sa.Column("vastgelegd_op", sa.DateTime(), nullable=False),
        versie(),
        foreign_key("terugbetaling", "vastgelegd_door_id", "gebruiker"),
        foreign_key("terugbetaling", "vaststelling_id", "vaststelling"),
        indexes=("vaststelling_id",),
    )


def downgrade() -> None:
    drop_table("terugbetaling", "vaststelling_id")
    drop_table("vaststelling", "schooljaar_id")
    drop_table("verantwoording")
    drop_table("betaling", "aanvraag_id")
