"""Batch subcommands (demo, check, letters, report, herstel). Imports no Qt.

``swv-desktop demo|check|letters|report|herstel ...``; exit code 0 on success, 1 on findings or a
known error (with a Dutch message on stderr). The database is encrypted: the commands that read it
take ``--user`` and the password from the environment variable ``SWV_PASSWORD`` or a prompt.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from swv_desktop.errors import KnownError, ValidationError
from swv_desktop.reports.evaluatie_data import EvaluatieSoort

if TYPE_CHECKING:
    from swv_desktop.db import Database

SUBCOMMANDS = ("demo", "check", "letters", "report", "herstel")
PASSWORD_ENV = "SWV_PASSWORD"


def _user_arg(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument(
        "--user",
        required=required,
        help=f"gebruikersnaam; het wachtwoord komt uit {PASSWORD_ENV} of wordt gevraagd",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the batch commands."""
    parser = argparse.ArgumentParser(prog="swv-desktop", description="swv-desktop batchopdrachten")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="maak een database met fictieve demogegevens")
    demo.add_argument("--db", type=Path, required=True, help="pad van de nieuwe database")
    demo.add_argument("--seed", type=int, default=2021, help="startwaarde van het toeval")
    demo.add_argument(
        "--pupils", dest="leerlingen", metavar="N", type=int, default=80, help="aantal leerlingen"
    )
    demo.add_argument("--years", type=int, default=2, help="aantal schooljaren vanaf 2021-2022")

    check = sub.add_parser("check", help="controleer een database")
    check.add_argument("--db", type=Path, required=True)
    _user_arg(check, required=False)

    letters = sub.add_parser("letters", help="schrijf de uitgegeven beschikkingen van een jaar weg")
    letters.add_argument("--db", type=Path, required=True)
    _user_arg(letters)
    letters.add_argument("--year", required=True, help="schooljaar, bijvoorbeeld 2021-2022")
    letters.add_argument("--out", type=Path, required=True, help="map voor de PDF-bestanden")

    report = sub.add_parser("report", help="maak de tussen- of eindevaluatie")
    report.add_argument("--db", type=Path, required=True)
    _user_arg(report)
    report.add_argument("--year", required=True, help="schooljaar, bijvoorbeeld 2021-2022")
    report.add_argument("--kind", type=EvaluatieSoort, choices=list(EvaluatieSoort), required=True)
    report.add_argument("--out", type=Path, required=True, help="PDF-bestand")
    report.add_argument("--xlsx", type=Path, default=None, help="ook een Excel-bestand")

    herstel = sub.add_parser(
        "herstel", help="nieuw wachtwoord voor een account met de herstelsleutel"
    )
    herstel.add_argument("--db", type=Path, required=True)
    _user_arg(herstel)
    return parser


def password_for(username: str) -> str:
    """The password from ``SWV_PASSWORD``, else asked for (not echoed)."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env is not None:
        return from_env
    return getpass.getpass(f"Wachtwoord voor {username}: ")


def open_signed_in(path: Path, username: str) -> Database:
    """The database at ``path`` opened with ``username``'s password (``KnownError`` when not)."""
    from swv_desktop.services.toegang import Gate

    gate = Gate(path)
    if not gate.exists:
        raise KnownError(f"Het databasebestand '{path}' bestaat niet.")
    gate.sign_in(username, password_for(username))
    assert gate.db is not None
    return gate.db


def _cmd_demo(args: argparse.Namespace) -> int:
    from swv_desktop.demo.generator import generate_demo

    summary = generate_demo(
        args.db, seed=args.seed, leerlingen=args.leerlingen, years=args.years, progress=_progress
    )
    print(summary)
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from swv_desktop.check.database import check_database

    keys = None
    if args.user:
        from swv_desktop.services.toegang import Gate

        gate = Gate(args.db, convert=False)
        if gate.exists:  # unlock only: the check never migrates or writes
            keys = gate.unlock(args.user, password_for(args.user))
    report = check_database(args.db, keys=keys)
    for line in report.lines:
        print(line)
    return 0 if report.ok else 1


def _cmd_letters(args: argparse.Namespace) -> int:
    from swv_desktop.services.beschikkingen.uitgifte import export_letters

    db = open_signed_in(args.db, args.user)
    try:
        result = export_letters(db, args.year, args.out, progress=_progress)
    finally:
        db.close()
    print(result)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from swv_desktop.services.evaluatie.use_cases import write_report

    db = open_signed_in(args.db, args.user)
    try:
        result = write_report(db, args.year, args.kind, args.out, xlsx=args.xlsx)
    finally:
        db.close()
    print(result)
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


HANDLERS = {
    "demo": _cmd_demo,
    "check": _cmd_check,
    "letters": _cmd_letters,
    "report": _cmd_report,
    "herstel": _cmd_herstel,
}


def main(argv: list[str]) -> int:
    """Run one batch command; a known error prints its Dutch message and exits 1."""
    args = build_parser().parse_args(argv)
    try:
        return HANDLERS[args.command](args)
    except KnownError as exc:
        print(f"Fout: {exc.message}", file=sys.stderr)
        return 1
