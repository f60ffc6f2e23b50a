"""``swv-desktop server``: the office's sync server (Starlette on uvicorn, HTTP or HTTPS).

At start it migrates the PostgreSQL database and installs the change-number triggers. The API
(``/api/v1``, JSON; every request names the laptop's schema revision in ``X-SWV-Schema``; a
laptop of an older supported revision, ``sync.versions.supported``, may sign in and send its
commands, ids and views, which ``sync.omzetten`` converts, and is asked to upgrade for the rest):

- ``POST aanmelden`` ``{gebruikersnaam, wachtwoord}`` -> ``{token, verloopt_op, gebruiker}``:
  the same argon2id accounts; 5 failures for one user name (30 from one address) in 15 minutes
  block further attempts for the rest of that window.
- ``POST opdrachten`` ``{opdrachten: [...]}`` -> ``{antwoorden: [...]}``: each command replayed
  through its service as the session's user (``replay.replay_all``: one transaction per
  request, a savepoint per command). This is the only write path.
- ``POST ophalen`` ``{cursor, scope}`` -> the rows changed since the cursor, within scope, as
  a stream of JSON lines (``sync.stroom``), made on a thread while the laptop reads.
- ``POST nummers`` ``{tabellen: [...]}`` -> a block of ids per table for offline work.
- ``POST avg-kopie`` ``{leerling_id, json_naam}`` -> ``{pdf_naam, pdf (base64), json_naam, json}``:
  the AVG copy of one pupil, made from the server's data (never from a laptop's partial replica)
  and logged here.
- ``POST herstellen`` ``{gebruikersnaam, code, apparaat, nieuw_wachtwoord}``: a one-time recovery
  code of the beheerder sets a new password from a laptop (``sync.apparaat_server``); a sign-in
  names its ``apparaat`` and a revoked one (or a deactivated account's) gets 410: wipe.
- ``POST brief`` ``{soort, id}`` -> ``{pdf (base64), sha256}``: an issued letter's frozen bytes,
  which a pull does not send (``sync.brieven``); refused outside the user's scope, logged.
- ``POST inzagen`` ``{regels: [...]}`` -> counts: the laptop's access log, written as the session's
  user (``sync.inzagen``).
- ``GET status`` -> the schema revision and the server's version.

It logs to a rotating file and stops cleanly on SIGTERM (uvicorn finishes the open requests).
``SWV_SYNC_FAULT=exit-after-commit`` (tests only) makes it die right after committing a batch,
before it answers: the laptop's resend must then get the stored answer.
"""

from __future__ import annotations

import argparse
import base64
import json
import logging
import logging.handlers
import os
import signal
from collections.abc import AsyncIterator
from collections.abc import Awaitable
from collections.abc import Callable
from datetime import datetime
from datetime import timedelta
from functools import partial
from functools import wraps
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.responses import Response
from starlette.responses import StreamingResponse
from starlette.routing import Route

from swv_desktop import __version__
from swv_desktop.db import Database
from swv_desktop.errors import AuthenticationFailed
from swv_desktop.errors import KnownError
from swv_desktop.errors import NotFound
from swv_desktop.logsafe import PrivacyFormatter
from swv_desktop.logsafe import safe
from swv_desktop.opening import open_database
from swv_desktop.paths import log_dir
from swv_desktop.schema import SCHEMA_HEAD
from swv_desktop.services import auth
from swv_desktop.services import avg_kopie
from swv_desktop.services import commands
from swv_desktop.services import toegangslog
from swv_desktop.sync import apparaat_server
from swv_desktop.sync import brieven
from swv_desktop.sync import ids
from swv_desktop.sync import inzagen
from swv_desktop.sync import omzetten
from swv_desktop.sync import pull
from swv_desktop.sync import replay
from swv_desktop.sync import serverdb
from swv_desktop.sync import stroom
from swv_desktop.sync import versions
from swv_desktop.sync.protocol import API
from swv_desktop.sync.protocol import SCHEMA_HEADER
from swv_desktop.sync.protocol import schema_message

log = logging.getLogger("swv_desktop.server")
FAULT = os.environ.get("SWV_SYNC_FAULT", "")


def _refusal(status: int, message: str) -> JSONResponse:
    return JSONResponse({"melding": message}, status_code=status)


SignedInHandler = Callable[["Api", Request, Any, dict[str, Any]], Awaitable[Response]]
Endpoint = Callable[["Api", Request], Awaitable[Response]]


def _signed_in_handler(older: bool = False) -> Callable[[SignedInHandler], Endpoint]:
    """An endpoint for a signed-in laptop (``older``: of an older supported schema too): a wrong
    schema, session or body is refused before ``handler`` gets the actor and the JSON body."""

    def wrap(handler: SignedInHandler) -> Endpoint:
        @wraps(handler)
        async def endpoint(api: Api, request: Request) -> Response:
            got = await api.signed_in(request, older)
            if isinstance(got, JSONResponse):
                return got
            return await handler(api, request, *got)

        return endpoint

    return wrap


class Api:
    """The request handlers around one open database."""

    def __init__(self, db: Database, session_lifetime: timedelta) -> None:
        self.db = db
        self.lifetime = session_lifetime
        self.failures: dict[str, list[datetime]] = {}

    async def json_body(self, request: Request) -> dict[str, Any]:
        try:
            body = json.loads(await request.body() or b"{}")
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise KnownError("Het verzoek is geen geldige JSON.")
        return body

    def schema_refusal(self, request: Request, older: bool = False) -> JSONResponse | None:
        """``None`` for a laptop of this schema revision, or (``older``: signing in, sending
        its work, ids and views) of an older supported one (``versions.supported``); an older
        supported laptop asking for more is told to upgrade (426), any other is refused (409)."""
        theirs = request.headers.get(SCHEMA_HEADER)
        if theirs == SCHEMA_HEAD:
            return None
        if versions.older_supported(theirs):
            return None if older else _refusal(426, versions.upgrade_message(str(theirs)))
        return _refusal(409, schema_message(theirs))

    def _actor(self, request: Request) -> Any:
        header = request.headers.get("authorization", "")
        token = header[7:] if header.lower().startswith("bearer ") else None
        return serverdb.actor_of(self.db, token)

    async def status(self, request: Request) -> JSONResponse:
        return JSONResponse({"schema": SCHEMA_HEAD, "versie": __version__})

    async def sign_in(self, request: Request) -> JSONResponse:
        if (refused := self.schema_refusal(request, older=True)) is not None:
            return refused
        try:
            body = await self.json_body(request)
        except KnownError as exc:
            return _refusal(400, str(exc))
        if (wipe := await _threaded(apparaat_server.refusal, self.db, body)) is not None:
            return wipe  # type: ignore[no-any-return]
        name = str(body.get("gebruikersnaam", ""))[:200]
        password = str(body.get("wachtwoord", ""))
        address = request.client.host if request.client else "?"
        now = self.db.clock()
        keys = serverdb.throttle_keys(f"naam:{name.strip().lower()}", address)
        try:
            serverdb.throttle(self.failures, keys, now)
        except AuthenticationFailed as exc:
            log.warning("Aanmelding geweigerd (te veel pogingen) voor een gebruiker")
            return _refusal(429, str(exc))
        try:
            actor = await _threaded(auth.authenticate, self.db, name, password)
        except AuthenticationFailed as exc:
            serverdb.note_failure(self.failures, keys, now)
            await _threaded(
                lambda: toegangslog.aanmeldingen_bijwerken(self.db, None, mislukt=[(name, now)])
            )
            return _refusal(401, str(exc))
        await _threaded(
            lambda: toegangslog.aanmeldingen_bijwerken(self.db, actor, waar="Bij de teamserver")
        )
        token, until = await _threaded(serverdb.open_session, self.db, actor, self.lifetime)
        try:
            device = await _threaded(apparaat_server.after_sign_in, self.db, actor, body, token)
        except KnownError as exc:
            return _refusal(403, str(exc))
        log.info("Aangemeld: gebruiker %d", actor.id)
        user = {"id": actor.id, "gebruikersnaam": actor.gebruikersnaam, "naam": actor.naam}
        user["rol"] = actor.rol.value
        answer = {"token": token, "verloopt_op": until.isoformat(), "gebruiker": user}
        return JSONResponse({**answer, **device})

    async def signed_in(
        self, request: Request, older: bool = False
    ) -> tuple[Any, dict[str, Any]] | JSONResponse:
        if (refused := self.schema_refusal(request, older)) is not None:
            return refused
        try:
            actor = await _threaded(self._actor, request)
        except serverdb.SessionError as exc:
            return _refusal(401, str(exc))
        try:
            return actor, await self.json_body(request)
        except KnownError as exc:
            return _refusal(400, str(exc))

    @_signed_in_handler(older=True)
    async def push(self, request: Request, actor: Any, body: dict[str, Any]) -> JSONResponse:
        sent = body.get("opdrachten")
        if not isinstance(sent, list) or len(sent) > 500:
            return _refusal(400, "Stuur een lijst van hoogstens 500 opdrachten.")
        sent = omzetten.with_sender(sent, request.headers.get(SCHEMA_HEADER))  # then converted
        try:
            answers = await _threaded(replay.replay_all, self.db, actor, sent, _after_commit)
        except KnownError as exc:  # the batch did not commit (database busy or gone): resend
            log.warning("Opdrachten niet verwerkt (%s)", type(exc).__name__)
            return _refusal(503, str(exc))
        return JSONResponse({"antwoorden": answers})

    @_signed_in_handler()
    async def pull(
        self, request: Request, actor: Any, body: dict[str, Any]
    ) -> JSONResponse | StreamingResponse:
        cursor = body.get("cursor", 0)
        scope = body.get("scope")
        if type(cursor) is not int or not (scope is None or isinstance(scope, str)):
            return _refusal(400, "Het verzoek om wijzigingen is ongeldig.")
        lines = pull.streamed(pull.parts(self.db, actor, cursor, scope))
        try:  # the first line: a database that cannot be read is refused before the stream
            first = await anext(lines)
        except StopAsyncIteration:
            return _refusal(503, "De server kon de wijzigingen niet lezen; probeer het zo opnieuw.")
        return StreamingResponse(_after(first, lines), media_type=stroom.MEDIA_TYPE)

    @_signed_in_handler(older=True)
    async def blocks(self, request: Request, actor: Any, body: dict[str, Any]) -> JSONResponse:
        wanted = body.get("tabellen")
        if not isinstance(wanted, list) or not all(isinstance(t, str) for t in wanted):
            return _refusal(400, "Noem de tabellen waarvoor nummers nodig zijn.")
        blocks = await _threaded(serverdb.hand_out_blocks, self.db, actor, wanted)
        return JSONResponse({"blokken": blocks})

    @_signed_in_handler(older=True)
    async def views(self, request: Request, actor: Any, body: dict[str, Any]) -> JSONResponse:
        """A laptop's access log rows, written here as the session's user (``sync.inzagen``)."""
        try:
            counts = await _threaded(inzagen.ontvangen, self.db, actor, body.get("regels"))
        except KnownError as exc:
            return _refusal(400, str(exc))
        return JSONResponse(counts)

    @_signed_in_handler()
    async def letter(self, request: Request, actor: Any, body: dict[str, Any]) -> JSONResponse:
        """An issued letter's frozen bytes for the user's laptop (``sync.brieven``)."""
        soort, letter_id = body.get("soort"), body.get("id")
        if type(letter_id) is not int or not isinstance(soort, str):
            return _refusal(400, "Het verzoek om een brief is ongeldig.")
        try:
            answer = await _threaded(brieven.letter_for_laptop, self.db, actor, soort, letter_id)
        except NotFound as exc:
            return _refusal(404, str(exc))
        except KnownError as exc:
            return _refusal(403, str(exc))
        return JSONResponse(answer)

    @_signed_in_handler()
    async def avg_kopie(self, request: Request, actor: Any, body: dict[str, Any]) -> JSONResponse:
        """An AVG copy made here, from all the data the bureau holds (a laptop's replica holds
        only part of it: no views by others, no history outside its scope)."""
        leerling_id, json_naam = body.get("leerling_id"), body.get("json_naam")
        if type(leerling_id) is not int or not (json_naam is None or isinstance(json_naam, str)):
            return _refusal(400, "Het verzoek om een AVG-kopie is ongeldig.")
        try:
            kopie = await _threaded(
                partial(avg_kopie.make_avg_kopie, json_naam=json_naam), self.db, actor, leerling_id
            )
        except NotFound as exc:
            return _refusal(404, str(exc))
        except KnownError as exc:
            return _refusal(403, str(exc))
        log.info("AVG-kopie gemaakt door gebruiker %d", actor.id)
        return JSONResponse(
            {
                "pdf_naam": kopie.pdf_naam,
                "pdf": base64.b64encode(kopie.pdf).decode("ascii"),
                "json_naam": kopie.json_naam,
                "json": kopie.json,
            }
        )


def _after_commit(answer: dict[str, Any]) -> None:
    if FAULT == "exit-after-commit" and answer.get("geaccepteerd"):
        log.error("SWV_SYNC_FAULT: de server stopt na de commit, voor het antwoord")
        logging.shutdown()
        os._exit(3)


async def _after(first: bytes, rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    yield first
    async for part in rest:
        yield part


async def _threaded(function: Any, *args: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(function, *args)


def build_app(db: Database, session_lifetime: timedelta = timedelta(hours=8)) -> Starlette:
    """The Starlette application serving ``db``."""
    api = Api(db, session_lifetime)
    routes = [
        Route(f"{API}/status", api.status, methods=["GET"]),
        Route(f"{API}/aanmelden", api.sign_in, methods=["POST"]),
        Route(f"{API}/opdrachten", api.push, methods=["POST"]),
        Route(f"{API}/ophalen", api.pull, methods=["POST"]),
        Route(f"{API}/nummers", api.blocks, methods=["POST"]),
        Route(f"{API}/avg-kopie", api.avg_kopie, methods=["POST"]),
        Route(f"{API}/brief", api.letter, methods=["POST"]),
        Route(f"{API}/herstellen", apparaat_server.recover_handler(api), methods=["POST"]),
        Route(f"{API}/apparaten", apparaat_server.list_handler(api), methods=["POST"]),
        Route(f"{API}/inzagen", api.views, methods=["POST"]),
    ]
    return Starlette(routes=routes)


def open_server_database(url: str) -> Database:
    """Migrate the database, install the triggers and the replay hooks."""
    db = open_database(url)
    serverdb.install_triggers(db)
    db.hooks = replay.ServerHooks(db.clock)
    ids.install()
    commands.all_commands()
    return db


def _logging(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=5_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(PrivacyFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def _server_class() -> Any:
    import uvicorn

    class CleanStop(uvicorn.Server):
        """uvicorn re-raises a captured SIGTERM after its graceful shutdown (the process then
        dies of the signal); a service manager should see a clean stop, exit code 0."""

        def handle_exit(self, sig: int, frame: Any) -> None:
            super().handle_exit(sig, frame)
            if sig in (signal.SIGTERM, signal.SIGINT) and sig in self._captured_signals:
                self._captured_signals.remove(sig)

    return CleanStop


def run(args: argparse.Namespace) -> int:
    """Serve until SIGTERM or Ctrl+C; returns the exit code."""
    import uvicorn

    if bool(args.certfile) != bool(args.keyfile):
        print("Geef --certfile en --keyfile samen op (of geen van beide).")
        return 1
    seen = ""
    if args.certfile:  # what the laptops show at their first connection (trust on first use)
        from swv_desktop.sync.trust import file_fingerprint

        try:
            seen = file_fingerprint(args.certfile)
        except (OSError, ValueError) as exc:
            print(f"Het certificaat {args.certfile} is niet leesbaar ({exc}).")
            return 1
    _logging(args.log or log_dir() / "swv-server.log")
    try:
        db = open_server_database(args.database)
    except KnownError as exc:
        print(exc)
        log.error("Start mislukt: %s", exc)
        return 1
    app = build_app(db, timedelta(hours=args.sessie_uren))
    config = uvicorn.Config(
        app,
        host=args.host,
        port=args.port,
        ssl_certfile=str(args.certfile) if args.certfile else None,
        ssl_keyfile=str(args.keyfile) if args.keyfile else None,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=10,
    )
    scheme = "https" if args.certfile else "http"
    log.info("Server start op %s://%s:%d", safe(scheme), safe(args.host), args.port)
    print(f"swv-desktop server op {scheme}://{args.host}:{args.port} ({db.location})", flush=True)
    if seen:
        log.info("Vingerafdruk van het certificaat (SHA-256): %s", seen)
        print(f"Vingerafdruk van het certificaat (SHA-256): {seen}", flush=True)
    server = _server_class()(config)
    server.run()  # on SIGTERM or SIGINT: stops accepting, finishes open requests, returns
    db.close()
    log.info("Server netjes gestopt")
    print("Server gestopt.", flush=True)
    return 0
