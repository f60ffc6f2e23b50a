"""Pupils, OPP versions, outcomes, the privacy export, and schools."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from swv_desktop.errors import PermissionDenied
from swv_desktop.errors import ValidationError
from swv_desktop.models import AuditEntry
from swv_desktop.models import Beoordeling
from swv_desktop.models import LeerlingResultaat
from swv_desktop.models import Toegang
from swv_desktop.models import ToegangActie
from swv_desktop.models import Toestemming
from swv_desktop.services import leerlingen
from swv_desktop.services import opp_versies
from swv_desktop.services import scholen
from swv_desktop.services import uitkomsten
from swv_desktop.services.leerlingen import niveau_is_valid
from swv_desktop.services.opp_versies import OppInput


@pytest.mark.parametrize("niveau", ["havo", "vmbo-gt/havo", "vmbo-kb/gt", "pro", "havo/vwo"])
def test_valid_niveaus(niveau):
    assert niveau_is_valid(niveau)


@pytest.mark.parametrize("niveau", ["", "mbo", "havo/mbo", "gt"])
def test_invalid_niveaus(niveau):
    assert not niveau_is_valid(niveau)


CONSENT_DAY = date(2021, 10, 1)


def _consented(profiel: str, inzet: str, door: Toestemming) -> OppInput:
    """An OPP of 1 October 2021 with consent given that day by ``door``."""
    return OppInput(
        CONSENT_DAY, profiel, inzet, toestemming_door=door, toestemming_datum=CONSENT_DAY
    )


def _add_opp(world, lid, data, vorige_versie):
    """The contactpersoon adds an OPP version on top of ``vorige_versie``."""
    return opp_versies.add_opp_version(
        world.db, world.contactpersoon, lid, data, vorige_versie=vorige_versie
    )


def test_new_opp_version_keeps_the_old_one(world):
    lid = world.add_leerling("600001")
    _add_opp(world, lid, _consented("vmbo-tl", "Coaching", Toestemming.OUDERS), vorige_versie=1)
    detail = leerlingen.get_leerling(world.db, world.contactpersoon, lid)
    assert [o.versie for o in detail.opps] == [1, 2]
    assert detail.opps[0].data.uitstroomprofiel == "havo"
    assert detail.current_opp.data.uitstroomprofiel == "vmbo-tl"
    with world.db.read() as s:
        assert s.scalars(
            select(AuditEntry.actie).where(
                AuditEntry.entiteit == "leerling", AuditEntry.entiteit_id == lid
            )
        ).all() == ["aangemaakt"]  # the view is in the access log, not in the audit chain
        assert s.scalars(select(Toegang.actie).where(Toegang.leerling_id == lid)).all() == [
            ToegangActie.LEERLING_BEKEKEN
        ]


def test_opp_consent_rules(world):
    lid = world.add_leerling("600002", opp=False)  # born 14 March 2008: 13 in 2021
    with pytest.raises(ValidationError) as exc:
        _add_opp(world, lid, OppInput(CONSENT_DAY, "", "x", toestemming_door=Toestemming.OUDERS), 0)
    assert exc.value.fields == {"uitstroomprofiel", "toestemming_datum"}
    with pytest.raises(ValidationError, match="vanaf 16 jaar"):
        _add_opp(world, lid, _consented("havo", "x", Toestemming.LEERLING), vorige_versie=0)


def test_leerling_validation_and_unique_number(world):
    world.add_leerling("600003")
    bad = leerlingen.LeerlingInput("600003", "", "", None, None, "mbo", 7)
    with pytest.raises(ValidationError) as exc:
        leerlingen.save_leerling(world.db, world.contactpersoon, bad)
    assert exc.value.fields == {
        "leerlingnummer",
        "voornaam",
        "achternaam",
        "geboortedatum",
        "school_id",
        "niveau",
        "leerjaar",
    }


def test_leerling_data_is_not_for_secretariaat_or_beheerder(world):
    lid = world.add_leerling("600004")
    for actor in (world.secretariaat, world.beheerder):
        with pytest.raises(PermissionDenied):
            leerlingen.get_leerling(world.db, actor, lid)


def test_outcome_and_export(world):
    lid = world.add_leerling("600005")

    def record(resultaat: LeerlingResultaat, voortgang: Beoordeling) -> None:
        world.outcome(lid, resultaat, voortgang)

    with pytest.raises(ValidationError):
        record(LeerlingResultaat.ANDERS, Beoordeling.BEPERKT)
    record(LeerlingResultaat.REGULIER_VO, Beoordeling.GOED)
    record(LeerlingResultaat.VERWEZEN_VSO, Beoordeling.ONVOLDOENDE)
    rows = uitkomsten.list_uitkomsten(world.db, world.contactpersoon, lid)
    assert [(r.schooljaar_label, r.resultaat) for r in rows] == [
        ("2021-2022", LeerlingResultaat.VERWEZEN_VSO)
    ]
    exported = json.loads(leerlingen.export_leerling(world.db, world.directeur, lid))
    assert exported["leerling"]["leerlingnummer"] == "600005"
    assert [u["resultaat"] for u in exported["uitkomsten"]] == ["verwezen_vso"]
    assert len(exported["opp_versies"]) == 1


def test_school_codes_are_checked(world):
    with pytest.raises(ValidationError) as exc:
        scholen.save_school(
            world.db,
            world.secretariaat,
            scholen.SchoolInput("X", "1AB", "99ZZ00", world.bestuur_id, postcode="12345"),
        )
    assert exc.value.fields == {"brin", "vestigingsnummer", "postcode"}
    with pytest.raises(ValidationError, match="al een school"):
        scholen.save_school(
            world.db,
            world.secretariaat,
            scholen.SchoolInput("X", "12AB", "12AB00", world.bestuur_id),
        )
    sid = scholen.save_school(
        world.db,
        world.secretariaat,
        scholen.SchoolInput("Nieuw", "12ab", "12ab01", world.bestuur_id, postcode="1234ab"),
    )
    got = scholen.get_school(world.db, sid)
    assert (got.brin, got.vestigingsnummer, got.postcode) == ("12AB", "12AB01", "1234 AB")
    with pytest.raises(PermissionDenied):
        scholen.save_bestuur(world.db, world.contactpersoon, scholen.BestuurInput("Y", "12345"))
