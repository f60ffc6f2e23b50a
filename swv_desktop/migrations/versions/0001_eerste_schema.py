"""eerste schema

Create Date: 2026-11-22 07:44:01.617736
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from swv_desktop.migrations.ops import create_indexes, drop_indexes, enum, foreign_key

revision = "0001"
down_revision = None

STATUSSEN = (
    "concept",
    "ingediend",
    "besproken",
    "ter_besluitvorming",
    "toegekend",
    "gedeeltelijk_toegekend",
    "afgewezen",
    "ingetrokken",
)
"""The states of an aanvraag (``aanvraag.status``, ``status_wijziging.van`` / ``naar``)."""
BEOORDELINGEN = ("goed", "voldoende", "beperkt", "onvoldoende")
"""How a pupil's progress is judged (``leerling_uitkomst.voortgang``, ``voortgangsgesprek``)."""


def upgrade() -> None:
    op.create_table(
        "brieftekst",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sleutel", sa.String(length=80), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brieftekst")),
        sa.UniqueConstraint("sleutel", name=op.f("uq_brieftekst_sleutel")),
    )
    op.create_table(
        "gebruiker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("gebruikersnaam", sa.String(length=80), nullable=False),
        sa.Column("volledige_naam", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column(
            "rol",
            enum("contactpersoon", "programmadirecteur", "secretariaat", "beheerder", name="rol"),
            nullable=False,
        ),
        sa.Column("wachtwoord_hash", sa.String(length=200), nullable=False),
        sa.Column("actief", sa.Boolean(), nullable=False),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gebruiker")),
        sa.UniqueConstraint("gebruikersnaam", name=op.f("uq_gebruiker_gebruikersnaam")),
    )
    op.create_table(
        "organisatie",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("adres", sa.String(length=200), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column("plaats", sa.String(length=100), nullable=False),
        sa.Column("telefoon", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("website", sa.String(length=200), nullable=False),
        sa.Column("logo_png", sa.LargeBinary(), nullable=True),
        sa.Column("programmadirecteur_naam", sa.String(length=200), nullable=False),
        sa.Column("programmadirecteur_functie", sa.String(length=200), nullable=False),
        sa.Column("namens_bestuur_regel", sa.String(length=300), nullable=False),
        sa.Column("rechtsmiddel_tekst", sa.Text(), nullable=False),
        sa.Column("kenmerk_prefix", sa.String(length=20), nullable=False),
        sa.Column("bewaartermijn_leerling_jaren", sa.Integer(), nullable=False),
        sa.Column("bewaartermijn_aanvraag_jaren", sa.Integer(), nullable=False),
        sa.Column("bewaartermijn_audit_jaren", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisatie")),
    )
    op.create_table(
        "schoolbestuur",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("bevoegd_gezag_nummer", sa.String(length=10), nullable=False),
        sa.Column("adres", sa.String(length=200), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column("plaats", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schoolbestuur")),
        sa.UniqueConstraint(
            "bevoegd_gezag_nummer", name=op.f("uq_schoolbestuur_bevoegd_gezag_nummer")
        ),
    )
    op.create_table(
        "schooljaar",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=9), nullable=False),
        sa.Column("start_datum", sa.Date(), nullable=False),
        sa.Column("eind_datum", sa.Date(), nullable=False),
        sa.Column("budget_cents", sa.Integer(), nullable=False),
        sa.Column("individueel_max_cents", sa.Integer(), nullable=False),
        sa.Column("groep_max_cents", sa.Integer(), nullable=False),
        sa.Column("groep_min_leerlingen", sa.Integer(), nullable=False),
        sa.Column("voortgang_interval_maanden", sa.Integer(), nullable=False),
        sa.Column("tussenevaluatie_op", sa.Date(), nullable=True),
        sa.Column("eindevaluatie_op", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schooljaar")),
        sa.UniqueConstraint("label", name=op.f("uq_schooljaar_label")),
    )
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("op", sa.DateTime(), nullable=False),
        sa.Column("gebruiker_id", sa.Integer(), nullable=True),
        sa.Column("gebruikersnaam", sa.String(length=80), nullable=False),
        sa.Column("entiteit", sa.String(length=40), nullable=False),
        sa.Column("entiteit_id", sa.Integer(), nullable=True),
        sa.Column("actie", sa.String(length=40), nullable=False),
        sa.Column("voor", sa.Text(), nullable=False),
        sa.Column("na", sa.Text(), nullable=False),
        foreign_key("audit_entry", "gebruiker_id", "gebruiker"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    create_indexes("audit_entry", "entiteit", "op")

    op.create_table(
        "evaluatietekst",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("schooljaar_id", sa.Integer(), nullable=False),
        sa.Column("soort", sa.String(length=10), nullable=False),
        sa.Column("conclusies", sa.Text(), nullable=False),
        sa.Column("bijgewerkt_op", sa.DateTime(), nullable=True),
        foreign_key("evaluatietekst", "schooljaar_id", "schooljaar"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluatietekst")),
        sa.UniqueConstraint("schooljaar_id", "soort", name=op.f("uq_evaluatietekst_schooljaar_id")),
    )
    op.create_table(
        "school",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("brin", sa.String(length=4), nullable=False),
        sa.Column("vestigingsnummer", sa.String(length=6), nullable=False),
        sa.Column("adres", sa.String(length=200), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column("plaats", sa.String(length=100), nullable=False),
        sa.Column("ondersteuningscoordinator", sa.String(length=200), nullable=False),
        sa.Column("bestuur_id", sa.Integer(), nullable=False),
        sa.Column("contactpersoon_id", sa.Integer(), nullable=True),
        foreign_key("school", "bestuur_id", "schoolbestuur"),
        foreign_key("school", "contactpersoon_id", "gebruiker"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school")),
        sa.UniqueConstraint("vestigingsnummer", name=op.f("uq_school_vestigingsnummer")),
    )
    create_indexes("school", "bestuur_id", "contactpersoon_id")

    op.create_table(
        "leerling",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("leerlingnummer", sa.String(length=20), nullable=False),
        sa.Column("voornaam", sa.String(length=100), nullable=False),
        sa.Column("tussenvoegsel", sa.String(length=20), nullable=False),
        sa.Column("achternaam", sa.String(length=100), nullable=False),
        sa.Column("geboortedatum", sa.Date(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("niveau", sa.String(length=40), nullable=False),
        sa.Column("leerjaar", sa.Integer(), nullable=False),
        sa.Column(
            "instroomroute",
            enum("regulier_vo", "onderinstroom", "overstap_vso", name="instroomroute"),
            nullable=False,
        ),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        foreign_key("leerling", "school_id", "school"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leerling")),
        sa.UniqueConstraint("leerlingnummer", name=op.f("uq_leerling_leerlingnummer")),
    )
    create_indexes("leerling", "achternaam", "school_id")

    op.create_table(
        "aanvraag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nummer", sa.String(length=20), nullable=False),
        sa.Column(
            "soort",
            enum("individueel", "groep", name="soort"),
            nullable=False,
        ),
        sa.Column("schooljaar_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("contactpersoon_id", sa.Integer(), nullable=False),
        sa.Column("leerling_id", sa.Integer(), nullable=True),
        sa.Column("aangevraagd_cents", sa.Integer(), nullable=False),
        sa.Column(
            "doel",
            enum("sociaal_emotioneel", "leervoorwaarden", "didactisch", name="doel"),
            nullable=False,
        ),
        sa.Column("omschrijving", sa.Text(), nullable=False),
        sa.Column("aanvraagdatum", sa.Date(), nullable=False),
        sa.Column(
            "status",
            enum(*STATUSSEN, name="status"),
            nullable=False,
        ),
        sa.Column(
            "vso_betrokkenheid",
            enum("geen", "consultatie", "expertise", name="vsobetrokkenheid"),
            nullable=False,
        ),
        sa.Column("vso_school", sa.String(length=200), nullable=False),
        sa.Column("vso_toelichting", sa.Text(), nullable=False),
        sa.Column("besproken_op", sa.Date(), nullable=True),
        sa.Column("besproken_notitie", sa.Text(), nullable=False),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        foreign_key("aanvraag", "contactpersoon_id", "gebruiker"),
        foreign_key("aanvraag", "leerling_id", "leerling"),
        foreign_key("aanvraag", "school_id", "school"),
        foreign_key("aanvraag", "schooljaar_id", "schooljaar"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aanvraag")),
        sa.UniqueConstraint("nummer", name=op.f("uq_aanvraag_nummer")),
    )
    create_indexes(
        "aanvraag", "contactpersoon_id", "leerling_id", "school_id", "schooljaar_id", "status"
    )

    op.create_table(
        "leerling_uitkomst",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("leerling_id", sa.Integer(), nullable=False),
        sa.Column("schooljaar_id", sa.Integer(), nullable=False),
        sa.Column(
            "resultaat",
            enum("regulier_vo", "verwezen_vso", "anders", name="leerlingresultaat"),
            nullable=False,
        ),
        sa.Column(
            "voortgang",
            enum(*BEOORDELINGEN, name="beoordeling"),
            nullable=False,
        ),
        sa.Column("opmerkingen", sa.Text(), nullable=False),
        sa.Column("vastgelegd_op", sa.DateTime(), nullable=False),
        foreign_key("leerling_uitkomst", "leerling_id", "leerling"),
        foreign_key("leerling_uitkomst", "schooljaar_id", "schooljaar"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leerling_uitkomst")),
        sa.UniqueConstraint(
            "leerling_id", "schooljaar_id", name=op.f("uq_leerling_uitkomst_leerling_id")
        ),
    )
    create_indexes("leerling_uitkomst", "leerling_id", "schooljaar_id")

    op.create_table(
        "opp",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("leerling_id", sa.Integer(), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("vastgesteld_op", sa.Date(), nullable=False),
        sa.Column("laatst_geevalueerd_op", sa.Date(), nullable=True),
        sa.Column("volgende_evaluatie_op", sa.Date(), nullable=True),
        sa.Column("uitstroomprofiel", sa.String(length=200), nullable=False),
        sa.Column("belemmerende_factoren", sa.Text(), nullable=False),
        sa.Column("bevorderende_factoren", sa.Text(), nullable=False),
        sa.Column("onderwijsbehoeften", sa.Text(), nullable=False),
        sa.Column("afwijkingen_programma", sa.Text(), nullable=False),
        sa.Column("ondersteuning_begeleiding", sa.Text(), nullable=False),
        sa.Column("inzet_maatwerkbudget", sa.Text(), nullable=False),
        sa.Column(
            "toestemming_door",
            enum("geen", "ouders", "leerling", name="toestemming"),
            nullable=False,
        ),
        sa.Column("toestemming_datum", sa.Date(), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        sa.Column("aangemaakt_door_id", sa.Integer(), nullable=True),
        foreign_key("opp", "aangemaakt_door_id", "gebruiker"),
        foreign_key("opp", "leerling_id", "leerling"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opp")),
        sa.UniqueConstraint("leerling_id", "versie", name=op.f("uq_opp_leerling_id")),
    )
    create_indexes("opp", "leerling_id")

    op.create_table(
        "aanvraag_voorwaarde",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("aanvraag_id", sa.Integer(), nullable=False),
        sa.Column(
            "voorwaarde",
            enum(
                "niet_uit_basis",
                "doel_niet_didactisch",
                "besproken_contactpersoon",
                "opp_vermeldt_inzet",
                "voortgang_driemaandelijks",
                name="voorwaarde",
            ),
            nullable=False,
        ),
        sa.Column("voldaan", sa.Boolean(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=True),
        sa.Column("toelichting", sa.Text(), nullable=False),
        foreign_key("aanvraag_voorwaarde", "aanvraag_id", "aanvraag"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aanvraag_voorwaarde")),
        sa.UniqueConstraint(
            "aanvraag_id", "voorwaarde", name=op.f("uq_aanvraag_voorwaarde_aanvraag_id")
        ),
    )
    create_indexes("aanvraag_voorwaarde", "aanvraag_id")

    op.create_table(
        "besluit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("aanvraag_id", sa.Integer(), nullable=False),
        sa.Column(
            "uitkomst",
            enum("toegekend", "gedeeltelijk_toegekend", "afgewezen", name="uitkomst"),
            nullable=False,
        ),
        sa.Column("toegekend_cents", sa.Integer(), nullable=False),
        sa.Column("motivering", sa.Text(), nullable=False),
        sa.Column("besloten_door_id", sa.Integer(), nullable=False),
        sa.Column("besloten_op", sa.DateTime(), nullable=False),
        sa.Column("herziening_van_id", sa.Integer(), nullable=True),
        sa.Column("overschrijding_reden", sa.Text(), nullable=False),
        sa.Column("periode_start", sa.Date(), nullable=False),
        sa.Column("periode_eind", sa.Date(), nullable=False),
        foreign_key("besluit", "aanvraag_id", "aanvraag"),
        foreign_key("besluit", "besloten_door_id", "gebruiker"),
        foreign_key("besluit", "herziening_van_id", "besluit"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_besluit")),
        sa.UniqueConstraint("herziening_van_id", name=op.f("uq_besluit_herziening_van_id")),
    )
    create_indexes("besluit", "aanvraag_id")

    op.create_table(
        "groepsplan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("aanvraag_id", sa.Integer(), nullable=False),
        sa.Column("ondersteuning", sa.Text(), nullable=False),
        sa.Column("doelen", sa.Text(), nullable=False),
        sa.Column("evaluatiewijze", sa.Text(), nullable=False),
        sa.Column("periode_start", sa.Date(), nullable=True),
        sa.Column("periode_eind", sa.Date(), nullable=True),
        foreign_key("groepsplan", "aanvraag_id", "aanvraag"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_groepsplan")),
        sa.UniqueConstraint("aanvraag_id", name=op.f("uq_groepsplan_aanvraag_id")),
    )
    op.create_table(
        "status_wijziging",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("aanvraag_id", sa.Integer(), nullable=False),
        sa.Column(
            "van",
            # was "status" twice (van and naar): PostgreSQL needs two names
            enum(*STATUSSEN, name="status_van"),
            nullable=True,
        ),
        sa.Column(
            "naar",
            enum(*STATUSSEN, name="status"),
            nullable=False,
        ),
        sa.Column("door_id", sa.Integer(), nullable=False),
        sa.Column("op", sa.DateTime(), nullable=False),
        sa.Column("toelichting", sa.Text(), nullable=False),
        foreign_key("status_wijziging", "aanvraag_id", "aanvraag"),
        foreign_key("status_wijziging", "door_id", "gebruiker"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_wijziging")),
    )
    create_indexes("status_wijziging", "aanvraag_id")

    op.create_table(
        "voortgangsgesprek",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("aanvraag_id", sa.Integer(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("deelnemers", sa.Text(), nullable=False),
        sa.Column("notities", sa.Text(), nullable=False),
        sa.Column(
            "beoordeling",
            enum(*BEOORDELINGEN, name="beoordeling"),
            nullable=False,
        ),
        sa.Column("volgende_op", sa.Date(), nullable=False),
        sa.Column("gevoerd_door_id", sa.Integer(), nullable=False),
        sa.Column("vastgelegd_op", sa.DateTime(), nullable=False),
        foreign_key("voortgangsgesprek", "aanvraag_id", "aanvraag"),
        foreign_key("voortgangsgesprek", "gevoerd_door_id", "gebruiker"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voortgangsgesprek")),
    )
    create_indexes("voortgangsgesprek", "aanvraag_id")

    op.create_table(
        "beschikking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("besluit_id", sa.Integer(), nullable=False),
        sa.Column("schooljaar_id", sa.Integer(), nullable=False),
        sa.Column("volgnummer", sa.Integer(), nullable=False),
        sa.Column("kenmerk", sa.String(length=40), nullable=False),
        sa.Column("briefdatum", sa.Date(), nullable=False),
        sa.Column("verzonden_op", sa.Date(), nullable=True),
        sa.Column("uitgegeven_op", sa.DateTime(), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        foreign_key("beschikking", "besluit_id", "besluit"),
        foreign_key("beschikking", "schooljaar_id", "schooljaar"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_beschikking")),
        sa.UniqueConstraint("besluit_id", name=op.f("uq_beschikking_besluit_id")),
        sa.UniqueConstraint("kenmerk", name=op.f("uq_beschikking_kenmerk")),
        sa.UniqueConstraint(
            "schooljaar_id", "volgnummer", name=op.f("uq_beschikking_schooljaar_id")
        ),
    )
    create_indexes("beschikking", "schooljaar_id")

    op.create_table(
        "budget_notitie",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("schooljaar_id", sa.Integer(), nullable=False),
        sa.Column("besluit_id", sa.Integer(), nullable=True),
        sa.Column("overschrijding_cents", sa.Integer(), nullable=False),
        sa.Column("reden", sa.Text(), nullable=False),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        sa.Column("aangemaakt_door_id", sa.Integer(), nullable=False),
        sa.Column("bestuur_geinformeerd_op", sa.Date(), nullable=True),
        sa.Column("wat_gemeld", sa.Text(), nullable=False),
        foreign_key("budget_notitie", "aangemaakt_door_id", "gebruiker"),
        foreign_key("budget_notitie", "besluit_id", "besluit"),
        foreign_key("budget_notitie", "schooljaar_id", "schooljaar"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_notitie")),
    )
    create_indexes("budget_notitie", "schooljaar_id")

    op.create_table(
        "groepsplan_leerling",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("groepsplan_id", sa.Integer(), nullable=False),
        sa.Column("leerling_id", sa.Integer(), nullable=False),
        foreign_key("groepsplan_leerling", "groepsplan_id", "groepsplan"),
        foreign_key("groepsplan_leerling", "leerling_id", "leerling"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_groepsplan_leerling")),
        sa.UniqueConstraint(
            "groepsplan_id", "leerling_id", name=op.f("uq_groepsplan_leerling_groepsplan_id")
        ),
    )
    create_indexes("groepsplan_leerling", "groepsplan_id", "leerling_id")

    op.create_table(
        "kostenregel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("groepsplan_id", sa.Integer(), nullable=False),
        sa.Column("omschrijving", sa.String(length=300), nullable=False),
        sa.Column(
            "soort",
            enum("ondersteuning", "ontwikkeltijd", name="kostensoort"),
            nullable=False,
        ),
        sa.Column("bedrag_cents", sa.Integer(), nullable=False),
        foreign_key("kostenregel", "groepsplan_id", "groepsplan"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kostenregel")),
    )
    create_indexes("kostenregel", "groepsplan_id")


def downgrade() -> None:
    drop_indexes("kostenregel", "groepsplan_id")

    op.drop_table("kostenregel")
    drop_indexes("groepsplan_leerling", "leerling_id", "groepsplan_id")

    op.drop_table("groepsplan_leerling")
    drop_indexes("budget_notitie", "schooljaar_id")

    op.drop_table("budget_notitie")
    drop_indexes("beschikking", "schooljaar_id")

    op.drop_table("beschikking")
    drop_indexes("voortgangsgesprek", "aanvraag_id")

    op.drop_table("voortgangsgesprek")
    drop_indexes("status_wijziging", "aanvraag_id")

    op.drop_table("status_wijziging")
    op.drop_table("groepsplan")
    drop_indexes("besluit", "aanvraag_id")

    op.drop_table("besluit")
    drop_indexes("aanvraag_voorwaarde", "aanvraag_id")

    op.drop_table("aanvraag_voorwaarde")
    drop_indexes("opp", "leerling_id")

    op.drop_table("opp")
    drop_indexes("leerling_uitkomst", "schooljaar_id", "leerling_id")

    op.drop_table("leerling_uitkomst")
    drop_indexes(
        "aanvraag", "status", "schooljaar_id", "school_id", "leerling_id", "contactpersoon_id"
    )

    op.drop_table("aanvraag")
    drop_indexes("leerling", "school_id", "achternaam")

    op.drop_table("leerling")
    drop_indexes("school", "contactpersoon_id", "bestuur_id")

    op.drop_table("school")
    op.drop_table("evaluatietekst")
    drop_indexes("audit_entry", "op", "entiteit")

    op.drop_table("audit_entry")
    op.drop_table("schooljaar")
    op.drop_table("schoolbestuur")
    op.drop_table("organisatie")
    op.drop_table("gebruiker")
    op.drop_table("brieftekst")
