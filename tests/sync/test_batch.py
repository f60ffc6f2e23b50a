"""One pushed batch is one transaction on the server, with a savepoint per command: a refused
command in the middle rolls back only itself, a uuid sent twice is applied once, and the
answers are stored with the batch (a resend gets them)."""

from __future__ import annotations

import json
import uuid as uuidlib
from typing import Any

from sqlalchemy import event
from sqlalchemy import select

from swv_desktop.models import Beoordeling
from swv_desktop.models import SyncOpdracht
from swv_desktop.models import Voortgangsgesprek
from swv_desktop.schema import SCHEMA_HEAD
from swv_desktop.services import commands
from swv_desktop.services import voortgang
from swv_desktop.sync import replay
from swv_desktop.sync import serverdb
from swv_desktop.sync.server import open_server_database

from .harness import Team
from .harness import server_count
from .harness import today


def _talks(team: Team, tag: str) -> int:
    return server_count(team, Voortgangsgesprek.notities.like(f"{tag}%"))


def test_a_refused_command_mid_batch_rolls_back_only_itself(online: Team) -> None:
    team = online
    cp = team.laptop("cp1", "cp1-batch")
    assert cp.sync_round().exit_code == 0
    cp.go_offline()
    for n in (1, 2):
        voortgang.record_gesprek(
            cp.db,
            cp.actor,
            team.award_a,
            voortgang.VoortgangInput(today(), "mentor", f"Batch {n}", Beoordeling.GOED),
        )
    (u1, n1, g1, p1), (u2, n2, g2, p2) = cp.waiting()
    first = {"uuid": u1, "naam": n1, "gegevens": json.loads(g1), "ids": json.loads(p1)}
    second = {"uuid": u2, "naam": n2, "gegevens": json.loads(g2), "ids": json.loads(p2)}
    other_school = {  # her talk about an award of a school that is not hers: refused
        "uuid": str(uuidlib.uuid4()),
        "naam": n1,
        "gegevens": {**json.loads(g1), "aanvraag_id": team.award_b},
        "ids": {},
    }
    cp.sign_in("cp1", "test-wachtwoord-1")
    batch = [first, other_school, second, first, {"uuid": "geen-uuid", "naam": n1}]
    answers = cp.connection.call("/opdrachten", {"opdrachten": batch})["antwoorden"]
    assert [a["geaccepteerd"] for a in answers] == [True, False, True, True, False]
    assert "hoort niet bij uw scholen" in answers[1]["melding"]
    assert answers[3] == answers[0]  # the same uuid twice: applied once, the same answer
    assert answers[4]["uuid"] is None and "uuid" in answers[4]["melding"]
    assert _talks(team, "Batch") == 2
    with team.db.read() as s:
        stored = {
            row.uuid: row.geaccepteerd
            for row in s.scalars(
                select(SyncOpdracht).where(SyncOpdracht.uuid.in_([u1, u2, other_school["uuid"]]))
            )
        }
    assert stored == {u1: True, u2: True, other_school["uuid"]: False}
    again = cp.connection.call("/opdrachten", {"opdrachten": batch[:3]})["antwoorden"]
    assert again == answers[:3]  # the resend: the stored answers, nothing applied twice
    assert _talks(team, "Batch") == 2
    result = cp.sync_round()  # the laptop's own push of the two: their stored answers
    assert result.accepted == 2 and result.refused == []
    assert _talks(team, "Batch") == 2
    cp.close()


def _replayed(team: Team, batch: list[dict[str, Any]]) -> tuple[list[bool], list[str]]:
    """``batch`` replayed in this process on the office database as the server replays it, and
    every statement it sent to PostgreSQL."""
    db = open_server_database(team.db.engine.url.render_as_string(hide_password=False))
    sent: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: sent.append(a[2]))
    try:
        answers = replay.replay_all(db, team.actors["cp1"], batch)
    finally:
        db.close()
    return [a["geaccepteerd"] for a in answers], sent


def test_a_replayed_talk_costs_three_statements(online: Team) -> None:
    """Each talk after the first in a batch without refusals: one read (the aanvraag locked,
    its award and first award day, within her scope), the talk, its audit entry. More means the
    service or the replay reads again what the batch already holds. A refusal in the batch:
    replayed again with a savepoint per command, only the refused one left out."""
    team = online
    spec = commands.get("gesprek.vastleggen")
    block = serverdb.hand_out_blocks(team.db, team.actors["cp1"], ["voortgangsgesprek"])
    next_id = iter(range(block["voortgangsgesprek"][0], block["voortgangsgesprek"][1] + 1))

    def talk(aanvraag_id: int) -> dict[str, Any]:
        data = voortgang.VoortgangInput(today(), "mentor", "Tel", Beoordeling.GOED)
        return {
            "uuid": str(uuidlib.uuid4()),
            "naam": spec.name,
            "gegevens": spec.encode({"aanvraag_id": aanvraag_id, "data": data}),
            "ids": {"voortgangsgesprek": [next(next_id)]},
            "schema": SCHEMA_HEAD,
        }

    one, sent_one = _replayed(team, [talk(team.award_a)])
    four, sent_four = _replayed(team, [talk(team.award_a) for _ in range(4)])
    assert one == [True] and four == [True] * 4
    assert (len(sent_four) - len(sent_one)) / 3 == 3, [s.split()[:4] for s in sent_four]
    assert not any(s.startswith("SAVEPOINT") for s in sent_four)
    mixed, sent_mixed = _replayed(
        team, [talk(team.award_a), talk(team.award_b), talk(team.award_a)]
    )
    assert mixed == [True, False, True]
    assert sum(s.startswith("SAVEPOINT") for s in sent_mixed) == 3  # the second pass
    assert _talks(team, "Tel") == 7
