"""The access log, on SQLite and PostgreSQL: one row for each kind of view (lists, a pupil, an
application, its money, a letter and its preview, exports, prints, AVG copies), in the services;
who may read it; its retention and the purge; the AVG copy's "who viewed" section read back from
the PDF; and the migration that copied the views out of the audit trail."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from swv_desktop.errors import PermissionDenied
from swv_desktop.models import Aanvraag
from swv_desktop.models import Toegang
from swv_desktop.models import ToegangActie
from swv_desktop.models import Uitkomst
from swv_desktop.models import Verwijdering
from swv_desktop.services import dashboard
from swv_desktop.services import leerlingen
from swv_desktop.services import toegangslog
from swv_desktop.services import voortgang
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.services.avg_kopie import make_avg_kopie
from swv_desktop.services.beschikkingen import afdrukken
from swv_desktop.services.beschikkingen import uitgifte
from swv_desktop.services.bewaren import list_register
from swv_desktop.services.bewaren import purge
from swv_desktop.services.queries import lists
from swv_desktop.services.queries.base import ListFilter
from swv_desktop.services.queries.export import ExportColumn
from swv_desktop.services.queries.export import export_list
from swv_desktop.services.toegangslog import LogFilter
from swv_desktop.services.verantwoording.overzicht import geldstroom


def logged(world: Any, *where: Any) -> list[Toegang]:
    with world.db.read() as s:
        rows = list(s.scalars(select(Toegang).where(*where).order_by(Toegang.id)))
        s.expunge_all()  # plain values after the read session ends
        return rows


def awarded(world: Any, nummer: str = "L5001") -> tuple[int, int, int]:
    """A pupil with an awarded application and its issued letter: (pupil, aanvraag, letter)."""
    lid = world.add_leerling(nummer)
    aid = world.ready_for_besluit(world.individual(lid, 300_000))
    result = world.award(aid, Uitkomst.TOEGEKEND, 300_000, "Past binnen de regeling.")
    uitgifte.issue_beschikking(world.db, world.directeur, result.beschikking_id)
    return lid, aid, result.beschikking_id


def test_a_pupil_list_is_logged_once_per_first_page(world) -> None:  # type: ignore[no-untyped-def]
    world.add_leerling("L5010")
    lists.fetch(world.db, world.contactpersoon, "leerling", ListFilter(tekst="Testa"))
    lists.fetch(world.db, world.contactpersoon, "leerling", ListFilter(tekst="Testa"))
    lists.fetch(world.db, world.contactpersoon, "leerling", offset=200)  # a later page
    lists.fetch(world.db, world.contactpersoon, "school")  # no pupil data
    [row] = logged(world, Toegang.actie == ToegangActie.LIJST_BEKEKEN)
    assert (row.gebruikersnaam, row.rol, row.objectsoort) == (
        "contactpersoon",
        "contactpersoon",
        "lijst_leerling",
    )
    assert row.omschrijving == "Lijst leerlingen, gefilterd"  # never the search text
    world.clock.now += toegangslog.LIJST_OPNIEUW_NA + timedelta(seconds=1)
    lists.fetch(world.db, world.contactpersoon, "leerling", ListFilter(tekst="Testa"))
    assert len(logged(world, Toegang.actie == ToegangActie.LIJST_BEKEKEN)) == 2


def test_the_talks_lists_are_logged_as_one_view(world) -> None:  # type: ignore[no-untyped-def]
    """The Voortgang page's two lists (overdue and coming talks) name pupils: opening the page
    is one view of the talks list; choosing a contactpersoon is a filtered one."""
    today = world.clock.now.date()
    overdue, coming = voortgang.gesprekken_bekijken(world.db, world.directeur, today)
    [row] = logged(world, Toegang.actie == ToegangActie.LIJST_BEKEKEN)
    assert overdue == voortgang.overdue_gesprekken(world.db, world.directeur, today)
    assert coming == voortgang.upcoming_gesprekken(world.db, world.directeur, today)
    assert len(logged(world, Toegang.actie == ToegangActie.LIJST_BEKEKEN)) == 1
    assert (row.gebruikersnaam, row.objectsoort, row.omschrijving) == (
        world.directeur.gebruikersnaam,
        "lijst_gesprek",
        "Lijst voortgangsgesprekken",
    )
    cp = world.contactpersoon.id
    voortgang.gesprekken_bekijken(world.db, world.directeur, today, contactpersoon_id=cp)
    descriptions = [
        r.omschrijving for r in logged(world, Toegang.actie == ToegangActie.LIJST_BEKEKEN)
    ]
    assert descriptions == ["Lijst voortgangsgesprekken", "Lijst voortgangsgesprekken, gefilterd"]


def test_the_dashboards_talk_cards_are_logged_as_a_view_of_the_talks_list(world) -> None:  # type: ignore[no-untyped-def]
    """The Overzicht's cards of overdue and coming talks name pupils (by number): opening it is a
    view of the talks list; a contactpersoon's cards are her own, a filtered one."""
    _lid, aid, _letter = awarded(world)
    with world.db.read() as session:
        schooljaar_id = session.get(Aanvraag, aid).schooljaar_id
    today = world.clock.now.date()
    empty = dashboard.load_dashboard(world.db, world.directeur, schooljaar_id, today)
    assert not empty.overdue.rows and not empty.upcoming.rows
    talks = (Toegang.actie == ToegangActie.LIJST_BEKEKEN) & (Toegang.objectsoort == "lijst_gesprek")
    assert logged(world, talks) == []  # nothing shown, nothing logged
    later = today + timedelta(days=200)
    data = dashboard.load_dashboard(world.db, world.directeur, schooljaar_id, later)
    assert data.overdue.rows
    own = dashboard.load_dashboard(world.db, world.contactpersoon, schooljaar_id, later)
    assert own.overdue.rows
    assert [(r.gebruikersnaam, r.omschrijving) for r in logged(world, talks)] == [
        (world.directeur.gebruikersnaam, "Lijst voortgangsgesprekken"),
        (world.contactpersoon.gebruikersnaam, "Lijst voortgangsgesprekken, gefilterd"),
    ]
    accounts = (Toegang.actie == ToegangActie.LIJST_BEKEKEN) & (
        Toegang.objectsoort == "lijst_verantwoording"
    )
    assert logged(world, accounts) == [] and not data.overdue_accounts.rows
    due = dashboard.load_dashboard(world.db, world.contactpersoon, schooljaar_id, date(2022, 9, 20))
    assert due.overdue_accounts.rows  # her account of the award is late: the card names it
    assert [r.omschrijving for r in logged(world, accounts)] == [
        "Lijst verantwoordingen, gefilterd"
    ]


def test_a_pupil_record_view_is_logged_with_the_pupil_number(world) -> None:  # type: ignore[no-untyped-def]
    lid = world.add_leerling("L5011")
    leerlingen.get_leerling(world.db, world.contactpersoon, lid)
    [row] = logged(world, Toegang.actie == ToegangActie.LEERLING_BEKEKEN)
    assert (row.objectsoort, row.object_id, row.leerling_id, row.leerlingnummer) == (
        "leerling",
        lid,
        lid,
        "L5011",
    )
    assert row.op == world.clock() and row.gebruiker_id == world.contactpersoon.id
    assert "Testa" not in row.omschrijving  # the number, never the name


def test_an_application_view_is_logged(world) -> None:  # type: ignore[no-untyped-def]
    lid = world.add_leerling("L5012")
    aid = aanvragen.create_aanvraag(world.db, world.contactpersoon, world.individual(lid, 10_000))
    aanvragen.get_aanvraag(world.db, world.directeur, aid)
    [row] = logged(world, Toegang.actie == ToegangActie.AANVRAAG_BEKEKEN)
    assert (row.gebruikersnaam, row.object_id, row.leerlingnummer) == (
        "programmadirecteur",
        aid,
        "L5012",
    )
    assert row.omschrijving.startswith("Aanvraag ")


def test_letters_money_prints_and_exports_are_logged(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lid, aid, letter = awarded(world)
    uitgifte.render_preview(world.db, world.contactpersoon, letter)
    uitgifte.get_issued_pdf(world.db, world.secretariaat, letter)
    geldstroom(world.db, world.contactpersoon, aid)
    afdrukken.record_printed(world.db, world.secretariaat, [letter], pages=2)
    uitgifte.export_letters(world.db, world.secretariaat, "2021-2022", tmp_path / "brieven")
    rows = logged(world, Toegang.leerling_id == lid)
    seen = [(r.actie, r.gebruikersnaam, r.objectsoort) for r in rows]
    assert seen == [
        (ToegangActie.BESCHIKKING_BEKEKEN, "contactpersoon", "beschikking"),
        (ToegangActie.BESCHIKKING_BEKEKEN, "secretariaat", "beschikking"),
        (ToegangActie.GELD_BEKEKEN, "contactpersoon", "aanvraag"),
        (ToegangActie.AFDRUK, "secretariaat", "beschikking"),
        (ToegangActie.EXPORT, "secretariaat", "beschikking"),
    ]
    assert rows[0].omschrijving.startswith("Voorbeeld van beschikking MWB-2021-")
    assert rows[3].omschrijving.startswith("Afgedrukt (1 brieven, 2 pagina's): MWB-2021-")
    assert {r.leerlingnummer for r in rows} == {"L5001"}
    assert str(tmp_path) not in " ".join(r.omschrijving for r in rows)  # no paths


def test_list_exports_and_avg_copies_are_logged(world) -> None:  # type: ignore[no-untyped-def]
    lid = world.add_leerling("L5013")
    export_list(world.db, world.contactpersoon, "leerling", [ExportColumn("leerlingnummer", "Nr")])
    leerlingen.export_leerling(world.db, world.contactpersoon, lid)
    make_avg_kopie(world.db, world.directeur, lid)
    rows = logged(world, Toegang.actie.in_([ToegangActie.EXPORT, ToegangActie.AVG_KOPIE]))
    assert [(r.actie, r.objectsoort, r.leerlingnummer) for r in rows] == [
        (ToegangActie.EXPORT, "lijst_leerling", None),
        (ToegangActie.EXPORT, "leerling", "L5013"),
        (ToegangActie.AVG_KOPIE, "leerling", "L5013"),
    ]


def test_the_avg_copy_says_who_viewed_the_data(world) -> None:  # type: ignore[no-untyped-def]
    lid, aid, _letter = awarded(world, "L5014")
    leerlingen.get_leerling(world.db, world.contactpersoon, lid)
    aanvragen.get_aanvraag(world.db, world.directeur, aid)
    kopie = make_avg_kopie(world.db, world.directeur, lid)
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(BytesIO(kopie.pdf)).pages
    )
    section = text[text.index("Wie de gegevens heeft ingezien") :]
    assert "Fenna Contact (contactpersoon)" in section
    assert "Leerling bekeken: Leerling L5014" in section
    assert "Dirk Directeur (programmadirecteur)" in section and "Aanvraag bekeken" in section
    assert "4 oktober 2021" in section  # the date of the view, in Dutch
    assert "houdt (nog) niet bij" not in text
    before = text[: text.index("Wie de gegevens heeft ingezien")]
    assert "bekeken" not in before.split("Wie de gegevens heeft vastgelegd of gewijzigd")[-1]


def test_only_beheerder_and_programmadirecteur_read_the_log(world) -> None:  # type: ignore[no-untyped-def]
    lid = world.add_leerling("L5015")
    leerlingen.get_leerling(world.db, world.contactpersoon, lid)
    for actor in (world.contactpersoon, world.secretariaat):
        with pytest.raises(PermissionDenied, match="U mag niet het toegangslogboek bekijken"):
            toegangslog.lijst(world.db, actor)
        with pytest.raises(PermissionDenied, match="beheerder of programmadirecteur"):
            toegangslog.exporteren(world.db, actor)
    for actor in (world.beheerder, world.directeur):
        page = toegangslog.lijst(world.db, actor, LogFilter(leerlingnummer="L5015"))
        assert page.totaal == 1 and page.regels[0].door == "Fenna Contact"
    today = world.clock().date()
    assert toegangslog.lijst(world.db, world.beheerder, LogFilter(van=today, tot=today)).totaal
    assert not toegangslog.lijst(
        world.db, world.beheerder, LogFilter(tot=today - timedelta(1))
    ).totaal
    assert not toegangslog.lijst(
        world.db, world.beheerder, LogFilter(actie=ToegangActie.AFDRUK)
    ).totaal
    data, count = toegangslog.exporteren(
        world.db, world.beheerder, LogFilter(gebruiker_id=world.contactpersoon.id)
    )
    sheet = load_workbook(BytesIO(data)).active
    assert sheet.max_row == count + 1 and sheet["B2"].value == "Fenna Contact"


def test_expired_log_rows_are_purged_and_registered_without_personal_data(world) -> None:  # type: ignore[no-untyped-def]
    lid = world.add_leerling("L5016")  # entered 4 October 2021, never applied for
    leerlingen.get_leerling(world.db, world.contactpersoon, lid)
    with world.db.transaction() as s:  # a row from long before (as an older database holds)
        s.add(
            Toegang(
                op=datetime(2019, 1, 2, 8, tzinfo=UTC),
                gebruikersnaam="contactpersoon",
                rol="contactpersoon",
                actie=ToegangActie.LEERLING_BEKEKEN,
                objectsoort="leerling",
                object_id=999,
                leerling_id=999,
                leerlingnummer="L0999",
                omschrijving="Leerling L0999",
            )
        )
    world.clock.set_date(date(2026, 10, 5))  # the log term (7 years) passed for 2019
    result = purge(world.db, world.beheerder)
    steps = {(r.soort, r.handeling): r.aantal for r in result.regels}
    assert steps[("toegangslog", "verwijderd")] == 1
    assert steps[("toegangslog", "gepseudonimiseerd")] == 1  # the deleted pupil's view
    assert logged(world, Toegang.leerlingnummer == "L0999") == []
    [kept] = logged(world, Toegang.actie == ToegangActie.LEERLING_BEKEKEN)
    assert (kept.leerling_id, kept.leerlingnummer, kept.omschrijving) == (None, None, "")
    assert kept.gebruikersnaam == "contactpersoon"  # who and when stay
    register = [r for r in list_register(world.db, world.beheerder) if r.soort == "toegangslog"]
    assert {r.regel for r in register} == {
        "Toegangslogboek: 7 jaar na de vastlegging",
        "Toegangslogboek: het leerlingnummer bij inzagen van verwijderde leerlingen",
    }
    with world.db.read() as s:
        for line in s.scalars(select(Verwijdering).where(Verwijdering.soort == "toegangslog")):
            assert "L0999" not in line.regel + line.ids and "Testa" not in line.regel
    said = " ".join(result.lines())
    assert "Regels van het toegangslogboek: 1 verwijderd" in said
    assert "Regels van het toegangslogboek: 1 gepseudonimiseerd" in said


def test_the_migration_copies_the_views_of_the_audit_trail(new_target) -> None:  # type: ignore[no-untyped-def]
    from alembic import command
    from sqlalchemy import text

    from swv_desktop.db import make_engine
    from swv_desktop.schema import alembic_config

    engine = make_engine(new_target(empty=True))
    cfg = alembic_config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0014")
            conn.execute(
                text(
                    "INSERT INTO audit_entry (op, gebruikersnaam, entiteit, entiteit_id, actie, "
                    "voor, na) VALUES (:op, 'fenna', 'leerling', 7, 'bekeken', '', ''), "
                    "(:op, 'fenna', 'leerling', 7, 'gewijzigd', '', '{}')"
                ),
                {"op": "2021-10-04 09:30:00"},
            )
            command.upgrade(cfg, "0015")
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT gebruikersnaam, actie, objectsoort, object_id FROM toegangslog")
            ).all()
            kept = conn.execute(text("SELECT count(*) FROM audit_entry")).scalar()
        assert [tuple(r) for r in rows] == [("fenna", "leerling_bekeken", "leerling", 7)]
        assert kept == 2  # the chain keeps its links
    finally:
        engine.dispose()


def test_a_settlement_letter_view_and_a_register_export_are_logged(world) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from swv_desktop.models import Afwikkeling
    from swv_desktop.services import scholen
    from swv_desktop.services import vso_expertise
    from swv_desktop.services.verantwoording import betalingen
    from swv_desktop.services.verantwoording import use_cases as geld

    lid, aid, _letter = awarded(world, "L5017")
    bestuur = scholen.get_bestuur(world.db, world.bestuur_id)
    scholen.save_bestuur(
        world.db, world.secretariaat, replace(bestuur, iban="NL91ABNA0417164300"), world.bestuur_id
    )
    betalingen.record_betaling(
        world.db, world.secretariaat, aid, betalingen.BetalingInput(date(2021, 10, 4), 300_000)
    )
    betalingen.save_verantwoording(
        world.db,
        world.contactpersoon,
        aid,
        betalingen.VerantwoordingInput(
            date(2021, 10, 4), ondersteuning_cents=250_000, gecontroleerd_op=date(2021, 10, 4)
        ),
    )
    done = geld.vaststellen(
        world.db,
        world.directeur,
        aid,
        geld.VaststellingInput(date(2021, 10, 4), Afwikkeling.TERUGBETALEN),
    )
    geld.render_vaststelling_preview(world.db, world.directeur, done.vaststelling_id)
    geld.issue_vaststelling(world.db, world.directeur, done.vaststelling_id)
    geld.get_vaststelling_pdf(world.db, world.secretariaat, done.vaststelling_id)
    rows = logged(world, Toegang.objectsoort == "vaststelling")
    assert [(r.actie, r.gebruikersnaam, r.leerlingnummer) for r in rows] == [
        (ToegangActie.BESCHIKKING_BEKEKEN, "programmadirecteur", "L5017"),
        (ToegangActie.BESCHIKKING_BEKEKEN, "secretariaat", "L5017"),
    ]
    assert rows[1].omschrijving.startswith("Vaststellingsbrief MWB-2021-V")
    vso_expertise.export_xlsx(world.db, world.contactpersoon, world.schooljaar_id)
    [export] = logged(world, Toegang.objectsoort == "lijst_vso_inzet")
    assert export.actie is ToegangActie.EXPORT and export.omschrijving.startswith("VSO-expertise")
