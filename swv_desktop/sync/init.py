"""``swv-desktop server init``: the first set-up of the office's server database.

``init_server(url, ...)`` puts the schema in an empty PostgreSQL database (the same Alembic
migrations as everywhere), then the organisation, the first beheerder and the first schooljaar
through ``instellingen.first_run`` (the same checks of user name and password as the first-run
wizard of the window). A database that already holds accounts is refused (``AlreadySetUp``,
exit code 3) and left as it was; when the set-up fails half-way on a database that was empty,
the schema is taken out again, so a second try starts from the same empty database.
"""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError

from swv_desktop.db import make_engine
from swv_desktop.dialect import describe
from swv_desktop.dialect import discard
from swv_desktop.dialect import parse_target
from swv_desktop.dialect import unreachable
from swv_desktop.errors import KnownError
from swv_desktop.errors import ValidationError
from swv_desktop.formatting import schooljaar_for
from swv_desktop.models import Gebruiker
from swv_desktop.models import Organisatie
from swv_desktop.models.base import utcnow
from swv_desktop.opening import open_database
from swv_desktop.schema import SCHEMA_HEAD
from swv_desktop.schema import current_revision
from swv_desktop.services import instellingen
from swv_desktop.services.auth import validate_new_password
from swv_desktop.sync import PASSWORD_ENV
from swv_desktop.sync.commandline import EXIT_ALREADY_SET_UP

"""``server init`` on a database that already holds accounts: nothing changed."""


class AlreadySetUp(KnownError):
    """The database already has its organisation and accounts."""


@dataclass(frozen=True)
class InitResult:
    """What ``init_server`` made."""

    location: str
    schema: str
    organisatie: str
    gebruikersnaam: str
    schooljaar: str


def server_url(value: str) -> URL:
    """``--database``: a PostgreSQL address (a file path is refused in Dutch)."""
    target = parse_target(value)
    if not isinstance(target, URL) or not target.drivername.startswith("postgresql"):
        raise KnownError(
            "De server werkt met een PostgreSQL-database: geef een adres als "
            "postgresql+psycopg://swv@/swv (geen bestand)."
        )
    return target


def _state(url: URL) -> tuple[bool, str, int]:
    """Whether the schema is there, the organisation's name and how many accounts exist."""
    engine = make_engine(url)
    try:
        if current_revision(engine) is None:
            return False, "", 0
        with engine.connect() as conn:
            naam = conn.execute(select(Organisatie.naam).limit(1)).scalar() or ""
            users = int(conn.execute(select(func.count(Gebruiker.id))).scalar() or 0)
        return True, naam, users
    except OperationalError as exc:
        raise unreachable(url, exc) from exc
    finally:
        engine.dispose()


def refuse_unset(value: str) -> URL:
    """``swv-desktop server`` on a database without accounts: nobody could sign in, so it is
    refused with the way out (``server init``) before anything is written."""
    url = server_url(value)
    if not _state(url)[2]:
        raise KnownError(
            f"De database {describe(url)} is nog niet ingericht: er is geen account om mee aan "
            "te melden. Richt haar eerst in met swv-desktop server init --database ... "
            "--organisatie ... --gebruiker ... --naam ..."
        )
    return url


def init_server(
    url: URL,
    *,
    organisatie: str,
    gebruikersnaam: str,
    volledige_naam: str,
    wachtwoord: str,
    schooljaar: str | None = None,
    today: Callable[[], date] = lambda: utcnow().date(),
) -> InitResult:
    """Set up the empty database at ``url`` (see the module docstring)."""
    had_schema, naam, users = _state(url)
    if users:
        raise AlreadySetUp(
            f"De database {describe(url)} is al ingericht (organisatie '{naam or '?'}', "
            f"{users} account(s)). Er is niets gewijzigd. Start de server met "
            "swv-desktop server --database ...; een nieuwe beheerder maakt de beheerder aan in "
            "Beheer > Gebruikers."
        )
    label = schooljaar or schooljaar_for(today())
    db = open_database(url)  # the schema (or the newest revision of a schema without accounts)
    try:
        instellingen.first_run(
            db,
            organisatie=instellingen.OrganisatieData(naam=organisatie),
            gebruikersnaam=gebruikersnaam,
            volledige_naam=volledige_naam,
            wachtwoord=wachtwoord,
            schooljaar_label=label,
        )
    except BaseException:
        if not had_schema:
            discard(url, db.engine)
        raise
    finally:
        db.close()
    return InitResult(
        describe(url), SCHEMA_HEAD, organisatie.strip(), gebruikersnaam.strip(), label
    )


def ask_password(username: str) -> str:
    """The beheerder's password: ``SWV_PASSWORD``, or typed twice (not echoed)."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env is not None:
        validate_new_password(from_env)
        return from_env
    first = getpass.getpass(f"Wachtwoord voor {username} (minstens 10 tekens): ")
    validate_new_password(first)
    if getpass.getpass("Herhaal het wachtwoord: ") != first:
        raise KnownError("De wachtwoorden zijn niet gelijk; er is niets ingericht.")
    return first


def next_steps(result: InitResult) -> str:
    """What the beheerder does next, in Dutch."""
    return "\n".join(
        [
            f"De database {result.location} is ingericht (schemaversie {result.schema}):",
            f"  organisatie '{result.organisatie}', beheerder '{result.gebruikersnaam}', "
            f"schooljaar {result.schooljaar}.",
            "",
            "Zo gaat u verder:",
            "  1. Start de server met een certificaat (of als dienst, zie "
            "deploy/swv-desktop-server.service):",
            "       swv-desktop server --database ADRES --host 0.0.0.0 --port 8765 \\",
            "           --certfile /etc/swv-desktop/server.pem --keyfile /etc/swv-desktop/server.key",
            "     De server toont bij de start de vingerafdruk (SHA-256) van zijn certificaat;",
            "     geef die aan de collega's, zodat zij hem bij de eerste verbinding herkennen.",
            "  2. Open swv-desktop op uw laptop: Beheer > Server (of Team... in de statusbalk),",
            f"     vul https://SERVERNAAM:8765 in en meld u aan als '{result.gebruikersnaam}'.",
            "  3. Maak in Beheer > Gebruikers de accounts van het bureau aan en wijs in Scholen",
            "     de contactpersonen toe; vul in Beheer > Instellingen de gegevens van de",
            "     organisatie aan (adres, programmadirecteur, rechtsmiddel).",
            "  4. Zet de versleutelde reservekopieën van de database aan: deploy/swv-backup.sh",
            "     (zie de README, 'Reservekopieën van de server').",
        ]
    )


def cmd_init(args: argparse.Namespace) -> int:
    """``swv-desktop server init``; the exit code (see ``add_parser``)."""
    url = server_url(args.init_database)
    try:
        password = ask_password(args.gebruiker)
        result = init_server(
            url,
            organisatie=args.organisatie,
            gebruikersnaam=args.gebruiker,
            volledige_naam=args.naam,
            wachtwoord=password,
            schooljaar=args.schooljaar,
        )
    except AlreadySetUp as exc:
        print(f"Fout: {exc.message}")
        return EXIT_ALREADY_SET_UP
    except ValidationError as exc:
        print(f"Fout: {exc.message} Er is niets ingericht.")
        return 1
    print(next_steps(result))
    return 0
