"""Retention terms and the purge, on SQLite and PostgreSQL: what goes on the day after its
term (and not the day before), what stays pseudonymised for the accounts, the deletion register
without personal data, a failing step that leaves everything as it was, and the rest of the
product (check, lists, budget) working after a purge."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text

from swv_desktop.check.database import check_database
from swv_desktop.errors import KnownError
from swv_desktop.models import Aanvraag
from swv_desktop.models import AuditEntry
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import Betaling
from swv_desktop.models import Groepsplan
from swv_desktop.models import Leerling
from swv_desktop.models import Opp
from swv_desktop.models import Uitkomst
from swv_desktop.models import Verwijdering
from swv_desktop.services import leerlingen
from swv_desktop.services import scholen
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.services.beschikkingen import uitgifte
from swv_desktop.services.bewaren import list_register
from swv_desktop.services.bewaren import purge
from swv_desktop.services.bewaren.plan import add_years
from swv_desktop.services.bewaren.register import parse_ranges
from swv_desktop.services.bewaren.register import ranges
from swv_desktop.services.verantwoording import betalingen
from swv_desktop.services.verantwoording.betalingen import BetalingInput

IBAN = "NL91ABNA0417164300"
NAMES = {"A": "Zwaantje", "B": "Ottoline", "C": "Barendina"}
SURNAME = "Bewaarmans"


def pupil(world, nummer: str, voornaam: str, achternaam: str = SURNAME) -> int:
    lid = leerlingen.save_leerling(
        world.db,
        world.contactpersoon,
        leerlingen.LeerlingInput(
            leerlingnummer=nummer,
            voornaam=voornaam,
            achternaam=achternaam,
            geboortedatum=date(2008, 3, 14),
            school_id=world.school_id,
            niveau="havo",
            leerjaar=2,
        ),
    )
    world.add_opp(
        lid,
        date(2021, 9, 1),
        "Coaching op planning.",
        vorige_versie=0,
        belemmerende_factoren=f"{voornaam} raakt overprikkeld in grote groepen.",
    )
    return lid


def award(world, leerling_id: int, cents: int = 400_000, *, pay: bool = True) -> int:
    """An issued award for the pupil, paid in full on 4 October 2021; the aanvraag id."""
    data = world.individual(leerling_id, cents, omschrijving="Coaching voor Zwaantje thuis")
    aid = world.ready_for_besluit(data)
    result = world.award(aid, Uitkomst.TOEGEKEND, cents, "Zwaantje heeft baat bij coaching.")
    uitgifte.issue_beschikking(world.db, world.directeur, result.beschikking_id)
    if pay:
        scholen.save_bestuur(
            world.db,
            world.secretariaat,
            scholen.BestuurInput("Stichting Testonderwijs", "41234", iban=IBAN, versie=1),
            world.bestuur_id,
        )
        betalingen.record_betaling(
            world.db, world.secretariaat, aid, BetalingInput(date(2021, 10, 4), cents, "BT-1")
        )
    return aid


@pytest.fixture
def three(world):
    """Pupil A with a paid award, B with a concept aanvraag, C with no aanvraag (2021-2022)."""
    a = pupil(world, "700001", NAMES["A"])
    b = pupil(world, "700002", NAMES["B"])
    c = pupil(world, "700003", NAMES["C"])
    aid = award(world, a)
    concept = aanvragen.create_aanvraag(
        world.db, world.contactpersoon, world.individual(b, 200_000)
    )
    return {"a": a, "b": b, "c": c, "award": aid, "concept": concept}


def count(world, model, *where) -> int:
    with world.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def everything_text(world) -> str:
    """Every text column of every table, as one string (to look for names)."""
    with world.db.read() as s:
        out = []
        for model in (Leerling, Opp, Aanvraag, Besluit, AuditEntry, Verwijdering):
            for row in s.scalars(select(model)):
                out.append(json.dumps({k: str(v) for k, v in vars(row).items() if k[0] != "_"}))
        return "\n".join(out)


def test_add_years_and_id_ranges():
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2022, 7, 31), -5) == date(2017, 7, 31)
    assert ranges([9, 1, 2, 3, 7, 10]) == "1-3,7,9-10"
    assert parse_ranges("1-3,7,9-10") == [1, 2, 3, 7, 9, 10]
    assert parse_ranges("") == [] and parse_ranges("x,3") == [3]


def test_nothing_passes_the_day_before_and_nothing_is_recorded(world, three):
    # C was entered on 4 October 2021 and never applied for: five years from that day
    world.clock.set_date(date(2026, 10, 4))
    audits = count(world, AuditEntry)
    result = purge(world.db, world.beheerder)
    assert result.niets and result.lines()[0].startswith("Niets")
    assert result.kop() == result.lines()[0]
    assert count(world, Leerling) == 3
    assert count(world, Verwijdering) == 0 and count(world, AuditEntry) == audits
    world.clock.set_date(date(2026, 10, 5))
    result = purge(world.db, world.beheerder)
    assert [(r.soort, r.aantal) for r in result.regels if r.soort == "leerling"] == [
        ("leerling", 1)
    ]
    assert result.kop() == "Toegepast: 2 nieuwe regels in het register."
    assert count(world, Leerling, Leerling.id == three["c"]) == 0
    # A and B applied in 2021-2022, which ended on 31 July 2022: five years after that day
    world.clock.set_date(date(2027, 7, 31))
    assert purge(world.db, world.beheerder).niets
    world.clock.set_date(date(2027, 8, 1))
    assert not purge(world.db, world.beheerder).niets
    assert count(world, Leerling) == 0


def test_pupil_term_deletes_pupils_and_keeps_the_award_pseudonymised(world, three):
    world.clock.set_date(date(2027, 8, 1))
    result = purge(world.db, world.contactpersoon)  # the window runs it for whoever signed in
    assert count(world, Leerling) == 0 and count(world, Opp) == 0
    assert count(world, Aanvraag, Aanvraag.id == three["concept"]) == 0  # never decided: gone
    with world.db.read() as s:
        kept = s.get(Aanvraag, three["award"])
        assert kept is not None and kept.leerling_id is None
        assert kept.omschrijving == "" and kept.gepseudonimiseerd_op == date(2027, 8, 1)
        besluit = s.scalars(select(Besluit).where(Besluit.aanvraag_id == kept.id)).one()
        assert besluit.toegekend_cents == 400_000 and besluit.motivering == ""
        letter = s.scalars(select(Beschikking).where(Beschikking.besluit_id == besluit.id)).one()
        assert letter.kenmerk and letter.sha256  # the letter the board got stays as sent
        assert s.scalar(select(func.sum(Betaling.bedrag_cents))) == 400_000
        assert kept.school_id == world.school_id
    text_now = everything_text(world)
    for name in (*NAMES.values(), SURNAME):
        assert name not in text_now
    steps = {(r.soort, r.handeling): r.aantal for r in result.regels}
    assert steps[("leerling", "verwijderd")] == 3
    assert steps[("aanvraag", "verwijderd")] == 1
    assert steps[("aanvraag", "gepseudonimiseerd")] == 1
    assert steps[("audit_entry", "gepseudonimiseerd")] >= 4
    register = list_register(world.db, world.beheerder)
    assert {r.door for r in register} == {world.contactpersoon.gebruikersnaam}
    assert all(r.intact and r.peildatum < date(2027, 8, 1) for r in register)
    # the purge is one audit entry with counts and the register's uids, no ids, no names
    with world.db.read() as s:
        na = s.scalars(select(AuditEntry.na).where(AuditEntry.entiteit == "bewaartermijnen")).one()
    assert json.loads(na)["stappen"]["leerling verwijderd"] == 3
    # a second run finds nothing more
    assert purge(world.db, world.beheerder).niets


def test_financial_term_keeps_the_paid_award_until_the_boekjaar_is_seven_years_over(world, three):
    world.clock.set_date(date(2029, 8, 1))  # aanvraag term over, payment of 2021: fiscal not
    purge(world.db, world.beheerder)
    assert count(world, Aanvraag, Aanvraag.id == three["award"]) == 1
    world.clock.set_date(date(2029, 12, 31))  # 31 Dec 2029: the last day
    assert purge(world.db, world.beheerder).niets
    world.clock.set_date(date(2030, 1, 1))
    result = purge(world.db, world.beheerder)
    assert count(world, Aanvraag) == 0 and count(world, Betaling) == 0
    assert count(world, Besluit) == 0 and count(world, Beschikking) == 0
    assert ("aanvraag", "verwijderd") in {(r.soort, r.handeling) for r in result.regels}
    assert check_database(world.db.target, keys=world.db.keys).ok


def test_an_unpaid_refusal_goes_at_the_aanvraag_term(world):
    lid = pupil(world, "700010", "Hendrikje")
    aid = world.ready_for_besluit(world.individual(lid, 300_000))
    world.award(aid, Uitkomst.AFGEWEZEN, 0, "Didactisch.")
    world.clock.set_date(date(2029, 7, 31))
    purge(world.db, world.beheerder)
    assert count(world, Aanvraag) == 1  # pseudonymised at the pupil term, kept for 7 years
    world.clock.set_date(date(2029, 8, 1))
    purge(world.db, world.beheerder)
    assert count(world, Aanvraag) == 0 and count(world, Besluit) == 0


def test_a_group_award_keeps_its_number_of_pupils(world):
    ids = [pupil(world, f"71000{i}", f"Groepje{i}") for i in range(5)]
    aid = world.ready_for_besluit(world.group(ids))
    result = world.award(aid, Uitkomst.TOEGEKEND, 2_000_000, "Goed plan.")
    uitgifte.issue_beschikking(world.db, world.directeur, result.beschikking_id)
    world.clock.set_date(date(2027, 8, 1))
    purge(world.db, world.beheerder)
    with world.db.read() as s:
        plan = s.scalars(select(Groepsplan).where(Groepsplan.aanvraag_id == aid)).one()
        assert plan.deelnemers == [] and plan.deelnemers_verwijderd == 5
    assert count(world, Leerling) == 0
    assert check_database(world.db.target, keys=world.db.keys).ok


def test_audit_entries_past_their_term_go(world, three):
    world.clock.set_date(date(2028, 10, 4))  # 7 years after the world was made (4 Oct 2021)
    first_run = purge(world.db, world.beheerder).regels
    assert ("audit_entry", "verwijderd") not in {(r.soort, r.handeling) for r in first_run}
    with world.db.read() as s:
        old = [e.id for e in s.scalars(select(AuditEntry)) if e.op.date() < date(2021, 10, 5)]
    first, last = min(old), max(old)
    world.clock.set_date(date(2028, 10, 5))
    result = purge(world.db, world.beheerder)
    line = next(r for r in result.regels if (r.soort, r.handeling) == ("audit_entry", "verwijderd"))
    assert (line.eerste_id, line.laatste_id) == (first, last) and line.ids == f"{first}-{last}"
    with world.db.read() as s:  # what is left: the entries of the two purges
        assert {e.op.date() for e in s.scalars(select(AuditEntry))} == {
            date(2028, 10, 4),
            date(2028, 10, 5),
        }


def test_a_failing_step_leaves_everything_as_it_was(world, three, backend):
    """A real refusal by the database in the middle of the purge (a trigger on the pupils)."""
    with world.db.transaction() as s:
        if backend == "sqlite":
            s.execute(
                text(
                    "CREATE TRIGGER nee BEFORE DELETE ON leerling "
                    "BEGIN SELECT RAISE(ABORT, 'niet verwijderen'); END"
                )
            )
        else:
            s.execute(
                text(
                    "CREATE FUNCTION nee() RETURNS trigger AS $$ BEGIN "
                    "RAISE EXCEPTION 'niet verwijderen'; END $$ LANGUAGE plpgsql"
                )
            )
            s.execute(
                text(
                    "CREATE TRIGGER nee BEFORE DELETE ON leerling FOR EACH ROW EXECUTE FUNCTION nee()"
                )
            )
    before = everything_text(world)
    world.clock.set_date(date(2027, 8, 1))
    with pytest.raises(KnownError):
        purge(world.db, world.beheerder)
    assert everything_text(world) == before
    assert count(world, Verwijdering) == 0


def test_a_trial_run_says_what_would_go_and_changes_nothing(world, three):
    world.clock.set_date(date(2027, 8, 1))
    before = everything_text(world)
    result = purge(world.db, world.beheerder, proef=True)
    assert result.proef and any("worden verwijderd" in line for line in result.lines())
    assert everything_text(world) == before


def test_only_beheerder_and_programmadirecteur_read_the_register(world):
    for actor in (world.beheerder, world.directeur):
        assert list_register(world.db, actor) == []
    for actor in (world.contactpersoon, world.secretariaat):
        with pytest.raises(KnownError):
            list_register(world.db, actor)
