"""Sign-in, password storage, users, settings and the first run."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from swv_desktop.errors import AuthenticationFailed
from swv_desktop.errors import PermissionDenied
from swv_desktop.errors import StateError
from swv_desktop.errors import ValidationError
from swv_desktop.models import Gebruiker
from swv_desktop.models import Rol
from swv_desktop.services import auth
from swv_desktop.services import instellingen
from swv_desktop.services import schooljaren

PASSWORD = "test-wachtwoord-1"


def test_password_is_stored_as_argon2id(world):
    auth.create_user(
        world.db,
        world.beheerder,
        gebruikersnaam="nieuw",
        volledige_naam="Nina Nieuw",
        rol=Rol.SECRETARIAAT,
        wachtwoord="geheim-en-lang",
    )
    with world.db.read() as s:
        stored = s.scalars(
            select(Gebruiker.wachtwoord_hash).where(Gebruiker.gebruikersnaam == "nieuw")
        ).one()
    assert stored.startswith("$argon2id$") and "geheim-en-lang" not in stored


def test_sign_in_and_wrong_password_gives_no_hint(world):
    actor = auth.authenticate(world.db, "Programmadirecteur", PASSWORD)
    assert actor.rol is Rol.PROGRAMMADIRECTEUR
    with pytest.raises(AuthenticationFailed) as wrong_pw:
        auth.authenticate(world.db, "programmadirecteur", "fout")
    with pytest.raises(AuthenticationFailed) as wrong_user:
        auth.authenticate(world.db, "niemand", PASSWORD)
    assert (
        str(wrong_pw.value) == str(wrong_user.value) == "Gebruikersnaam of wachtwoord is onjuist."
    )


def test_repeated_failures_slow_down(world):
    slept: list[float] = []
    throttle = auth.LoginThrottle(sleep=slept.append)
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            auth.authenticate(world.db, "beheerder", "fout", throttle)
    assert slept == [1.0, 2.0]
    auth.authenticate(world.db, "beheerder", PASSWORD, throttle)
    assert throttle.delay_for("beheerder") == 0


def test_inactive_user_cannot_sign_in(world):
    auth.update_user(
        world.db,
        world.beheerder,
        world.secretariaat.id,
        versie=1,
        volledige_naam="S",
        email="",
        rol=Rol.SECRETARIAAT,
        actief=False,
    )
    with pytest.raises(AuthenticationFailed):
        auth.authenticate(world.db, "secretariaat", PASSWORD)


def test_user_rules(world):
    with pytest.raises(PermissionDenied):
        auth.create_user(
            world.db,
            world.directeur,
            gebruikersnaam="x",
            volledige_naam="X",
            rol=Rol.BEHEERDER,
            wachtwoord="lang-genoeg-1",
        )
    with pytest.raises(ValidationError) as exc:
        auth.create_user(
            world.db,
            world.beheerder,
            gebruikersnaam="Beheerder",
            volledige_naam="",
            rol=Rol.BEHEERDER,
            wachtwoord="kort",
        )
    assert exc.value.fields == {"gebruikersnaam", "volledige_naam", "wachtwoord"}
    with pytest.raises(ValidationError, match="eigen beheerdersaccount"):
        auth.update_user(
            world.db,
            world.beheerder,
            world.beheerder.id,
            volledige_naam="B",
            email="",
            rol=Rol.BEHEERDER,
            actief=False,
        )


def test_first_run_sets_up_an_empty_database(db):
    assert instellingen.needs_first_run(db)
    actor = instellingen.first_run(
        db,
        organisatie=instellingen.OrganisatieData(naam="SWV Proefregio"),
        gebruikersnaam="eerste",
        volledige_naam="Eerste Beheerder",
        wachtwoord="een-goed-wachtwoord",
        schooljaar_label="2021-2022",
    )
    assert actor.rol is Rol.BEHEERDER and not instellingen.needs_first_run(db)
    jaar = schooljaren.list_schooljaren(db)[0]
    assert (
        jaar.budget_cents,
        jaar.individueel_max_cents,
        jaar.groep_max_cents,
        jaar.groep_min_leerlingen,
    ) == (15_000_000, 800_000, 4_000_000, 5)
    with pytest.raises(StateError):
        instellingen.first_run(
            db,
            organisatie=instellingen.OrganisatieData(naam="X"),
            gebruikersnaam="b",
            volledige_naam="B",
            wachtwoord="een-goed-wachtwoord",
            schooljaar_label="2021-2022",
        )


def test_schooljaar_figures_are_data(world):
    with pytest.raises(ValidationError) as exc:
        schooljaren.save_schooljaar(
            world.db,
            world.beheerder,
            label="2023-2025",
            budget_cents=0,
            individueel_max_cents=1,
            groep_max_cents=1,
            groep_min_leerlingen=1,
            voortgang_interval_maanden=13,
        )
    assert exc.value.fields == {
        "label",
        "budget_cents",
        "groep_min_leerlingen",
        "voortgang_interval_maanden",
    }
    jaar = schooljaren.save_schooljaar(
        world.db,
        world.directeur,
        label="2023-2024",
        budget_cents=20_000_000,
        individueel_max_cents=1_000_000,
        groep_max_cents=5_000_000,
        groep_min_leerlingen=4,
        voortgang_interval_maanden=2,
    )
    assert (jaar.start_datum.isoformat(), jaar.eind_datum.isoformat()) == (
        "2023-08-01",
        "2024-07-31",
    )
    with pytest.raises(PermissionDenied):
        schooljaren.save_schooljaar(
            world.db, world.secretariaat, label="2024-2025", **instellingen.REGELING_DEFAULTS
        )
