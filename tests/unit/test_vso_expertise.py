"""The VSO expertise register: recorded by the school's contactpersoon (or the
programmadirecteur), checked at its boundaries, versioned, in scope, and its figures equal a
direct count."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from office import vso_inzet
from sqlalchemy import func
from sqlalchemy import select
from world import World

from swv_desktop.errors import PermissionDenied
from swv_desktop.errors import StaleEdit
from swv_desktop.errors import ValidationError
from swv_desktop.formatting import hours
from swv_desktop.formatting import parse_hours
from swv_desktop.models import AuditEntry
from swv_desktop.models import VraagSoort
from swv_desktop.models import VsoInzet
from swv_desktop.services import vso_expertise as register
from swv_desktop.services.vso_expertise import MAX_MINUTEN
from swv_desktop.services.vso_expertise import VsoInzetInput


def _input(world: World, **changes: object) -> VsoInzetInput:
    return replace(vso_inzet(world.schooljaar_id, world.school_id), **changes)  # type: ignore[arg-type]


def test_recorded_and_changed_against_the_version_loaded(world: World) -> None:
    inzet = register.save_inzet(world.db, world.contactpersoon, _input(world))
    loaded = register.get_inzet(world.db, world.contactpersoon, inzet)
    register.save_inzet(world.db, world.directeur, replace(loaded, minuten=8 * 60), inzet)
    with pytest.raises(StaleEdit, match="intussen gewijzigd"):
        register.save_inzet(world.db, world.contactpersoon, replace(loaded, minuten=1), inzet)
    with world.db.read() as s:
        row = s.get(VsoInzet, inzet)
        assert row is not None and (row.minuten, row.versie) == (480, 2)
        actions = s.scalars(select(AuditEntry.actie).where(AuditEntry.entiteit == "vso_inzet"))
        assert list(actions) == ["aangemaakt", "gewijzigd"]


def test_boundaries(world: World) -> None:
    db, cp = world.db, world.contactpersoon
    register.save_inzet(db, cp, _input(world, minuten=MAX_MINUTEN))
    register.save_inzet(db, cp, _input(world, minuten=0, einddatum=date(2021, 10, 1)))
    with pytest.raises(ValidationError, match="tussen 0 en 60.000"):
        register.save_inzet(db, cp, _input(world, minuten=MAX_MINUTEN + 1))
    with pytest.raises(ValidationError, match="einddatum ligt vóór de begindatum"):
        register.save_inzet(db, cp, _input(world, einddatum=date(2021, 9, 30)))
    with pytest.raises(ValidationError, match="niet in schooljaar 2021-2022"):
        register.save_inzet(db, cp, _input(world, startdatum=date(2022, 8, 1)))
    register.save_inzet(db, cp, _input(world, startdatum=date(2022, 7, 31)))
    with pytest.raises(ValidationError, match="Vul de VSO-school of partner in"):
        register.save_inzet(db, cp, _input(world, vso_partner="  "))
    with world.db.read() as s:
        assert s.scalar(select(func.count(VsoInzet.id))) == 3


def test_who_may_record_and_see(world: World) -> None:
    other_school = _input(world, school_id=world.andere_school_id)
    with pytest.raises(PermissionDenied, match="eigen scholen"):
        register.save_inzet(world.db, world.contactpersoon, other_school)
    register.save_inzet(world.db, world.directeur, other_school)
    register.save_inzet(world.db, world.contactpersoon, _input(world))
    for actor in (world.secretariaat, world.beheerder):
        with pytest.raises(PermissionDenied):
            register.save_inzet(world.db, actor, _input(world))
        with pytest.raises(PermissionDenied):
            register.list_inzet(world.db, actor)
    assert len(register.list_inzet(world.db, world.directeur)) == 2
    mine = register.list_inzet(world.db, world.contactpersoon)
    assert [r.school for r in mine] == ["Het Testcollege"]


def test_figures_equal_a_direct_count(world: World) -> None:
    register.save_inzet(world.db, world.contactpersoon, _input(world))
    register.save_inzet(
        world.db,
        world.contactpersoon,
        _input(world, vraag_soort=VraagSoort.GEDRAG, minuten=90, beoordeling=None),
    )
    register.save_inzet(
        world.db,
        world.directeur,
        _input(world, school_id=world.andere_school_id, vso_partner="Het Baken"),
    )
    cijfers = register.vso_cijfers(world.db, world.directeur, [world.schooljaar_id])
    with world.db.read() as s:
        n, minuten = s.execute(select(func.count(VsoInzet.id), func.sum(VsoInzet.minuten))).one()
    assert (cijfers.inzetten, cijfers.minuten, cijfers.scholen) == (n, minuten, 2) == (3, 810, 2)
    assert [(t.label, t.inzetten, t.minuten) for t in cijfers.per_school] == [
        ("Het Testcollege", 2, 450),
        ("Lyceum Elders", 1, 360),
    ]
    assert cijfers.per_partner[0].label == "De Ontdekking (VSO cluster 4)"
    assert {t.label for t in cijfers.per_soort} == {"Klassenmanagement en groep", "Gedrag"}
    assert {t.label for t in cijfers.per_beoordeling} == {"Goede voortgang", "Niet beoordeeld"}
    assert hours(810) == "13,5 uur" and hours(120) == "2 uur" and hours(95) == "1,58 uur"


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [("", 0), ("2", 120), ("2,5", 150), ("1.25", 75), ("1:30", 90), ("3 uur", 180), ("0", 0)],
)
def test_hours_as_typed(typed: str, minutes: int) -> None:
    assert parse_hours(typed) == minutes


@pytest.mark.parametrize("typed", ["-1", "twee", "1:75", "1,2,3", "nan", "1e3", "100001"])
def test_hours_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="geen aantal uren"):
        parse_hours(typed)


def test_removed_by_mistake(world: World) -> None:
    inzet = register.save_inzet(world.db, world.contactpersoon, _input(world))
    register.delete_inzet(world.db, world.contactpersoon, inzet, 1)
    assert register.list_inzet(world.db, world.directeur) == []


def test_the_register_in_the_evaluation_pdf_and_excel(world: World) -> None:
    from io import BytesIO

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from swv_desktop.reports.evaluatie_data import EvaluatieSoort
    from swv_desktop.services.evaluatie.use_cases import report_pdf
    from swv_desktop.services.evaluatie.use_cases import report_xlsx

    register.save_inzet(world.db, world.contactpersoon, _input(world))
    register.save_inzet(
        world.db,
        world.directeur,
        _input(
            world,
            school_id=world.andere_school_id,
            vso_partner="Het Baken",
            minuten=90,
            vraag_soort=VraagSoort.GEDRAG,
        ),
    )
    pdf = report_pdf(world.db, world.directeur, "2021-2022", EvaluatieSoort.TUSSEN, concept=True)
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(BytesIO(pdf)).pages
    )
    assert "Laagdrempelige inzet van VSO-expertise in het regulier VO" in text
    assert (
        "Het register telt 2 inzetten van VSO-expertise op vragen van docenten en teams, op 2 scholen, samen 7,5 uur."
        in text
    )
    assert "Het Baken 1 1,5 uur" in text
    ws = load_workbook(
        BytesIO(report_xlsx(world.db, world.directeur, "2021-2022", EvaluatieSoort.TUSSEN))
    )["VSO-expertise"]
    rows = [tuple(c.value for c in r) for r in ws.iter_rows(min_row=2)]
    assert ("VSO-school of partner", "Het Baken", 1, 1.5) in rows
