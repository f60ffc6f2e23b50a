"""Batch subcommands (demo, check, letters, report, backup, restore). Imports no Qt.

``swv-desktop demo|check|letters|report|backup|restore ...``; exit code 0 on success, 1 on findings or a known
error (with a Dutch message on stderr).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from swv_desktop.errors import KnownError
from swv_desktop.reports.evaluatie_data import EvaluatieSoort

SUBCOMMANDS = ("demo", "check", "letters", "report", "backup", "restore")
DB_HELP = "pad van een SQLite-bestand of adres postgresql+psycopg://gebruiker@server/database"
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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the batch commands."""
    parser = argparse.ArgumentParser(prog="swv-desktop", description="swv-desktop batchopdrachten")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="maak een database met fictieve demogegevens")
    demo.add_argument("--db", type=str, required=True, help=DB_HELP_NEW)
    demo.add_argument("--seed", type=int, default=2021, help="startwaarde van het toeval")
    demo.add_argument(
        "--pupils", dest="leerlingen", metavar="N", type=int, default=80, help="aantal leerlingen"
    )
    demo.add_argument("--years", type=int, default=2, help="aantal schooljaren vanaf 2021-2022")

    check = sub.add_parser("check", help="controleer een database")
    check.add_argument("--db", type=str, required=True, help=DB_HELP)

    letters = sub.add_parser("letters", help="schrijf de uitgegeven beschikkingen van een jaar weg")
    letters.add_argument("--db", type=str, required=True, help=DB_HELP)
    letters.add_argument("--year", required=True, help="schooljaar, bijvoorbeeld 2021-2022")
    letters.add_argument("--out", type=Path, required=True, help="map voor de PDF-bestanden")

    report = sub.add_parser("report", help="maak de tussen- of eindevaluatie")
    report.add_argument("--db", type=str, required=True, help=DB_HELP)
    report.add_argument("--year", required=True, help="schooljaar, bijvoorbeeld 2021-2022")
    report.add_argument("--kind", type=EvaluatieSoort, choices=list(EvaluatieSoort), required=True)
    report.add_argument("--out", type=Path, required=True, help="PDF-bestand")
    report.add_argument("--xlsx", type=Path, default=None, help="ook een Excel-bestand")
    backup = sub.add_parser("backup", help="maak nu een reservekopie (of toon ze met --list)")
    backup.add_argument("--db", type=_file_target, required=True, help="pad van het SQLite-bestand")
    backup.add_argument("--list", action="store_true", help="toon de reservekopieën")

    restore = sub.add_parser("restore", help="zet een reservekopie terug")
    restore.add_argument("--db", type=_file_target, required=True, help="de database die terugkomt")
    restore.add_argument("--from", dest="source", type=Path, required=True, help="reservekopie")
    return parser


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
    probe(args.db, check=False)
    made = backups.make_backup(args.db, "handmatig")
    print(f"Reservekopie gemaakt en gecontroleerd: {made.path} ({file_size(made.size)}).")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from swv_desktop import backups
    from swv_desktop.check.database import check_database
    from swv_desktop.db import known_revisions, open_database

    result = backups.restore(args.db, args.source, known_revisions=known_revisions())
    print(f"Teruggezet: {result.restored} (schemaversie {result.revision}).")
    if result.saved_current is not None:
        print(f"De database zoals hij was, staat in {result.saved_current}.")
    open_database(args.db, create=False).close()  # brings an older backup up to date
    report = check_database(args.db)
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

    report = check_database(args.db)
    for line in report.lines:
        print(line)
    return 0 if report.ok else 1


def _cmd_letters(args: argparse.Namespace) -> int:
    from swv_desktop.db import open_database
    from swv_desktop.services.beschikkingen.uitgifte import export_letters

    db = open_database(args.db, create=False)
    try:
        result = export_letters(db, args.year, args.out, progress=_progress)
    finally:
        db.close()
    print(result)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from swv_desktop.db import open_database
    from swv_desktop.services.evaluatie.use_cases import write_report

    db = open_database(args.db, create=False)
    try:
        result = write_report(db, args.year, args.kind, args.out, xlsx=args.xlsx)
    finally:
        db.close()
    print(result)
    return 0


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


HANDLERS = {
    "demo": _cmd_demo,
    "check": _cmd_check,
    "letters": _cmd_letters,
    "report": _cmd_report,
    "backup": _cmd_backup,
    "restore": _cmd_restore,
}


def main(argv: list[str]) -> int:
    """Run one batch command; a known error prints its Dutch message and exits 1."""
    args = build_parser().parse_args(argv)
    try:
        return HANDLERS[args.command](args)
    except KnownError as exc:
        print(f"Fout: {exc.message}", file=sys.stderr)
        return 1
