"""Issuing freezes a beschikking: issuing twice is refused, a reprint is byte-identical even after
texts or settings change, damage is detected; printing, sending and exporting use the frozen bytes."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from pdftext import all_text
from pdftext import pages
from report_world import NAMES
from report_world import World
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update

from swv_desktop.db import Database
from swv_desktop.errors import DatabaseError
from swv_desktop.errors import PermissionDenied
from swv_desktop.errors import StateError
from swv_desktop.errors import ValidationError
from swv_desktop.models import AuditEntry
from swv_desktop.models import Beschikking
from swv_desktop.models import Organisatie
from swv_desktop.models import Rol
from swv_desktop.models import Toegang
from swv_desktop.models import ToegangActie
from swv_desktop.services.beschikkingen.uitgifte import combined_pdf
from swv_desktop.services.beschikkingen.uitgifte import export_letters
from swv_desktop.services.beschikkingen.uitgifte import get_issued_pdf
from swv_desktop.services.beschikkingen.uitgifte import issue_beschikking
from swv_desktop.services.beschikkingen.uitgifte import issue_pending
from swv_desktop.services.beschikkingen.uitgifte import mark_sent
from swv_desktop.services.beschikkingen.uitgifte import render_preview
from swv_desktop.services.beschikkingen.uitgifte import save_letter_text


def _row(db: Database, beschikking_id: int) -> SimpleNamespace:
    with db.read() as session:
        row = session.get(Beschikking, beschikking_id)
        assert row is not None
        return SimpleNamespace(
            pdf=row.pdf,
            sha256=row.sha256,
            uitgegeven_op=row.uitgegeven_op,
            verzonden_op=row.verzonden_op,
        )


def _audits(db: Database, actie: str) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).where(AuditEntry.actie == actie)) or 0)


def test_issue_freezes_pdf_and_refuses_a_second_time(db: Database, world: World, clock) -> None:
    pd = world.actors[Rol.PROGRAMMADIRECTEUR]
    bid = world.beschikkingen["individueel"]
    preview = render_preview(db, world.actors[Rol.PROGRAMMADIRECTEUR], bid)
    assert issue_beschikking(db, pd, bid) == "MWB-2021-001"
    row = _row(db, bid)
    assert row.pdf == preview
    assert row.sha256 == hashlib.sha256(preview).hexdigest()
    assert row.uitgegeven_op == clock.now
    assert _audits(db, "uitgegeven") == 1

    with pytest.raises(StateError, match="al uitgegeven op 4 oktober 2021.*herziening"):
        issue_beschikking(db, pd, bid)
    assert _row(db, bid).sha256 == row.sha256
    assert _audits(db, "uitgegeven") == 1


def test_only_the_programmadirecteur_issues(db: Database, world: World) -> None:
    bid = world.beschikkingen["groep"]
    for rol in (Rol.SECRETARIAAT, Rol.BEHEERDER, Rol.CONTACTPERSOON):
        with pytest.raises(PermissionDenied, match="programmadirecteur"):
            issue_beschikking(db, world.actors[rol], bid)
    assert _row(db, bid).uitgegeven_op is None
    assert _audits(db, "uitgegeven") == 0


def test_reprint_is_byte_identical_after_texts_and_settings_change(
    db: Database, world: World
) -> None:
    pd = world.actors[Rol.PROGRAMMADIRECTEUR]
    bid = world.beschikkingen["groep"]
    issue_beschikking(db, pd, bid)
    first = get_issued_pdf(db, world.actors[Rol.PROGRAMMADIRECTEUR], bid)
    save_letter_text(
        db, world.actors[Rol.BEHEERDER], "slot", "Een heel andere slotzin, {kenmerk}.", versie=0
    )
    with db.transaction() as session:
        session.execute(update(Organisatie).values(naam="Nieuwe naam"))
    assert get_issued_pdf(db, world.actors[Rol.PROGRAMMADIRECTEUR], bid) == first
    assert "Een heel andere slotzin, MWB-2021-002." in all_text(
        render_preview(db, world.actors[Rol.PROGRAMMADIRECTEUR], bid)
    )
    assert "Nieuwe naam" not in all_text(first)


def test_damaged_frozen_letter_is_detected(db: Database, world: World) -> None:
    bid = world.beschikkingen["afwijzing"]
    issue_beschikking(db, world.actors[Rol.PROGRAMMADIRECTEUR], bid)
    with db.transaction() as session:
        session.execute(
            update(Beschikking).where(Beschikking.id == bid).values(pdf=b"%PDF-1.4 kapot")
        )
    with pytest.raises(DatabaseError, match="MWB-2021-004.*vingerafdruk"):
        get_issued_pdf(db, world.actors[Rol.PROGRAMMADIRECTEUR], bid)


def test_not_issued_letter_cannot_be_reprinted(db: Database, world: World) -> None:
    with pytest.raises(StateError, match="nog niet uitgegeven"):
        get_issued_pdf(db, world.actors[Rol.PROGRAMMADIRECTEUR], world.beschikkingen["afwijzing"])


def test_issue_pending_issues_the_rest_once(db: Database, world: World) -> None:
    issue_beschikking(db, world.actors[Rol.PROGRAMMADIRECTEUR], world.beschikkingen["groep"])
    lines: list[str] = []
    assert (
        issue_pending(
            db, world.actors[Rol.PROGRAMMADIRECTEUR], world.jaar_id, progress=lines.append
        )
        == 3
    )
    assert lines[-1] == "Beschikking MWB-2021-004 uitgegeven (3 van 3)"
    assert issue_pending(db, world.actors[Rol.PROGRAMMADIRECTEUR]) == 0
    assert all(_row(db, b).uitgegeven_op is not None for b in world.beschikkingen.values())
    with pytest.raises(PermissionDenied):
        issue_pending(db, world.actors[Rol.SECRETARIAAT])


def test_mark_sent_only_issued_letters(db: Database, world: World, clock) -> None:
    sec = world.actors[Rol.SECRETARIAAT]
    issued, draft = world.beschikkingen["individueel"], world.beschikkingen["groep"]
    issue_beschikking(db, world.actors[Rol.PROGRAMMADIRECTEUR], issued)
    with pytest.raises(StateError, match="MWB-2021-002"):
        mark_sent(db, sec, [issued, draft], date(2021, 10, 4))
    assert _row(db, issued).verzonden_op is None  # refused batch changes nothing
    with pytest.raises(ValidationError) as err:
        mark_sent(db, sec, [issued], date(2021, 10, 5))
    assert err.value.fields == {"verzonden_op"}
    with pytest.raises(PermissionDenied):
        mark_sent(db, world.actors[Rol.CONTACTPERSOON], [issued], date(2021, 10, 4))
    mark_sent(db, sec, [issued], date(2021, 10, 4))
    assert _row(db, issued).verzonden_op == date(2021, 10, 4)
    assert _audits(db, "verzonden") == 1


def test_combined_pdf_holds_the_frozen_letters_in_order(db: Database, world: World) -> None:
    issue_pending(db, world.actors[Rol.PROGRAMMADIRECTEUR])
    ids = [world.beschikkingen[k] for k in ("afwijzing", "individueel", "groep")]
    parts = [pages(get_issued_pdf(db, world.actors[Rol.PROGRAMMADIRECTEUR], i)) for i in ids]
    combined = pages(combined_pdf(db, world.actors[Rol.PROGRAMMADIRECTEUR], ids))
    assert combined == [p for part in parts for p in part]
    assert "MWB-2021-004" in combined[0]


def test_combined_pdf_refuses_drafts(db: Database, world: World) -> None:
    with pytest.raises(StateError, match="nog niet uitgegeven"):
        combined_pdf(db, world.actors[Rol.PROGRAMMADIRECTEUR], [world.beschikkingen["groep"]])


def test_export_letters_writes_one_file_per_kenmerk_and_one_combined(
    db: Database, world: World, tmp_path: Path
) -> None:
    out = tmp_path / "brieven"
    secretariaat = world.actors[Rol.SECRETARIAAT]
    empty = export_letters(db, secretariaat, "2021-2022", out)
    assert empty.aantal == 0 and "niets weggeschreven" in str(empty)
    issue_pending(db, world.actors[Rol.PROGRAMMADIRECTEUR])
    result = export_letters(db, secretariaat, "2021-2022", out)
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "MWB-2021-001.pdf",
        "MWB-2021-002.pdf",
        "MWB-2021-003.pdf",
        "MWB-2021-004.pdf",
        "beschikkingen-2021-2022-alle.pdf",
    ]
    assert (out / "MWB-2021-002.pdf").read_bytes() == get_issued_pdf(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], world.beschikkingen["groep"]
    )
    assert str(result).startswith("4 beschikkingen van 2021-2022 weggeschreven naar")
    combined = pages((out / "beschikkingen-2021-2022-alle.pdf").read_bytes())
    assert sum("pagina 1 van" in p for p in combined) == 4
    lowered = " ".join(names).lower()
    assert not any(last.lower() in lowered or first.lower() in lowered for first, _t, last in NAMES)
    assert export_letters(db, secretariaat, "2022-2023", tmp_path / "leeg").aantal == 0
    with db.read() as session:  # the export is in the access log: who, which letters
        logged = session.execute(
            select(Toegang.gebruiker_id, Toegang.omschrijving)
            .where(Toegang.objectsoort == "beschikking", Toegang.actie == ToegangActie.EXPORT)
            .order_by(Toegang.id)
        ).all()
    assert logged == [
        (secretariaat.id, f"Naar een map geëxporteerd: MWB-2021-00{n}") for n in range(1, 5)
    ]


def test_export_letters_is_refused_to_a_contactpersoon(
    db: Database, world: World, tmp_path: Path
) -> None:
    issue_pending(db, world.actors[Rol.PROGRAMMADIRECTEUR])
    with pytest.raises(PermissionDenied):
        export_letters(db, world.actors[Rol.CONTACTPERSOON], "2021-2022", tmp_path / "brieven")
    assert not (tmp_path / "brieven").exists()
