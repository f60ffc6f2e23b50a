"""The lock of a team laptop after a period without contact (``sync.apparaat.locked_since``):
the organisation's setting (``offline_slot_dagen``, default 30, kept by the settings service),
on a real replica-shaped SQLite file with a clock that moves."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from world import FakeClock

from swv_desktop.errors import ValidationError
from swv_desktop.models import Organisatie
from swv_desktop.opening import open_database
from swv_desktop.services import instellingen
from swv_desktop.sync import apparaat
from swv_desktop.sync import replica


def test_the_lock_follows_the_organisations_setting(tmp_path: Path, clock: FakeClock) -> None:
    db = open_database(tmp_path / "replica.db", clock=clock)
    replica.prepare(db)
    with db.transaction() as session:
        session.add(Organisatie(naam="SWV Test"))
    assert apparaat.locked_since(db, clock()) is None  # never signed in from here: no lock
    with db.transaction() as session:
        replica.set_state(session, {apparaat.CONTACT_KEY: clock().isoformat()})
    clock.now += timedelta(days=30)
    assert apparaat.locked_since(db, clock()) is None  # the default: 30 days
    clock.now += timedelta(days=1)
    refusal = apparaat.locked_since(db, clock())
    assert refusal is not None and "langer dan 30 dagen" in refusal
    with db.transaction() as session:
        session.query(Organisatie).update({"offline_slot_dagen": 60})
    assert apparaat.locked_since(db, clock()) is None
    db.close()


def test_the_setting_is_kept_between_1_and_365_days(world) -> None:  # type: ignore[no-untyped-def]
    current = instellingen.get_settings(world.db)
    assert current.offline_slot_dagen == 30
    for wrong in (0, 366):
        with pytest.raises(ValidationError, match="1 tot 365 dagen"):
            instellingen.update_settings(
                world.db, world.beheerder, replace(current, offline_slot_dagen=wrong)
            )
    instellingen.update_settings(world.db, world.beheerder, replace(current, offline_slot_dagen=7))
    assert instellingen.get_settings(world.db).offline_slot_dagen == 7
