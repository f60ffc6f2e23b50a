"""Trust on first use, with real servers on HTTPS with self-signed certificates (made here with
``cryptography``) on the team's PostgreSQL database, and real laptops."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.models import Leerling
from swv_desktop.sync import replica
from swv_desktop.sync import trust
from swv_desktop.sync.client import Laptop
from swv_desktop.sync.client import Unreachable
from swv_desktop.sync.client import check_connection

from .harness import PASSWORD
from .harness import Team
from .harness import add_pupil
from .harness import free_port
from .tls import Certificate
from .tls import TlsServer
from .tls import make_certificate


@pytest.fixture
def certificates(tmp_path: Path) -> tuple[Certificate, Certificate]:
    return make_certificate(tmp_path, "eerste"), make_certificate(tmp_path, "tweede")


def _server_pupils(team: Team, nummer: str) -> int:
    with team.db.read() as session:
        found = session.scalar(select(func.count()).where(Leerling.leerlingnummer == nummer))
        return int(found or 0)


def test_fingerprint_is_the_one_openssl_shows(
    certificates: tuple[Certificate, Certificate],
) -> None:
    cert = certificates[0]
    done = subprocess.run(
        ["openssl", "x509", "-in", str(cert.certfile), "-noout", "-fingerprint", "-sha256"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip().split("=", 1)[1] == cert.fingerprint
    assert trust.file_fingerprint(cert.certfile) == cert.fingerprint
    assert len(cert.fingerprint) == 95  # 32 pairs and 31 colons


def test_first_connect_pins_a_changed_certificate_is_refused_until_confirmed(
    online: Team, certificates: tuple[Certificate, Certificate], tmp_path: Path
) -> None:
    team = online
    first, second = certificates
    port = free_port()
    server = TlsServer(team.server.url, tmp_path, port, first)
    server.start()
    try:
        assert f"Vingerafdruk van het certificaat (SHA-256): {first.fingerprint}" in (
            server.out.read_text()
        )
        shown = check_connection(server.address)
        assert f"Vingerafdruk van het certificaat (SHA-256): {first.fingerprint}" in shown
        laptop = Laptop.open(tmp_path / "cp1.db", server.address, "cp1", PASSWORD)
        result = laptop.sync_round()
        assert result.exit_code == 0, result.summary()
        assert result.new_certificate == first.fingerprint
        assert "Eerste verbinding met deze server" in result.summary()
        assert replica.get_state(laptop.db, trust.STATE_KEY) == first.fingerprint
        assert laptop.sync_round().new_certificate == ""  # told once
        assert "Het certificaat is het bekende" in check_connection(
            server.address, known=first.fingerprint
        )
        add_pupil(laptop.db, laptop.actor, "T0001", team.school_a)  # waits for the next round
        assert len(laptop.waiting()) == 2
    finally:
        assert server.stop() == 0

    other = TlsServer(team.server.url, tmp_path, port, second)  # the same address
    other.start()
    try:
        refused = laptop.sync_round()
        assert refused.exit_code == 2
        assert "de server laat een ander certificaat zien dan deze laptop kent" in refused.error
        assert f"Bekend:  {first.fingerprint}" in refused.error
        assert f"Nu:      {second.fingerprint}" in refused.error
        assert "bevestig hem dan in Beheer > Server" in refused.error
        assert laptop.online is False and laptop.untrusted is not None
        assert len(laptop.waiting()) == 2 and _server_pupils(team, "T0001") == 0
        with pytest.raises(trust.CertificateChanged):
            check_connection(other.address, known=first.fingerprint)

        laptop.close()  # the window opened again: offline, with the warning, nothing sent
        laptop = Laptop.open(tmp_path / "cp1.db", other.address, "cp1", PASSWORD)
        assert laptop.online is False and laptop.untrusted is not None
        assert laptop.untrusted.new == second.fingerprint
        assert "Aangemeld" not in other.log.read_text()  # the password never went there
        assert replica.get_state(laptop.db, trust.STATE_KEY) == first.fingerprint

        assert laptop.accept_certificate(laptop.actor) == second.fingerprint
        confirmed = json.loads(replica.get_state(laptop.db, trust.CONFIRMED_KEY))
        assert confirmed["door"] == "cp1" and confirmed["oud"] == first.fingerprint
        assert confirmed["nieuw"] == second.fingerprint
        assert replica.get_state(laptop.db, trust.STATE_KEY) == second.fingerprint
        accepted = laptop.sync_round()
        assert accepted.exit_code == 0, accepted.summary()
        assert (accepted.sent, accepted.accepted) == (2, 2)
        assert _server_pupils(team, "T0001") == 1
        laptop.close()
    finally:
        assert other.stop() == 0


def test_the_command_line_shows_the_fingerprint_at_the_first_sync(
    online: Team, certificates: tuple[Certificate, Certificate], tmp_path: Path
) -> None:
    server = TlsServer(online.server.url, tmp_path, free_port(), certificates[0])
    server.start()
    try:
        command = [sys.executable, "-m", "swv_desktop", "sync", "--db", str(tmp_path / "c.db")]
        command += ["--server", server.address, "--user", "cp2"]
        env = {**os.environ, "SWV_PASSWORD": PASSWORD}
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        assert f"(SHA-256): {certificates[0].fingerprint}" in done.stdout
        again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert again.returncode == 0 and "SHA-256" not in again.stdout
    finally:
        server.stop()


def test_plain_http_works_on_this_computer_and_says_it_is_not_secure(
    online: Team, tmp_path: Path
) -> None:
    assert "onbeveiligde verbinding" in check_connection(online.server.address)
    laptop = Laptop.open(tmp_path / "dev.db", online.server.address, "cp2", PASSWORD)
    try:
        result = laptop.sync_round()
        assert result.exit_code == 0 and result.secure is False
        assert "Let op: onbeveiligde verbinding (http://" in result.summary()
        assert replica.get_state(laptop.db, trust.STATE_KEY) == ""
    finally:
        laptop.close()


def test_plain_http_to_another_computer_is_refused_before_connecting() -> None:
    started = time.monotonic()
    with pytest.raises(Unreachable, match="onbeveiligde verbinding naar een andere computer"):
        check_connection("http://192.0.2.10:8765", timeout=20)
    assert time.monotonic() - started < 1  # refused here, no connection attempted
    assert trust.is_loopback("http://localhost:8765") and trust.is_loopback("http://[::1]:1")
    assert not trust.is_loopback("http://kantoor.example:8765")


def test_the_command_line_confirms_a_new_certificate_only_with_its_fingerprint(
    online: Team, certificates: tuple[Certificate, Certificate], tmp_path: Path
) -> None:
    first, second = certificates
    port = free_port()
    command = [sys.executable, "-m", "swv_desktop", "sync", "--db", str(tmp_path / "k.db")]
    command += ["--server", f"https://127.0.0.1:{port}", "--user", "cp2"]
    env = {**os.environ, "SWV_PASSWORD": PASSWORD}

    def sync(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *extra], env=env, capture_output=True, text=True, timeout=120
        )

    server = TlsServer(online.server.url, tmp_path, port, first)
    server.start()
    try:
        assert sync().returncode == 0
    finally:
        server.stop()
    other = TlsServer(online.server.url, tmp_path, port, second)
    other.start()
    try:
        refused = sync()
        assert refused.returncode == 2
        assert f"Nu:      {second.fingerprint}" in refused.stdout
        assert "--vertrouw-certificaat" in refused.stdout
        wrong = sync("--vertrouw-certificaat", first.fingerprint)
        assert wrong.returncode == 2 and "er is niets gewijzigd" in wrong.stdout
        typed = second.fingerprint.replace(":", "").lower()  # as read out over the phone
        done = sync("--vertrouw-certificaat", typed)
        assert done.returncode == 0, done.stdout + done.stderr
        assert f"Het nieuwe certificaat (SHA-256 {second.fingerprint}) is bevestigd" in done.stdout
        assert sync().returncode == 0
    finally:
        other.stop()
