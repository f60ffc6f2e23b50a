"""What a reader must find in each kind of beschikking, in Dutch formats, with pupils shown by
initials and number only; a long group letter repeats its table header on the next page."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from pdftext import all_text
from pdftext import embedded_fonts
from pdftext import pages
from report_world import NAMES
from report_world import World
from report_world import add_herziening

from swv_desktop.db import Database
from swv_desktop.models import Rol
from swv_desktop.models import Uitkomst
from swv_desktop.models import Voorwaarde
from swv_desktop.reports.beschikking import render_beschikking
from swv_desktop.services.beschikkingen.uitgifte import issue_beschikking
from swv_desktop.services.beschikkingen.uitgifte import render_preview

COMMON = [
    "Samenwerkingsverband VO Zuiderlicht",
    "Stationsplein 12",
    "6221 BT Maastricht",
    "Datum",
    "Ons kenmerk",
    "Grondslag",
    "regeling Pilot Maatwerkbudget (september 2021)",
    "ondersteuningsplan",
    "voortgezet speciaal onderwijs (VSO)",
    "Motivering",
    "Niet eens met dit besluit?",
    # remedy: heroverweging (the default), term from the sending date, where to send it
    "geen bezwaar open op grond van de Algemene wet bestuursrecht",
    "binnen zes weken na de dag waarop deze brief is verzonden",
    "om heroverweging vragen bij het bestuur van Samenwerkingsverband VO Zuiderlicht",
    "naar Stationsplein 12, 6221 BT Maastricht, of per e-mail naar bureau@swv-zuiderlicht.example",
    "Met vriendelijke groet",
    "namens het bestuur van Samenwerkingsverband VO Zuiderlicht,",
    "Petra Directeur",
    "Programmadirecteur Kwaliteit en beleid",
    "krachtens het mandaatbesluit van 1 september 2021",
    "Afschrift aan: Anouk Contact, contactpersoon Samenwerkingsverband VO Zuiderlicht",
    "Regeling Pilot Maatwerkbudget (september 2021)",
    "Aangevraagd bedrag",
    "Toegekend bedrag",
    "De aanvraag is getoetst aan de voorwaarden van de regeling:",
]

AWARD = [
    "Voorwaarden bij deze toekenning",
    "minstens iedere drie maanden met Anouk Contact",
    "te rekenen vanaf het begin van de periode",
    "4 januari 2022, 4 april 2022 en 4 juli 2022",
    "tussenevaluatie (1 juli 2022) en de eindevaluatie (31 mei 2023) van de pilot",
    # 31 July + 42 days = Sunday 11 September 2022 -> Monday 12 September (Atw)
    "uiterlijk op 12 september 2022",
    "rapportage aan de programmadirecteur (per e-mail aan bureau@swv-zuiderlicht.example)",
    "Niet-bestede middelen betaalt het schoolbestuur aan het einde van de periode terug",
    "de school verlaat of naar het VSO gaat",
    "4 oktober 2021 tot en met 31 juli 2022",
    "Waarvoor het budget is bestemd",
    "Betaling",
    "binnen vier weken na de verzending van deze beschikking",
    "Toegezegd",
]

HEUVELLAND_PAYMENT = "op rekening NL62 TEST 0000 0010 00 van Stichting VO Heuvelland"
HEUVELLAND_COPY = "Stichting VO Heuvelland, Postbus 10, 6200 AA Maastricht (schoolbestuur)"

KINDS = {
    "individueel": (
        "MWB-2021-001",
        "A-2021-001",
        "Betreft: Toekenning individueel maatwerkbudget schooljaar 2021-2022",
        [
            "individueel maatwerkbudget toe van € 7.500,00",
            "M. H.",
            "L2021012",
            "Geachte mevrouw Peeters,",
            "Inzet volgens het OPP: Training sociale vaardigheden",
            HEUVELLAND_PAYMENT,
            HEUVELLAND_COPY,
            "alleen initialen en leerlingnummer.",
            *AWARD,
        ],
    ),
    "groep": (
        "MWB-2021-002",
        "A-2021-002",
        "Betreft: Toekenning maatwerkbudget groepsaanpak schooljaar 2021-2022",
        [
            "groepsaanpak toe van € 36.000,00 voor de 12 leerlingen",
            "Groepsaanpak (12 leerlingen)",
            "Plan van aanpak bij aanvraag A-2021-002",
            "opgenomen in het OPP van iedere deelnemende leerling",
            "Alleen de kosten van de ondersteuning worden aangevraagd, geen ontwikkeltijd",
            "Ondersteuning: Wekelijkse training executieve functies",
            "Doelen: Zelfstandig plannen",
            # the plan van aanpak as submitted is appended
            "Bijlage 2 bij beschikking MWB-2021-002: plan van aanpak bij aanvraag A-2021-002",
            "Geschatte kosten",
            "S. van D. (L2021003)",
            "J. van der L. (L2021005)",
            HEUVELLAND_PAYMENT,
            *AWARD,
        ],
    ),
    "gedeeltelijk": (
        "MWB-2021-003",
        "A-2021-003",
        "Betreft: Gedeeltelijke toekenning maatwerkbudget schooljaar 2021-2022",
        [
            "U hebt € 8.000,00 aangevraagd",
            "Stichting Maasdal Onderwijs voor Maasdal Lyceum € 5.000,00 toe",
            "Een bedrag van € 3.000,00 kennen wij niet toe",
            "Niet toegekend € 3.000,00",
            "Gedeeltelijk toegekend",
            "Afweging van de programmadirecteur",
            "Deels",
            "Maasboulevard 5",  # the school has no address: the board's is used
            "het rekeningnummer dat het schoolbestuur ons nog opgeeft",
            "Geachte heer, mevrouw,",
            *AWARD,
        ],
    ),
    "afwijzing": (
        "MWB-2021-004",
        "A-2021-004",
        "Betreft: Afwijzing aanvraag maatwerkbudget schooljaar 2021-2022",
        [
            "Wij wijzen uw aanvraag voor een maatwerkbudget van € 5.000,00 af",
            "Afgewezen",
            "€ 0,00",
            "Geachte heer Lemmens,",
            "De aanvraag is gericht op didactische ondersteuning.",
        ],
    ),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_holds_every_required_element(db: Database, world: World, kind: str) -> None:
    kenmerk, nummer, subject, specific = KINDS[kind]
    pdf = render_preview(db, world.actors[Rol.PROGRAMMADIRECTEUR], world.beschikkingen[kind])
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
        for award_only in ("Voorwaarden bij deze toekenning", "Betaling"):
            assert award_only not in text
        assert "Niet voldaan" in text
    # language: one colon at most in the subject, maatwerkbudget once, no doubled "van de pilot"
    subject_line = text.split("Betreft: ", 1)[1].split(" Geachte")[0]
    assert ":" not in subject_line and subject_line.count("maatwerkbudget") == 1
    assert "van de pilot van de pilot" not in text and ") van de pilot van" not in text
    assert "iedere 3 maanden" not in text and "Niet bestede" not in text
    assert "Vso" not in text
    # "pagina x van y" on every page
    page_texts = pages(pdf)
    for number, page_text in enumerate(page_texts, start=1):
        assert f"pagina {number} van {len(page_texts)}" in page_text
    # pupils by initials and number only: no first or last names of pupils
    for first, _tussen, last in NAMES:
        assert f"{first} " not in text and f" {last} " not in text.replace("Hendriks,", "")


def test_fonts_are_embedded_and_output_is_deterministic(db: Database, world: World) -> None:
    first = render_preview(db, world.actors[Rol.PROGRAMMADIRECTEUR], world.beschikkingen["groep"])
    assert (
        render_preview(db, world.actors[Rol.PROGRAMMADIRECTEUR], world.beschikkingen["groep"])
        == first
    )
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= embedded_fonts(first)


def _herziening_letter(db: Database, world: World, **herziening: Any) -> str:
    """The text of the letter revising the individual award once its letter was issued."""
    pd = world.actors[Rol.PROGRAMMADIRECTEUR]
    issue_beschikking(db, pd, world.beschikkingen["individueel"])
    return all_text(render_preview(db, pd, add_herziening(db, world, **herziening)))


def test_herziening_down_names_old_and_new_amount_and_an_earlier_end(
    db: Database, world: World
) -> None:
    text = _herziening_letter(db, world, periode_eind=date(2022, 4, 1))  # the pupil left
    for expected in [
        "Betreft: Herziening maatwerkbudget schooljaar 2021-2022, nu gedeeltelijk toegekend",
        "Herziening van MWB-2021-001",
        "herzien wij onze beschikking van 4 oktober 2021 met kenmerk MWB-2021-001",
        "Het toegekende bedrag was € 7.500,00 en wordt € 6.000,00",
        "Het verschil van € 1.500,00 betaalt het schoolbestuur terug",
        "De herziening geldt met ingang van 15 november 2021",
        "de periode loopt van 4 oktober 2021 tot en met 1 april 2022",
        "Eerder toegekend € 7.500,00",
        "Verschil − € 1.500,00",
        "Met ingang van 15 november 2021",
        "Die eerdere beschikking vervalt",
        "een deel van de ondersteuning wordt al uit de extra ondersteuning bekostigd",
        "Gedeeltelijk toegekend (herziening van MWB-2021-001)",
        "MWB-2021-005",
        "15 november 2021",
        # talks only inside the shorter period, counted from its start
        "uiterlijk plaats op 4 januari 2022.",
    ]:
        assert expected in text, expected
    assert "4 april 2022" not in text
    assert "Betaling" not in text  # a herziening pays or reclaims only the difference


def test_herziening_up_pays_the_difference(db: Database, world: World) -> None:
    text = _herziening_letter(db, world, cents=800_000, uitkomst=Uitkomst.TOEGEKEND)
    for expected in [
        "Betreft: Herziening maatwerkbudget schooljaar 2021-2022, nu toegekend",
        "Het toegekende bedrag was € 7.500,00 en wordt € 8.000,00",
        "Het verschil van € 500,00 betalen wij bij.",
        "Verschil + € 500,00",
        "tot en met 31 juli 2022",
    ]:
        assert expected in text, expected


def test_group_letter_with_12_leerlingen_repeats_the_table_header(
    db: Database, world: World
) -> None:
    page_texts = pages(
        render_preview(db, world.actors[Rol.PROGRAMMADIRECTEUR], world.beschikkingen["groep"])
    )
    assert len(page_texts) == 4
    letter = [t for t in page_texts if "Bijlage 2 bij beschikking" not in t]
    with_table = [i for i, t in enumerate(letter) if "L20210" in t]
    assert len(with_table) == 2, "the pupil table runs over exactly two pages"
    for index in with_table:
        assert "Nr. Initialen Leerlingnummer" in letter[index]
    first, second = (letter[i] for i in with_table)
    assert "L2021000" in first and "L2021011" in second
    assert "L2021001" in first, "the table does not split after one row"
    assert all(any(f"L{2021000 + n}" in t for t in page_texts) for n in range(12))


@pytest.mark.parametrize("kind", [*KINDS, "herziening"])
def test_signature_is_never_alone_on_a_page(db: Database, world: World, kind: str) -> None:
    if kind == "herziening":
        issue_beschikking(
            db, world.actors[Rol.PROGRAMMADIRECTEUR], world.beschikkingen["individueel"]
        )
        beschikking_id = add_herziening(db, world)
    else:
        beschikking_id = world.beschikkingen[kind]
    page_texts = pages(render_preview(db, world.actors[Rol.PROGRAMMADIRECTEUR], beschikking_id))
    signed = [t for t in page_texts if "Met vriendelijke groet" in t]
    assert len(signed) == 1
    page = signed[0]
    # the last paragraph of the letter is on the same page, above the signature
    assert page.index("Hebt u vragen over deze beschikking?") < page.index("Met vriendelijke groet")
    assert page.index("Met vriendelijke groet") < page.index("Petra Directeur")


def test_signature_stays_with_the_text_when_the_group_grows(db: Database, world: World) -> None:
    """Whatever the length of the group letter, the signature page carries the closing text."""
    from swv_desktop.services.beschikkingen.briefgegevens import build_data

    with db.read() as session:
        from swv_desktop.models import Beschikking

        data = build_data(session, session.get(Beschikking, world.beschikkingen["groep"]))
    for extra in range(0, 40, 3):
        grown = replace(data, motivering=data.motivering + " Toelichting." * (extra * 12))
        page_texts = pages(render_beschikking(grown))
        signed = next(t for t in page_texts if "Met vriendelijke groet" in t)
        assert "Hebt u vragen over deze beschikking?" in signed, extra


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
