"""The AVG copy of one pupil, on SQLite and PostgreSQL: one call makes the readable Dutch PDF
(read back with pypdf: the pupil, the OPP versions, applications, decisions, letters, talks,
outcomes and who changed the records) and the JSON; file names carry no name; scope decides who
makes it, and it is logged."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from swv_desktop.errors import NotFound
from swv_desktop.errors import PermissionDenied
from swv_desktop.models import Beoordeling
from swv_desktop.models import LeerlingResultaat
from swv_desktop.models import Toegang
from swv_desktop.models import ToegangActie
from swv_desktop.models import Uitkomst
from swv_desktop.services import leerlingen
from swv_desktop.services.avg_kopie import avg_file_names
from swv_desktop.services.avg_kopie import make_avg_kopie
from swv_desktop.services.beschikkingen import uitgifte
from swv_desktop.services.voortgang import VoortgangInput


def pages(pdf: bytes) -> list[str]:
    """The text of every page, whitespace collapsed (as the report tests read PDFs)."""
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(BytesIO(pdf)).pages]


def all_text(pdf: bytes) -> str:
    return " ".join(pages(pdf))


def _story(world) -> int:  # type: ignore[no-untyped-def]
    """A pupil with two OPP versions, an award with its letter, a talk and an outcome."""
    lid = world.add_leerling("L4711")
    world.add_opp(
        lid,
        date(2021, 9, 15),
        "Faalangsttraining door een externe coach.",
        vorige_versie=1,
        belemmerende_factoren="Faalangst bij toetsen.",
    )
    aid = world.ready_for_besluit(world.individual(lid, 450_000))
    result = world.award(
        aid, Uitkomst.TOEGEKEND, 450_000, "Past binnen de regeling: gericht op leervoorwaarden."
    )
    uitgifte.issue_beschikking(world.db, world.directeur, result.beschikking_id)
    world.clock.set_date(date(2022, 1, 10))
    world.talk(
        aid,
        VoortgangInput(
            date(2022, 1, 10), "Mentor, contactpersoon", "Gaat beter.", Beoordeling.GOED
        ),
    )
    world.outcome(
        lid, LeerlingResultaat.REGULIER_VO, Beoordeling.GOED, "Blijft op de eigen school."
    )
    return lid


def test_the_copy_holds_everything_in_dutch(world) -> None:  # type: ignore[no-untyped-def]
    lid = _story(world)
    kopie = make_avg_kopie(world.db, world.directeur, lid)
    body = all_text(kopie.pdf)
    for expected in (
        "Inzage in persoonsgegevens",
        "artikel 15 van de Algemene verordening gegevensbescherming",
        "Leerlingnummer L4711",
        "Voornaam Testa",
        "Achternaam LeerlingL4711",
        "Geboortedatum 14 maart 2008",
        "School Het Testcollege",
        # both OPP versions, with their texts
        "Versie 1, vastgesteld op 1 september 2021",
        "Versie 2, vastgesteld op 15 september 2021",
        "Faalangst bij toetsen.",
        "Faalangsttraining door een externe coach.",
        # the application, its conditions, the decision and the letter
        "(individueel)",
        "Aanvraagdatum 20 september 2021",
        "Aangevraagd bedrag € 4.500,00",
        "Coaching op weerbaarheid",
        "Besproken op school.",
        "Besluit Toegekend",
        "Toegekend bedrag € 4.500,00",
        "Past binnen de regeling: gericht op leervoorwaarden.",
        "Beschikking MWB-2021-001",
        "Dagtekening 4 oktober 2021",
        # the talk and the outcome
        "Gesprek van 10 januari 2022",
        "Gaat beter.",
        "Schooljaar 2021-2022",
        "Behouden in regulier VO",
        "Blijft op de eigen school.",
        # who changed what, and the rights
        "Wie de gegevens heeft vastgelegd of gewijzigd",
        "Fenna Contact",
        "Dirk Directeur",
        "Uw rechten",
        "Autoriteit Persoonsgegevens",
        "leerling-L4711-avg-kopie.json",
    ):
        assert expected in body, expected
    assert "pagina 1 van" in pages(kopie.pdf)[0]
    # the machine-readable copy is the same data as the JSON export
    data = json.loads(kopie.json)
    assert data["leerling"]["leerlingnummer"] == "L4711"
    assert len(data["opp_versies"]) == 2 and len(data["aanvragen"]) == 1
    assert data == json.loads(leerlingen.export_leerling(world.db, world.directeur, lid))


def test_no_name_in_the_file_names_and_the_copy_is_logged(world) -> None:  # type: ignore[no-untyped-def]
    lid = world.add_leerling("L4712")
    kopie = make_avg_kopie(world.db, world.directeur, lid)
    assert (kopie.pdf_naam, kopie.json_naam) == avg_file_names("L4712")
    assert kopie.pdf_naam == "leerling-L4712-avg-kopie.pdf"
    for name in (kopie.pdf_naam, kopie.json_naam):
        assert "Testa" not in name and "Leerling" not in name.split("-")[1]
    assert avg_file_names("L/../1") == (
        "leerling-L____1-avg-kopie.pdf",
        "leerling-L____1-avg-kopie.json",
    )
    with world.db.read() as s:
        entry = s.scalars(select(Toegang).where(Toegang.actie == ToegangActie.AVG_KOPIE)).one()
        assert (entry.objectsoort, entry.object_id, entry.leerling_id) == ("leerling", lid, lid)
        assert (entry.leerlingnummer, entry.omschrijving) == (
            "L4712",
            "AVG-kopie van leerling L4712",
        )
        assert entry.gebruikersnaam == world.directeur.gebruikersnaam
    # empty chapters say so instead of showing nothing
    body = all_text(kopie.pdf)
    assert "Er is geen aanvraag voor deze leerling." in body
    assert "Er is (nog) geen uitkomst vastgelegd." in body


def test_who_may_make_a_copy(world) -> None:  # type: ignore[no-untyped-def]
    """As scope says (``Recht.AVG_KOPIE``): the programmadirecteur, and the contactpersoon of the
    pupil's school; never the secretariaat or the beheerder (the role matrix adds a contactpersoon
    of another school, a deactivated account and a forged actor)."""
    lid = world.add_leerling("L4713")
    for actor in (world.secretariaat, world.beheerder):
        with pytest.raises(PermissionDenied, match="AVG-inzage"):
            make_avg_kopie(world.db, actor, lid)
    with world.db.read() as s:
        made = select(Toegang).where(Toegang.actie == ToegangActie.AVG_KOPIE)
        assert s.scalars(made).all() == []
    kopie = make_avg_kopie(world.db, world.contactpersoon, lid)
    assert "Leerlingnummer L4713" in all_text(kopie.pdf)
    with pytest.raises(NotFound):
        make_avg_kopie(world.db, world.directeur, 999_999)
