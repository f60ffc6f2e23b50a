"""``swv-desktop server import --database URL --from STANDALONE.db``: the command line around
``sync.importeren``.

Two sign-ins, never an actor made up: the standalone file opens with an account's own key slot
(``--user``, password from ``SWV_PASSWORD`` or asked), and the import is done as a server account
(``--server-user``, by default the same name, password from ``SWV_SERVER_PASSWORD`` or asked),
checked against the server's ``gebruiker`` table; both must be beheerder or programmadirecteur.

Afterwards the standalone file is offered for provable deletion (``--verwijder-bron``, or "ja" at
the prompt): the file, its WAL and SHM, its key file, audit anchor, sign-in counter and its
backups are overwritten and removed. The file is encrypted and its data key exists only in the key file's
slots, so without the key file no copy of the database file can be read. Refused while records
were skipped: they exist only in that file.

Exit 0: imported (or the dry run printed); 1: refused or an error; 2: imported, but records were
skipped for manual resolution.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from swv_desktop.errors import KnownError
from swv_desktop.sync import PASSWORD_ENV

SERVER_PASSWORD_ENV = "SWV_SERVER_PASSWORD"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The ``import`` action under ``server``."""
    p = sub.add_parser("import", help="een bestaande (losse) database naar de server overzetten")
    p.add_argument("--database", required=True, help="postgresql+psycopg://... van het bureau")
    p.add_argument(
        "--from", dest="bron", type=Path, required=True, help="het losse databasebestand"
    )
    p.add_argument("--user", required=True, help="uw gebruikersnaam in het losse bestand")
    p.add_argument("--server-user", help="uw gebruikersnaam op de server (standaard --user)")
    p.add_argument("--proef", action="store_true", help="alleen het verslag; niets opslaan")
    p.add_argument(
        "--verwijder-bron",
        action="store_true",
        help="het losse bestand na een geslaagde import aantoonbaar verwijderen",
    )


def _password(env: str, prompt: str) -> str:
    value = os.environ.get(env)
    return value if value is not None else getpass.getpass(prompt)


def source_files(path: Path) -> list[Path]:
    """Every file that belongs to a standalone database (those that exist)."""
    from swv_desktop.backups.copies import list_backups
    from swv_desktop.encryption.auditketen import anchor_path
    from swv_desktop.encryption.keyslots import sidecar_path
    from swv_desktop.services.toegang import THROTTLE_SUFFIX

    names = [
        path,
        Path(f"{path}-wal"),
        Path(f"{path}-shm"),
        sidecar_path(path),
        anchor_path(path),
        path.with_name(path.name + THROTTLE_SUFFIX),
    ]
    names += [b.path for b in list_backups(path)]
    return [p for p in names if p.exists()]


def delete_source(path: Path) -> list[Path]:
    """Overwrite and remove the standalone database's files, key file included; what was removed."""
    from swv_desktop.encryption.private_files import wipe

    files = source_files(path)
    for file in files:
        wipe(file)
    return files


def cmd_import(args: argparse.Namespace, ask: Callable[[str], str] = input) -> int:
    """The command itself (see the module docstring)."""
    try:
        return _run(args, ask)
    except KnownError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, ask: Callable[[str], str]) -> int:
    from swv_desktop.dialect import parse_target
    from swv_desktop.opening import open_database
    from swv_desktop.services import auth
    from swv_desktop.services import scope
    from swv_desktop.services.scope import Recht
    from swv_desktop.services.toegang import Gate
    from swv_desktop.sync import importeren
    from swv_desktop.sync import serverdb

    bron: Path = args.bron
    server_user = args.server_user or args.user
    if not bron.exists():
        raise KnownError(f"Het bestand '{bron}' bestaat niet.")
    if isinstance(parse_target(args.database), Path):
        raise KnownError("De server werkt met een PostgreSQL-database (postgresql+psycopg://...).")
    server = open_database(args.database, create=False)
    try:
        actor = auth.authenticate(
            server,
            server_user,
            _password(SERVER_PASSWORD_ENV, f"Wachtwoord voor {server_user} op de server: "),
        )
        scope.active(server, actor, Recht.IMPORTEREN)
        gate = Gate(bron, convert=False)
        if not gate.exists:
            raise KnownError(
                f"'{bron}' is geen versleutelde swv-desktop-database (open hem eerst één keer met "
                "swv-desktop; dan wordt hij versleuteld)."
            )
        bron_actor = gate.sign_in(
            args.user,
            _password(PASSWORD_ENV, f"Wachtwoord voor {args.user} in {bron.name}: "),
        )
        try:
            assert gate.db is not None
            scope.active(gate.db, bron_actor, Recht.IMPORTEREN)
            data = importeren.read_source(gate.db, bron.name)
        finally:
            gate.sign_out()
        if not args.proef:
            serverdb.install_triggers(server)  # every inserted row reaches the laptops
        verslag = importeren.importeer(server, actor, data, proef=args.proef)
    finally:
        server.close()
    print("\n".join(importeren.verslag_regels(verslag, proef=args.proef)))
    if args.proef:
        return 0
    if verslag.overgeslagen:
        print(
            f"\nHet bronbestand blijft bestaan: {verslag.overgeslagen} regel(s) zijn overgeslagen en "
            "staan alleen daarin. Los ze op en importeer opnieuw (wat er al is, wordt samengevoegd)."
        )
        return 2
    return _offer_deletion(args, bron, ask)


def _offer_deletion(args: argparse.Namespace, bron: Path, ask: Callable[[str], str]) -> int:
    from sqlalchemy.engine import make_url

    url = make_url(args.database)
    server_user = f" --server-user {args.server_user}" if args.server_user else ""
    again = (
        f"swv-desktop server import --database '{url.render_as_string(hide_password=True)}' "
        f"--from '{bron}' --user {args.user}{server_user} --verwijder-bron"
    )
    if url.password:
        again += "\n  (met het wachtwoord van de database op de plaats van ***)"
    wanted = args.verwijder_bron
    if not wanted and sys.stdin.isatty():
        answer = ask("\nHet bronbestand nu aantoonbaar verwijderen? Typ 'ja' om te verwijderen: ")
        wanted = answer.strip().lower() == "ja"
    if not wanted:
        print(
            "\nHet bronbestand staat er nog. Alles is nu op de server; verwijder het aantoonbaar "
            f"met:\n  {again}\n(de import wordt dan eerst herhaald: alles wordt samengevoegd, "
            "niets dubbel toegevoegd; daarna worden het bestand en zijn sleutelbestand "
            "overschreven en verwijderd.)"
        )
        return 0
    removed = delete_source(bron)
    print(
        "\nVerwijderd (overschreven en gewist): " + ", ".join(p.name for p in removed) + ".\n"
        "Het bestand en zijn reservekopieën waren versleuteld met een sleutel die alleen in het "
        "sleutelbestand stond (ook de herstelsleutel opende alleen dat bestand): een kopie die "
        "ergens anders is achtergebleven, is zonder dat sleutelbestand onleesbaar."
    )
    return 0
