"""The pass: an ``Actor`` is valid only with the seal that sign-in gave it (``issue``, called by
``auth.actor_for`` after a password check); a caller that builds ``Actor(...)`` itself has no
seal and is refused. ``verify`` also reloads the account, so a deactivated user (or one whose
role changed) is refused at her next call."""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets

from sqlalchemy.orm import Session

from swv_desktop.errors import PermissionDenied
from swv_desktop.models import Gebruiker
from swv_desktop.models import Rol
from swv_desktop.services.common import Actor


@functools.cache
def _process_secret() -> bytes:
    """The key that seals actors in this process (made on first sign-in, never stored)."""
    return secrets.token_bytes(32)


def _seal_for(user_id: int, gebruikersnaam: str, rol: Rol) -> bytes:
    message = f"{user_id}\x00{gebruikersnaam}\x00{rol.value}".encode()
    return hmac.new(_process_secret(), message, hashlib.sha256).digest()


def issue(user: Gebruiker) -> Actor:
    """The sealed ``Actor`` of an account; only sign-in (``auth``, ``toegang``) calls this."""
    return Actor(
        id=user.id,
        gebruikersnaam=user.gebruikersnaam,
        naam=user.volledige_naam,
        rol=user.rol,
        seal=_seal_for(user.id, user.gebruikersnaam, user.rol),
    )


NOT_SIGNED_IN = (
    "U bent niet aangemeld (of uw aanmelding is verlopen). Meld u opnieuw aan; er is niets "
    "gewijzigd."
)


def sealed(actor: object) -> bool:
    """True when ``actor`` is an ``Actor`` that sign-in issued in this process."""
    if not isinstance(actor, Actor) or not isinstance(actor.seal, bytes) or not actor.seal:
        return False
    if type(actor.id) is not int or not isinstance(actor.rol, Rol):
        return False
    expected = _seal_for(actor.id, actor.gebruikersnaam, actor.rol)
    return hmac.compare_digest(expected, actor.seal)


def require_sealed(actor: object) -> Actor:
    """Refuse an actor that sign-in did not issue (``PermissionDenied``, Dutch)."""
    if not sealed(actor):
        raise PermissionDenied(NOT_SIGNED_IN)
    assert isinstance(actor, Actor)
    return actor


def verify(session: Session, actor: object) -> Gebruiker:
    """The account behind a sealed ``actor``, still active and still in the same role."""
    checked = require_sealed(actor)
    user = session.get(Gebruiker, checked.id)
    if user is None or user.gebruikersnaam != checked.gebruikersnaam:
        raise PermissionDenied(NOT_SIGNED_IN)
    if not user.actief:
        raise PermissionDenied(
            "Uw account is uitgeschakeld; u kunt niet verder werken. Er is niets gewijzigd. "
            "Vraag de beheerder om uw account weer in te schakelen."
        )
    if user.rol is not checked.rol:
        raise PermissionDenied(
            f"Uw rol is intussen gewijzigd in {user.rol.label.lower()}. Meld u opnieuw aan; er "
            "is niets gewijzigd."
        )
    return user
