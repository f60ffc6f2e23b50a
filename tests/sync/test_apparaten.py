"""Devices on a real team (PostgreSQL, a server process, encrypted replicas): registered at the
first sign-in, revoked by the beheerder (the laptop wipes its replica at its next contact), a
deactivated account wiped the same way, the lock after a period without contact, a password
changed on the server, and the one-time recovery code. Offline is the server process stopped."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text

from swv_desktop.encryption.keyslots import KeyFile
from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.errors import AuthenticationFailed
from swv_desktop.errors import KeyFileError
from swv_desktop.errors import KnownError
from swv_desktop.errors import PermissionDenied
from swv_desktop.models import Rol
from swv_desktop.models import SyncApparaat
from swv_desktop.models import SyncSessie
from swv_desktop.services import apparaten
from swv_desktop.services import scholen
from swv_desktop.sync import apparaat
from swv_desktop.sync import replica
from swv_desktop.sync.client import Connection
from swv_desktop.sync.client import Laptop
from swv_desktop.sync.client import Refused
from swv_desktop.sync.client import open_replica

from .accounts import change_account
from .accounts import create_account
from .harness import PASSWORD
from .harness import Team

NEW_PASSWORD = "nieuw-wachtwoord-42"


def _first_round(team: Team, login: str, *, keep_open: bool = False) -> tuple[Path, Laptop]:
    """A new secretariaat account ``login`` whose laptop made its first round (then closed,
    unless ``keep_open``); the replica's path and the laptop."""
    create_account(team.db, team.actors["beheerder"], login, Rol.SECRETARIAAT, PASSWORD)
    laptop = team.laptop(login)
    assert laptop.sync_round().error == ""
    if not keep_open:
        laptop.close()
    return team.folder / f"{login}.db", laptop


def _device(team: Team, path: Path | int) -> SyncApparaat:
    with team.db.read() as session:
        if isinstance(path, int):
            row = session.get_one(SyncApparaat, path)
        else:
            wanted = apparaat.identity(path)["uuid"]
            row = session.scalars(select(SyncApparaat).where(SyncApparaat.uuid == wanted)).one()
        session.expunge(row)
        return row


def _files(path: Path) -> list[Path]:
    names = [path, Path(f"{path}-wal"), Path(f"{path}-shm"), sidecar_path(path)]
    return [*names, apparaat.identity_path(path)]


def _open(team: Team, path: Path, user: str, password: str = PASSWORD) -> Laptop:
    return Laptop.open(path, team.server.address, user, password)


def _waiting(path: Path, user: str, password: str) -> int:
    db = open_replica(path, user, password)
    try:
        with db.read() as session:
            return int(
                session.execute(
                    text("SELECT count(*) FROM sync_laptop_opdracht WHERE status = 'wacht'")
                ).scalar_one()
            )
    finally:
        db.close()


def test_revoked_device_is_wiped_and_a_second_device_keeps_working(online: Team) -> None:
    team = online
    lost, other = team.folder / "cp1-kwijt.db", team.folder / "cp1-thuis.db"
    a, b = team.laptop("cp1", "cp1-kwijt"), team.laptop("cp1", "cp1-thuis")
    assert a.sync_round().error == "" and b.sync_round().error == ""
    listed = apparaten.list_apparaten(team.db, team.actors["beheerder"])
    mine = {r.id for r in listed if r.gebruikersnaam == "cp1" and r.ingetrokken_op is None}
    device = _device(team, lost)
    assert device.id in mine and _device(team, other).id in mine
    assert device.sleutel  # the replica's device slot: its secret is on the server
    assert {r.naam for r in listed} == {apparaat.host_name()}
    with team.db.read() as session:
        assert session.scalar(
            select(func.count()).where(SyncSessie.apparaat_id == device.id)
        )  # the sessions belong to the device

    apparaten.revoke_apparaat(team.db, team.actors["beheerder"], device.id)
    with pytest.raises(Refused) as ended:  # its session ended at once
        a.connection.call("/ophalen", {"cursor": 0, "scope": None})
    assert ended.value.status == 401
    with pytest.raises(apparaat.ReplicaWiped, match="ingetrokken"):
        a.sync_round()
    assert [p for p in _files(lost) if p.exists()] == []
    with pytest.raises(KeyFileError):
        KeyFile.load(sidecar_path(lost))
    revoked = _device(team, device.id)
    assert revoked.ingetrokken_op is not None and revoked.sleutel == ""
    assert revoked.ingetrokken_door_id == team.actors["beheerder"].id
    with pytest.raises(KnownError, match="al ingetrokken"):
        apparaten.revoke_apparaat(team.db, team.actors["beheerder"], device.id)

    result = b.sync_round()  # the same user's other laptop
    assert result.error == "" and b.online
    b.close()
    b = _open(team, other, "cp1")
    assert b.sync_round().error == ""
    b.close()


def test_a_deactivated_account_is_wiped_at_the_next_contact(online: Team) -> None:
    team = online
    path, _ = _first_round(team, "weg1")
    change_account(team.db, team.actors["beheerder"], "weg1", actief=False)
    with pytest.raises(apparaat.ReplicaWiped, match="uitgeschakeld"):
        _open(team, path, "weg1")
    assert [p for p in _files(path) if p.exists()] == []


def test_scope_only_the_beheerder_lists_revokes_and_makes_codes(online: Team) -> None:
    team = online
    for who in ("cp1", "directeur", "secretariaat"):
        with pytest.raises(PermissionDenied):
            apparaten.list_apparaten(team.db, team.actors[who])
        with pytest.raises(PermissionDenied):
            apparaten.revoke_apparaat(team.db, team.actors[who], 1)
        with pytest.raises(PermissionDenied):
            apparaten.make_recovery_code(team.db, team.actors[who], 1)


def test_lock_after_too_long_without_contact(online: Team) -> None:
    team = online
    path, laptop = _first_round(team, "weg2", keep_open=True)
    sec = laptop.actor
    team.server.stop()
    scholen.save_bestuur(laptop.db, sec, scholen.BestuurInput("Stichting Offline", "49999"))
    now = laptop.db.clock()
    assert apparaat.locked_since(laptop.db, now + timedelta(days=29)) is None
    refusal = apparaat.locked_since(laptop.db, now + timedelta(days=31))
    assert refusal is not None and "30 dagen" in refusal and "blijft bewaard" in refusal
    with laptop.db.transaction() as session:  # the clock moved 31 days on
        back = (now - timedelta(days=31)).isoformat()
        replica.set_state(session, {apparaat.CONTACT_KEY: back})
    laptop.close()
    with pytest.raises(apparaat.ReplicaLocked, match="geen verbinding meer"):
        _open(team, path, "weg2")
    assert path.exists() and _waiting(path, "weg2", PASSWORD) == 1  # the outbox is kept
    team.server.start()
    laptop = _open(team, path, "weg2")  # reached the server: open again, the change goes out
    result = laptop.sync_round()
    assert result.error == "" and result.accepted == 1
    assert apparaat.locked_since(laptop.db, laptop.db.clock()) is None
    laptop.close()


def test_password_changed_on_the_server_rewraps_the_key_slot(online: Team) -> None:
    team = online
    path, _ = _first_round(team, "pw1")
    change_account(team.db, team.actors["beheerder"], "pw1", nieuw_wachtwoord=NEW_PASSWORD)
    with pytest.raises(Refused, match="onjuist"):  # the old one no longer passes the server
        _open(team, path, "pw1", PASSWORD)
    laptop = _open(team, path, "pw1", NEW_PASSWORD)
    assert laptop.sync_round().error == ""
    laptop.close()
    team.server.stop()  # offline: the key slot now takes the new password, not the old one
    laptop = _open(team, path, "pw1", NEW_PASSWORD)
    assert laptop.online is None or laptop.online is False
    laptop.close()
    with pytest.raises(AuthenticationFailed, match="nieuwe wachtwoord"):
        _open(team, path, "pw1", PASSWORD)
    team.server.start()


def test_recovery_code_sets_a_new_password_and_keeps_the_outbox(online: Team) -> None:
    team = online
    path, laptop = _first_round(team, "pw2", keep_open=True)
    team.server.stop()  # at a school; she records something, then forgets her password
    scholen.save_bestuur(laptop.db, laptop.actor, scholen.BestuurInput("Stichting Weg", "48888"))
    laptop.close()
    team.server.start()
    device = _device(team, path)
    code = apparaten.make_recovery_code(team.db, team.actors["beheerder"], device.id)
    listed = {r.id: r for r in apparaten.list_apparaten(team.db, team.actors["beheerder"])}
    assert listed[device.id].herstelcode_tot is not None
    connection = Connection(team.server.address)
    with pytest.raises(KnownError, match="herstelcode is onjuist"):
        apparaat.recover(path, connection, "pw2", "AAAA-BBBB-CCCC", NEW_PASSWORD)
    apparaat.recover(path, connection, "pw2", code.lower().replace("-", " "), NEW_PASSWORD)
    with pytest.raises(KnownError, match="herstelcode is onjuist"):  # one time only
        apparaat.recover(path, connection, "pw2", code, "nog-een-wachtwoord-9")
    assert _waiting(path, "pw2", NEW_PASSWORD) == 1  # the outbox is kept
    laptop = _open(team, path, "pw2", NEW_PASSWORD)  # the server takes the new one too
    result = laptop.sync_round()
    assert result.error == "" and result.accepted == 1
    laptop.close()
    with team.db.read() as session:
        entry = session.execute(
            text("SELECT actie FROM audit_entry WHERE actie = 'wachtwoord hersteld'")
        ).first()
    assert entry is not None
    assert json.dumps(code) not in (team.server.log.read_text())  # never in the log


def test_two_users_on_one_laptop_get_their_own_replica(tmp_path: Path) -> None:
    one = apparaat.replica_path(tmp_path, "cp1")
    two = apparaat.replica_path(tmp_path, "Kees.Contact")
    assert one != two and one.parent == two.parent == tmp_path
    assert two.name == "team-replica-kees.contact.db"


def test_the_sign_in_window_takes_a_password_changed_on_the_server(online: Team) -> None:
    from swv_desktop.services.toegang import Gate

    team = online
    path, _ = _first_round(team, "pw3")
    assert apparaat.server_of(path) == team.server.address
    change_account(team.db, team.actors["beheerder"], "pw3", nieuw_wachtwoord=NEW_PASSWORD)
    gate = Gate(path)
    actor = apparaat.window_sign_in(gate, "pw3", NEW_PASSWORD)
    assert actor.gebruikersnaam == "pw3"
    gate.sign_out()
    team.server.stop()
    gate = Gate(path)  # offline now: the key slot itself takes the new password
    assert gate.sign_in("pw3", NEW_PASSWORD).gebruikersnaam == "pw3"
    gate.sign_out()
    with pytest.raises(AuthenticationFailed, match="verbinding"):
        apparaat.window_sign_in(Gate(path), "pw3", "verkeerd-wachtwoord-1")
    team.server.start()


def test_a_beheerder_on_a_team_laptop_lists_and_revokes_through_the_server(online: Team) -> None:
    team = online
    target = team.folder / "cp2-via-laptop.db"
    other = team.laptop("cp2", "cp2-via-laptop")
    assert other.sync_round().error == ""
    beheer = team.laptop("beheerder", "beheerder-laptop")
    assert beheer.sync_round().error == ""
    with beheer.db.read() as session:  # the replica holds no device rows
        assert session.scalar(select(func.count()).select_from(SyncApparaat)) == 0
    rows = apparaat.list_remote(beheer.connection)
    device = next(r for r in rows if r.id == _device(team, target).id)
    assert device.gebruikersnaam == "cp2" and device.ingetrokken_op is None
    code = apparaten.make_recovery_code(beheer.db, beheer.actor, device.id)  # sent at once
    assert len(apparaten.normal_code(code)) == 12
    with team.db.read() as session:  # the code is answered once, never kept with the command
        kept = (
            session.execute(
                text("SELECT antwoord FROM sync_opdracht WHERE naam = 'apparaat.herstelcode'")
            )
            .scalars()
            .all()
        )
    assert kept and not any(code in answer for answer in kept)
    apparaten.revoke_apparaat(beheer.db, beheer.actor, device.id)
    assert _device(team, device.id).ingetrokken_op is not None
    with pytest.raises(apparaat.ReplicaWiped):
        other.sync_round()
    cp = team.laptop("cp1", "cp1-vraagt")
    with pytest.raises(Refused) as refused:  # a contactpersoon gets no list from the server
        apparaat.list_remote(cp.connection)
    assert refused.value.status == 403
    cp.close()
    beheer.close()
