"""Encryption at rest: key slots (wrong password, password change, removed user, recovery key),
the keyed connection (wrong key apart from damaged), conversion of a plaintext database, and the
throttle that survives a restart. Real files, real SQLCipher, real Argon2id (light setting; the
production setting once)."""

from __future__ import annotations

import json
import shutil
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from keyed import first_run
from keyed import first_run_on
from loaded import save_account
from sqlalchemy import select
from world import FakeClock

from swv_desktop import backups
from swv_desktop.db import Database
from swv_desktop.encryption import connect as cipher
from swv_desktop.encryption.keyslots import KeyFile
from swv_desktop.encryption.keyslots import KeyRing
from swv_desktop.encryption.keyslots import new_key_file
from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.encryption.slotcrypto import PRODUCTION_KDF
from swv_desktop.encryption.slotcrypto import TEST_KDF
from swv_desktop.encryption.slotcrypto import new_data_key
from swv_desktop.errors import DatabaseError
from swv_desktop.errors import ValidationError
from swv_desktop.errors import WrongKey
from swv_desktop.errors import WrongPassword
from swv_desktop.models import Gebruiker
from swv_desktop.models import Rol
from swv_desktop.opening import open_database
from swv_desktop.paths import backup_dir
from swv_desktop.services import auth
from swv_desktop.services.common import Actor
from swv_desktop.services.toegang import FREE_ATTEMPTS
from swv_desktop.services.toegang import Gate
from swv_desktop.services.toegang import PersistentThrottle
from swv_desktop.services.toegang import Throttled

PW = "een-goed-wachtwoord"


def set_up(tmp_path: Path, clock: FakeClock) -> tuple[Gate, Database]:
    """A new encrypted database through the first run, with a beheerder 'beheer'."""
    return first_run(tmp_path, clock, PW)


def beheerder(db: Database):  # noqa: ANN201 - an Actor
    return auth.authenticate(db, "beheer", PW)


def _new_user(
    db: Database, actor: Actor, login: str, naam: str, rol: Rol, wachtwoord: str
) -> auth.UserRow:
    """The beheerder adds an account (the user row as the list shows it)."""
    return auth.create_user(
        db, actor, gebruikersnaam=login, volledige_naam=naam, rol=rol, wachtwoord=wachtwoord
    )


def test_a_slot_opens_with_its_password_only(tmp_path: Path) -> None:
    key = new_data_key()
    kf = new_key_file(tmp_path / "x.db", "SWV", TEST_KDF)
    kf.set_password_slot("Anna", "wachtwoord-van-anna", key)
    kf.save()
    loaded = KeyFile.load(sidecar_path(tmp_path / "x.db"))
    assert loaded.unlock("anna", "wachtwoord-van-anna") == [key]
    with pytest.raises(WrongPassword, match="Gebruikersnaam of wachtwoord is onjuist"):
        loaded.unlock("anna", "wachtwoord-van-ann")
    with pytest.raises(WrongPassword):
        loaded.unlock("niemand", "wachtwoord-van-anna")
    # the sidecar shows the organisation and account names, and no key or password
    text = sidecar_path(tmp_path / "x.db").read_text()
    data = json.loads(text)
    assert set(data) == {"formaat", "versie", "database_id", "organisatie", "kdf", "slots"}
    assert loaded.account_names() == ["Anna"] and loaded.organisatie == "SWV"
    assert key.hex() not in text and "wachtwoord-van-anna" not in text
    mode = stat.S_IMODE(sidecar_path(tmp_path / "x.db").stat().st_mode)
    assert mode == 0o600


def test_production_kdf_setting_once(tmp_path: Path) -> None:
    key = new_data_key()
    kf = new_key_file(tmp_path / "x.db", kdf=PRODUCTION_KDF)
    kf.set_password_slot("anna", PW, key)
    assert kf.slots["anna"]["kdf"] == {"t": 3, "m": 131072, "p": 2}
    assert kf.unlock("anna", PW) == [key]


def test_new_database_is_encrypted_and_signs_in(tmp_path: Path, clock: FakeClock) -> None:
    gate, db = set_up(tmp_path, clock)
    assert cipher.file_kind(db.path) == "encrypted"
    assert stat.S_IMODE(db.path.stat().st_mode) == 0o600
    gate.sign_out()
    again = Gate(db.path, clock=clock)
    assert again.organisatie == "SWV VO Testregio" and again.accounts == ["beheer"]
    actor = again.sign_in("beheer", PW)
    assert actor.rol is Rol.BEHEERDER
    again.sign_out()
    with pytest.raises(WrongPassword):
        Gate(db.path, clock=clock).sign_in("beheer", "fout-wachtwoord")


def test_wrong_key_is_its_own_message_apart_from_damaged(tmp_path: Path, clock: FakeClock) -> None:
    gate, db = set_up(tmp_path, clock)
    gate.sign_out()
    stranger = KeyRing(file=KeyFile.load(sidecar_path(db.path)), candidates=[new_data_key()])
    with pytest.raises(WrongKey, match="De sleutel past niet"):
        open_database(db.path, keys=stranger)
    garbage = tmp_path / "kapot.db"
    garbage.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(DatabaseError) as caught:
        open_database(garbage)
    assert not isinstance(caught.value, WrongKey)


def test_password_change_rewrites_one_slot(tmp_path: Path, clock: FakeClock) -> None:
    gate, db = set_up(tmp_path, clock)
    actor = beheerder(db)
    row = _new_user(db, actor, "cp", "Cas Contact", Rol.CONTACTPERSOON, "eerste-wachtwoord")
    before = json.loads(sidecar_path(db.path).read_text())["slots"]
    save_account(db, actor, row, actief=True, nieuw_wachtwoord="tweede-wachtwoord")
    after = json.loads(sidecar_path(db.path).read_text())["slots"]
    assert after["beheer"] == before["beheer"]
    assert after["cp"] != before["cp"]
    kf = KeyFile.load(sidecar_path(db.path))
    with pytest.raises(WrongPassword):
        kf.unlock("cp", "eerste-wachtwoord")
    assert kf.unlock("cp", "tweede-wachtwoord") == [db.keys.data_key]
    gate.sign_out()


def test_removed_user_old_slot_opens_nothing(tmp_path: Path, clock: FakeClock) -> None:
    gate, db = set_up(tmp_path, clock)
    actor = beheerder(db)
    row = _new_user(db, actor, "weg", "Wim Weg", Rol.SECRETARIAAT, "wachtwoord-van-wim")
    # the backups beside the database are re-keyed too
    old_backup = backups.make_backup(db.path, "handmatig", clock=clock, key=db.key).path
    stolen = tmp_path / "gestolen.sleutels"
    shutil.copy(sidecar_path(db.path), stolen)
    save_account(db, actor, row, actief=False)
    old_key = KeyFile.load(stolen).unlock("weg", "wachtwoord-van-wim")[0]
    assert not cipher.opens_with(db.path, old_key)
    assert not cipher.opens_with(old_backup, old_key)
    assert not KeyFile.load(sidecar_path(db.path)).has_slot("weg")
    # the database keeps working in this session, and the others still get in
    assert [u.gebruikersnaam for u in auth.list_users(db, actor)] == ["beheer", "weg"]
    gate.sign_out()
    fresh = Gate(db.path, clock=clock)
    assert fresh.sign_in("beheer", PW).rol is Rol.BEHEERDER
    assert cipher.opens_with(old_backup, fresh.db.keys.data_key)
    # switching the account on again needs a new password (the old slot is gone)
    with pytest.raises(ValidationError, match="nieuw wachtwoord"):
        versie = next(u for u in auth.list_users(fresh.db, actor) if u.id == row.id).versie
        save_account(fresh.db, actor, row, actief=True, versie=versie)
    fresh.sign_out()


def test_interrupted_rekey_is_finished_at_the_next_open(tmp_path: Path, clock: FakeClock) -> None:
    gate, db = set_up(tmp_path, clock)
    old, new = db.keys.data_key, new_data_key()
    db.keys.file.reseal([new, old], old)  # step 1 of a re-key, then the laptop died
    db.keys.file.save()
    gate.sign_out()
    fresh = Gate(db.path, clock=clock)
    fresh.sign_in("beheer", PW)
    assert fresh.db.keys.candidates == [new]
    assert cipher.opens_with(db.path, new) and not cipher.opens_with(db.path, old)
    assert len(KeyFile.load(sidecar_path(db.path)).slots["beheer"]["sleutels"]) == 1
    fresh.sign_out()


def test_recovery_key_shown_once_and_resets_a_password(tmp_path: Path, clock: FakeClock) -> None:
    gate, db = set_up(tmp_path, clock)
    actor = beheerder(db)
    from swv_desktop.services import sleutels

    recovery = sleutels.take_recovery_key(db, actor)
    assert recovery is not None and len(recovery.replace("-", "")) == 52
    assert sleutels.take_recovery_key(db, actor) is None
    assert recovery not in sidecar_path(db.path).read_text()
    gate.sign_out()
    lost = Gate(db.path, clock=clock)
    with pytest.raises(WrongPassword, match="herstelsleutel"):
        lost.recover(recovery[:-4] + "AAAA", "beheer", "nieuw-wachtwoord-1")
    lost.recover(recovery.lower(), "beheer", "nieuw-wachtwoord-1")
    lost.sign_out()
    again = Gate(db.path, clock=clock)
    with pytest.raises(WrongPassword):
        again.sign_in("beheer", PW)
    assert again.sign_in("beheer", "nieuw-wachtwoord-1").gebruikersnaam == "beheer"
    again.sign_out()


def test_plaintext_database_is_converted(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "oud.db"
    plain = open_database(path, clock=clock)  # as a version before encryption wrote it
    actor = first_run_on(plain, PW, "SWV Oud")
    _new_user(plain, actor, "Cp", "Zeldzame Naamdrager", Rol.CONTACTPERSOON, "wachtwoord-van-cp")
    old_backup = backups.make_backup(path, "oud", clock=clock).path
    plain.close()
    assert b"Zeldzame Naamdrager" in path.read_bytes()

    gate = Gate(path, clock=clock)
    assert gate.converted and cipher.file_kind(path) == "encrypted"
    assert gate.accounts == ["beheer", "Cp"] and gate.organisatie == "SWV Oud"
    assert not old_backup.exists()
    kept = list(backup_dir(path).glob("*.db"))
    assert [b.name for b in kept] == ["oud-20211004-093000-voor-versleuteling.db"]
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.is_file())
    assert leftovers == ["oud.db", "oud.db.sleutels"]
    for file in [path, *kept]:
        assert b"Zeldzame Naamdrager" not in file.read_bytes()
        assert cipher.file_kind(file) == "encrypted"
    # everyone signs in with the password she had; the legacy slot becomes a normal one
    assert gate.sign_in("cp", "wachtwoord-van-cp").naam == "Zeldzame Naamdrager"
    assert not KeyFile.load(sidecar_path(path)).is_legacy("cp")
    with gate.db.read() as s:
        assert sorted(s.scalars(select(Gebruiker.gebruikersnaam))) == ["Cp", "beheer"]
    assert cipher.opens_with(kept[0], gate.db.keys.data_key)
    gate.sign_out()


def test_throttle_grows_after_five_failures_and_survives_a_restart(
    tmp_path: Path, clock: FakeClock
) -> None:
    gate, db = set_up(tmp_path, clock)
    gate.sign_out()
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(WrongPassword):
            Gate(db.path, clock=clock).sign_in("beheer", "fout")
    restarted = Gate(db.path, clock=clock)  # a new process reads the counts from the file
    assert restarted.throttle.delay_for("beheer") == 2.0
    with pytest.raises(Throttled, match="over 2 seconden"):
        restarted.sign_in("beheer", PW)  # even the right password waits
    clock.now += timedelta(seconds=2)
    with pytest.raises(WrongPassword):
        restarted.sign_in("beheer", "fout")
    assert PersistentThrottle.beside(db.path, clock).delay_for("beheer") == 4.0
    clock.now += timedelta(seconds=4)
    assert restarted.sign_in("beheer", PW).gebruikersnaam == "beheer"
    assert PersistentThrottle.beside(db.path, clock).failures("beheer") == 0
    restarted.sign_out()
