"""What a reader must find in each kind of beschikking, in Dutch formats, with pupils shown by
initials and number only; a long group letter repeats its table header on the next page."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from pdftext import all_text, embedded_fonts, pages
from report_world import NAMES, World, add_herziening

from swv_desktop.db import Database
from swv_desktop.models import Rol, Voorwaarde
from swv_desktop.models.organisatie import DEFAULT_RECHTSMIDDEL
from swv_desktop.reports.beschikking import render_beschikking
from swv_desktop.services.beschikkingen.uitgifte import issue_beschikking, render_preview

COMMON = [
    "Samenwerkingsverband VO Zuiderlicht",
    "Stationsplein 12",
    "6221 BT Maastricht",
    "Datum",
    "Ons kenmerk",
    "Betreft: Beschikking maatwerkbudget schooljaar 2021-2022",
    "Grondslag",
    "regeling Pilot Maatwerkbudget (september 2021)",
    "ondersteuningsplan",
    "namens het bestuur van het samenwerkingsverband",
    "Motivering",
    "Niet eens met dit besluit?",
    " ".join(DEFAULT_RECHTSMIDDEL.split()),
    "Met vriendelijke groet",
    "Petra Directeur",
    "Programmadirecteur Kwaliteit en beleid",
    "Afschrift aan: Anouk Contact, contactpersoon Samenwerkingsverband VO Zuiderlicht",
    "Regeling Pilot Maatwerkbudget (september 2021)",
    "Aangevraagd bedrag",
    "Toegekend bedrag",
]

AWARD = [
    "Voorwaarden bij deze toekenning",
    "minstens iedere 3 maanden",
    "4 januari 2022, 4 april 2022 en 4 juli 2022",
    "tussenevaluatie (1 juli 2022) en de eindevaluatie (31 mei 2023)",
    "Uiterlijk 11 september 2022 legt de school verantwoording af",
    "Niet bestede middelen betaalt het schoolbestuur terug",
    "4 oktober 2021 tot en met 31 juli 2022",
]

KINDS = {
    "individueel": (
        "MWB-2021-001",
        "A-2021-001",
        "toekenning individueel maatwerkbudget",
        ["individueel maatwerkbudget toe van € 7.500,00", "M. H.", "L2021012", *AWARD],
    ),
    "groep": (
        "MWB-2021-002",
        "A-2021-002",
        "toekenning maatwerkbudget groepsaanpak",
        [
            "groepsaanpak toe van € 36.000,00 voor de 12 leerlingen",
            "Groepsaanpak (12 leerlingen)",
            "Plan van aanpak bij aanvraag A-2021-002",
            "opgenomen in het OPP van iedere deelnemende leerling",
            "Alleen de kosten van de ondersteuning worden aangevraagd, geen ontwikkeltijd",
            *AWARD,
        ],
    ),
    "gedeeltelijk": (
        "MWB-2021-003",
        "A-2021-003",
        "gedeeltelijke toekenning maatwerkbudget",
        [
            "U vroeg € 8.000,00 aan",
            "Stichting Maasdal Onderwijs voor Maasdal Lyceum € 5.000,00 toe",
            "Gedeeltelijk toegekend",
            "Maasboulevard 5",  # the school has no address: the board's is used
            *AWARD,
        ],
    ),
    "afwijzing": (
        "MWB-2021-004",
        "A-2021-004",
        "afwijzing aanvraag maatwerkbudget",
        ["Wij wijzen uw aanvraag voor een maatwerkbudget van € 5.000,00 af", "Afgewezen", "€ 0,00"],
    ),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_holds_every_required_element(db: Database, world: World, kind: str) -> None:
    kenmerk, nummer, subject, specific = KINDS[kind]
    pdf = render_preview(db, world.beschikkingen[kind])
    text = all_text(pdf)
    besluit_motivering = {
        "individueel": "De aanvraag past binnen de regeling.",
        "groep": "Het plan van aanpak is volledig.",
        "gedeeltelijk": "didactische ondersteuning",
        "afwijzing": "valt buiten de regeling",
    }[kind]
    expected = [*COMMON, kenmerk, f"{nummer} van 13 september 2021", subject, besluit_motivering]
    expected += specific
    expected += [v.label for v in Voorwaarde]
    expected.append(
        {
            "gedeeltelijk": "t.a.v. de ondersteuningscoördinator",  # no name recorded
            "afwijzing": "t.a.v. de heer R. Lemmens",
        }.get(kind, "t.a.v. mevrouw J. Peeters")
    )
    if kind != "gedeeltelijk":
        expected.append("4 oktober 2021")
    missing = [e for e in expected if e not in text]
    assert not missing, missing
    if kind == "afwijzing":
        assert "Voorwaarden bij deze toekenning" not in text
    # "pagina x van y" on every page
    page_texts = pages(pdf)
    for number, page_text in enumerate(page_texts, start=1):
        assert f"pagina {number} van {len(page_texts)}" in page_text
    # pupils by initials and number only: no first or last names of pupils
    for first, _tussen, last in NAMES:
        assert f"{first} " not in text and f" {last} " not in text.replace("Hendriks,", "")


def test_fonts_are_embedded_and_output_is_deterministic(db: Database, world: World) -> None:
    first = render_preview(db, world.beschikkingen["groep"])
    assert render_preview(db, world.beschikkingen["groep"]) == first
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= embedded_fonts(first)


def test_herziening_names_the_old_kenmerk(db: Database, world: World) -> None:
    issue_beschikking(db, world.actors[Rol.PROGRAMMADIRECTEUR], world.beschikkingen["individueel"])
    new_id = add_herziening(db, world)
    text = all_text(render_preview(db, new_id))
    for expected in [
        "Betreft: Beschikking maatwerkbudget schooljaar 2021-2022: herziening",
        "Herziening van MWB-2021-001",
        "herzien wij onze beschikking van 4 oktober 2021 met kenmerk MWB-2021-001",
        "Die beschikking vervalt",
        "Gedeeltelijk toegekend (herziening van MWB-2021-001)",
        "€ 6.000,00",
        "MWB-2021-005",
        "15 november 2021",
    ]:
        assert expected in text, expected


def test_group_letter_with_12_leerlingen_repeats_the_table_header(
    db: Database, world: World
) -> None:
    page_texts = pages(render_preview(db, world.beschikkingen["groep"]))
    assert len(page_texts) >= 2
    with_table = [i for i, t in enumerate(page_texts) if "L20210" in t]
    assert len(with_table) == 2, "the pupil table runs over exactly two pages"
    for index in with_table:
        assert "Nr. Initialen Leerlingnummer" in page_texts[index]
    first, second = (page_texts[i] for i in with_table)
    assert "L2021000" in first and "L2021011" in second
    assert all(any(f"L{2021000 + n}" in t for t in page_texts) for n in range(12))


def test_dutch_amounts_and_dates(db: Database, world: World) -> None:
    from swv_desktop.services.beschikkingen.briefgegevens import build_data

    with db.read() as session:
        from swv_desktop.models import Beschikking

        data = build_data(session, session.get(Beschikking, world.beschikkingen["individueel"]))
    data = replace(
        data,
        toegekend_cents=800_000,
        aangevraagd_cents=800_000,
        periode_start=date(2021, 8, 1),
        besluit_tekst="Wij kennen € 8.000,00 toe.",
    )
    text = all_text(render_beschikking(data))
    assert "€ 8.000,00" in text
    assert "1 augustus 2021 tot en met 31 juli 2022" in text
    assert "€8000" not in text and "8000.00" not in text
