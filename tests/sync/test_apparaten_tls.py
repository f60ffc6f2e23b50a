"""Devices and trust over HTTPS with a real certificate (``tests/sync/tls.py``): the team's
PostgreSQL database served by ``swv-desktop server --certfile --keyfile``, laptops with real
encrypted replicas, and the beheerder working from her own laptop (her revocations, account
changes and school assignments reach the server as commands). A wipe is checked on what is
left in the replica's own blocks on disk (hard links taken before), not only on file names."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.errors import AuthenticationFailed
from swv_desktop.errors import KnownError
from swv_desktop.models import Rol
from swv_desktop.models import School
from swv_desktop.models import SyncApparaat
from swv_desktop.services import apparaten
from swv_desktop.services import scholen
from swv_desktop.sync import aansluiten
from swv_desktop.sync import apparaat
from swv_desktop.sync import replica
from swv_desktop.sync import trust
from swv_desktop.sync.client import Laptop
from swv_desktop.sync.client import Refused
from swv_desktop.sync.leave import replica_files

from .accounts import change_account
from .accounts import create_account
from .accounts import give_school_a
from .harness import PASSWORD
from .harness import Team
from .harness import free_port
from .tls import TlsServer
from .tls import make_certificate
from .tls_team import keep_links
from .tls_team import only_zeros
from .tls_team import pupil_count
from .tls_team import pupils
from .tls_team import tls_laptop

NEW_PASSWORD = "nieuw-wachtwoord-tls-7"


@pytest.fixture(scope="module")
def https(team: Team, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsServer]:
    """The team's database served over HTTPS with a self-signed certificate (one per module)."""
    folder = tmp_path_factory.mktemp("https")
    server = TlsServer(team.server.url, folder, free_port(), make_certificate(folder, "kantoor"))
    server.start()
    try:
        yield server
    finally:
        if server.proc is not None:
            server.stop()


def _device_id(team: Team, path: Path) -> int:
    wanted = apparaat.identity(path)["uuid"]
    with team.db.read() as session:
        return int(
            session.scalars(select(SyncApparaat.id).where(SyncApparaat.uuid == wanted)).one()
        )


def _assert_wiped(path: Path, links: dict[Path, Path]) -> None:
    assert [p for p in [*links, apparaat.identity_path(path)] if p.exists()] == []
    assert replica_files(path) == []
    for original, link in links.items():  # the blocks the replica used hold only zeros now
        assert only_zeros(link), original.name
    assert sidecar_path(path) in links  # the key file was among them


def test_revoked_over_https_the_lost_laptop_is_wiped_to_zeros(
    team: Team, https: TlsServer, tmp_path: Path
) -> None:
    lost = tmp_path / "cp1-kwijt.db"
    joined = aansluiten.join_team(lost, https.address, "cp1", PASSWORD)
    assert joined.error == "" and joined.new_certificate == https.cert.fingerprint
    laptop = Laptop.open(lost, https.address, "cp1", PASSWORD)
    assert "A0001" in pupils(laptop) and "B0001" not in pupils(laptop)
    home = tls_laptop(https, tmp_path, "cp1", "cp1-thuis")
    assert home.sync_round().error == ""
    beheer = tls_laptop(https, tmp_path, "beheerder", "beheer-revoke")
    assert beheer.sync_round().error == "" and beheer.connection.secure
    links = keep_links(lost, tmp_path / "links")
    assert not only_zeros(links[lost])

    device = _device_id(team, lost)
    apparaten.revoke_apparaat(beheer.db, beheer.actor, device)  # a command over HTTPS
    with team.db.read() as session:
        row = session.get_one(SyncApparaat, device)
        assert row.ingetrokken_op is not None and row.ingetrokken_door_id == beheer.actor.id
    with pytest.raises(apparaat.ReplicaWiped, match="ingetrokken"):
        laptop.sync_round()
    _assert_wiped(lost, links)

    again = home.sync_round()  # her other laptop works on, over HTTPS
    assert again.error == "" and "A0001" in pupils(home)
    home.close()
    beheer.close()


def _new_account_on_https(
    https: TlsServer, tmp_path: Path, beheer_name: str, login: str, rol: Rol
) -> tuple[Laptop, Laptop, Path]:
    """The beheerder's laptop (replica ``beheer_name``), synced; the account ``login`` she made
    there; that account's first laptop, synced; and the path of its replica."""
    beheer = tls_laptop(https, tmp_path, "beheerder", beheer_name)
    assert beheer.sync_round().error == ""
    create_account(beheer.db, beheer.actor, login, rol, PASSWORD)
    laptop = tls_laptop(https, tmp_path, login)
    assert laptop.sync_round().error == ""
    return beheer, laptop, tmp_path / f"{login}.db"


def test_a_deactivated_account_over_https_is_wiped_at_the_next_contact(
    team: Team, https: TlsServer, tmp_path: Path
) -> None:
    # a programmadirecteur sees every pupil
    beheer, laptop, path = _new_account_on_https(
        https, tmp_path, "beheer-weg", "tls-weg", Rol.PROGRAMMADIRECTEUR
    )
    assert {"A0001", "B0001"} <= pupils(laptop)
    laptop.close()
    links = keep_links(path, tmp_path / "links")

    assert beheer.sync_round().error == ""
    change_account(beheer.db, beheer.actor, "tls-weg", actief=False)
    with pytest.raises(apparaat.ReplicaWiped, match="uitgeschakeld"):
        Laptop.open(path, https.address, "tls-weg", PASSWORD)
    _assert_wiped(path, links)
    beheer.close()


def test_a_password_changed_on_another_laptop_and_the_recovery_code_over_https(
    team: Team, https: TlsServer, tmp_path: Path
) -> None:
    beheer, laptop, path = _new_account_on_https(
        https, tmp_path, "beheer-pw", "tls-pw", Rol.SECRETARIAAT
    )
    laptop.close()

    assert beheer.sync_round().error == ""
    # on the beheerder's laptop, sent to the server at once
    change_account(beheer.db, beheer.actor, "tls-pw", nieuw_wachtwoord=NEW_PASSWORD)
    with pytest.raises(Refused, match="onjuist"):
        Laptop.open(path, https.address, "tls-pw", PASSWORD)
    laptop = Laptop.open(path, https.address, "tls-pw", NEW_PASSWORD)  # the slot rewrapped
    assert laptop.sync_round().error == "" and laptop.online
    laptop.close()

    https.stop()  # at a school, offline: only the new password opens the replica now
    try:
        with pytest.raises(AuthenticationFailed, match="nieuwe wachtwoord"):
            Laptop.open(path, https.address, "tls-pw", PASSWORD)
        laptop = Laptop.open(path, https.address, "tls-pw", NEW_PASSWORD)
        assert laptop.online is False
        scholen.save_bestuur(
            laptop.db, laptop.actor, scholen.BestuurInput("Stichting TLS", "47777")
        )
        laptop.close()  # ... and then she forgets it
    finally:
        https.start()

    code = apparaten.make_recovery_code(beheer.db, beheer.actor, _device_id(team, path))
    connection = apparaat.connection_for(path)  # held to the certificate the replica trusts
    assert connection.base == https.address and connection.pin.known == https.cert.fingerprint
    with pytest.raises(KnownError, match="herstelcode is onjuist"):
        apparaat.recover(path, connection, "tls-pw", "AAAA-BBBB-CCCC", "derde-wachtwoord-3")
    apparaat.recover(path, connection, "tls-pw", code, "derde-wachtwoord-3")
    laptop = Laptop.open(path, https.address, "tls-pw", "derde-wachtwoord-3")
    result = laptop.sync_round()  # the outbox survived the recovery
    assert result.error == "" and (result.sent, result.accepted) == (1, 1)
    laptop.close()
    assert code not in https.log.read_text() and code not in https.out.read_text()
    beheer.close()


def test_a_changed_certificate_is_refused_until_the_beheerder_confirms_it(
    team: Team, tmp_path: Path
) -> None:
    first, second = make_certificate(tmp_path, "oud"), make_certificate(tmp_path, "nieuw")
    port = free_port()
    old = TlsServer(team.server.url, tmp_path, port, first)
    old.start()
    try:
        beheer = tls_laptop(old, tmp_path, "beheerder", "beheer-cert")
        assert beheer.sync_round().new_certificate == first.fingerprint
        target = tmp_path / "cp2-cert.db"
        cp2 = tls_laptop(old, tmp_path, "cp2", "cp2-cert")
        assert cp2.sync_round().error == ""
        cp2.close()
        device = _device_id(team, target)
    finally:
        old.stop()
    new = TlsServer(team.server.url, tmp_path, port, second)  # replaced on the same address
    new.start()
    try:
        refused = beheer.sync_round()
        assert refused.exit_code == 2 and beheer.untrusted is not None
        assert "Pas op: de server laat een ander certificaat zien" in refused.error
        assert "Er is niets verstuurd (ook uw wachtwoord niet)" in refused.error
        assert f"Bekend:  {first.fingerprint}" in refused.error
        assert f"Nu:      {second.fingerprint}" in refused.error
        with pytest.raises(KnownError):  # online only: not while the certificate is unknown
            apparaten.revoke_apparaat(beheer.db, beheer.actor, device)
        with team.db.read() as session:
            assert session.get_one(SyncApparaat, device).ingetrokken_op is None
        assert "Aangemeld" not in new.log.read_text()  # her password never went there
        assert replica.get_state(beheer.db, trust.STATE_KEY) == first.fingerprint

        assert beheer.accept_certificate(beheer.actor) == second.fingerprint
        confirmed = json.loads(replica.get_state(beheer.db, trust.CONFIRMED_KEY))
        assert confirmed["door"] == "beheerder" and confirmed["nieuw"] == second.fingerprint
        assert beheer.sync_round().exit_code == 0
        apparaten.revoke_apparaat(beheer.db, beheer.actor, device)
        with team.db.read() as session:
            assert session.get_one(SyncApparaat, device).ingetrokken_op is not None
        beheer.close()
    finally:
        new.stop()


def test_the_beheerder_reassigns_a_school_and_its_pupils_move_between_replicas(
    team: Team, https: TlsServer, tmp_path: Path
) -> None:
    cp1 = tls_laptop(https, tmp_path, "cp1", "cp1-over")
    cp2 = tls_laptop(https, tmp_path, "cp2", "cp2-over")
    beheer = tls_laptop(https, tmp_path, "beheerder", "beheer-over")
    for laptop in (cp1, cp2, beheer):
        assert laptop.sync_round().error == ""
    moving = pupils(cp1)
    assert "A0001" in moving and not moving & pupils(cp2)
    with beheer.db.read() as session:
        assert pupil_count(beheer) == 0  # the beheerder's replica holds no pupil data

    give_school_a(team, beheer, "cp2")  # Beheer > Scholen on her laptop: a command like any other
    try:
        assert cp1.sync_round().exit_code == 0 and cp2.sync_round().exit_code == 0
        assert pupils(cp1) == set()
        assert moving <= pupils(cp2) and "B0001" in pupils(cp2)
        with cp2.db.read() as session:
            assert session.get_one(School, team.school_a).contactpersoon_id == team.actors["cp2"].id
    finally:
        give_school_a(team, beheer, "cp1")  # back, so the module's other tests keep their world
    assert cp1.sync_round().exit_code == 0 and cp2.sync_round().exit_code == 0
    assert pupils(cp1) == moving and not moving & pupils(cp2)
    for laptop in (cp1, cp2, beheer):
        laptop.close()
