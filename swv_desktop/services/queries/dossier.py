"""A pupil's whole story in one list: the applications (individual and group) the pupil is in,
the decisions on them, the letters, the progress talks and the outcomes per schooljaar, newest
first; each line says which form opens it. Qt-free."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_
from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.formatting import money
from swv_desktop.formatting import short_date
from swv_desktop.models import Aanvraag
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import Groepsplan
from swv_desktop.models import GroepsplanLeerling
from swv_desktop.models import Leerling
from swv_desktop.models import LeerlingUitkomst
from swv_desktop.models import Soort
from swv_desktop.models import Uitkomst
from swv_desktop.models import Voortgangsgesprek
from swv_desktop.services import scope
from swv_desktop.services.common import Actor
from swv_desktop.services.common import get_or_404
from swv_desktop.services.scope import Recht


@dataclass(frozen=True)
class DossierRegel:
    """One event of the pupil's story."""

    datum: date
    soort: str
    """``Aanvraag``, ``Besluit``, ``Herziening``, ``Beschikking``, ``Voortgangsgesprek``, ``Uitkomst``."""
    omschrijving: str
    open_kind: str
    """The opener kind of the form that shows it (``aanvraag``, ``besluit``, ``beschikking``,
    ``voortgang``; ``uitkomst`` is the pupil's own Uitkomst tab)."""
    open_id: int


_ORDER = {"Aanvraag": 0, "Besluit": 1, "Herziening": 1, "Beschikking": 2, "Voortgangsgesprek": 3}


def leerling_dossier(db: Database, actor: Actor, leerling_id: int) -> list[DossierRegel]:
    """Everything that happened around pupil ``leerling_id``, newest first."""
    with scope.read(db, actor, Recht.LEERLINGEN_ZIEN) as session:
        scope.require_leerling(session, actor, leerling_id)
        get_or_404(session, Leerling, leerling_id, "Leerling")
        in_group = (
            select(Groepsplan.aanvraag_id)
            .join(GroepsplanLeerling, GroepsplanLeerling.groepsplan_id == Groepsplan.id)
            .where(GroepsplanLeerling.leerling_id == leerling_id)
        )
        aanvragen = list(
            session.scalars(
                select(Aanvraag).where(
                    or_(Aanvraag.leerling_id == leerling_id, Aanvraag.id.in_(in_group))
                )
            )
        )
        ids = [a.id for a in aanvragen]
        nummers = {a.id: a.nummer for a in aanvragen}
        out: list[DossierRegel] = []
        for a in aanvragen:
            soort = "groepsaanpak" if a.soort is Soort.GROEP else "individueel"
            out.append(
                DossierRegel(
                    a.aanvraagdatum,
                    "Aanvraag",
                    f"{a.nummer} ({soort}), {money(a.aangevraagd_cents)} aangevraagd; "
                    f"{a.status.label.lower()}",
                    "aanvraag",
                    a.id,
                )
            )
        for b in session.scalars(select(Besluit).where(Besluit.aanvraag_id.in_(ids))):
            wat = "" if b.uitkomst is Uitkomst.AFGEWEZEN else f", {money(b.toegekend_cents)}"
            out.append(
                DossierRegel(
                    b.besloten_op.astimezone().date(),
                    "Herziening" if b.herziening_van_id else "Besluit",
                    f"{nummers[b.aanvraag_id]}: {b.uitkomst.label.lower()}{wat}",
                    "besluit",
                    b.aanvraag_id,
                )
            )
        letters = session.execute(
            select(Beschikking, Besluit.aanvraag_id)
            .join(Besluit, Besluit.id == Beschikking.besluit_id)
            .where(Besluit.aanvraag_id.in_(ids))
        )
        for row in letters:
            stand = (
                f"verzonden op {short_date(row.Beschikking.verzonden_op)}"
                if row.Beschikking.verzonden_op
                else (
                    "uitgegeven, nog niet verzonden" if row.Beschikking.uitgegeven_op else "concept"
                )
            )
            out.append(
                DossierRegel(
                    row.Beschikking.briefdatum,
                    "Beschikking",
                    f"{row.Beschikking.kenmerk} bij {nummers[row.aanvraag_id]}; {stand}",
                    "beschikking",
                    row.Beschikking.id,
                )
            )
        talks = session.scalars(
            select(Voortgangsgesprek).where(Voortgangsgesprek.aanvraag_id.in_(ids))
        )
        for talk in talks:
            out.append(
                DossierRegel(
                    talk.datum,
                    "Voortgangsgesprek",
                    f"{nummers[talk.aanvraag_id]}: {talk.beoordeling.label.lower()}",
                    "voortgang",
                    talk.aanvraag_id,
                )
            )
        uitkomsten = session.scalars(
            select(LeerlingUitkomst).where(LeerlingUitkomst.leerling_id == leerling_id)
        )
        for u in uitkomsten:
            out.append(
                DossierRegel(
                    u.schooljaar.eind_datum,
                    "Uitkomst",
                    f"Schooljaar {u.schooljaar.label}: {u.resultaat.label.lower()}",
                    "uitkomst",
                    u.id,
                )
            )
    out.sort(key=lambda r: (r.datum, _ORDER.get(r.soort, 9)), reverse=True)
    return out
