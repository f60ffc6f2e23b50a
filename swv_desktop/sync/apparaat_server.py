"""The server's side of devices (``services.apparaten`` for the beheerder's list and revoke).

At each sign-in a replica sends its device (``{"uuid", "naam"}``, the first time also the
secret of its device key slot, ``"sleutel"``):

- ``refusal``: before any password is checked, a revoked device or a device of a deactivated
  account gets ``410`` with ``"wissen": true``: the laptop then wipes its replica.
- ``after_sign_in``: the device is registered (or its last contact noted), the new session is
  bound to it, and when the laptop asks (``"sleutel_nodig"``: its key slot still has an old
  password) the device secret goes back, so it can write a slot for the password the server
  just accepted.
- ``recover`` (``POST herstellen``): a one-time recovery code the beheerder made for this device
  sets a new password for its user and returns the device secret; the code is then spent.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING
from typing import Any

from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import JSONResponse

from swv_desktop.db import Database
from swv_desktop.errors import AuthenticationFailed
from swv_desktop.errors import KnownError
from swv_desktop.models import Gebruiker
from swv_desktop.models import SyncApparaat
from swv_desktop.models import SyncSessie
from swv_desktop.services.common import Actor
from swv_desktop.sync import serverdb
from swv_desktop.sync.apparaat import WIPED
from swv_desktop.sync.protocol import token_hash

if TYPE_CHECKING:
    from collections.abc import Awaitable
    from collections.abc import Callable

    from swv_desktop.sync.server import Api

log = logging.getLogger("swv_desktop.server")

REVOKED_MESSAGE = (
    "Deze laptop is door de beheerder ingetrokken. De gegevens van het samenwerkingsverband op "
    "deze laptop zijn daarom gewist."
)
INACTIVE_MESSAGE = (
    "Uw account is uitgeschakeld. De gegevens van het samenwerkingsverband op deze laptop zijn "
    "daarom gewist."
)
CODE_FAILED = (
    "Deze herstelcode is onjuist, al gebruikt of verlopen. Vraag de beheerder om een nieuwe."
)


def device_of(body: dict[str, Any]) -> dict[str, str] | None:
    """The device a request names (``None``: none, or malformed)."""
    device = body.get("apparaat")
    if not isinstance(device, dict) or not serverdb.UUID.fullmatch(str(device.get("uuid", ""))):
        return None
    return {
        "uuid": str(device["uuid"]),
        "naam": str(device.get("naam", ""))[:200] or "laptop",
        "sleutel": str(device.get("sleutel", ""))[:200],
    }


def refusal(db: Database, body: dict[str, Any]) -> JSONResponse | None:
    """``410`` (wipe) for a revoked device or one whose account was deactivated."""
    device = device_of(body)
    if device is None:
        return None
    with db.read() as session:
        row = session.scalars(
            select(SyncApparaat).where(SyncApparaat.uuid == device["uuid"])
        ).first()
        if row is None:
            return None
        user = session.get(Gebruiker, row.gebruiker_id)
        if row.ingetrokken_op is not None:
            message = REVOKED_MESSAGE
        elif user is None or not user.actief:
            message = INACTIVE_MESSAGE
        else:
            return None
        log.info("Apparaat %d: replica wissen", row.id)
    return JSONResponse({"melding": message, "wissen": True}, status_code=WIPED)


def after_sign_in(db: Database, actor: Actor, body: dict[str, Any], token: str) -> dict[str, Any]:
    """Register the device (or note its contact), bind the session to it; the device secret when
    asked for. What to add to the sign-in's answer."""
    device = device_of(body)
    if device is None:
        return {}
    now = db.clock()
    with db.transaction() as session:
        row = session.scalars(
            select(SyncApparaat).where(SyncApparaat.uuid == device["uuid"]).with_for_update()
        ).first()
        if row is None:
            row = SyncApparaat(
                gebruiker_id=actor.id,
                uuid=device["uuid"],
                naam=device["naam"],
                eerste_contact=now,
                laatste_contact=now,
                sleutel=device["sleutel"],
                herstelcode_hash="",
            )
            session.add(row)
            log.info("Nieuw apparaat voor gebruiker %d", actor.id)
        elif row.gebruiker_id != actor.id:
            raise KnownError("Deze replica hoort bij een andere gebruiker.")
        else:
            row.laatste_contact, row.naam = now, device["naam"]
            if device["sleutel"]:
                row.sleutel = device["sleutel"]
        session.flush()
        sessie = session.get(SyncSessie, token_hash(token))
        if sessie is not None:
            sessie.apparaat_id = row.id
        answer: dict[str, Any] = {"apparaat_id": row.id, "sleutel_bekend": bool(row.sleutel)}
        if body.get("sleutel_nodig") and row.sleutel:
            answer["apparaat_sleutel"] = row.sleutel
        return answer


def recover(db: Database, body: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A recovery code spent: the user's new password set, the device secret returned."""
    from swv_desktop.services.apparaten import normal_code
    from swv_desktop.services.auth import recover_password
    from swv_desktop.services.auth import validate_new_password
    from swv_desktop.services.auth import verify_password

    device = device_of(body)
    name = str(body.get("gebruikersnaam", "")).strip().lower()[:200]
    code = normal_code(str(body.get("code", ""))[:100])
    password = str(body.get("nieuw_wachtwoord", ""))
    if device is None or not code:
        raise AuthenticationFailed(CODE_FAILED)
    validate_new_password(password)
    with db.transaction() as session:
        row = session.scalars(
            select(SyncApparaat).where(SyncApparaat.uuid == device["uuid"]).with_for_update()
        ).first()
        user = None if row is None else session.get(Gebruiker, row.gebruiker_id)
        ok = (
            row is not None
            and user is not None
            and user.actief
            and user.gebruikersnaam.lower() == name
            and row.ingetrokken_op is None
            and bool(row.herstelcode_hash)
            and row.herstelcode_tot is not None
            and row.herstelcode_tot > now
            and verify_password(row.herstelcode_hash, code)
        )
        if not ok or row is None or user is None:
            raise AuthenticationFailed(CODE_FAILED)
        row.herstelcode_hash, row.herstelcode_tot = "", None
        row.laatste_contact = now
        recover_password(
            session,
            user,
            password,
            actie="wachtwoord hersteld",
            voor={"apparaat_id": row.id},
            na={"apparaat_id": row.id, "wachtwoord": "gewijzigd met herstelcode"},
            now=now,
        )
        log.info("Wachtwoord hersteld met een herstelcode (apparaat %d)", row.id)
        return {"apparaat_sleutel": row.sleutel}


def recover_handler(api: Api) -> Callable[[Request], Awaitable[JSONResponse]]:
    """``POST herstellen`` for the server's ``Api``: throttled like a sign-in (per device and per
    address), refused with a Dutch message, the device secret on success."""
    from starlette.concurrency import run_in_threadpool

    async def handler(request: Request) -> JSONResponse:
        if (refused := api.schema_refusal(request)) is not None:
            return refused
        try:
            body = await api.json_body(request)
        except KnownError as exc:
            return JSONResponse({"melding": str(exc)}, status_code=400)
        device = device_of(body) or {"uuid": "?"}
        address = request.client.host if request.client else "?"
        now = api.db.clock()
        keys = serverdb.throttle_keys(f"herstel:{device['uuid']}", address)
        try:
            serverdb.throttle(api.failures, keys, now)
            return JSONResponse(await run_in_threadpool(recover, api.db, body, now))
        except AuthenticationFailed as exc:
            serverdb.note_failure(api.failures, keys, now)
            return JSONResponse({"melding": str(exc)}, status_code=401)
        except KnownError as exc:
            return JSONResponse({"melding": str(exc)}, status_code=400)

    return handler


def list_handler(api: Api) -> Callable[[Request], Awaitable[JSONResponse]]:
    """``POST apparaten``: the beheerder's list of laptops (``services.apparaten``), for Beheer >
    Apparaten on a team laptop (its replica holds no device rows)."""
    from starlette.concurrency import run_in_threadpool

    from swv_desktop.errors import PermissionDenied
    from swv_desktop.services import apparaten
    from swv_desktop.sync.protocol import encode_value

    async def handler(request: Request) -> JSONResponse:
        got = await api.signed_in(request)
        if isinstance(got, JSONResponse):
            return got
        actor, _body = got
        try:
            rows = await run_in_threadpool(apparaten.list_apparaten, api.db, actor)
        except PermissionDenied as exc:
            return JSONResponse({"melding": str(exc)}, status_code=403)
        fields = list(apparaten.ApparaatRij.__dataclass_fields__)
        out = [{f: encode_value(getattr(r, f)) for f in fields} for r in rows]
        return JSONResponse({"apparaten": out})

    return handler
