"""Where a pupil stands at the end of a schooljaar (stayed in regular VO, referred to VSO,
other) and how the progress went: recorded or corrected per pupil and schooljaar, and listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.errors import Validator
from swv_desktop.models import Beoordeling
from swv_desktop.models import LeerlingResultaat
from swv_desktop.models import LeerlingUitkomst
from swv_desktop.models import Schooljaar
from swv_desktop.services import invoer
from swv_desktop.services import scope
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audited_save
from swv_desktop.services.common import get_or_404
from swv_desktop.services.common import snapshot
from swv_desktop.services.scope import Recht


@command("uitkomst.vastleggen")
def record_uitkomst(
    db: Database,
    actor: Actor,
    leerling_id: int,
    schooljaar_id: int,
    *,
    resultaat: LeerlingResultaat,
    voortgang: Beoordeling,
    opmerkingen: str = "",
) -> int:
    """Record (or correct) where a pupil stands at the end of a schooljaar."""
    scope.require(actor, Recht.UITKOMST_VASTLEGGEN)
    v = Validator()
    invoer.choice(v, "resultaat", "Het resultaat", resultaat, LeerlingResultaat)
    invoer.choice(v, "voortgang", "De voortgang", voortgang, Beoordeling)
    opmerkingen = invoer.long_text(v, "opmerkingen", "De opmerkingen", opmerkingen)
    v.check(
        resultaat is not LeerlingResultaat.ANDERS or bool(opmerkingen),
        "opmerkingen",
        "Licht toe wat 'anders' inhoudt.",
    )
    v.raise_if_any()
    with scope.transaction(db, actor, Recht.UITKOMST_VASTLEGGEN) as session:
        scope.require_leerling(session, actor, leerling_id)
        get_or_404(session, Schooljaar, schooljaar_id, "Schooljaar")
        row = session.scalars(
            select(LeerlingUitkomst).where(
                LeerlingUitkomst.leerling_id == leerling_id,
                LeerlingUitkomst.schooljaar_id == schooljaar_id,
            )
        ).first()
        before = snapshot(row)
        if row is None:
            row = LeerlingUitkomst(leerling_id=leerling_id, schooljaar_id=schooljaar_id)
            session.add(row)
        row.resultaat = resultaat
        row.voortgang = voortgang
        row.opmerkingen = opmerkingen.strip()
        row.vastgelegd_op = db.clock()
        audited_save(
            session, actor, "leerling_uitkomst", row, before, now=db.clock(), actie="vastgelegd"
        )
        return row.id


@dataclass(frozen=True)
class UitkomstRow:
    """A pupil's recorded outcome in one schooljaar."""

    schooljaar_id: int
    schooljaar_label: str
    resultaat: LeerlingResultaat
    voortgang: Beoordeling
    opmerkingen: str
    vastgelegd_op: datetime


def list_uitkomsten(db: Database, actor: Actor, leerling_id: int) -> list[UitkomstRow]:
    """A pupil's recorded outcomes, newest schooljaar first."""
    with scope.read(db, actor, Recht.LEERLINGEN_ZIEN) as session:
        scope.require_leerling(session, actor, leerling_id)
        rows = session.execute(
            select(LeerlingUitkomst, Schooljaar.label)
            .join(Schooljaar, Schooljaar.id == LeerlingUitkomst.schooljaar_id)
            .where(LeerlingUitkomst.leerling_id == leerling_id)
            .order_by(Schooljaar.start_datum.desc())
        ).all()
        return [
            UitkomstRow(
                row.LeerlingUitkomst.schooljaar_id,
                row.label,
                row.LeerlingUitkomst.resultaat,
                row.LeerlingUitkomst.voortgang,
                row.LeerlingUitkomst.opmerkingen,
                row.LeerlingUitkomst.vastgelegd_op,
            )
            for row in rows
        ]
