"""The settlement letter (vaststellingsbrief): its text read back with pypdf (kenmerk, the awarded,
spent and settled amounts, what the board repays by when), and frozen like a beschikking."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from pdftext import all_text
from pdftext import pages
from report_world import World
from sqlalchemy import update

from swv_desktop.check.rules import domain_findings
from swv_desktop.db import Database
from swv_desktop.errors import DatabaseError
from swv_desktop.errors import StateError
from swv_desktop.models import Afwikkeling
from swv_desktop.models import Besluit
from swv_desktop.models import Organisatie
from swv_desktop.models import Rol
from swv_desktop.models import Vaststelling
from swv_desktop.services.beschikkingen.uitgifte import issue_beschikking
from swv_desktop.services.verantwoording import betalingen
from swv_desktop.services.verantwoording import use_cases as geld
from swv_desktop.services.verantwoording.betalingen import BetalingInput
from swv_desktop.services.verantwoording.betalingen import VerantwoordingInput
from swv_desktop.services.verantwoording.use_cases import VaststellingInput

DAY = date(2021, 10, 4)


def _settled(db: Database, world: World, *, paid: int, spent: int, **how: object) -> int:
    pd = world.actors[Rol.PROGRAMMADIRECTEUR]
    issue_beschikking(db, pd, world.beschikkingen["individueel"])
    with db.read() as session:
        aid = session.get(Besluit, world.besluiten["individueel"]).aanvraag_id
    if paid:
        betalingen.record_betaling(db, pd, aid, BetalingInput(DAY, paid, "BT-2021-17"))
    betalingen.save_verantwoording(
        db,
        world.actors[Rol.CONTACTPERSOON],
        aid,
        VerantwoordingInput(
            DAY,
            ondersteuning_cents=spent - 40_000,
            materialen_cents=15_000,
            vso_expertise_cents=25_000,
            gecontroleerd_op=DAY,
            bijlage="DMS-2022-0481",
        ),
    )
    return geld.vaststellen(db, pd, aid, VaststellingInput(DAY, **how)).vaststelling_id  # type: ignore[arg-type]


def test_letter_names_the_amounts_and_the_repayment(db: Database, world: World) -> None:
    vid = _settled(db, world, paid=750_000, spent=612_345, toelichting="Minder uren ingezet.")
    kenmerk = geld.issue_vaststelling(db, world.actors[Rol.PROGRAMMADIRECTEUR], vid)
    assert kenmerk == "MWB-2021-V001"
    pdf = geld.get_vaststelling_pdf(db, world.actors[Rol.PROGRAMMADIRECTEUR], vid)
    body = all_text(pdf)
    for expected in (
        "Betreft: Vaststelling maatwerkbudget schooljaar 2021-2022",
        "Ons kenmerk MWB-2021-V001",
        "Beschikking MWB-2021-001 van 4 oktober 2021",
        "Toegekend bedrag € 7.500,00",
        "Besteed volgens de verantwoording € 6.123,45",
        "Vastgesteld bedrag € 6.123,45",
        "Niet besteed € 1.376,55",
        "Al aan u betaald € 7.500,00",
        "Terug te betalen € 1.376,55",
        "Wij stellen het maatwerkbudget vast op € 6.123,45",
        "uiterlijk op 15 november 2021 terug te betalen op rekening NL56 TEST 0312 4578 96 "
        "ten name van Stichting SWV VO Zuiderlicht, onder vermelding van kenmerk MWB-2021-V001",
        "onder vermelding van kenmerk MWB-2021-V001",
        "Materialen € 150,00",
        "VSO-expertise € 250,00",
        "Minder uren ingezet.",
        "heroverweging",
        "namens het bestuur",
    ):
        assert expected in body, expected
    assert "pagina 1 van" in pages(pdf)[0]
    # pupils by initials and number only
    assert "Daan" not in body and "Jansen" not in body


def test_letter_for_set_off_and_for_an_unpaid_rest(db: Database, world: World) -> None:
    vid = _settled(db, world, paid=0, spent=700_000)
    body = all_text(geld.render_vaststelling_preview(db, world.actors[Rol.PROGRAMMADIRECTEUR], vid))
    assert "Nog te betalen door ons € 7.000,00" in body
    assert "binnen vier weken na de verzending van deze brief over op rekening NL62 TEST" in body


def test_set_off_letter(db: Database, world: World) -> None:
    vid = _settled(db, world, paid=750_000, spent=700_000, afwikkeling=Afwikkeling.VERREKENEN)
    body = all_text(geld.render_vaststelling_preview(db, world.actors[Rol.PROGRAMMADIRECTEUR], vid))
    assert "€ 500,00 niet besteed" in body and "verrekenen wij" in body
    assert "terug te betalen aan" not in body


def test_the_letter_is_frozen_like_a_beschikking(db: Database, world: World) -> None:
    pd = world.actors[Rol.PROGRAMMADIRECTEUR]
    vid = _settled(db, world, paid=750_000, spent=750_000)
    with pytest.raises(StateError, match="nog niet uitgegeven"):
        geld.get_vaststelling_pdf(db, world.actors[Rol.PROGRAMMADIRECTEUR], vid)
    geld.issue_vaststelling(db, pd, vid)
    first = geld.get_vaststelling_pdf(db, world.actors[Rol.PROGRAMMADIRECTEUR], vid)
    assert "er hoeft niets te worden terugbetaald of bijbetaald" in all_text(first)
    with pytest.raises(StateError, match="al uitgegeven op 4 oktober 2021"):
        geld.issue_vaststelling(db, pd, vid)
    assert geld.get_vaststelling_pdf(db, world.actors[Rol.PROGRAMMADIRECTEUR], vid) == first
    with db.read() as session:
        assert session.get(Vaststelling, vid).sha256 == hashlib.sha256(first).hexdigest()
    with db.transaction() as session:
        session.execute(update(Vaststelling).values(pdf=first + b"%"))
    with pytest.raises(DatabaseError, match="MWB-2021-V001.*vingerafdruk"):
        geld.get_vaststelling_pdf(db, world.actors[Rol.PROGRAMMADIRECTEUR], vid)
    with db.engine.connect() as conn:  # and the database check finds it
        findings = [text for ok, text in domain_findings(conn) if not ok]
    assert (
        "1 uitgegeven vaststellingsbrieven beschadigd of gewijzigd: "
        "MWB-2021-V001 (brief wijkt af van de vingerafdruk)." in findings
    )


def test_repayment_without_an_swv_account_names_the_swv(db: Database, world: World) -> None:
    """Without the SWV's own IBAN in the settings the letter asks for the repayment to the SWV
    without a number; an empty tenaamstelling reads as the SWV's name."""
    vid = _settled(db, world, paid=750_000, spent=700_000)
    with db.transaction() as session:
        session.execute(update(Organisatie).values(rekening_tenaamstelling=""))
    body = all_text(geld.render_vaststelling_preview(db, world.actors[Rol.PROGRAMMADIRECTEUR], vid))
    assert (
        "terug te betalen op rekening NL56 TEST 0312 4578 96 ten name van Samenwerkingsverband "
        "VO Zuiderlicht" in body
    )
    with db.transaction() as session:
        session.execute(update(Organisatie).values(rekening_iban=""))
    body = all_text(geld.render_vaststelling_preview(db, world.actors[Rol.PROGRAMMADIRECTEUR], vid))
    assert "terug te betalen aan Samenwerkingsverband VO Zuiderlicht, onder vermelding" in body
    assert "rekening NL56" not in body
