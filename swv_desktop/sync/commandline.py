"""The two team commands of the command line: ``server`` and ``sync`` (registered by ``cli``).

``swv-desktop server --database URL ...`` serves; ``swv-desktop server init --database URL ...``
sets up an empty database first (``sync.init``); ``swv-desktop server import --database URL --from
STANDALONE.db`` brings a standalone database into the server's (``sync.overzetten``).

``swv-desktop sync --db LAPTOP.db --server URL --user NAME`` does one round and prints a Dutch
summary; exit 0 when everything was accepted, 1 when something was refused (it stays in the
"Niet verwerkt" list), 2 when the server could not be reached.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from swv_desktop.errors import KnownError
from swv_desktop.sync import PASSWORD_ENV
from swv_desktop.sync import overzetten

DEFAULT_PORT = 8765
EXIT_ALREADY_SET_UP = 3
"""``server init``'s exit code for a database that was already set up (nothing changed)."""


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    serve = sub.add_parser(
        "server",
        help="de synchronisatieserver van het bureau (PostgreSQL); 'server init' richt hem in, "
        "'server import' zet een los bestand over",
    )
    # not required here: 'server init/import --database URL' name it after the action; cmd_server asks
    serve.add_argument("--database", help="postgresql+psycopg://... van het bureau (verplicht)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--certfile", type=Path, help="TLS-certificaat (PEM) voor HTTPS")
    serve.add_argument("--keyfile", type=Path, help="de sleutel bij het certificaat (PEM)")
    serve.add_argument("--log", type=Path, help="logbestand (standaard in de logmap)")
    serve.add_argument(
        "--sessie-uren", type=float, default=8.0, help="hoe lang een aanmelding geldt"
    )
    actions = serve.add_subparsers(dest="server_actie", metavar="{init,import}")
    _add_init_parser(actions)
    overzetten.add_parser(actions)
    sync = sub.add_parser("sync", help="één synchronisatieronde van deze laptop met de server")
    sync.add_argument("--db", type=Path, required=True, help="de replica op deze laptop")
    sync.add_argument("--server", required=True, help="adres van de server, http(s)://...")
    sync.add_argument("--user", required=True, help="uw gebruikersnaam")
    sync.add_argument("--cafile", type=Path, help="certificaat van de server (eigen CA)")
    sync.add_argument(
        "--vertrouw-certificaat",
        metavar="VINGERAFDRUK",
        help="vertrouw het nieuwe certificaat van de server met deze SHA-256-vingerafdruk "
        "(van de beheerder; alleen nodig als de server een ander certificaat laat zien)",
    )


def _add_init_parser(server_sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``server init`` (its work is in ``sync.init``, imported only when it runs)."""
    init = server_sub.add_parser(
        "init",
        help="richt een lege PostgreSQL-database in: schema, organisatie en eerste beheerder",
        description=(
            "Richt een lege database in voor de server. Het wachtwoord van de beheerder komt "
            f"uit {PASSWORD_ENV} of wordt twee keer gevraagd. Exitcode 0: ingericht; 1: fout "
            f"(er is niets ingericht); {EXIT_ALREADY_SET_UP}: de database was al ingericht."
        ),
    )
    init.add_argument(
        "--database",
        dest="init_database",
        metavar="URL",
        required=True,
        help="postgresql+psycopg://... (een lege database, eigendom van de databasegebruiker)",
    )
    init.add_argument("--organisatie", required=True, help="naam van het samenwerkingsverband")
    init.add_argument("--gebruiker", required=True, help="gebruikersnaam van de eerste beheerder")
    init.add_argument("--naam", required=True, help="volledige naam van de eerste beheerder")
    init.add_argument(
        "--schooljaar", help="het eerste schooljaar, bijvoorbeeld 2026-2027 (standaard het huidige)"
    )


def cmd_server(args: argparse.Namespace) -> int:
    from swv_desktop.sync import init  # not at start-up: it loads the services

    if getattr(args, "server_actie", None) == "init":
        return init.cmd_init(args)
    if getattr(args, "server_actie", None) == "import":
        return overzetten.cmd_import(args)
    if not args.database:
        print(
            "Geef --database postgresql+psycopg://... (of richt een lege database eerst in met "
            "swv-desktop server init --database ...)."
        )
        return 1
    init.refuse_unset(args.database)
    from swv_desktop.sync import server

    return server.run(args)


def cmd_sync(args: argparse.Namespace, password_for: Callable[[str], str]) -> int:
    from swv_desktop.sync import trust
    from swv_desktop.sync.client import Laptop
    from swv_desktop.sync.client import Unreachable

    password = password_for(args.user)
    try:
        laptop = Laptop.open(args.db, args.server, args.user, password, args.cafile)
    except Unreachable as exc:
        print(exc)
        return 2
    except KnownError as exc:
        print(f"Fout: {exc}")
        return 1
    try:
        result = laptop.sync_round()
        if laptop.untrusted is not None:
            if not args.vertrouw_certificaat:
                print(result.summary())
                print(
                    "Op de opdrachtregel bevestigt u een nieuw certificaat met "
                    "--vertrouw-certificaat en de vingerafdruk die de beheerder doorgeeft."
                )
                return result.exit_code
            if trust.same(args.vertrouw_certificaat, laptop.untrusted.new):
                new = laptop.accept_certificate(laptop.actor)
                print(f"Het nieuwe certificaat (SHA-256 {new}) is bevestigd en bewaard.")
                result = laptop.sync_round()
            else:
                print(result.summary())
                print(
                    "De opgegeven vingerafdruk is niet die van het certificaat dat de server nu "
                    "laat zien; er is niets gewijzigd."
                )
                return 2
    finally:
        laptop.close()
    print(result.summary())
    return result.exit_code
