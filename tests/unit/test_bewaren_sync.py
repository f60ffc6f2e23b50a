"""The retention of the team server's bookkeeping (``services/bewaren/synctabellen``), applied by
the purge on SQLite and PostgreSQL: each term at its boundary, and a resent command still gets
its stored answer within the term."""

from __future__ import annotations

import json
import uuid as uuidlib
from datetime import datetime
from datetime import timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update

from swv_desktop.models import Gebruiker
from swv_desktop.models.organisatie import SYNC_BEWAARTERMIJN_DEFAULTS as TERMEN
from swv_desktop.models.sync import SyncApparaat
from swv_desktop.models.sync import SyncIdBlok
from swv_desktop.models.sync import SyncOpdracht
from swv_desktop.models.sync import SyncSessie
from swv_desktop.services.bewaren import purge
from swv_desktop.services.bewaren.synctabellen import GEWIST_MELDING
from swv_desktop.sync import replay

DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)


def _command(session: Any, actor: Any, received: datetime, accepted: bool) -> str:
    uuid = str(uuidlib.uuid4())
    answer: dict[str, Any] = {"uuid": uuid, "geaccepteerd": accepted}
    if accepted:
        answer["resultaat"] = 42
    else:
        answer |= {"melding": "Leerling Testa Voorbeeld bestaat al.", "server_versie": {"x": 1}}
    session.add(
        SyncOpdracht(
            uuid=uuid,
            gebruiker_id=actor.id,
            naam="leerling.opslaan",
            ontvangen_op=received,
            geaccepteerd=accepted,
            antwoord=json.dumps(answer),
            client_schema="0019",
            client_op=received,
        )
    )
    return uuid


def _device(session: Any, actor: Any, now: datetime, revoked_days: float | None) -> int:
    row = SyncApparaat(
        gebruiker_id=actor.id,
        uuid=str(uuidlib.uuid4()),
        naam="laptop",
        eerste_contact=now - 800 * DAY,
        laatste_contact=now - 500 * DAY,
        ingetrokken_op=None if revoked_days is None else now - revoked_days * DAY,
        sleutel="",
        herstelcode_hash="",
    )
    session.add(row)
    session.flush()
    return int(row.id)


def _session(session: Any, actor: Any, expired: timedelta, device: int | None = None) -> str:
    token = uuidlib.uuid4().hex
    now = session.info.get("now")
    session.add(
        SyncSessie(
            token_hash=token,
            gebruiker_id=actor.id,
            aangemaakt_op=now - expired - DAY,
            verloopt_op=now - expired,
            apparaat_id=device,
        )
    )
    return token


def _block(session: Any, actor: Any, issued: datetime, first: int) -> None:
    session.add(
        SyncIdBlok(
            gebruiker_id=actor.id,
            tabel="leerling",
            eerste=first,
            laatste=first + 999,
            uitgegeven_op=issued,
        )
    )


def test_the_server_bookkeeping_goes_when_its_term_is_over(world: Any) -> None:
    db, now = world.db, world.clock()
    answer_term = TERMEN["sync_antwoord_dagen"] * DAY
    row_term = TERMEN["sync_opdracht_dagen"] * DAY
    device_term = TERMEN["sync_apparaat_ingetrokken_dagen"]
    block_term = TERMEN["sync_id_blok_dagen"] * DAY
    cp, sec = world.contactpersoon, world.secretariaat
    with db.transaction() as session:
        session.info["now"] = now
        fresh = _command(session, cp, now - answer_term + SECOND, True)  # within the term
        old_ok = _command(session, cp, now - answer_term - SECOND, True)
        old_no = _command(session, cp, now - answer_term - SECOND, False)
        keep_row = _command(session, cp, now - row_term + SECOND, False)
        _command(session, cp, now - row_term - SECOND, True)  # past both terms: gone
        _session(session, cp, TERMEN["sync_sessie_dagen"] * DAY - SECOND)  # stays
        _session(session, cp, TERMEN["sync_sessie_dagen"] * DAY + SECOND)  # goes
        _session(session, cp, -DAY)  # still valid
        revoked_long = _device(session, cp, now, device_term + 0.01)
        _session(session, cp, -DAY, revoked_long)  # ends with its device
        revoked_recent = _device(session, cp, now, device_term - 0.01)
        in_use = _device(session, cp, now, None)
        _block(session, sec, now - block_term - SECOND, 1_000)  # goes once sec is disabled
        _block(session, sec, now - block_term + SECOND, 2_000)
        _block(session, cp, now - block_term - SECOND, 3_000)  # an active account's: stays
        session.execute(update(Gebruiker).where(Gebruiker.id == sec.id).values(actief=False))

    trial = purge(db, world.beheerder, proef=True)
    assert trial.synchronisatie == {
        "sync_opdracht_antwoord": 4,  # all but the fresh one (gone: shortened, then deleted)
        "sync_opdracht": 1,
        "sync_sessie": 1,
        "sync_apparaat": 1,
        "sync_id_blok": 1,
    }
    assert any("Synchronisatie: 1 ingetrokken laptops verwijderd" in line for line in trial.lines())
    with db.read() as session:  # a trial changes nothing
        assert session.scalar(select(func.count()).select_from(SyncApparaat)) == 3

    result = purge(db, world.beheerder)
    assert not result.niets and result.synchronisatie["sync_apparaat"] == 1
    assert result.kop() == "Toegepast: 8 gegevens van de synchronisatie opgeruimd."  # no "0 regels"
    with db.read() as session:
        answers = {r.uuid: r.antwoord for r in session.scalars(select(SyncOpdracht))}
        assert set(answers) == {fresh, old_ok, old_no, keep_row}  # past both terms: gone
        assert json.loads(answers[fresh])["resultaat"] == 42  # within the term: as it was
        assert answers[old_ok] == "" and json.loads(answers[keep_row])["ingekort"]
        assert "Testa" not in answers[old_no] and "server_versie" not in answers[old_no]
        assert json.loads(answers[old_no])["melding"] == GEWIST_MELDING
        sessions = session.scalars(select(SyncSessie)).all()
        assert len(sessions) == 2 and all(s.apparaat_id is None for s in sessions)
        devices = set(session.scalars(select(SyncApparaat.id)))
        assert devices == {revoked_recent, in_use}
        blocks = set(session.scalars(select(SyncIdBlok.eerste)))
        assert blocks == {2_000, 3_000}

    # a resent command still gets its stored answer: accepted, or refused with a reason
    [again_ok, again_no] = replay.replay_all(
        db, cp, [{"uuid": old_ok, "naam": "leerling.opslaan"}, {"uuid": old_no}]
    )
    assert again_ok == {"uuid": old_ok, "geaccepteerd": True, "resultaat": None}
    assert again_no["geaccepteerd"] is False and again_no["melding"] == GEWIST_MELDING
    assert again_no["uuid"] == old_no
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(SyncOpdracht)) == 4  # no new row

    assert purge(db, world.beheerder).synchronisatie == {}  # nothing twice
