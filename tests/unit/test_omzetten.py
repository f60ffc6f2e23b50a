"""The server's conversion of commands written by an older version (``sync.omzetten``), at its
boundaries: which revisions are accepted, what each converter changes, and what is refused."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.models import Organisatie
from swv_desktop.schema import SCHEMA_HEAD
from swv_desktop.schema import known_revisions
from swv_desktop.services import commands
from swv_desktop.services import instellingen
from swv_desktop.sync import omzetten
from swv_desktop.sync import versions

OLD_SETTINGS = {  # instellingen.wijzigen as a settings form of 0018 sent it
    "data": {
        "naam": "Samenwerkingsverband VO Testregio",
        "adres": "Voorbeeldlaan 1",
        "postcode": "1234 AB",
        "plaats": "Teststad",
        "bewaartermijn_leerling_jaren": 6,
    }
}


def test_the_supported_revisions_are_the_previous_release_up_to_this_one() -> None:
    supported = versions.supported()
    assert supported[0] == versions.PREVIOUS == "0018" and supported[-1] == SCHEMA_HEAD
    assert set(supported) <= known_revisions()
    chain = versions.chain()
    assert chain[0] == "0001" and chain[-1] == SCHEMA_HEAD and len(chain) == len(set(chain))
    assert versions.older_supported("0018") and not versions.older_supported(SCHEMA_HEAD)
    assert not versions.older_supported("0017") and not versions.older_supported(None)


def test_every_converter_is_reachable_and_names_a_known_command() -> None:
    names = commands.all_commands()
    for revision, name in omzetten.CONVERTERS:
        assert revision in versions.supported()[:-1], revision  # converts to a later one
        assert name in names


def _offline_term(db: Database) -> int:
    with db.read() as session:
        return int(session.scalars(select(Organisatie.offline_slot_dagen)).one())


def test_old_settings_keep_the_offline_term_the_server_holds(world: Any) -> None:
    beheerder = world.beheerder
    current = instellingen.get_settings(world.db)
    instellingen.update_settings(world.db, beheerder, replace(current, offline_slot_dagen=14))
    spec = commands.get("instellingen.wijzigen")
    with world.db.read() as session:
        converted = omzetten.upgrade(session, spec.name, "0018", OLD_SETTINGS)
    assert converted["data"]["offline_slot_dagen"] == 14  # what the server holds
    assert "offline_slot_dagen" not in OLD_SETTINGS["data"]  # the sent payload untouched
    # without the conversion the old payload would reset the term to the default (30 days)
    assert spec.decode(OLD_SETTINGS)["data"].offline_slot_dagen == 30
    data = replace(  # the version as the form loaded it
        spec.decode(converted)["data"], versie=instellingen.get_settings(world.db).versie
    )
    instellingen.update_settings(world.db, beheerder, data)
    assert _offline_term(world.db) == 14
    with world.db.read() as session:  # a payload that names it already is left alone
        sent = {"data": {**OLD_SETTINGS["data"], "offline_slot_dagen": 45}}
        assert omzetten.upgrade(session, spec.name, "0018", sent) == sent
        # this version's own payload is never converted
        assert omzetten.upgrade(session, spec.name, SCHEMA_HEAD, OLD_SETTINGS) is OLD_SETTINGS
        # a malformed payload goes on unchanged, for the decoder to refuse
        assert omzetten.upgrade(session, spec.name, "0018", {"data": 3}) == {"data": 3}


def test_a_command_of_a_version_before_the_previous_release_is_refused(world: Any) -> None:
    with world.db.read() as session:
        with pytest.raises(omzetten.TooOld, match="te oude versie .*databaseversie 0017"):
            omzetten.upgrade(session, "leerling.opslaan", "0017", {})
        with pytest.raises(omzetten.TooOld, match="een versie die dat nog niet vastlegde"):
            omzetten.upgrade(session, "leerling.opslaan", None, {})
        with pytest.raises(omzetten.TooOld, match="die de server .* niet kent"):
            omzetten.upgrade(session, "leerling.opslaan", "9999", {})
        payload = {"x": 1}
        assert omzetten.upgrade(session, "leerling.opslaan", "0018", payload) == payload


def test_an_envelope_without_a_revision_gets_its_senders() -> None:
    sent = [{"uuid": "a"}, {"uuid": "b", "schema": "0018"}, {"uuid": "c", "schema": None}, 7]
    got = omzetten.with_sender(sent, SCHEMA_HEAD)
    assert [e["schema"] for e in got[:3]] == [SCHEMA_HEAD, "0018", None] and got[3] == 7
