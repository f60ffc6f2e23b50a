"""Steps the team scenarios share: the beheerder creates or edits an account, and school A gets
another contactpersoon, each through the service its form calls, on the database given (the
server's, or a laptop's replica, whose change then goes to the server as a command)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from loaded import save_account
from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.models import Gebruiker
from swv_desktop.models import Rol
from swv_desktop.models import School
from swv_desktop.services import auth
from swv_desktop.services import scholen
from swv_desktop.services.scope import Actor
from swv_desktop.sync.client import Laptop

if TYPE_CHECKING:
    from .harness import Team


def create_account(db: Database, actor: Actor, login: str, rol: Rol, password: str) -> None:
    """A new account ``login`` named ``Test <login>``, as Beheer > Gebruikers makes it."""
    auth.create_user(
        db,
        actor,
        gebruikersnaam=login,
        volledige_naam=f"Test {login}",
        rol=rol,
        wachtwoord=password,
    )


def read_account(db: Database, login: str) -> Gebruiker:
    """The account as ``db`` holds it (its version for an edit)."""
    with db.read() as session:
        user = session.scalars(select(Gebruiker).where(Gebruiker.gebruikersnaam == login)).one()
        session.expunge(user)
        return user


def change_account(
    db: Database, actor: Actor, login: str, *, actief: bool = True, nieuw_wachtwoord: str = ""
) -> None:
    """Edit ``login`` as the account form sends it: name, e-mail and role as they were."""
    save_account(
        db, actor, read_account(db, login), actief=actief, nieuw_wachtwoord=nieuw_wachtwoord
    )


def give_school_a(team: Team, laptop: Laptop, contactpersoon: str) -> None:
    """On ``laptop`` (online), Beheer > Scholen makes ``contactpersoon`` school A's; the round
    after it sends the command."""
    with laptop.db.read() as session:
        school = session.get_one(School, team.school_a)
        data = scholen.SchoolInput(
            school.naam,
            school.brin,
            school.vestigingsnummer,
            school.bestuur_id,
            contactpersoon_id=team.actors[contactpersoon].id,
            versie=school.versie,
        )
    scholen.save_school(laptop.db, laptop.actor, data, team.school_a)
    assert laptop.sync_round().exit_code == 0
