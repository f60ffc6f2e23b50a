"""DUO import: DUO's own files (semicolons, Windows-1252, their headers) and an Excel sheet,
previewed without writing, imported in one transaction, and imported twice without duplicates."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func
from sqlalchemy import select
from world import World

from swv_desktop.errors import PermissionDenied
from swv_desktop.errors import StaleEdit
from swv_desktop.errors import ValidationError
from swv_desktop.models import AuditEntry
from swv_desktop.models import School
from swv_desktop.models import Schoolbestuur
from swv_desktop.services import scholen
from swv_desktop.services.duo.bestanden import MAX_ROWS
from swv_desktop.services.duo.bestanden import read_file
from swv_desktop.services.duo.importeren import apply_import
from swv_desktop.services.duo.plan import Actie
from swv_desktop.services.duo.vergelijken import plan_import

DATA = Path(__file__).parent.parent / "data" / "duo"
VESTIGINGEN = ("02-alle-vestigingen-vo.csv", (DATA / "02-alle-vestigingen-vo.csv").read_bytes())
BESTUREN = (
    "adressen-bevoegde-gezagen-vo.csv",
    (DATA / "adressen-bevoegde-gezagen-vo.csv").read_bytes(),
)


def _counts(world: World) -> tuple[int, int, int]:
    with world.db.read() as s:
        return (
            int(s.scalar(select(func.count(Schoolbestuur.id))) or 0),
            int(s.scalar(select(func.count(School.id))) or 0),
            int(s.scalar(select(func.count(AuditEntry.id))) or 0),
        )


def test_duo_files_are_read_with_their_headers_and_encoding() -> None:
    records = read_file(*VESTIGINGEN)
    assert [s.vestiging for s in records.scholen] == [
        "12AB00",
        "12AB01",
        "56EF00",
        "78GH00",
        "34CD00",
    ]
    zuid = records.scholen[2]
    assert (zuid.naam, zuid.brin, zuid.bestuur_nummer) == (
        "Coöperatief Lyceum Zuid",
        "56EF",
        "45678",
    )
    assert (zuid.adres, zuid.postcode, zuid.plaats) == ("Kerkstraat 12 a", "1235 CD", "TESTSTAD")
    boards = read_file(*BESTUREN).besturen
    assert [(b.nummer, b.naam) for b in boards][1] == (
        "45678",
        "Stichting Coöperatief Onderwijs Zuid",
    )


def test_preview_writes_nothing_and_says_what_would_happen(world: World) -> None:
    before = _counts(world)
    plan = plan_import(
        world.db, world.secretariaat, [VESTIGINGEN, BESTUREN], gemeenten=["Teststad"]
    )
    assert _counts(world) == before
    by_key = {(r.soort, r.sleutel): r for r in plan.regels}
    assert by_key["school", "12AB01"].actie is Actie.TOEVOEGEN
    assert by_key["school", "56EF00"].actie is Actie.TOEVOEGEN
    assert by_key["bestuur", "45678"].actie is Actie.TOEVOEGEN  # the board of a school added
    outside = by_key["school", "78GH00"]
    assert (outside.actie, outside.reden) == (Actie.OVERSLAAN, "Buiten de gekozen gemeenten")
    assert by_key["bestuur", "47777"].actie is Actie.OVERSLAAN
    changed = by_key["school", "12AB00"]
    assert changed.actie is Actie.WIJZIGEN
    assert changed.naam == "Het Testcollege"  # the bureau's own (shorter) name stays
    assert "Adres: (leeg) → Voorbeeldlaan 1" in changed.toelichting
    assert "Naam" not in changed.toelichting
    assert by_key["bestuur", "41234"].actie is Actie.WIJZIGEN
    assert plan.samenvatting() == (
        "1 bestuur en 2 scholen toevoegen, 1 bestuur en 2 scholen wijzigen, 2 overslaan"
    )


def test_import_then_import_again_gives_no_duplicates(world: World) -> None:
    files = [VESTIGINGEN, BESTUREN]
    plan = plan_import(world.db, world.secretariaat, files, gemeenten=["Teststad"])
    verslag = apply_import(world.db, world.secretariaat, plan)
    assert (verslag.besturen_toegevoegd, verslag.scholen_toegevoegd) == (1, 2)
    assert (verslag.besturen_gewijzigd, verslag.scholen_gewijzigd) == (1, 2)
    with world.db.read() as s:
        zuid = s.scalars(select(School).where(School.vestigingsnummer == "56EF00")).one()
        assert (zuid.naam, zuid.adres, zuid.postcode) == (
            "Coöperatief Lyceum Zuid",
            "Kerkstraat 12 a",
            "1235 CD",
        )
        assert zuid.bestuur.bevoegd_gezag_nummer == "45678"
        testcollege = s.get(School, world.school_id)
        assert testcollege is not None
        assert testcollege.contactpersoon_id == world.contactpersoon.id  # the bureau's own
        assert s.scalars(select(AuditEntry.actie).where(AuditEntry.entiteit == "import")).all() == [
            "duo-import"
        ]
    counts = _counts(world)
    again = plan_import(world.db, world.secretariaat, files, gemeenten=["Teststad"])
    assert again.te_doen == 0
    assert {r.reden for r in again.regels if r.soort == "school" and r.sleutel != "78GH00"} == {
        "Ongewijzigd"
    }
    with pytest.raises(ValidationError, match="niets te importeren"):
        apply_import(world.db, world.secretariaat, again)
    assert _counts(world) == counts


def test_a_school_without_its_board_is_skipped(world: World) -> None:
    plan = plan_import(world.db, world.beheerder, [VESTIGINGEN])
    zuid = next(r for r in plan.regels if r.sleutel == "56EF00")
    assert zuid.actie is Actie.OVERSLAAN
    assert "45678 staat niet in de database en niet in de bestanden" in zuid.reden
    assert next(r for r in plan.regels if r.sleutel == "12AB01").actie is Actie.TOEVOEGEN


def test_only_existing_and_names_on_request(world: World) -> None:
    plan = plan_import(
        world.db,
        world.secretariaat,
        [VESTIGINGEN, BESTUREN],
        alleen_bestaande=True,
        namen_bijwerken=True,
    )
    assert plan.aantal(Actie.TOEVOEGEN) == 0
    testcollege = next(r for r in plan.regels if r.sleutel == "12AB00")
    assert "Naam: Het Testcollege → Het Testcollege voor havo en vwo" in testcollege.toelichting


def test_a_change_since_the_preview_stops_the_whole_import(world: World) -> None:
    plan = plan_import(
        world.db, world.secretariaat, [VESTIGINGEN, BESTUREN], gemeenten=["Teststad"]
    )
    data = scholen.get_school(world.db, world.andere_school_id)
    data.ondersteuningscoordinator = "Iemand Anders"
    scholen.save_school(world.db, world.secretariaat, data, world.andere_school_id)
    before = _counts(world)
    with pytest.raises(StaleEdit, match="intussen gewijzigd"):
        apply_import(world.db, world.secretariaat, plan)
    assert _counts(world) == before  # nothing of it written


def test_an_excel_sheet_with_plain_headers(world: World) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["BRIN", "Vestiging", "Naam", "Adres", "Postcode", "Plaats", "Bevoegd gezag"])
    ws.append(
        [
            "12AB",
            "12AB02",
            "Het Testcollege locatie West",
            "Westsingel 2",
            "1234ab",
            "Teststad",
            41234,
        ]
    )
    ws.append(["9", "bad", "Kapotte regel", "", "", "Teststad", 41234])
    out = BytesIO()
    wb.save(out)
    plan = plan_import(world.db, world.secretariaat, [("scholen.xlsx", out.getvalue())])
    west, bad = plan.regels
    assert (west.actie, west.sleutel) == (Actie.TOEVOEGEN, "12AB02")
    assert bad.actie is Actie.OVERSLAAN and "BRIN-code" in bad.reden
    apply_import(world.db, world.secretariaat, plan)
    with world.db.read() as s:
        row = s.scalars(select(School).where(School.vestigingsnummer == "12AB02")).one()
        assert (row.postcode, row.bestuur_id) == ("1234 AB", world.bestuur_id)


def test_refusals(world: World) -> None:
    with pytest.raises(PermissionDenied):
        plan_import(world.db, world.contactpersoon, [VESTIGINGEN])
    with pytest.raises(ValidationError, match="minstens één bestand"):
        plan_import(world.db, world.secretariaat, [])
    with pytest.raises(ValidationError, match="niet te lezen: de kolommen"):
        plan_import(world.db, world.secretariaat, [("iets.csv", b"a;b;c\r\n1;2;3\r\n")])
    with pytest.raises(ValidationError, match="geen geldige Excel-werkmap"):
        plan_import(world.db, world.secretariaat, [("x.xlsx", b"PK\x03\x04rommel")])


def _boards_file(lines: int) -> tuple[str, bytes]:
    """A DUO boards file of ``lines`` lines, its header included."""
    rows = [f"{40000 + n};Stichting Proef {n}" for n in range(lines - 1)]
    text = "\r\n".join(["BEVOEGD GEZAG NUMMER;BEVOEGD GEZAG NAAM", *rows]) + "\r\n"
    return "besturen.csv", text.encode("utf-8")


def test_a_file_of_more_than_the_limit_is_refused_in_dutch() -> None:
    assert len(read_file(*_boards_file(MAX_ROWS)).besturen) == MAX_ROWS - 1
    with pytest.raises(ValidationError) as refused:
        read_file(*_boards_file(MAX_ROWS + 1))
    assert "het heeft meer dan 20.000 regels" in str(refused.value)
