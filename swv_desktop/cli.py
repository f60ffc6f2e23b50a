"""Batch subcommands (demo, check, letters, report, backup, restore, herstel, purge, and the
team commands server and sync from ``sync.commandline``). Imports no Qt.

``swv-desktop demo|check|letters|report|backup|restore|herstel|purge|server|sync ...``; exit code 0 on success, 1 on
findings or a known error (with a Dutch message on stderr). The database is encrypted: the commands
that read it take ``--user`` and the password from the environment variable ``SWV_PASSWORD`` or a
prompt.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from swv_desktop.errors import KnownError
from swv_desktop.errors import ValidationError
from swv_desktop.sync import PASSWORD_ENV
from swv_desktop.sync import commandline

if TYPE_CHECKING:  # not at import: the window imports this module for ``SUBCOMMANDS`` before its
    # sign-in window paints, and SQLAlchemy is not loaded then
    from swv_desktop.db import Database
    from swv_desktop.dialect import Target
    from swv_desktop.encryption.keyslots import KeyRing
    from swv_desktop.services.common import Actor

SUBCOMMANDS = (
    "demo",
    "check",
    "letters",
    "report",
    "backup",
    "restore",
    "herstel",
    "purge",
    "server",
    "sync",
)


def _user_arg(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument(
        "--user",
        required=required,
        help=f"gebruikersnaam; het wachtwoord komt uit {PASSWORD_ENV} of wordt gevraagd",
    )


DB_HELP_NEW = (
    "pad van het nieuwe SQLite-bestand, of adres postgresql+psycopg://... van een lege database"
)


def _file_target(value: str) -> Path:
    """``--db`` of backup and restore: a SQLite file; a PostgreSQL URL is refused in Dutch."""
    from swv_desktop.dialect import file_only

    try:
        return file_only(value, "reservekopieën maken en terugzetten")
    except KnownError as exc:
        raise argparse.ArgumentTypeError(exc.message) from exc


def _db_argument(value: str) -> Target:
    """``dialect.db_argument``, imported when the parser is used (not when this module is)."""
    from swv_desktop.dialect import db_argument

    return db_argument(value)


def _parse_target(value: Target | str) -> Target:
    from swv_desktop.dialect import parse_target

    return parse_target(value)


def _day(value: str) -> date:
    """``--peildatum``: a day as ``2022-07-31`` or ``31-7-2022``."""
    from datetime import datetime

    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(value.strip(), pattern).date()  # noqa: DTZ007 (a day)
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(
        f"'{value}' is geen datum; schrijf bijvoorbeeld 2022-07-31 of 31-7-2022."
    )


def _recovery_target(value: str) -> Path:
    """``--db`` of herstel: only a SQLite file has a recovery key."""
    target = _db_argument(value)
    if not isinstance(target, Path):
        raise argparse.ArgumentTypeError(
            "Een PostgreSQL-database heeft geen herstelsleutel: de beheerder geeft een account "
            "een nieuw wachtwoord in Beheer > Gebruikers."
        )
    return target


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the batch commands."""
    from swv_desktop.dialect import DB_HELP
    from swv_desktop.reports.evaluatie_data import EvaluatieSoort  # not at import: the window

    # imports this module for ``SUBCOMMANDS`` before its sign-in window paints
    parser = argparse.ArgumentParser(prog="swv-desktop", description="swv-desktop batchopdrachten")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="maak een database met fictieve demogegevens")
    demo.add_argument("--db", type=_db_argument, required=True, help=DB_HELP_NEW)
    demo.add_argument("--seed", type=int, default=2021, help="startwaarde van het toeval")
    demo.add_argument(
        "--pupils", dest="leerlingen", metavar="N", type=int, default=80, help="aantal leerlingen"
    )
    demo.add_argument("--years", type=int, default=2, help="aantal schooljaren vanaf 2021-2022")

    check = sub.add_parser("check", help="controleer een database")
    check.add_argument("--db", type=_db_argument, required=True, help=DB_HELP)
    _user_arg(check, required=False)

    letters = sub.add_parser("letters", help="schrijf de uitgegeven beschikkingen van een jaar weg")
    letters.add_argument("--db", type=_db_argument, required=True, help=DB_HELP)
    _user_arg(letters, required=False)
    letters.add_argument("--year", required=True, help="schooljaar, bijvoorbeeld 2021-2022")
    letters.add_argument("--out", type=Path, required=True, help="map voor de PDF-bestanden")

    report = sub.add_parser("report", help="maak de tussen- of eindevaluatie")
    report.add_argument("--db", type=_db_argument, required=True, help=DB_HELP)
    _user_arg(report, required=False)
    report.add_argument("--year", required=True, help="schooljaar, bijvoorbeeld 2021-2022")
    report.add_argument("--kind", type=EvaluatieSoort, choices=list(EvaluatieSoort), required=True)
    report.add_argument("--out", type=Path, required=True, help="PDF-bestand")
    report.add_argument("--xlsx", type=Path, default=None, help="ook een Excel-bestand")
    report.add_argument(
        "--peildatum",
        type=_day,
        default=None,
        help="de gegevens tot en met deze dag (binnen het schooljaar); standaard alles tot nu",
    )
    backup = sub.add_parser("backup", help="maak nu een reservekopie (of toon ze met --list)")
    backup.add_argument("--db", type=_file_target, required=True, help="pad van het SQLite-bestand")
    backup.add_argument("--list", action="store_true", help="toon de reservekopieën")
    _user_arg(backup, required=False)

    restore = sub.add_parser("restore", help="zet een reservekopie terug")
    restore.add_argument("--db", type=_file_target, required=True, help="de database die terugkomt")
    restore.add_argument("--from", dest="source", type=Path, required=True, help="reservekopie")
    _user_arg(restore, required=False)

    purge = sub.add_parser(
        "purge", help="pas de bewaartermijnen toe (verwijder wat zijn termijn voorbij is)"
    )
    purge.add_argument("--db", type=_db_argument, required=True, help=DB_HELP)
    _user_arg(purge, required=False)
    purge.add_argument(
        "--proef",
        "--dry-run",
        dest="proef",
        action="store_true",
        help="toon alleen wat zou worden verwijderd",
    )
    purge.add_argument("--list", action="store_true", help="toon het verwijderregister")

    herstel = sub.add_parser(
        "herstel", help="nieuw wachtwoord voor een account met de herstelsleutel"
    )
    herstel.add_argument(
        "--db", type=_recovery_target, required=True, help="pad van het SQLite-bestand"
    )
    _user_arg(herstel)
    commandline.add_parsers(sub)
    return parser


def password_for(username: str) -> str:
    """The password from ``SWV_PASSWORD``, else asked for (not echoed; once per command)."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env is not None:
        return from_env
    if username not in _ASKED:
        _ASKED[username] = getpass.getpass(f"Wachtwoord voor {username}: ")
    return _ASKED[username]


_ASKED: dict[str, str] = {}
"""Passwords typed during this command (restore unlocks the file, then signs in)."""


def open_as(db: Target | str, username: str | None) -> tuple[Database, Actor]:
    """The database ``db`` and the ``Actor`` of ``username``, signed in with her password (from
    ``SWV_PASSWORD`` or a prompt): on a SQLite file by her key slot, on a PostgreSQL URL by the
    account's password hash (``ServerGate``; the sign-in is in the access log)."""
    from swv_desktop.services.toegang import Gate
    from swv_desktop.services.toegang_server import ServerGate

    target = _parse_target(db)
    if not isinstance(target, Path):
        if username is None:
            raise KnownError("Geef --user: de opdracht wordt op uw naam vastgelegd.")
        server_gate = ServerGate(target)
        try:
            actor = server_gate.sign_in(
                username, password_for(username), waar="Op de opdrachtregel"
            )
        except KnownError:
            server_gate.sign_out()
            raise
        assert server_gate.db is not None
        return server_gate.db, actor
    path = target
    gate = Gate(path)
    if not gate.exists:
        raise KnownError(f"Het databasebestand '{path}' bestaat niet.")
    if username is None:
        raise KnownError("De database is versleuteld: geef --user (met uw wachtwoord).")
    actor = gate.sign_in(username, password_for(username))
    assert gate.db is not None
    return gate.db, actor


@contextmanager
def _signed_in(args: argparse.Namespace) -> Iterator[tuple[Database, Actor]]:
    """The database ``args.db`` opened as ``args.user`` (``open_as``), closed again after."""
    db, actor = open_as(args.db, args.user)
    try:
        yield db, actor
    finally:
        db.close()


def unlocked(db: Target | str, username: str | None) -> KeyRing | None:
    """The key ring of the database at ``path`` opened with ``username``'s password, without
    opening the database itself (``None`` for a plaintext file or without a user)."""
    from swv_desktop.services.toegang import Gate

    target = _parse_target(db)
    if username is None or not isinstance(target, Path):
        return None
    gate = Gate(target, convert=False)
    if not gate.exists:
        return None
    return gate.unlock(username, password_for(username))


def _key_of(ring: KeyRing | None, path: Path) -> bytes | None:
    from swv_desktop.encryption.connect import file_kind

    if ring is None:
        if path.exists() and file_kind(path) == "encrypted":
            raise KnownError("De database is versleuteld: geef --user (met uw wachtwoord).")
        return None
    return ring.data_key


def _cmd_backup(args: argparse.Namespace) -> int:
    from swv_desktop import backups
    from swv_desktop.dbfile import probe
    from swv_desktop.formatting import file_size

    if args.list:
        found = backups.list_backups(args.db)
        for b in found:
            print(f"{b.label:>26}  {file_size(b.size):>10}  {b.reden:<22}  {b.path}")
        if not found:
            print(f"Er zijn nog geen reservekopieën van {args.db}.")
        return 0
    if not args.db.exists():
        raise KnownError(f"Het databasebestand '{args.db}' bestaat niet.")
    key = _key_of(unlocked(args.db, args.user), args.db)
    probe(args.db, key=key, check=False)
    made = backups.make_backup(args.db, "handmatig", key=key)
    print(f"Reservekopie gemaakt en gecontroleerd: {made.path} ({file_size(made.size)}).")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from swv_desktop import backups
    from swv_desktop.check.database import check_database
    from swv_desktop.opening import open_database
    from swv_desktop.schema import known_revisions
    from swv_desktop.services.bewaren.herstel import collect_register
    from swv_desktop.services.bewaren.herstel import reapply

    ring = unlocked(args.db, args.user)
    key = _key_of(ring, args.db)
    register = collect_register(args.db, args.source, key=key)
    result = backups.restore(args.db, args.source, known_revisions=known_revisions(), key=key)
    print(f"Teruggezet: {result.restored} (schemaversie {result.revision}).")
    if result.saved_current is not None:
        print(f"De database zoals hij was, staat in {result.saved_current}.")
    if args.user is None:  # a plaintext file: nobody to sign in as
        open_database(args.db, keys=ring, create=False).close()  # brings it up to date
        if register:
            print(
                "Het verwijderregister wordt bij de volgende toepassing van de bewaartermijnen "
                "opnieuw toegepast (geef --user om het nu te doen)."
            )
    else:  # brings an older backup up to date, then the register is applied again
        with _signed_in(args) as (db, actor):
            for line in reapply(db, actor, register).lines():
                print(line)
    report = check_database(args.db, keys=ring)
    for line in report.lines:
        print(line)
    return 0 if report.ok else 1


def _cmd_demo(args: argparse.Namespace) -> int:
    from swv_desktop.demo.generator import generate_demo

    summary = generate_demo(
        args.db, seed=args.seed, leerlingen=args.leerlingen, years=args.years, progress=_progress
    )
    print(summary)
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from swv_desktop.check.database import check_database

    # unlock only: the check never converts, migrates or writes
    report = check_database(args.db, keys=unlocked(args.db, args.user))
    for line in report.lines:
        print(line)
    return 0 if report.ok else 1


def _cmd_letters(args: argparse.Namespace) -> int:
    from swv_desktop.services.beschikkingen.uitgifte import export_letters

    with _signed_in(args) as (db, actor):
        result = export_letters(db, actor, args.year, args.out, progress=_progress)
    print(result)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from swv_desktop.services.evaluatie.use_cases import write_report

    with _signed_in(args) as (db, actor):
        result = write_report(
            db, actor, args.year, args.kind, args.out, xlsx=args.xlsx, peildatum=args.peildatum
        )
    print(result)
    return 0


def _cmd_purge(args: argparse.Namespace) -> int:
    from swv_desktop.services.bewaren import list_register
    from swv_desktop.services.bewaren import purge

    with _signed_in(args) as (db, actor):
        if args.list:
            lines = list_register(db, actor)
            for r in lines:
                print(
                    f"{r.op:%Y-%m-%d %H:%M}  {r.soort:<20} {r.handeling:<18} {r.aantal:>6}  "
                    f"ids {r.eerste_id}-{r.laatste_id}  {r.door}  {r.regel}"
                )
            if not lines:
                print("Het verwijderregister is leeg.")
            return 0
        result = purge(db, actor, proef=args.proef)
    for line in result.lines():
        print(line)
    return 0


def _cmd_herstel(args: argparse.Namespace) -> int:
    from swv_desktop.services.toegang import Gate

    gate = Gate(args.db)
    if not gate.exists:
        raise KnownError(f"Het databasebestand '{args.db}' bestaat niet.")
    recovery = getpass.getpass("Herstelsleutel: ")
    new = getpass.getpass(f"Nieuw wachtwoord voor {args.user}: ")
    if getpass.getpass("Herhaal het nieuwe wachtwoord: ") != new:
        raise KnownError("De wachtwoorden zijn niet gelijk; er is niets gewijzigd.")
    try:
        actor = gate.recover(recovery, args.user, new)
    except ValidationError as exc:
        raise KnownError(exc.message) from exc
    finally:
        gate.sign_out()
    print(f"{actor.gebruikersnaam} kan zich weer aanmelden met het nieuwe wachtwoord.")
    return 0


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _cmd_sync(args: argparse.Namespace) -> int:
    return commandline.cmd_sync(args, password_for)


HANDLERS = {
    "demo": _cmd_demo,
    "check": _cmd_check,
    "letters": _cmd_letters,
    "report": _cmd_report,
    "backup": _cmd_backup,
    "restore": _cmd_restore,
    "herstel": _cmd_herstel,
    "purge": _cmd_purge,
    "server": commandline.cmd_server,
    "sync": _cmd_sync,
}


def main(argv: list[str]) -> int:
    """Run one batch command; a known error prints its Dutch message and exits 1."""
    args = build_parser().parse_args(argv)
    try:
        return HANDLERS[args.command](args)
    except KnownError as exc:
        print(f"Fout: {exc.message}", file=sys.stderr)
        return 1
