"""The demo database, on SQLite and on PostgreSQL: the figures the README promises, every rule of
the regulation kept, the story it must tell (an open application past the budget, overdue talks)
and determinism. One 80-pupil demo per database for the module; the seed test uses 20 pupils."""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from keyed import unlock
from pg_cluster import BACKENDS
from signed_in import signed_in
from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from swv_desktop.cli import main
from swv_desktop.db import Database
from swv_desktop.demo.basis import school_niveaus
from swv_desktop.demo.generator import DemoSummary
from swv_desktop.demo.generator import demo_clock
from swv_desktop.demo.generator import generate_demo
from swv_desktop.demo.teksten import VOORNAMEN_MAN
from swv_desktop.demo.teksten import VOORNAMEN_VROUW
from swv_desktop.dialect import Target
from swv_desktop.encryption.keyslots import KeyRing
from swv_desktop.errors import KnownError
from swv_desktop.models import Aanvraag
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import Gebruiker
from swv_desktop.models import Groepsplan
from swv_desktop.models import KostenSoort
from swv_desktop.models import Leerling
from swv_desktop.models import LeerlingUitkomst
from swv_desktop.models import Rol
from swv_desktop.models import School
from swv_desktop.models import Schoolbestuur
from swv_desktop.models import Schooljaar
from swv_desktop.models import Soort
from swv_desktop.models import Status
from swv_desktop.models import Voorwaarde
from swv_desktop.opening import open_database
from swv_desktop.services.aanvragen.regels import award_blockers
from swv_desktop.services.auth import authenticate
from swv_desktop.services.beschikkingen.onderdelen import salutation
from swv_desktop.services.budget import budget_overview
from swv_desktop.services.opp_versies import age_on
from swv_desktop.services.toegang_server import gate_for
from swv_desktop.services.voortgang import overdue_gesprekken

DEMO_TODAY = date(2023, 6, 15)


@pytest.fixture(scope="module", params=BACKENDS)
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Target, DemoSummary]]:
    """One demo database per database kind for the whole module (tests here only read it): an
    encrypted SQLite file, or a database on the session's PostgreSQL server."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("demo") / "demo.db"
        yield path, generate_demo(path)
        return
    admin: Engine = request.getfixturevalue("pg_admin")
    name = f"swv_demo_{os.getpid()}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    url = admin.url.set(database=name)
    yield url, generate_demo(url)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _keys(target: Target) -> KeyRing | None:
    """The key ring of an encrypted SQLite demo; a PostgreSQL database has none."""
    return unlock(target) if isinstance(target, Path) else None


@pytest.fixture
def demo_db(demo: tuple[Target, DemoSummary]) -> Iterator[Database]:
    database = open_database(demo[0], keys=_keys(demo[0]), create=False, clock=demo_clock())
    yield database
    database.close()


def _jaar(session: Session, label: str) -> Schooljaar:
    return session.scalars(select(Schooljaar).where(Schooljaar.label == label)).one()


def test_counts_asked_for(demo_db: Database, demo: tuple[Target, DemoSummary]) -> None:
    with demo_db.read() as s:
        assert len(s.scalars(select(Leerling)).all()) == 80
        assert len(s.scalars(select(Aanvraag)).all()) == 45
        assert len(s.scalars(select(School)).all()) == 14
        assert len(s.scalars(select(Schoolbestuur)).all()) == 6
        groups = s.scalars(select(Aanvraag).where(Aanvraag.soort == Soort.GROEP)).all()
        assert len(groups) == 6
        labels = [j.label for j in s.scalars(select(Schooljaar).order_by(Schooljaar.start_datum))]
        assert labels == ["2021-2022", "2022-2023"]
        roles = Counter(u.rol for u in s.scalars(select(Gebruiker)))
        assert roles == {
            Rol.CONTACTPERSOON: 3,
            Rol.PROGRAMMADIRECTEUR: 1,
            Rol.SECRETARIAAT: 1,
            Rol.BEHEERDER: 1,
        }
        for school in s.scalars(select(School)):
            assert re.fullmatch(r"\d{2}[A-Z]{2}", school.brin)
            assert school.vestigingsnummer == school.brin + "00"
            assert school.contactpersoon_id is not None
    text = str(demo[1])
    assert "80 leerlingen" in text and "45 aanvragen" in text
    assert "2022-2023: toegekend € 146.000,00 van € 150.000,00" in text


def test_every_status_of_the_workflow_occurs(demo_db: Database) -> None:
    with demo_db.read() as s:
        statuses = {a.status for a in s.scalars(select(Aanvraag))}
    assert statuses == set(Status)


@pytest.mark.parametrize(
    "username",
    ["contactpersoon", "contactpersoon2", "programmadirecteur", "secretariaat", "beheerder"],
)
def test_demo_accounts_sign_in(demo: tuple[Target, DemoSummary], username: str) -> None:
    gate = gate_for(demo[0], clock=demo_clock())
    # a SQLite file lists its accounts at sign-in; a server never lists them to anyone who asks
    assert gate.accounts == (
        [
            "beheerder",
            "contactpersoon",
            "contactpersoon2",
            "contactpersoon3",
            "programmadirecteur",
            "secretariaat",
        ]
        if isinstance(demo[0], Path)
        else []
    )
    actor = gate.sign_in(username, "demo-welkom-2021")
    assert actor.gebruikersnaam == username
    assert gate.db is not None
    assert authenticate(gate.db, username, "demo-welkom-2021") == actor
    gate.sign_out()


def test_last_year_has_an_open_application_past_the_budget(demo_db: Database) -> None:
    with demo_db.read() as s:
        jaar = _jaar(s, "2022-2023")
        pending = s.scalars(
            select(Aanvraag.aangevraagd_cents).where(
                Aanvraag.schooljaar_id == jaar.id, Aanvraag.status == Status.TER_BESLUITVORMING
            )
        ).all()
        jaar_id, budget = jaar.id, jaar.budget_cents
    overview = budget_overview(demo_db, jaar_id)
    assert budget == 15_000_000
    assert overview.awarded_cents == 14_600_000
    assert any(overview.awarded_cents + amount > budget for amount in pending)
    first = budget_overview(demo_db, 1)
    assert first.label == "2021-2022" and first.awarded_cents <= first.budget_cents
    assert first.pending_cents == 0


def test_overdue_gesprekken_exist_only_in_the_running_year(demo_db: Database) -> None:
    pd = signed_in(demo_db, Rol.PROGRAMMADIRECTEUR, "programmadirecteur")
    overdue = overdue_gesprekken(demo_db, pd, DEMO_TODAY)
    assert overdue
    assert all(row.nummer.startswith("A2022-") and row.due < DEMO_TODAY for row in overdue)
    with demo_db.read() as s:
        cps = s.scalars(select(Gebruiker.id).where(Gebruiker.rol == Rol.CONTACTPERSOON)).all()
    for cp in cps:  # each demo contactpersoon has something on the dashboard
        assert overdue_gesprekken(demo_db, pd, DEMO_TODAY, contactpersoon_id=cp), cp


def test_awards_keep_every_rule(demo_db: Database) -> None:
    with demo_db.read() as s:
        awards = s.scalars(
            select(Aanvraag).where(
                Aanvraag.status.in_([Status.TOEGEKEND, Status.GEDEELTELIJK_TOEGEKEND])
            )
        ).all()
        assert len(awards) == 34
        per_leerling: Counter[tuple[int, int]] = Counter()
        for a in awards:
            assert award_blockers(s, a) == [], a.nummer
            besluit = s.scalars(select(Besluit).where(Besluit.aanvraag_id == a.id)).one()
            assert besluit.besloten_door.rol is Rol.PROGRAMMADIRECTEUR
            assert 0 < besluit.toegekend_cents <= a.aangevraagd_cents
            jaar = a.schooljaar
            if a.soort is Soort.INDIVIDUEEL:
                assert besluit.toegekend_cents <= jaar.individueel_max_cents
                per_leerling[(a.leerling_id, jaar.id)] += besluit.toegekend_cents
            else:
                plan = a.groepsplan
                leerlingen = {d.leerling_id for d in plan.deelnemers}
                assert 5 <= len(leerlingen) <= 8
                assert {d.leerling.school_id for d in plan.deelnemers} == {a.school_id}
                assert besluit.toegekend_cents <= jaar.groep_max_cents
                assert all(k.soort is KostenSoort.ONDERSTEUNING for k in plan.kostenregels)
                assert sum(k.bedrag_cents for k in plan.kostenregels) == a.aangevraagd_cents
                assert jaar.start_datum <= plan.periode_start <= plan.periode_eind
                assert plan.periode_eind <= jaar.eind_datum
        assert max(per_leerling.values()) <= 800_000


def test_history_and_conditions_are_complete(demo_db: Database) -> None:
    with demo_db.read() as s:
        for a in s.scalars(select(Aanvraag)):
            steps = a.geschiedenis
            assert steps[0].van is None and steps[0].naar is Status.CONCEPT
            assert all(x.naar == y.van for x, y in zip(steps, steps[1:], strict=False))
            assert steps[-1].naar is a.status
            assert {c.voorwaarde for c in a.voorwaarden} == set(Voorwaarde)
            assert (a.besproken_op is not None) == any(x.naar is Status.BESPROKEN for x in steps)


def test_beschikkingen_issued_with_sequential_kenmerken(demo_db: Database) -> None:
    with demo_db.read() as s:
        for label in ("2021-2022", "2022-2023"):
            jaar = _jaar(s, label)
            rows = s.scalars(
                select(Beschikking)
                .where(Beschikking.schooljaar_id == jaar.id)
                .order_by(Beschikking.volgnummer)
            ).all()
            assert [b.volgnummer for b in rows] == list(range(1, len(rows) + 1))
            for b in rows:
                assert b.kenmerk == f"MWB-{jaar.start_datum.year}-{b.volgnummer:03d}"
                assert b.uitgegeven_op is not None and b.pdf is not None
                assert hashlib.sha256(b.pdf).hexdigest() == b.sha256
                assert b.pdf.startswith(b"%PDF")


def test_outcomes_recorded_for_the_first_year(demo_db: Database) -> None:
    with demo_db.read() as s:
        jaar_id = _jaar(s, "2021-2022").id
        outcomes = s.scalars(
            select(LeerlingUitkomst.leerling_id).where(LeerlingUitkomst.schooljaar_id == jaar_id)
        ).all()
        awarded = s.scalars(
            select(Aanvraag).where(
                Aanvraag.schooljaar_id == jaar_id,
                Aanvraag.status.in_((Status.TOEGEKEND, Status.GEDEELTELIJK_TOEGEKEND)),
            )
        ).all()
        pupils = {a.leerling_id for a in awarded if a.leerling_id is not None} | {
            d.leerling_id for a in awarded if a.groepsplan for d in a.groepsplan.deelnemers
        }
    assert len(outcomes) > 20
    assert set(outcomes) == pupils  # every awarded pupil, once


def test_combinations_are_plausible(demo_db: Database) -> None:
    """No havo class at a praktijkschool, no "mevrouw" with a man's first name, no application
    for a pupil still in primary school, no "examenklassen" group of first-years."""
    with demo_db.read() as s:
        schools = s.scalars(select(School)).all()
        for school in schools:
            offered = school_niveaus(school.naam)
            for pupil in s.scalars(select(Leerling).where(Leerling.school_id == school.id)):
                assert pupil.niveau.split("/")[0] in offered, (school.naam, pupil.niveau)
                for word in ("pro", "havo", "vwo", "vmbo"):
                    if word in pupil.niveau:
                        assert any(word in n for n in offered), (school.naam, pupil.niveau)
            title, initial = school.ondersteuningscoordinator.rsplit(" ", 2)[0:2]
            names = VOORNAMEN_VROUW if title == "mevrouw" else VOORNAMEN_MAN
            assert title in ("mevrouw", "de heer") and initial in {f"{n[0]}." for n in names}
            assert salutation(school.ondersteuningscoordinator).startswith(
                f"Geachte {title.removeprefix('de ')} "
            )
        niveaus = {p.niveau.split("/")[0] for p in s.scalars(select(Leerling))}
        assert {"pro", "havo", "vwo", "vmbo-bb"} <= niveaus
        for app in s.scalars(select(Aanvraag)):
            members = (
                [d.leerling for d in app.groepsplan.deelnemers]
                if app.groepsplan
                else [app.leerling]
            )
            oktober = date(app.schooljaar.start_datum.year, 10, 1)
            for m in members:  # in VO, not in groep 8, in the year of the application
                assert m is not None and age_on(m.geboortedatum, oktober) >= 11, app.nummer
        for plan in s.scalars(select(Groepsplan)):
            titel = plan.aanvraag.omschrijving
            jaren = [d.leerling.leerjaar for d in plan.deelnemers]
            if "examenklassen" in titel:
                assert min(jaren) >= 4
            if "onderbouw" in titel or "leerjaar 1 en 2" in titel:
                assert max(jaren) <= 3  # the second of two years at the latest
            if "praktijkklas" in titel:
                assert {d.leerling.niveau for d in plan.deelnemers} == {"pro"}


def test_refuses_to_overwrite_an_existing_file(
    tmp_path: Path, new_target: Callable[..., Target]
) -> None:
    path = tmp_path / "bestaand.db"
    path.write_bytes(b"niet leeg")
    with pytest.raises(KnownError, match="bestaat al"):
        generate_demo(path)
    assert path.read_bytes() == b"niet leeg"
    # a database with tables (a migrated one) is not empty either, on either database
    existing = new_target()
    with pytest.raises(KnownError, match="bestaat al en is niet leeg"):
        generate_demo(existing)
    database = open_database(existing, create=False)
    try:
        with database.read() as s:
            assert s.scalars(select(Leerling)).first() is None
    finally:
        database.close()


def test_cli_demo_refuses_existing_file_and_bad_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], new_target: Callable[..., Target]
) -> None:
    path = tmp_path / "bestaand.db"
    path.write_bytes(b"x")
    assert main(["demo", "--db", str(path)]) == 1
    assert "bestaat al" in capsys.readouterr().err
    empty = new_target(empty=True, name="nieuw.db")
    where = empty.render_as_string(hide_password=False) if isinstance(empty, URL) else str(empty)
    assert main(["demo", "--db", where, "--pupils", "5"]) == 1
    assert "tussen 20" in capsys.readouterr().err
    if isinstance(empty, Path):
        assert not empty.exists()
    else:  # the server's database stays without a single table
        engine = create_engine(empty, poolclass=NullPool)
        try:
            with engine.connect() as conn:
                tables = conn.execute(
                    text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
                ).scalar()
        finally:
            engine.dispose()
        assert tables == 0


def _fingerprint(target: Target) -> list[tuple[object, ...]]:
    """The generated rows (pupils, applications, decisions, talks, OPPs, letter numbers)."""
    database = open_database(target, keys=_keys(target), create=False, clock=demo_clock())
    try:
        rows: list[tuple[object, ...]] = []
        with database.engine.connect() as conn:
            for table in ("leerling", "aanvraag", "besluit", "voortgangsgesprek", "opp"):
                result = conn.execute(text(f"SELECT * FROM {table} ORDER BY id"))
                rows += [tuple(row) for row in result]
            result = conn.execute(text("SELECT kenmerk, briefdatum FROM beschikking ORDER BY id"))
            rows += [tuple(row) for row in result]
        return rows
    finally:
        database.close()


def test_same_seed_same_data_and_cli_prints_summary(
    capsys: pytest.CaptureFixture[str], new_target: Callable[..., Target]
) -> None:
    first = new_target(empty=True, name="a.db")
    second = new_target(empty=True, name="b.db")
    where = first.render_as_string(hide_password=False) if isinstance(first, URL) else str(first)
    assert main(["demo", "--db", where, "--pupils", "20", "--years", "1"]) == 0
    out = capsys.readouterr().out
    assert "20 leerlingen" in out and "2021-2022: toegekend" in out
    generate_demo(second, leerlingen=20, years=1)
    assert _fingerprint(first) == _fingerprint(second)
    other = new_target(empty=True, name="c.db")
    generate_demo(other, leerlingen=20, years=1, seed=7)
    assert _fingerprint(first) != _fingerprint(other)


def test_money_after_the_awards(demo_db: Database) -> None:
    """Most 2021-2022 awards have their account, some are overdue; two settlements, each with a
    repayment (one closes the account); every sent award is paid."""
    from swv_desktop.models import Betaling
    from swv_desktop.models import Terugbetaling
    from swv_desktop.models import Vaststelling
    from swv_desktop.models import Verantwoording
    from swv_desktop.services.verantwoording.geldoverzicht import geld_overzicht
    from swv_desktop.services.verantwoording.overzicht import overdue_verantwoordingen

    with demo_db.read() as s:
        jaar_id = _jaar(s, "2021-2022").id
        awarded = s.scalars(
            select(Aanvraag.id).where(
                Aanvraag.schooljaar_id == jaar_id,
                Aanvraag.status.in_((Status.TOEGEKEND, Status.GEDEELTELIJK_TOEGEKEND)),
            )
        ).all()
        accounted = s.scalars(select(Verantwoording.aanvraag_id)).all()
        settled = [
            (v.id, v.terug_cents, v.uitgegeven_op, v.verzonden_op)
            for v in s.scalars(select(Vaststelling))
        ]
        repaid = {t.vaststelling_id: t.bedrag_cents for t in s.scalars(select(Terugbetaling))}
        paid = len(s.scalars(select(Betaling)).all())
    assert set(accounted) <= set(awarded) and len(accounted) >= 0.7 * len(awarded)
    pd = authenticate(demo_db, "programmadirecteur", "demo-welkom-2021")
    overdue = overdue_verantwoordingen(demo_db, pd, DEMO_TODAY)
    assert overdue and {o.aanvraag_id for o in overdue} == set(awarded) - set(accounted)
    assert len(settled) == 2 and set(repaid) == {v[0] for v in settled}
    assert all(issued is not None and sent is not None for _i, _t, issued, sent in settled)
    assert sorted(repaid[i] == terug for i, terug, _u, _v in settled) == [False, True]
    assert paid >= len(awarded)
    g = geld_overzicht(demo_db, pd, jaar_id)
    assert g.vaststellingen == 2 and g.terug_te_ontvangen_cents > 0


def test_dashboard_pages_match_the_full_lists(demo_db: Database) -> None:
    """The dashboard's first rows and totals of the overdue accounts and the talks due are the
    full lists' first rows and lengths, for every page size."""
    from swv_desktop.services.verantwoording.overzicht import overdue_verantwoordingen
    from swv_desktop.services.verantwoording.overzicht import verantwoordingen_due
    from swv_desktop.services.voortgang import gesprekken_pages
    from swv_desktop.services.voortgang import upcoming_gesprekken

    pd = authenticate(demo_db, "programmadirecteur", "demo-welkom-2021")
    lists = [
        (overdue_verantwoordingen(demo_db, pd, DEMO_TODAY), verantwoordingen_due, None),
        (overdue_gesprekken(demo_db, pd, DEMO_TODAY), gesprekken_pages, 0),
        (upcoming_gesprekken(demo_db, pd, DEMO_TODAY), gesprekken_pages, 1),
    ]
    for full, due, which in lists:
        assert full
        for limit in range(1, len(full) + 2):
            found = due(demo_db, pd, DEMO_TODAY, limit=limit)
            page = found if which is None else found[which]
            assert (page.rows, page.total) == (full[:limit], len(full))


@pytest.mark.parametrize("kind", ["leerling", "aanvraag"])
def test_search_in_memory_finds_what_sql_finds(demo_db: Database, kind: str) -> None:
    """The list screen's search in memory (``queries.searchable``) finds the same rows in the
    same order as the SQL search, for the programmadirecteur and a contactpersoon (her schools
    only), typing on (narrowing) or not; a kind without search columns stays with SQL."""
    from swv_desktop.services.queries import lists as queries
    from swv_desktop.services.queries.base import ListFilter

    typed_texts = ["", "a", "an", "jan", "van de", "LL-0", "A20", "lyceum", "e a", "zzz", "%", "_"]
    for user in ("programmadirecteur", "contactpersoon"):
        actor = authenticate(demo_db, user, "demo-welkom-2021")
        for sort, descending in ((None, False), ("school", True)):
            loaded = queries.searchable(demo_db, actor, kind, sort=sort, descending=descending)
            assert loaded is not None
            typed = None
            for typed_text in typed_texts:
                expected = queries.fetch(
                    demo_db,
                    actor,
                    kind,
                    ListFilter(tekst=typed_text),
                    sort=sort,
                    descending=descending,
                    limit=10_000,
                )
                within = typed[1] if typed and loaded.narrows(typed[0], typed_text) else None
                found = loaded.filter(typed_text, within)
                assert [r.id for r in found.rows] == [r.id for r in expected], (user, typed_text)
                typed = (typed_text, found)
    pd = authenticate(demo_db, "programmadirecteur", "demo-welkom-2021")
    assert queries.searchable(demo_db, pd, "school") is None
    assert queries.searchable(demo_db, pd, kind, max_rows=3) is None
