"""Lists to Excel: the rows as filtered and sorted, Dutch headers, real dates and amounts, text
safe from formulas, refused for a role without the list, and logged (without the search text)."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from world import World

from swv_desktop.errors import PermissionDenied
from swv_desktop.errors import ValidationError
from swv_desktop.models import AuditEntry
from swv_desktop.models import Toegang
from swv_desktop.models import ToegangActie
from swv_desktop.services import scholen
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.services.queries import lists
from swv_desktop.services.queries.base import ListFilter
from swv_desktop.services.queries.export import ExportColumn
from swv_desktop.services.queries.export import export_list

LEERLING_COLUMNS = [
    ExportColumn("leerlingnummer", "Leerlingnummer"),
    ExportColumn("naam", "Naam"),
    ExportColumn("geboortedatum", "Geboren"),
    ExportColumn("school", "School"),
]


def _sheet(xlsx: bytes) -> list[tuple[object, ...]]:
    ws = load_workbook(BytesIO(xlsx)).active
    assert ws is not None
    return [tuple(cell.value for cell in row) for row in ws.iter_rows()]


def test_the_list_as_filtered_and_sorted(world: World) -> None:
    for nummer in ("L2001", "L2002", "L2003"):
        world.add_leerling(nummer)
    world.add_leerling("L2004", school_id=world.andere_school_id)
    filt = ListFilter(school_id=world.school_id)
    result = export_list(
        world.db,
        world.contactpersoon,
        "leerling",
        LEERLING_COLUMNS,
        filt,
        sort="naam",
        descending=True,
    )
    rows = _sheet(result.xlsx)
    assert result.rijen == 3
    assert rows[0] == ("Leerlingnummer", "Naam", "Geboren", "School")
    assert [r[0] for r in rows[1:]] == ["L2003", "L2002", "L2001"]
    shown = [
        r.leerlingnummer
        for r in lists.fetch(
            world.db, world.directeur, "leerling", filt, sort="naam", descending=True
        )
    ]
    assert [r[0] for r in rows[1:]] == shown
    assert rows[1][1] == "LeerlingL2003, Testa"
    assert rows[1][2] == datetime(2008, 3, 14)  # noqa: DTZ001 - a real date (Excel has no zone)
    ws = load_workbook(BytesIO(result.xlsx)).active
    assert ws is not None and ws["C2"].number_format == "d-m-yyyy"


def test_amounts_are_numbers_and_text_cannot_be_a_formula(world: World) -> None:
    scholen.save_school(
        world.db,
        world.secretariaat,
        scholen.SchoolInput('=HYPERLINK("x")', "56EF", "56EF00", world.bestuur_id),
    )
    lid = world.add_leerling("L2010")
    aanvragen.create_aanvraag(world.db, world.contactpersoon, world.individual(lid, 800_000))
    columns = [
        ExportColumn("nummer", "Nummer"),
        ExportColumn("aangevraagd_cents", "Aangevraagd"),
        ExportColumn("toegekend_cents", "Toegekend"),
        ExportColumn("status", "Status"),
    ]
    rows = _sheet(export_list(world.db, world.directeur, "aanvraag", columns).xlsx)
    assert rows[1][1:] == (8000, None, "Concept")
    ws = load_workbook(BytesIO(export_list(world.db, world.directeur, "aanvraag", columns).xlsx))
    assert ws.active is not None and ws.active["B2"].number_format == '"€" #,##0.00'
    school_rows = _sheet(
        export_list(
            world.db, world.secretariaat, "school", [ExportColumn("naam", "School")], sort="naam"
        ).xlsx
    )
    assert '\'=HYPERLINK("x")' in [r[0] for r in school_rows]


def test_refused_for_a_role_without_the_list(world: World) -> None:
    with pytest.raises(PermissionDenied, match="exporteren"):
        export_list(world.db, world.secretariaat, "leerling", LEERLING_COLUMNS)
    with pytest.raises(PermissionDenied):
        export_list(world.db, world.beheerder, "aanvraag", [ExportColumn("nummer", "Nummer")])
    with pytest.raises(ValidationError, match="minstens één kolom"):
        export_list(world.db, world.contactpersoon, "leerling", [])
    with world.db.read() as s:
        assert s.scalars(select(Toegang).where(Toegang.actie == ToegangActie.EXPORT)).all() == []


def test_every_export_is_logged_without_the_search_text(world: World) -> None:
    world.add_leerling("L2020")
    export_list(
        world.db, world.contactpersoon, "leerling", LEERLING_COLUMNS, ListFilter(tekst="Testa")
    )
    with world.db.read() as s:
        entry = s.scalars(select(Toegang).where(Toegang.actie == ToegangActie.EXPORT)).one()
        assert (entry.gebruikersnaam, entry.objectsoort) == ("contactpersoon", "lijst_leerling")
        assert entry.omschrijving == "Leerlingen naar Excel, 1 rijen, gefilterd"
        assert "Testa" not in entry.omschrijving
        assert s.scalars(select(AuditEntry).where(AuditEntry.actie == "geëxporteerd")).all() == []


def test_a_long_list_is_exported_whole(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from swv_desktop.services.queries import export

    monkeypatch.setattr(export, "EXPORT_PAGE", 2)  # pages of two: five rows in three fetches
    for n in range(5):
        world.add_leerling(f"L30{n}")
    result = export_list(
        world.db, world.contactpersoon, "leerling", LEERLING_COLUMNS, sort="leerlingnummer"
    )
    assert [r[0] for r in _sheet(result.xlsx)[1:]] == [f"L30{n}" for n in range(5)]
