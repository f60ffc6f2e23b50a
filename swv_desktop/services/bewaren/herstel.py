"""After a restore from backup: the deletion register applied again.

A backup made before a purge still holds what the purge deleted, and its own register lacks
the lines of that purge. So before a restore the register is read from the database as it is
(when it opens) and from every backup newer than the one put back (the ``na-opschonen`` copy
of each purge is one of them: also a damaged current file loses no line); after the restore
every line the restored database lacks is applied again with the same step and ids, and
written to its register under the same ``uid``. A line whose ids no longer match its
fingerprint is skipped and reported (someone edited it), never applied."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace
from datetime import UTC
from datetime import date
from datetime import datetime
from pathlib import Path

from swv_desktop import backups
from swv_desktop.db import Database
from swv_desktop.dbfile import Error
from swv_desktop.dbfile import connect_for_reading
from swv_desktop.models import Gebruiker
from swv_desktop.services import scope
from swv_desktop.services.bewaren.handelingen import HANDELINGEN
from swv_desktop.services.bewaren.register import RegisterRegel
from swv_desktop.services.bewaren.toepassen import apply_lines
from swv_desktop.services.bewaren.toepassen import wipe_free_space
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audit
from swv_desktop.services.scope import Recht

_COLUMNS = (
    "uid, op, soort, handeling, aantal, eerste_id, laatste_id, ids, vingerafdruk, regel, "
    "peildatum, door"
)


def _moment(value: object) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def read_register_file(path: Path, *, key: bytes | None = None) -> list[RegisterRegel]:
    """The register lines in the SQLite file at ``path`` (none when it does not open or has no
    register yet); reads only."""
    if not Path(path).is_file():
        return []
    try:
        conn = connect_for_reading(Path(path), key=key)
    except (Error, OSError):
        return []
    try:
        cursor = conn.execute(f"SELECT {_COLUMNS} FROM verwijderregister ORDER BY id")
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    except Error:
        return []
    finally:
        conn.close()
    return [
        RegisterRegel(
            uid=str(r["uid"]),
            op=_moment(r["op"]),
            soort=str(r["soort"]),
            handeling=str(r["handeling"]),
            aantal=int(r["aantal"]),
            eerste_id=r["eerste_id"],
            laatste_id=r["laatste_id"],
            ids=str(r["ids"] or ""),
            vingerafdruk=str(r["vingerafdruk"]),
            regel=str(r["regel"]),
            peildatum=_day(r["peildatum"]),
            door=str(r["door"]),
        )
        for r in rows
    ]


def collect_register(
    db_path: Path, restoring: Path | None = None, *, key: bytes | None = None
) -> list[RegisterRegel]:
    """Every register line this database's lineage knows, once each, oldest first: with
    ``restoring`` (a backup about to be put back as ``db_path``) those of the current file and of
    the backups at least as new; without, those of all backups of ``db_path`` (the daily purge
    applies what a restore by hand or an older copy put back may lack)."""
    listed = backups.list_backups(db_path)
    sources: list[Path] = []
    if restoring is not None:
        sources.append(Path(db_path))
        chosen = next((b for b in listed if b.path == Path(restoring)), None)
        listed = [
            b
            for b in listed
            if b.path != Path(restoring) and (chosen is None or b.made_at >= chosen.made_at)
        ]
    sources.extend(b.path for b in listed)
    seen: dict[str, RegisterRegel] = {}
    for source in sources:
        for line in read_register_file(source, key=key):
            seen.setdefault(line.uid, line)
    order = {k: i for i, k in enumerate(HANDELINGEN)}
    return sorted(seen.values(), key=lambda r: (r.op, order.get((r.soort, r.handeling), 99)))


@dataclass(frozen=True)
class Heraanvulling:
    """What re-applying the register did after a restore."""

    toegepast: list[RegisterRegel]
    overgeslagen: list[RegisterRegel]
    rijen: dict[str, int]

    def lines(self) -> list[str]:
        """In Dutch, for the restore's report."""
        out: list[str] = []
        if self.toegepast:
            out.append(
                f"Verwijderregister opnieuw toegepast: {len(self.toegepast)} regel(s) die de "
                "teruggezette kopie nog niet had; wat toen is verwijderd, is weer verwijderd."
            )
        for line in self.overgeslagen:
            out.append(
                f"Registerregel van {line.op:%d-%m-%Y} ({line.soort}) is niet toegepast: de ids "
                "passen niet bij de vingerafdruk."
            )
        return out


def reapply(db: Database, actor: Actor, lines: list[RegisterRegel]) -> Heraanvulling:
    """Apply the register ``lines`` the (restored) database lacks, in one transaction, and
    record them in its register under their own ``uid``; then wipe the freed space."""
    scope.require(actor, Recht.BEWAARTERMIJNEN)  # sealed; the restored copy may lack the account
    now = db.clock()
    with db.transaction() as session:
        known = session.get(Gebruiker, actor.id) is not None
        if known:
            scope.verify(session, actor)  # a deactivated account is refused here too
        who = actor if known else replace(actor, id=0)  # audit and register without a dangling id
        applied, skipped, told = apply_lines(session, who, lines, now.date())
        if applied or skipped:
            audit(
                session,
                who,
                "bewaartermijnen",
                None,
                "opnieuw toegepast",
                None,
                {
                    "register": [r.uid for r in applied],
                    "overgeslagen": [r.uid for r in skipped],
                    "rijen": dict(sorted(told.items())),
                },
                now=now,
            )
    if applied and db.path is not None:
        wipe_free_space(db.engine)
    return Heraanvulling(applied, skipped, dict(told))
