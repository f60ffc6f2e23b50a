"""The need-to-know rules of ``services/scope.py``: the pass, rights per role, rows per actor."""

from __future__ import annotations

from dataclasses import replace

import pytest
from signed_in import signed_in
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update

from swv_desktop.errors import NotFound
from swv_desktop.errors import PermissionDenied
from swv_desktop.models import Base
from swv_desktop.models import Gebruiker
from swv_desktop.models import Leerling
from swv_desktop.models import Rol
from swv_desktop.models import School
from swv_desktop.services import scope
from swv_desktop.services.common import Actor

pytestmark = pytest.mark.usefixtures("world")


def test_every_table_has_a_row_rule() -> None:
    assert set(Base.metadata.tables) <= set(scope.ROW_RULES)


def test_only_sign_in_seals_an_actor(world) -> None:
    real = world.contactpersoon
    forged = Actor(real.id, real.gebruikersnaam, real.naam, real.rol)
    promoted = replace(real, rol=Rol.PROGRAMMADIRECTEUR)
    assert scope.sealed(real)
    assert not scope.sealed(forged) and not scope.sealed(promoted)
    for actor in (forged, promoted, "contactpersoon", None):
        with pytest.raises(PermissionDenied, match="niet aangemeld"):
            scope.require(actor, scope.Recht.AANVRAGEN_ZIEN)
        assert not scope.may(actor, scope.Recht.AANVRAGEN_ZIEN)  # type: ignore[arg-type]


def test_a_deactivated_or_changed_account_is_refused_at_the_next_call(world) -> None:
    cp = world.contactpersoon
    with world.db.read() as session:
        assert scope.check(session, cp, scope.Recht.AANVRAGEN_ZIEN).id == cp.id
    with world.db.transaction() as session:
        session.execute(update(Gebruiker).where(Gebruiker.id == cp.id).values(actief=False))
    with world.db.read() as session, pytest.raises(PermissionDenied, match="uitgeschakeld"):
        scope.check(session, cp, scope.Recht.AANVRAGEN_ZIEN)
    with world.db.transaction() as session:
        session.execute(
            update(Gebruiker).where(Gebruiker.id == cp.id).values(actief=True, rol=Rol.SECRETARIAAT)
        )
    with world.db.read() as session, pytest.raises(PermissionDenied, match="rol is intussen"):
        scope.check(session, cp, scope.Recht.AANVRAGEN_ZIEN)


def test_rights_follow_the_route(world) -> None:
    assert scope.may(world.contactpersoon, scope.Recht.GESPREK_VASTLEGGEN)
    assert not scope.may(world.directeur, scope.Recht.GESPREK_VASTLEGGEN)
    assert not scope.may(world.directeur, scope.Recht.AANVRAGEN_INVOEREN)
    assert scope.may(world.directeur, scope.Recht.BESLUITEN)
    assert not scope.may(world.contactpersoon, scope.Recht.BESLUITEN)
    assert not scope.may(world.secretariaat, scope.Recht.LEERLINGEN_ZIEN)
    assert not scope.may(world.beheerder, scope.Recht.LEERLINGEN_ZIEN)
    assert scope.may(world.secretariaat, scope.Recht.BRIEVEN_VERZENDEN)
    with pytest.raises(PermissionDenied, match="voorbehouden aan de programmadirecteur"):
        scope.require(world.contactpersoon, scope.Recht.BESLUITEN)


def _visible(world, actor: Actor, table: str, model: type) -> int:
    with world.db.read() as session:
        return int(
            session.scalar(select(func.count()).select_from(model).where(scope.rows(actor, table)))
            or 0
        )


def test_pupil_rows_per_actor(world) -> None:
    mine = world.add_leerling("100001")
    with world.db.transaction() as session:  # a pupil of the other school, entered directly
        other = session.get(Leerling, mine)
        assert other is not None
        session.add(
            Leerling(
                leerlingnummer="200002",
                voornaam="Ander",
                achternaam="Elders",
                geboortedatum=other.geboortedatum,
                school_id=world.andere_school_id,
                niveau="havo",
                leerjaar=1,
                aangemaakt_op=other.aangemaakt_op,
            )
        )
    stranger = signed_in(world.db, Rol.CONTACTPERSOON, "contactpersoon-elders")
    assert _visible(world, world.contactpersoon, "leerling", Leerling) == 1
    assert _visible(world, world.directeur, "leerling", Leerling) == 2
    assert _visible(world, world.secretariaat, "leerling", Leerling) == 0
    assert _visible(world, world.beheerder, "leerling", Leerling) == 0
    assert _visible(world, stranger, "leerling", Leerling) == 0
    assert _visible(world, world.secretariaat, "school", School) == 2
    with world.db.read() as session:
        scope.require_leerling(session, world.contactpersoon, mine)
        with pytest.raises(PermissionDenied, match="hoort niet bij uw scholen"):
            scope.require_leerling(session, stranger, mine)
        with pytest.raises(NotFound):
            scope.require_leerling(session, world.directeur, 999_999)
        with pytest.raises(PermissionDenied, match="niet aan u toegewezen"):
            scope.require_school(session, stranger, world.school_id, werk=True)
        scope.require_school(session, world.contactpersoon, world.school_id, werk=True)
