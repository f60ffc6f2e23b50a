"""eerste schema

Create Date: 2026-11-22 07:44:01.617736
"""

from __future__ import annotations

import sqlalchemy as sa

from swv_desktop.migrations.ops import actor_columns
from swv_desktop.migrations.ops import create_table
from swv_desktop.migrations.ops import drop_table
from swv_desktop.migrations.ops import enum
from swv_desktop.migrations.ops import letter_columns
from swv_desktop.migrations.ops import reference

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
    create_table(
        "brieftekst",
        sa.Column("sleutel", sa.String(length=80), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        unique=[("sleutel",)],
    )

    create_table(
        "gebruiker",
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
        unique=[("gebruikersnaam",)],
    )

    create_table(
        "organisatie",
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
    )

    create_table(
        "schoolbestuur",
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("bevoegd_gezag_nummer", sa.String(length=10), nullable=False),
        sa.Column("adres", sa.String(length=200), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column("plaats", sa.String(length=100), nullable=False),
        unique=[("bevoegd_gezag_nummer",)],
    )

    create_table(
        "schooljaar",
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
        unique=[("label",)],
    )

    create_table(
        "audit_entry",
        *actor_columns(),
        sa.Column("entiteit", sa.String(length=40), nullable=False),
        sa.Column("entiteit_id", sa.Integer(), nullable=True),
        sa.Column("actie", sa.String(length=40), nullable=False),
        sa.Column("voor", sa.Text(), nullable=False),
        sa.Column("na", sa.Text(), nullable=False),
        indexes=("entiteit", "op"),
    )

    create_table(
        "evaluatietekst",
        reference("schooljaar_id", "schooljaar"),
        sa.Column("soort", sa.String(length=10), nullable=False),
        sa.Column("conclusies", sa.Text(), nullable=False),
        sa.Column("bijgewerkt_op", sa.DateTime(), nullable=True),
        unique=[("schooljaar_id", "soort")],
    )

    create_table(
        "school",
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("brin", sa.String(length=4), nullable=False),
        sa.Column("vestigingsnummer", sa.String(length=6), nullable=False),
        sa.Column("adres", sa.String(length=200), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column("plaats", sa.String(length=100), nullable=False),
        sa.Column("ondersteuningscoordinator", sa.String(length=200), nullable=False),
        reference("bestuur_id", "schoolbestuur"),
        reference("contactpersoon_id", "gebruiker", nullable=True),
        unique=[("vestigingsnummer",)],
        indexes=("bestuur_id", "contactpersoon_id"),
    )

    create_table(
        "leerling",
        sa.Column("leerlingnummer", sa.String(length=20), nullable=False),
        sa.Column("voornaam", sa.String(length=100), nullable=False),
        sa.Column("tussenvoegsel", sa.String(length=20), nullable=False),
        sa.Column("achternaam", sa.String(length=100), nullable=False),
        sa.Column("geboortedatum", sa.Date(), nullable=False),
        reference("school_id", "school"),
        sa.Column("niveau", sa.String(length=40), nullable=False),
        sa.Column("leerjaar", sa.Integer(), nullable=False),
        sa.Column(
            "instroomroute",
            enum("regulier_vo", "onderinstroom", "overstap_vso", name="instroomroute"),
            nullable=False,
        ),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        unique=[("leerlingnummer",)],
        indexes=("achternaam", "school_id"),
    )

    create_table(
        "aanvraag",
        sa.Column("nummer", sa.String(length=20), nullable=False),
        sa.Column(
            "soort",
            enum("individueel", "groep", name="soort"),
            nullable=False,
        ),
        reference("schooljaar_id", "schooljaar"),
        reference("school_id", "school"),
        reference("contactpersoon_id", "gebruiker"),
        reference("leerling_id", "leerling", nullable=True),
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
        unique=[("nummer",)],
        indexes=("contactpersoon_id", "leerling_id", "school_id", "schooljaar_id", "status"),
    )

    create_table(
        "leerling_uitkomst",
        reference("leerling_id", "leerling"),
        reference("schooljaar_id", "schooljaar"),
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
        unique=[("leerling_id", "schooljaar_id")],
        indexes=("leerling_id", "schooljaar_id"),
    )

    create_table(
        "opp",
        reference("leerling_id", "leerling"),
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
        reference("aangemaakt_door_id", "gebruiker", nullable=True),
        unique=[("leerling_id", "versie")],
        indexes=("leerling_id",),
    )

    create_table(
        "aanvraag_voorwaarde",
        reference("aanvraag_id", "aanvraag"),
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
        unique=[("aanvraag_id", "voorwaarde")],
        indexes=("aanvraag_id",),
    )

    create_table(
        "besluit",
        reference("aanvraag_id", "aanvraag"),
        sa.Column(
            "uitkomst",
            enum("toegekend", "gedeeltelijk_toegekend", "afgewezen", name="uitkomst"),
            nullable=False,
        ),
        sa.Column("toegekend_cents", sa.Integer(), nullable=False),
        sa.Column("motivering", sa.Text(), nullable=False),
        reference("besloten_door_id", "gebruiker"),
        sa.Column("besloten_op", sa.DateTime(), nullable=False),
        reference("herziening_van_id", "besluit", nullable=True),
        sa.Column("overschrijding_reden", sa.Text(), nullable=False),
        sa.Column("periode_start", sa.Date(), nullable=False),
        sa.Column("periode_eind", sa.Date(), nullable=False),
        unique=[("herziening_van_id",)],
        indexes=("aanvraag_id",),
    )

    create_table(
        "groepsplan",
        reference("aanvraag_id", "aanvraag"),
        sa.Column("ondersteuning", sa.Text(), nullable=False),
        sa.Column("doelen", sa.Text(), nullable=False),
        sa.Column("evaluatiewijze", sa.Text(), nullable=False),
        sa.Column("periode_start", sa.Date(), nullable=True),
        sa.Column("periode_eind", sa.Date(), nullable=True),
        unique=[("aanvraag_id",)],
    )

    create_table(
        "status_wijziging",
        reference("aanvraag_id", "aanvraag"),
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
        reference("door_id", "gebruiker"),
        sa.Column("op", sa.DateTime(), nullable=False),
        sa.Column("toelichting", sa.Text(), nullable=False),
        indexes=("aanvraag_id",),
    )

    create_table(
        "voortgangsgesprek",
        reference("aanvraag_id", "aanvraag"),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("deelnemers", sa.Text(), nullable=False),
        sa.Column("notities", sa.Text(), nullable=False),
        sa.Column(
            "beoordeling",
            enum(*BEOORDELINGEN, name="beoordeling"),
            nullable=False,
        ),
        sa.Column("volgende_op", sa.Date(), nullable=False),
        reference("gevoerd_door_id", "gebruiker"),
        sa.Column("vastgelegd_op", sa.DateTime(), nullable=False),
        indexes=("aanvraag_id",),
    )

    create_table(
        "beschikking",
        reference("besluit_id", "besluit"),
        reference("schooljaar_id", "schooljaar"),
        sa.Column("volgnummer", sa.Integer(), nullable=False),
        sa.Column("kenmerk", sa.String(length=40), nullable=False),
        sa.Column("briefdatum", sa.Date(), nullable=False),
        *letter_columns(),
        unique=[("besluit_id",), ("kenmerk",), ("schooljaar_id", "volgnummer")],
        indexes=("schooljaar_id",),
    )

    create_table(
        "budget_notitie",
        reference("schooljaar_id", "schooljaar"),
        reference("besluit_id", "besluit", nullable=True),
        sa.Column("overschrijding_cents", sa.Integer(), nullable=False),
        sa.Column("reden", sa.Text(), nullable=False),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        reference("aangemaakt_door_id", "gebruiker"),
        sa.Column("bestuur_geinformeerd_op", sa.Date(), nullable=True),
        sa.Column("wat_gemeld", sa.Text(), nullable=False),
        indexes=("schooljaar_id",),
    )

    create_table(
        "groepsplan_leerling",
        reference("groepsplan_id", "groepsplan"),
        reference("leerling_id", "leerling"),
        unique=[("groepsplan_id", "leerling_id")],
        indexes=("groepsplan_id", "leerling_id"),
    )

    create_table(
        "kostenregel",
        reference("groepsplan_id", "groepsplan"),
        sa.Column("omschrijving", sa.String(length=300), nullable=False),
        sa.Column(
            "soort",
            enum("ondersteuning", "ontwikkeltijd", name="kostensoort"),
            nullable=False,
        ),
        sa.Column("bedrag_cents", sa.Integer(), nullable=False),
        indexes=("groepsplan_id",),
    )


def downgrade() -> None:
    drop_table("kostenregel", "groepsplan_id")
    drop_table("groepsplan_leerling", "leerling_id", "groepsplan_id")
    drop_table("budget_notitie", "schooljaar_id")
    drop_table("beschikking", "schooljaar_id")
    drop_table("voortgangsgesprek", "aanvraag_id")
    drop_table("status_wijziging", "aanvraag_id")
    drop_table("groepsplan")
    drop_table("besluit", "aanvraag_id")
    drop_table("aanvraag_voorwaarde", "aanvraag_id")
    drop_table("opp", "leerling_id")
    drop_table("leerling_uitkomst", "schooljaar_id", "leerling_id")
    drop_table(
        "aanvraag", "status", "schooljaar_id", "school_id", "leerling_id", "contactpersoon_id"
    )
    drop_table("leerling", "school_id", "achternaam")
    drop_table("school", "contactpersoon_id", "bestuur_id")
    drop_table("evaluatietekst")
    drop_table("audit_entry", "op", "entiteit")
    drop_table("schooljaar")
    drop_table("schoolbestuur")
    drop_table("organisatie")
    drop_table("gebruiker")
    drop_table("brieftekst")
