"""A pupil's OPP summary (ontwikkelingsperspectiefplan), versioned: saving always adds a new
version and the older ones stay as history. Consent for the handelingsdeel comes from the
parents, or from the pupil from age 16 (``age_on``).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import fields
from dataclasses import replace
from datetime import date
from datetime import datetime

from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.errors import Validator
from swv_desktop.models import Leerling
from swv_desktop.models import Opp
from swv_desktop.models import Toestemming
from swv_desktop.services import invoer
from swv_desktop.services import scope
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audited_save
from swv_desktop.services.common import get_or_404
from swv_desktop.services.common import stale_edit
from swv_desktop.services.common import unknown_version
from swv_desktop.services.scope import Recht


@dataclass
class OppInput:
    """What the OPP form edits; saving always makes a new version."""

    vastgesteld_op: date | None
    uitstroomprofiel: str
    inzet_maatwerkbudget: str
    belemmerende_factoren: str = ""
    bevorderende_factoren: str = ""
    onderwijsbehoeften: str = ""
    afwijkingen_programma: str = ""
    ondersteuning_begeleiding: str = ""
    laatst_geevalueerd_op: date | None = None
    volgende_evaluatie_op: date | None = None
    toestemming_door: Toestemming = Toestemming.GEEN
    toestemming_datum: date | None = None


@dataclass(frozen=True)
class OppVersion:
    """One stored OPP version."""

    id: int
    versie: int
    data: OppInput
    aangemaakt_door: str
    aangemaakt_op: datetime


_OPP_TEXTS = {
    "uitstroomprofiel": ("Het uitstroomprofiel", 200),
    "inzet_maatwerkbudget": ("De inzet van het maatwerkbudget", invoer.LONG_TEXT),
    "belemmerende_factoren": ("De belemmerende factoren", invoer.LONG_TEXT),
    "bevorderende_factoren": ("De bevorderende factoren", invoer.LONG_TEXT),
    "onderwijsbehoeften": ("De onderwijsbehoeften", invoer.LONG_TEXT),
    "afwijkingen_programma": ("De afwijkingen van het programma", invoer.LONG_TEXT),
    "ondersteuning_begeleiding": ("De ondersteuning en begeleiding", invoer.LONG_TEXT),
}


def _validate_opp(v: Validator, data: OppInput, today: date) -> OppInput:
    """The OPP's fields checked and cleaned (a new ``OppInput``)."""
    cleaned = {
        name: invoer.text(v, name, label, getattr(data, name), max_len=limit, multiline=limit > 200)
        for name, (label, limit) in _OPP_TEXTS.items()
    }
    later = date(today.year + 5, 12, 31)
    vastgesteld = invoer.day(
        v,
        "vastgesteld_op",
        "De vaststellingsdatum",
        data.vastgesteld_op,
        latest=today,
        required="Vul de datum in waarop het OPP is vastgesteld.",
        too_late="De vaststellingsdatum van het OPP ligt in de toekomst.",
    )
    geevalueerd = invoer.day(
        v,
        "laatst_geevalueerd_op",
        "De datum van de laatste evaluatie",
        data.laatst_geevalueerd_op,
        latest=today,
        too_late="De laatste evaluatie van het OPP ligt in de toekomst.",
    )
    volgende = invoer.day(
        v,
        "volgende_evaluatie_op",
        "De volgende evaluatie",
        data.volgende_evaluatie_op,
        latest=later,
    )
    toestemming_datum = invoer.past_day(
        v,
        "toestemming_datum",
        "De datum van de toestemming",
        data.toestemming_datum,
        today,
    )
    door = invoer.choice(
        v, "toestemming_door", "De toestemming", data.toestemming_door, Toestemming
    )
    if vastgesteld is not None:
        if geevalueerd is not None:
            v.check(
                geevalueerd >= vastgesteld,
                "laatst_geevalueerd_op",
                "Het OPP kan niet geëvalueerd zijn vóór het werd vastgesteld.",
            )
        if volgende is not None:
            v.check(
                volgende > vastgesteld,
                "volgende_evaluatie_op",
                "De volgende evaluatie ligt na de vaststelling van het OPP.",
            )
    if not cleaned["uitstroomprofiel"] and not any(e.field == "uitstroomprofiel" for e in v.errors):
        v.add("uitstroomprofiel", "Vul het verwachte uitstroomprofiel in.")
    if door is not None and door is not Toestemming.GEEN:
        v.check(
            data.toestemming_datum is not None,
            "toestemming_datum",
            "Vul de datum in waarop toestemming voor het handelingsdeel is gegeven.",
        )
    return replace(
        data,
        **cleaned,
        vastgesteld_op=vastgesteld,
        laatst_geevalueerd_op=geevalueerd,
        volgende_evaluatie_op=volgende,
        toestemming_datum=toestemming_datum,
        toestemming_door=door or Toestemming.GEEN,
    )


@command("opp.toevoegen")
def add_opp_version(
    db: Database,
    actor: Actor,
    leerling_id: int,
    data: OppInput,
    *,
    vorige_versie: int | None = None,
) -> int:
    """Store a new OPP version (older versions stay as history); returns its id.
    ``vorige_versie`` is the newest version the form showed (0 when the pupil had none): when
    someone else stored a newer one meanwhile, the save is refused with who and when, so that
    version is not silently passed over."""
    scope.require(actor, Recht.LEERLINGEN_INVOEREN)
    v = Validator()
    data = _validate_opp(v, data, db.clock().date())
    v.raise_if_any()
    with scope.transaction(db, actor, Recht.LEERLINGEN_INVOEREN) as session:
        scope.require_leerling(session, actor, leerling_id)
        leerling = get_or_404(session, Leerling, leerling_id, "Leerling")
        if data.toestemming_door is Toestemming.LEERLING and data.toestemming_datum is not None:
            age = age_on(leerling.geboortedatum, data.toestemming_datum)
            v.check(
                age >= 16,
                "toestemming_door",
                "Een leerling geeft pas vanaf 16 jaar zelf toestemming; kies 'Ouders'.",
            )
        v.raise_if_any()
        newest = session.scalars(
            select(Opp).where(Opp.leerling_id == leerling_id).order_by(Opp.versie.desc()).limit(1)
        ).first()
        last = newest.versie if newest is not None else 0
        wat = f"het OPP van leerling {leerling.leerlingnummer}"
        if vorige_versie is None:
            raise unknown_version(wat)
        if vorige_versie != last:
            raise stale_edit(session, "opp", newest.id if newest is not None else None, wat)
        opp = Opp(
            leerling_id=leerling.id,
            versie=last + 1,
            aangemaakt_op=db.clock(),
            aangemaakt_door_id=actor.id or None,
        )
        for f in fields(data):
            setattr(opp, f.name, getattr(data, f.name))
        session.add(opp)
        audited_save(
            session,
            actor,
            "opp",
            opp,
            None,
            now=db.clock(),
            actie=f"versie {opp.versie} vastgelegd",
        )
        return opp.id


def age_on(born: date, day: date) -> int:
    """Age in whole years on ``day`` of someone born on ``born``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def opp_versie(opp: Opp) -> OppVersion:
    """A stored OPP version as plain data (for the pupil's record)."""
    return OppVersion(
        id=opp.id,
        versie=opp.versie,
        data=OppInput(**{name: getattr(opp, name) for name in OppInput.__dataclass_fields__}),
        aangemaakt_door=opp.aangemaakt_door.volledige_naam if opp.aangemaakt_door else "",
        aangemaakt_op=opp.aangemaakt_op,
    )
