"""Scenario tests of the team: real PostgreSQL, a real server process, real laptops.

Offline is the server process stopped (SIGTERM); back online is the process started again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from loaded import decide
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text

from swv_desktop.models import Beoordeling
from swv_desktop.models import Leerling
from swv_desktop.models import Opp
from swv_desktop.models import SyncOpdracht
from swv_desktop.models import Voortgangsgesprek
from swv_desktop.services import leerlingen
from swv_desktop.services import opp_versies
from swv_desktop.services import voortgang
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.sync.client import Laptop
from swv_desktop.sync.replica import OnlineOnly

from .harness import PASSWORD
from .harness import Team
from .harness import add_pupil
from .harness import draft
from .harness import free_port
from .harness import opp_versie
from .harness import pupil_id
from .harness import replica_rows
from .harness import server_rows
from .harness import today


def _offline_work(team: Team, laptop: Laptop, school: int, award: int, tag: str) -> dict[str, int]:
    """A school visit: a talk, a new OPP version, a new pupil with a draft aanvraag."""
    me = laptop.actor
    talk = voortgang.record_gesprek(
        laptop.db,
        me,
        award,
        voortgang.VoortgangInput(today(), "mentor, ouders", f"Gesprek {tag}", Beoordeling.GOED),
    )
    with laptop.db.read() as s:
        first_pupil = s.scalar(select(Leerling.id).where(Leerling.school_id == school))
    opp = opp_versies.add_opp_version(
        laptop.db,
        me,
        first_pupil,
        opp_versies.OppInput(
            vastgesteld_op=today(), uitstroomprofiel="havo", inzet_maatwerkbudget=f"OPP {tag}"
        ),
        vorige_versie=opp_versie(laptop.db, first_pupil),
    )
    pupil = add_pupil(laptop.db, me, f"N{tag}", school)
    aanvraag = aanvragen.create_aanvraag(
        laptop.db, me, draft(me, team.schooljaar_id, school, pupil, 120_000)
    )
    return {"talk": talk, "opp": opp, "pupil": pupil, "aanvraag": aanvraag}


@pytest.mark.parametrize("first", ["cp1", "cp2"])
def test_two_contactpersonen_offline_then_back_in_either_order(online: Team, first: str) -> None:
    team = online
    tag = f"{first}x"
    laptops = {u: team.laptop(u, f"{u}-{first}") for u in ("cp1", "cp2")}
    for laptop in laptops.values():
        assert laptop.sync_round().exit_code == 0  # the first sync builds the replica
    assert team.server.stop() == 0  # offline
    made = {
        "cp1": _offline_work(team, laptops["cp1"], team.school_a, team.award_a, f"1{tag}"),
        "cp2": _offline_work(team, laptops["cp2"], team.school_b, team.award_b, f"2{tag}"),
    }
    offline = laptops["cp1"].sync_round()
    assert offline.exit_code == 2 and "niet bereikbaar" in offline.summary()
    assert offline.waiting == 5  # talk, OPP, pupil, its OPP, the draft aanvraag
    team.server.start()  # back
    order = [first, "cp2" if first == "cp1" else "cp1"]
    for user in order:
        result = laptops[user].sync_round()
        assert result.exit_code == 0, result.summary()
        assert result.sent == 5 and result.accepted == 5
    for user in order:  # a second round: nothing more to send, and the replica is complete
        assert laptops[user].sync_round().sent == 0
    with team.db.read() as s:
        for ids in made.values():
            talk = s.get(Voortgangsgesprek, ids["talk"])  # the laptop's id is the server's id
            assert talk is not None and talk.notities.startswith("Gesprek")
            assert s.get(Opp, ids["opp"]) is not None
            pupil = s.get(Leerling, ids["pupil"])
            assert pupil is not None and pupil.leerlingnummer.startswith("N")
            count = s.scalar(
                select(func.count())
                .select_from(Leerling)
                .where(Leerling.leerlingnummer == pupil.leerlingnummer)
            )
            assert count == 1  # once, not twice
    for user, laptop in laptops.items():
        assert replica_rows(laptop) == server_rows(team, team.actors[user]), user
        laptop.close()


def test_stale_edit_is_refused_with_both_versions_and_can_be_resent(online: Team) -> None:
    team = online
    cp = team.synced("cp1", "cp1-stale")
    other = team.synced("cp1", "cp1-stale-2")  # her other laptop
    lid = pupil_id(cp)
    mine = leerlingen._leerling_input  # the form's data as loaded
    team.server.stop()
    with cp.db.read() as s:
        data = mine(s.get(Leerling, lid))
    loaded = data.versie
    data.leerjaar = 3
    leerlingen.save_leerling(cp.db, cp.actor, data, lid)  # offline, against the loaded one
    team.server.start()
    with other.db.read() as s:
        theirs = mine(s.get(Leerling, lid))
    assert theirs.versie == loaded
    theirs.niveau = "havo"
    leerlingen.save_leerling(other.db, other.actor, theirs, lid)
    assert other.sync_round().exit_code == 0  # the other's change is on the server first
    result = cp.sync_round()
    assert result.exit_code == 1
    assert "intussen gewijzigd door Carla Contact" in result.summary()
    [refused] = cp.not_processed()
    assert refused.naam == "leerling.opslaan" and refused.basis_versie == loaded
    assert refused.mijn_gegevens["data"]["leerjaar"] == 3  # her value
    assert refused.server_versie["niveau"] == "havo"  # and the server's
    with cp.db.read() as s:  # the replica shows the server's state, not the refused change
        pupil = s.get(Leerling, lid)
        assert pupil.niveau == "havo" and pupil.leerjaar == 2
        data = mine(pupil)
    data.leerjaar = 3  # the fix: her change again, on the current version
    leerlingen.save_leerling(cp.db, cp.actor, data, lid)
    from swv_desktop.sync.client import discard

    discard(cp.db, refused.uuid)
    assert cp.sync_round().exit_code == 0
    with team.db.read() as s:
        pupil = s.get(Leerling, lid)
        assert (pupil.niveau, pupil.leerjaar) == ("havo", 3)
    assert cp.not_processed() == []
    cp.close()
    other.close()


def test_refused_pending_create_is_gone_after_the_pull(online: Team) -> None:
    team = online
    cp1, cp2 = team.laptop("cp1", "cp1-dup"), team.laptop("cp2", "cp2-dup")
    assert cp1.sync_round().exit_code == 0 and cp2.sync_round().exit_code == 0
    team.server.stop()
    local = add_pupil(cp1.db, cp1.actor, "DUP001", team.school_a)  # offline: fine locally
    team.server.start()
    add_pupil(cp2.db, cp2.actor, "DUP001", team.school_b)  # the same number at another school
    assert cp2.sync_round().exit_code == 0
    result = cp1.sync_round()
    assert result.exit_code == 1 and result.accepted == 0
    assert "leerlingnummer" in result.summary().lower()
    with cp1.db.read() as s:
        assert s.get(Leerling, local) is None  # no phantom row
        assert s.scalar(select(func.count()).select_from(Opp).where(Opp.leerling_id == local)) == 0
    refused = {r.naam for r in cp1.not_processed()}
    assert refused == {"leerling.opslaan", "opp.toevoegen"}
    cp1.close()
    cp2.close()


def test_resend_after_server_died_after_commit_gets_the_stored_answer(online: Team) -> None:
    team = online
    cp = team.laptop("cp1", "cp1-crash")
    assert cp.sync_round().exit_code == 0
    team.server.stop()
    talk = voortgang.record_gesprek(
        cp.db,
        cp.actor,
        team.award_a,
        voortgang.VoortgangInput(today(), "mentor", "Na de crash", Beoordeling.VOLDOENDE),
    )
    [(uuid, *_rest)] = cp.waiting()
    team.server.start(SWV_SYNC_FAULT="exit-after-commit")
    result = cp.sync_round()
    assert result.exit_code == 2  # the answer never came
    assert team.server.wait_dead() == 3
    with team.db.read() as s:
        assert s.get(Voortgangsgesprek, talk) is not None  # committed before it died
    assert len(cp.waiting()) == 1  # still waiting on the laptop
    team.server.start()
    result = cp.sync_round()
    assert result.exit_code == 0 and result.accepted == 1
    with team.db.read() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(Voortgangsgesprek)
                .where(Voortgangsgesprek.notities == "Na de crash")
            )
            == 1
        )
        assert s.get(SyncOpdracht, uuid).geaccepteerd
    with cp.db.read() as s:
        assert s.get(Voortgangsgesprek, talk).notities == "Na de crash"
    cp.close()


def test_online_only_actions_are_refused_offline(online: Team) -> None:
    team = online
    director = team.laptop("directeur", "directeur-offline")
    assert director.sync_round().exit_code == 0
    director.go_offline()
    from swv_desktop.models import Uitkomst

    with pytest.raises(OnlineOnly, match="alleen met verbinding met de server"):
        decide(director.db, director.actor, team.award_b, Uitkomst.AFGEWEZEN, 0, "x")
    assert director.waiting() == []
    director.close()


def test_server_stops_cleanly_on_sigterm(online: Team) -> None:
    assert online.server.stop() == 0
    log = online.server.log.read_text()
    assert "Server netjes gestopt" in log
    assert "A0001" not in log and "Testa" not in log  # no pupil data in the log
    with online.db.read() as s:
        assert s.execute(text("SELECT count(*) FROM sync_sessie")).scalar() > 0
    json.dumps({})


def _cli(team: Team, path: Path, server: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "swv_desktop", "sync", "--db", str(path)]
    command += ["--server", server, "--user", "cp1"]
    env = {**os.environ, "SWV_PASSWORD": PASSWORD}
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_sync_command_line_summary_and_exit_codes(online: Team) -> None:
    team = online
    path = team.folder / "cli.db"
    done = _cli(team, path, team.server.address)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Verstuurd: 0 wijziging(en), 0 verwerkt." in done.stdout
    assert "Ontvangen:" in done.stdout
    laptop = Laptop.open(path, team.server.address, "cp1", PASSWORD)
    add_pupil(laptop.db, laptop.actor, "B0001", team.school_a)  # B0001 exists at school B
    laptop.close()
    refused = _cli(team, path, team.server.address)
    assert refused.returncode == 1, refused.stdout
    assert "Niet verwerkt: 2" in refused.stdout and "leerlingnummer" in refused.stdout.lower()
    unreachable = _cli(team, path, f"http://127.0.0.1:{free_port()}")
    assert unreachable.returncode == 2
    assert "niet bereikbaar" in unreachable.stdout
