"""The tamper-evident audit trail: ``check`` finds each kind of tampering in the database."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from swv_desktop.check.database import check_database
from swv_desktop.encryption import auditketen
from swv_desktop.models import Uitkomst
from swv_desktop.services.beschikkingen.uitgifte import issue_beschikking

pytestmark = pytest.mark.usefixtures("world")


@pytest.fixture
def audit_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """On PostgreSQL the chain's key comes from the server's environment."""
    monkeypatch.setenv(auditketen.AUDIT_KEY_ENV, "00112233445566778899aabbccddeeff")


def _awarded(world) -> int:
    aid = world.ready_for_besluit(world.individual(world.add_leerling("K0001"), 100_000))
    result = world.award(aid, Uitkomst.TOEGEKEND, 100_000, "Voldoet aan alle voorwaarden.")
    issue_beschikking(world.db, world.directeur, result.beschikking_id)
    return result.besluit_id


def _check(world) -> str:
    target = world.db.path or world.db.target
    report = check_database(target, keys=world.db.keys)
    return "\n".join(report.lines)


def _sql(world, statements: str) -> None:
    with world.db.engine.begin() as conn:
        for statement in statements.split(";"):
            conn.execute(text(statement))


def test_an_untouched_trail_passes(world, audit_key) -> None:
    _awarded(world)
    out = _check(world)
    assert "De audittrail is ongeschonden" in out
    assert "Elk besluit komt overeen met zijn uitgegeven beschikking" in out


@pytest.mark.parametrize(
    "tamper, found",
    [
        ("UPDATE audit_entry SET actie = 'bekeken' WHERE volgnr = 3", "gewijzigd, verplaatst"),
        (
            "UPDATE audit_entry SET gebruiker_id = NULL, gebruikersnaam = 'iemand-anders' "
            "WHERE volgnr = 2",
            "gewijzigd",
        ),
        ("DELETE FROM audit_entry WHERE volgnr = 4", "verwijderd (volgnummer 4 ontbreekt)"),
        (
            "UPDATE audit_entry SET volgnr = -1 WHERE volgnr = 2;"
            "UPDATE audit_entry SET volgnr = 2 WHERE volgnr = 3;"
            "UPDATE audit_entry SET volgnr = 3 WHERE volgnr = -1",
            "gewijzigd, verplaatst",
        ),
        (
            "INSERT INTO audit_entry (op, gebruikersnaam, entiteit, actie, voor, na) "
            "SELECT op, gebruikersnaam, entiteit, 'gewijzigd', '', '' FROM audit_entry "
            "WHERE volgnr = 1",
            "buiten de keten ingevoegd",
        ),
        ("UPDATE besluit SET toegekend_cents = 790000", "wijken af van hun uitgegeven beschikking"),
        (
            "UPDATE besluit SET besloten_door_id = (SELECT id FROM gebruiker "
            "WHERE gebruikersnaam = 'contactpersoon')",
            "wijken af van hun uitgegeven beschikking",
        ),
    ],
    ids=["edited", "re-attributed", "deleted", "reordered", "inserted", "award", "decider"],
)
def test_check_finds_tampering(world, audit_key, tamper: str, found: str) -> None:
    _awarded(world)
    _sql(world, tamper)
    out = _check(world)
    assert found in out, out
    assert "Geen bevindingen" not in out


def test_a_chain_recomputed_without_the_key_is_found(world, audit_key) -> None:
    _awarded(world)
    with world.db.engine.begin() as conn:
        rows = conn.execute(
            text("SELECT id, volgnr FROM audit_entry WHERE volgnr IS NOT NULL ORDER BY volgnr")
        ).all()
        previous = ""
        for ident, volgnr in rows:  # a forger who knows the method but not the key
            link = auditketen.link(b"geraden sleutel", previous, volgnr, ["x"])
            conn.execute(
                text("UPDATE audit_entry SET keten = :k WHERE id = :i"), {"k": link, "i": ident}
            )
            previous = link
    assert "herberekend" in _check(world)


@pytest.fixture
def server_anchor(world, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """On PostgreSQL the anchor is a file on the server that ``SWV_AUDIT_ANCHOR`` names."""
    if world.db.path is None:
        monkeypatch.setenv(auditketen.ANCHOR_ENV, str(tmp_path / "server.auditketen"))


def test_cutting_off_the_newest_entries_is_found(world, audit_key, server_anchor) -> None:
    _awarded(world)
    _sql(world, "DELETE FROM audit_entry WHERE volgnr > 3")
    assert "ontbreken (afgekapt na volgnummer 3" in _check(world)


def test_a_server_without_an_anchor_says_cut_offs_cannot_be_seen(world, audit_key) -> None:
    if world.db.path is not None:
        pytest.skip("a SQLite file always has its anchor beside it")
    _awarded(world)
    assert "Er is geen anker van de audittrail ingesteld (SWV_AUDIT_ANCHOR" in _check(world)


def test_the_purge_may_empty_copies_and_remove_the_oldest_entries(world, audit_key) -> None:
    """What the purge does to the log (empty the copies of deleted records, remove entries past
    the term) keeps the chain closed; editing a copy instead of emptying it does not."""
    _awarded(world)
    _sql(world, "UPDATE audit_entry SET voor = '', na = '' WHERE volgnr IN (2, 3)")
    out = _check(world)
    assert "De audittrail is ongeschonden" in out and "2 regel(s) is de inhoud" in out, out
    _sql(world, "DELETE FROM audit_entry WHERE volgnr <= 2")
    out = _check(world)
    assert "De audittrail is ongeschonden" in out and "begint bij volgnummer 3" in out, out
    _sql(world, "UPDATE audit_entry SET na = '{\"bedrag\": 1}' WHERE volgnr = 4")
    assert "gewijzigd, verplaatst" in _check(world)


def test_audit_entries_keep_what_changed_not_whole_texts(world) -> None:
    from swv_desktop.services.common import changes

    long = "Training sociale vaardigheden. " * 20
    voor, na = changes({"a": 1, "b": "x", "c": long}, {"a": 1, "b": "y", "c": long + "!"})
    assert set(voor) == set(na) == {"b", "c"}
    assert na["c"].startswith("<tekst van ") and long not in na["c"]


def _settled(world) -> str:
    """A paid, accounted award, settled with its letter issued; the settlement's kenmerk."""
    from dataclasses import replace
    from datetime import date

    from swv_desktop.models import Afwikkeling
    from swv_desktop.models import Besluit
    from swv_desktop.services import scholen
    from swv_desktop.services.verantwoording import betalingen
    from swv_desktop.services.verantwoording import use_cases as geld

    besluit_id = _awarded(world)
    with world.db.read() as s:
        aid = s.get(Besluit, besluit_id).aanvraag_id
    day = date(2021, 10, 4)
    bestuur = scholen.get_bestuur(world.db, world.bestuur_id)
    scholen.save_bestuur(
        world.db, world.secretariaat, replace(bestuur, iban="NL91ABNA0417164300"), world.bestuur_id
    )
    betalingen.record_betaling(
        world.db, world.secretariaat, aid, betalingen.BetalingInput(day, 100_000)
    )
    betalingen.save_verantwoording(
        world.db,
        world.contactpersoon,
        aid,
        betalingen.VerantwoordingInput(day, ondersteuning_cents=80_000, gecontroleerd_op=day),
    )
    vid = geld.vaststellen(
        world.db, world.directeur, aid, geld.VaststellingInput(day, Afwikkeling.TERUGBETALEN)
    ).vaststelling_id
    return geld.issue_vaststelling(world.db, world.directeur, vid)


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE vaststelling SET vastgesteld_cents = 100000, terug_cents = 0",
        "UPDATE vaststelling SET afwikkeling = 'verrekenen'",
        "UPDATE vaststelling SET vastgesteld_door_id = (SELECT id FROM gebruiker "
        "WHERE gebruikersnaam = 'contactpersoon')",
    ],
    ids=["amount", "settled-how", "settled-by"],
)
def test_check_finds_a_settlement_changed_after_its_letter(world, audit_key, tamper: str) -> None:
    kenmerk = _settled(world)
    assert "Elke vaststelling komt overeen met haar uitgegeven vaststellingsbrief" in _check(world)
    _sql(world, tamper)
    out = _check(world)
    assert "1 vaststelling(en) wijken af van hun uitgegeven vaststellingsbrief" in out, out
    assert kenmerk in out
