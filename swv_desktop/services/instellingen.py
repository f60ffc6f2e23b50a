"""Organisation settings, schooljaren and the first-run set-up of an empty database."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from datetime import date

from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.errors import StateError, Validator
from swv_desktop.formatting import schooljaar_bounds
from swv_desktop.models import Gebruiker, Organisatie, Rol, Schooljaar
from swv_desktop.models.organisatie import (
    DEFAULT_RECHTSMIDDEL,
    RECHTSMIDDEL_BEZWAAR,
    RECHTSMIDDEL_HEROVERWEGING,
)
from swv_desktop.services.auth import MIN_PASSWORD_LENGTH, actor_for, hash_password
from swv_desktop.services.common import (
    SYSTEM_ACTOR,
    Actor,
    audit,
    claim_version,
    get_or_404,
    require_role,
    snapshot,
)


@dataclass
class OrganisatieData:
    """The SWV's settings as plain data (what the settings form edits)."""

    naam: str
    adres: str = ""
    postcode: str = ""
    plaats: str = ""
    telefoon: str = ""
    email: str = ""
    website: str = ""
    programmadirecteur_naam: str = ""
    programmadirecteur_functie: str = "Programmadirecteur Kwaliteit en beleid"
    namens_bestuur_regel: str = ""
    rechtsmiddel_tekst: str = DEFAULT_RECHTSMIDDEL
    rechtsmiddel_soort: str = RECHTSMIDDEL_HEROVERWEGING
    rechtsmiddel_adres: str = ""
    rechtsmiddel_email: str = ""
    mandaatbesluit_op: date | None = None
    kenmerk_prefix: str = "MWB"
    bewaartermijn_leerling_jaren: int = 5
    bewaartermijn_aanvraag_jaren: int = 7
    bewaartermijn_audit_jaren: int = 7
    bewaartermijn_reservekopie_maanden: int = 6
    logo_png: bytes | None = None
    versie: int | None = None
    """The version the form loaded (``None`` before the settings exist)."""


@dataclass(frozen=True)
class SchooljaarData:
    """A schooljaar and its figures (amounts in cents)."""

    id: int
    label: str
    start_datum: date
    eind_datum: date
    budget_cents: int
    individueel_max_cents: int
    groep_max_cents: int
    groep_min_leerlingen: int
    voortgang_interval_maanden: int
    versie: int = 1


REGELING_DEFAULTS = {
    "budget_cents": 15_000_000,
    "individueel_max_cents": 800_000,
    "groep_max_cents": 4_000_000,
    "groep_min_leerlingen": 5,
    "voortgang_interval_maanden": 3,
}
"""The figures of the pilot regulation (September 2021); each schooljaar may change them."""

PILOT_EVALUATIEMOMENTEN: dict[str, dict[str, date]] = {
    "2021-2022": {"tussenevaluatie_op": date(2022, 7, 31)},
    "2022-2023": {"eindevaluatie_op": date(2023, 5, 31)},
}
"""The evaluation moments of the pilot regulation: the interim evaluation at the end of
2021-2022, the final evaluation in May 2023. A schooljaar created with one of these labels gets
them; other (structural) years have none, and the letters then speak of the monitoring."""


def _evaluatiemomenten(jaar: Schooljaar) -> None:
    for name, day in PILOT_EVALUATIEMOMENTEN.get(jaar.label, {}).items():
        if getattr(jaar, name) is None:
            setattr(jaar, name, day)


def _validate_organisatie(v: Validator, data: OrganisatieData) -> None:
    v.check(bool(data.naam.strip()), "naam", "Vul de naam van het samenwerkingsverband in.")
    v.check(bool(data.kenmerk_prefix.strip()), "kenmerk_prefix", "Vul een kenmerkvoorvoegsel in.")
    v.check(
        data.rechtsmiddel_soort in (RECHTSMIDDEL_HEROVERWEGING, RECHTSMIDDEL_BEZWAAR),
        "rechtsmiddel_soort",
        "Kies bezwaar of verzoek om heroverweging.",
    )
    email = data.rechtsmiddel_email.strip()
    v.check(
        not email or ("@" in email and "." in email.rsplit("@", 1)[-1] and " " not in email),
        "rechtsmiddel_email",
        "Vul een geldig e-mailadres in, of laat het veld leeg.",
    )
    v.check(
        data.kenmerk_prefix.strip().replace("-", "").isalnum() or not data.kenmerk_prefix.strip(),
        "kenmerk_prefix",
        "Het kenmerkvoorvoegsel bestaat alleen uit letters, cijfers en streepjes.",
    )
    for name in (
        "bewaartermijn_leerling_jaren",
        "bewaartermijn_aanvraag_jaren",
        "bewaartermijn_audit_jaren",
    ):
        v.check(
            1 <= getattr(data, name) <= 100, name, "Een bewaartermijn ligt tussen 1 en 100 jaar."
        )
    v.check(
        1 <= data.bewaartermijn_reservekopie_maanden <= 24,
        "bewaartermijn_reservekopie_maanden",
        "Reservekopieën worden tussen 1 en 24 maanden bewaard.",
    )


def needs_first_run(db: Database) -> bool:
    """True for an empty database: no settings and no accounts yet."""
    with db.read() as session:
        return session.scalars(select(Gebruiker.id)).first() is None


def first_run(
    db: Database,
    *,
    organisatie: OrganisatieData,
    gebruikersnaam: str,
    volledige_naam: str,
    wachtwoord: str,
    schooljaar_label: str,
) -> Actor:
    """Set up an empty database: settings, the first beheerder and the first schooljaar."""
    v = Validator()
    _validate_organisatie(v, organisatie)
    v.check(bool(gebruikersnaam.strip()), "gebruikersnaam", "Vul een gebruikersnaam in.")
    v.check(bool(volledige_naam.strip()), "volledige_naam", "Vul de volledige naam in.")
    v.check(
        len(wachtwoord) >= MIN_PASSWORD_LENGTH,
        "wachtwoord",
        f"Het wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens lang zijn.",
    )
    try:
        start, end = schooljaar_bounds(schooljaar_label)
    except ValueError as exc:
        v.add("schooljaar", str(exc))
    v.raise_if_any()
    with db.transaction() as session:
        if session.scalars(select(Gebruiker.id)).first() is not None:
            raise StateError("Deze database is al ingericht; meld u aan.")
        org = Organisatie(**{k: val for k, val in asdict(organisatie).items() if k != "versie"})
        session.add(org)
        user = Gebruiker(
            gebruikersnaam=gebruikersnaam.strip(),
            volledige_naam=volledige_naam.strip(),
            rol=Rol.BEHEERDER,
            wachtwoord_hash=hash_password(wachtwoord),
            actief=True,
            aangemaakt_op=db.clock(),
        )
        session.add(user)
        jaar = Schooljaar(
            label=schooljaar_label.strip(), start_datum=start, eind_datum=end, **REGELING_DEFAULTS
        )
        _evaluatiemomenten(jaar)
        session.add(jaar)
        session.flush()
        actor = actor_for(user)
        now = db.clock()
        audit(session, actor, "organisatie", org.id, "ingericht", None, snapshot(org), now=now)
        audit(session, actor, "schooljaar", jaar.id, "aangemaakt", None, snapshot(jaar), now=now)
        return actor


def get_settings(db: Database) -> OrganisatieData:
    """The current settings (a default-named set when none exist yet)."""
    with db.read() as session:
        org = session.scalars(select(Organisatie)).first()
        if org is None:
            return OrganisatieData(naam="")
        return OrganisatieData(**{f.name: getattr(org, f.name) for f in fields(OrganisatieData)})


def update_settings(db: Database, actor: Actor, data: OrganisatieData) -> OrganisatieData:
    """Save the settings (beheerder only)."""
    require_role(actor, Rol.BEHEERDER, action="de instellingen wijzigen")
    v = Validator()
    _validate_organisatie(v, data)
    v.raise_if_any()
    with db.transaction() as session:
        org = session.scalars(select(Organisatie)).first()
        before = snapshot(org)
        if org is None:
            org = Organisatie(naam=data.naam)
            session.add(org)
        else:
            claim_version(
                session,
                org,
                data.versie,
                entiteit="organisatie",
                wat="de instellingen",
                meervoud=True,
            )
        for f in fields(OrganisatieData):
            if f.name != "versie":
                setattr(org, f.name, getattr(data, f.name))
        session.flush()
        saved = replace(data, versie=org.versie)
        audit(
            session,
            actor,
            "organisatie",
            org.id,
            "gewijzigd",
            before,
            snapshot(org),
            now=db.clock(),
        )
    return saved


def list_schooljaren(db: Database) -> list[SchooljaarData]:
    """Every schooljaar, newest first."""
    with db.read() as session:
        rows = session.scalars(select(Schooljaar).order_by(Schooljaar.start_datum.desc())).all()
        return [_jaar(j) for j in rows]


def get_schooljaar(db: Database, schooljaar_id: int) -> SchooljaarData:
    """One schooljaar."""
    with db.read() as session:
        return _jaar(get_or_404(session, Schooljaar, schooljaar_id, "Schooljaar"))


def save_schooljaar(
    db: Database,
    actor: Actor,
    *,
    label: str,
    budget_cents: int,
    individueel_max_cents: int,
    groep_max_cents: int,
    groep_min_leerlingen: int,
    voortgang_interval_maanden: int,
    schooljaar_id: int | None = None,
    versie: int | None = None,
) -> SchooljaarData:
    """Create or change a schooljaar and its figures (beheerder or programmadirecteur)."""
    require_role(actor, Rol.BEHEERDER, Rol.PROGRAMMADIRECTEUR, action="schooljaren beheren")
    v = Validator()
    start = end = None
    try:
        start, end = schooljaar_bounds(label)
    except ValueError as exc:
        v.add("label", str(exc))
    v.check(budget_cents > 0, "budget_cents", "Het budget moet groter zijn dan nul.")
    v.check(
        individueel_max_cents > 0,
        "individueel_max_cents",
        "Het maximum per leerling moet groter zijn dan nul.",
    )
    v.check(
        groep_max_cents > 0,
        "groep_max_cents",
        "Het maximum voor een groepsaanpak moet groter zijn dan nul.",
    )
    v.check(
        groep_min_leerlingen >= 2, "groep_min_leerlingen", "Een groep heeft minstens 2 leerlingen."
    )
    v.check(
        1 <= voortgang_interval_maanden <= 12,
        "voortgang_interval_maanden",
        "Het voortgangsinterval ligt tussen 1 en 12 maanden.",
    )
    with db.transaction() as session:
        clash = session.scalars(select(Schooljaar).where(Schooljaar.label == label.strip())).first()
        v.check(
            clash is None or clash.id == schooljaar_id,
            "label",
            f"Schooljaar {label} bestaat al.",
        )
        v.raise_if_any()
        assert start is not None and end is not None
        if schooljaar_id is None:
            jaar = Schooljaar(label=label.strip(), start_datum=start, eind_datum=end)
            session.add(jaar)
            before = None
        else:
            jaar = get_or_404(session, Schooljaar, schooljaar_id, "Schooljaar")
            claim_version(
                session, jaar, versie, entiteit="schooljaar", wat=f"schooljaar {jaar.label}"
            )
            before = snapshot(jaar)
            jaar.label, jaar.start_datum, jaar.eind_datum = label.strip(), start, end
        jaar.budget_cents = budget_cents
        jaar.individueel_max_cents = individueel_max_cents
        jaar.groep_max_cents = groep_max_cents
        jaar.groep_min_leerlingen = groep_min_leerlingen
        jaar.voortgang_interval_maanden = voortgang_interval_maanden
        _evaluatiemomenten(jaar)
        session.flush()
        action = "aangemaakt" if before is None else "gewijzigd"
        audit(session, actor, "schooljaar", jaar.id, action, before, snapshot(jaar), now=db.clock())
        return _jaar(jaar)


def _jaar(j: Schooljaar) -> SchooljaarData:
    return SchooljaarData(
        id=j.id,
        label=j.label,
        start_datum=j.start_datum,
        eind_datum=j.eind_datum,
        budget_cents=j.budget_cents,
        individueel_max_cents=j.individueel_max_cents,
        groep_max_cents=j.groep_max_cents,
        groep_min_leerlingen=j.groep_min_leerlingen,
        voortgang_interval_maanden=j.voortgang_interval_maanden,
        versie=j.versie,
    )


__all__ = [
    "REGELING_DEFAULTS",
    "SYSTEM_ACTOR",
    "PILOT_EVALUATIEMOMENTEN",
    "OrganisatieData",
    "SchooljaarData",
    "first_run",
    "get_schooljaar",
    "get_settings",
    "list_schooljaren",
    "needs_first_run",
    "save_schooljaar",
    "update_settings",
]
