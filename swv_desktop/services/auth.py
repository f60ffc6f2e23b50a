"""Signing in, password hashing (argon2id) and user management."""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError
from argon2.exceptions import VerificationError
from argon2.exceptions import VerifyMismatchError
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.errors import AuthenticationFailed
from swv_desktop.errors import Validator
from swv_desktop.models import Gebruiker
from swv_desktop.models import Rol
from swv_desktop.services import invoer
from swv_desktop.services import scope
from swv_desktop.services import sleutels
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audit
from swv_desktop.services.common import audited_save
from swv_desktop.services.common import claim_version
from swv_desktop.services.common import get_or_404
from swv_desktop.services.common import plain
from swv_desktop.services.common import snapshot
from swv_desktop.services.scope import Recht

_HASHER = PasswordHasher()  # argon2id, memory-hard (64 MiB, 3 passes)
MIN_PASSWORD_LENGTH = 10
FAILED_MESSAGE = "Gebruikersnaam of wachtwoord is onjuist."


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``; the password itself is never stored."""
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when ``password`` matches ``stored_hash``."""
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError, UnicodeEncodeError):
        return False


def actor_for(user: Gebruiker) -> Actor:
    """The sealed ``Actor`` for a user row; call only after the user proved who she is."""
    from swv_desktop.services.scope import issue

    return issue(user)


def recover_password(
    session: Session,
    user: Gebruiker,
    new_password: str,
    *,
    actie: str,
    voor: dict[str, Any] | None,
    na: dict[str, Any],
    now: datetime,
) -> Actor:
    """Give ``user``, who proved who she is without her password (a recovery key or code), the
    password ``new_password``, audited as her own act (``actie``, ``voor`` and ``na`` as
    ``audit`` takes them); her ``Actor``. Inside the caller's transaction."""
    user.wachtwoord_hash = hash_password(new_password)
    session.flush()
    actor = actor_for(user)
    audit(session, actor, "gebruiker", user.id, actie, voor, na, now=now)
    return actor


@dataclass
class LoginThrottle:
    """Counts failed sign-ins per user name and waits a little longer after each repeated failure."""

    sleep: Callable[[float], None] = time.sleep
    free_attempts: int = 3
    step_seconds: float = 1.0
    max_seconds: float = 5.0
    failures: dict[str, int] = field(default_factory=dict)

    def delay_for(self, username: str) -> float:
        extra = self.failures.get(username.lower(), 0) - self.free_attempts + 1
        return min(self.max_seconds, max(0.0, extra * self.step_seconds))

    def failed(self, username: str) -> None:
        key = username.lower()
        self.failures[key] = self.failures.get(key, 0) + 1

    def succeeded(self, username: str) -> None:
        self.failures.pop(username.lower(), None)


def authenticate(
    db: Database, username: str, password: str, throttle: LoginThrottle | None = None
) -> Actor:
    """Check the credentials; ``AuthenticationFailed`` never says which part was wrong."""
    throttle = throttle or LoginThrottle(sleep=lambda _s: None)
    delay = throttle.delay_for(username)
    if delay:
        throttle.sleep(delay)
    wanted = username.strip().lower() if _encodable(username) and len(username) <= 200 else ""
    with db.read() as session:
        user = session.scalars(
            select(Gebruiker).where(func.lower(Gebruiker.gebruikersnaam) == wanted)
        ).first()
        ok = user is not None and user.actief and verify_password(user.wachtwoord_hash, password)
        if user is None:
            verify_password(_dummy_hash(), password)  # same work whether or not the user exists
        if not ok or user is None:
            throttle.failed(username)
            raise AuthenticationFailed(FAILED_MESSAGE)
        throttle.succeeded(username)
        return actor_for(user)


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when the user does not exist (made on first need, not at import)."""
    return _HASHER.hash("niet-bestaande-gebruiker")


@dataclass(frozen=True)
class UserRow:
    """A user as the beheerder sees it in a list."""

    id: int
    gebruikersnaam: str
    volledige_naam: str
    email: str
    rol: Rol
    actief: bool
    versie: int = 1


MAX_PASSWORD_LENGTH = 1024
_USERNAME = r"[A-Za-z0-9][A-Za-z0-9._@-]{0,79}"


def check_user_names(
    v: Validator, gebruikersnaam: object, volledige_naam: object
) -> tuple[str, str]:
    """The user name (ASCII letters, digits and ``. _ @ -``) and the full name, checked."""
    login = invoer.text(
        v,
        "gebruikersnaam",
        "De gebruikersnaam",
        gebruikersnaam,
        max_len=80,
        required="Vul een gebruikersnaam in.",
    )
    if login and not re.fullmatch(_USERNAME, login, flags=re.ASCII):
        v.add(
            "gebruikersnaam",
            "De gebruikersnaam bestaat uit letters (a-z), cijfers en de tekens . _ @ - "
            "(zonder spaties).",
        )
    naam = invoer.text(
        v,
        "volledige_naam",
        "De volledige naam",
        volledige_naam,
        max_len=200,
        required="Vul de volledige naam in.",
    )
    return login, naam


def check_password(v: Validator, password: object, field: str = "wachtwoord") -> str:
    """A password of a sane length that can be stored as a hash (never stripped)."""
    if not isinstance(password, str):
        v.add(field, "Het wachtwoord: dit is geen tekst.")
        return ""
    v.check(
        len(password) >= MIN_PASSWORD_LENGTH,
        field,
        f"Het wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens lang zijn.",
    )
    v.check(
        len(password) <= MAX_PASSWORD_LENGTH,
        field,
        f"Het wachtwoord is langer dan {MAX_PASSWORD_LENGTH} tekens.",
    )
    v.check(
        _encodable(password) and "\x00" not in password,
        field,
        "Het wachtwoord bevat een teken dat niet kan worden opgeslagen; kies een ander wachtwoord.",
    )
    return password


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def validate_new_password(password: str) -> None:
    """Refuse a password that is too short (``ValidationError``, Dutch)."""
    v = Validator()
    check_password(v, password)
    v.raise_if_any()


def count_users(db: Database) -> int:
    """How many accounts exist (0 means the first-run wizard must run)."""
    with db.read() as session:
        return int(session.scalar(select(func.count(Gebruiker.id))) or 0)


@command("gebruiker.maken", online_only=True)
def create_user(
    db: Database,
    actor: Actor,
    *,
    gebruikersnaam: str,
    volledige_naam: str,
    rol: Rol,
    wachtwoord: str,
    email: str = "",
) -> UserRow:
    """Create an account (beheerder only)."""
    scope.active(db, actor, Recht.GEBRUIKERS)
    v = Validator()
    gebruikersnaam, volledige_naam = check_user_names(v, gebruikersnaam, volledige_naam)
    check_password(v, wachtwoord)
    email = invoer.email(v, "email", "Het e-mailadres", email)
    role = invoer.choice(v, "rol", "De rol", rol, Rol)
    with db.transaction() as session:
        exists = session.scalars(
            select(Gebruiker.id).where(
                func.lower(Gebruiker.gebruikersnaam) == gebruikersnaam.lower()
            )
        ).first()
        v.check(
            exists is None, "gebruikersnaam", f"De gebruikersnaam '{gebruikersnaam}' bestaat al."
        )
        v.raise_if_any()
        assert role is not None
        user = Gebruiker(
            gebruikersnaam=gebruikersnaam,
            volledige_naam=volledige_naam,
            email=email,
            rol=role,
            wachtwoord_hash=hash_password(wachtwoord),
            actief=True,
            aangemaakt_op=db.clock(),
        )
        session.add(user)
        audited_save(session, actor, "gebruiker", user, None, now=db.clock(), actie="aangemaakt")
        sleutels.store_slot(db, user.gebruikersnaam, wachtwoord)
        return _row(user)


@command("gebruiker.wijzigen", online_only=True, entity="gebruiker", id_param="user_id")
def update_user(
    db: Database,
    actor: Actor,
    user_id: int,
    *,
    volledige_naam: str,
    email: str,
    rol: Rol,
    actief: bool,
    nieuw_wachtwoord: str = "",
    versie: int | None = None,
) -> UserRow:
    """Change an account (``versie``: the version the form loaded); an empty
    ``nieuw_wachtwoord`` keeps the password."""
    scope.active(db, actor, Recht.GEBRUIKERS)
    v = Validator()
    volledige_naam = invoer.text(
        v,
        "volledige_naam",
        "De volledige naam",
        volledige_naam,
        max_len=200,
        required="Vul de volledige naam in.",
    )
    email = invoer.email(v, "email", "Het e-mailadres", email)
    invoer.choice(v, "rol", "De rol", rol, Rol)
    invoer.flag(v, "actief", "Actief", actief)
    if not isinstance(nieuw_wachtwoord, str):
        v.add("wachtwoord", "Het wachtwoord: dit is geen tekst.")
        nieuw_wachtwoord = ""
    if nieuw_wachtwoord:
        check_password(v, nieuw_wachtwoord)
    v.check(
        not (user_id == actor.id and (not actief or rol is not Rol.BEHEERDER)),
        "rol",
        "U kunt uw eigen beheerdersaccount niet uitschakelen of een andere rol geven.",
    )
    v.raise_if_any()
    with db.transaction() as session:
        user = get_or_404(session, Gebruiker, user_id, "Gebruiker")
        claim_version(
            session, user, versie, entiteit="gebruiker", wat=f"gebruiker {user.gebruikersnaam}"
        )
        v.check(
            not actief or bool(nieuw_wachtwoord) or sleutels.has_slot(db, user.gebruikersnaam),
            "nieuw_wachtwoord",
            "Geef dit account een nieuw wachtwoord: het oude opent de versleutelde database niet "
            "meer.",
        )
        v.raise_if_any()
        switched_off = user.actief and not actief
        before = snapshot(user)
        user.volledige_naam = volledige_naam
        user.email = email
        user.rol = rol
        user.actief = actief
        if nieuw_wachtwoord:
            user.wachtwoord_hash = hash_password(nieuw_wachtwoord)
        session.flush()
        after = snapshot(user)
        if nieuw_wachtwoord:
            after["wachtwoord"] = "gewijzigd"
        audit(session, actor, "gebruiker", user.id, "gewijzigd", before, after, now=db.clock())
        if nieuw_wachtwoord and actief:
            sleutels.store_slot(db, user.gebruikersnaam, nieuw_wachtwoord)
        row = _row(user)
    if switched_off:
        sleutels.forget_slot(db, row.gebruikersnaam)  # re-key: needs the database to itself
    return row


def list_users(db: Database, actor: Actor) -> list[UserRow]:
    """Every account, sorted by name (beheerder only)."""
    scope.active(db, actor, Recht.GEBRUIKERS)
    with db.read() as session:
        users = session.scalars(select(Gebruiker).order_by(Gebruiker.volledige_naam)).all()
        return [_row(u) for u in users]


def list_contactpersonen(db: Database) -> list[tuple[int, str]]:
    """(id, name) of every active contactpersoon, for choice lists."""
    with db.read() as session:
        rows = session.execute(
            select(Gebruiker.id, Gebruiker.volledige_naam)
            .where(Gebruiker.rol == Rol.CONTACTPERSOON, Gebruiker.actief.is_(True))
            .order_by(Gebruiker.volledige_naam)
        ).all()
        return [(r.id, r.volledige_naam) for r in rows]


def _row(user: Gebruiker) -> UserRow:
    return plain(UserRow, user)
