"""Organisation settings and the first-run set-up of an empty database (the schooljaren are in
``schooljaren``)."""

from __future__ import annotations

import re
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import fields
from dataclasses import replace
from datetime import date

from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.errors import StateError
from swv_desktop.errors import Validator
from swv_desktop.formatting import schooljaar_bounds
from swv_desktop.models import Gebruiker
from swv_desktop.models import Organisatie
from swv_desktop.models import Rol
from swv_desktop.models import Schooljaar
from swv_desktop.models.organisatie import BEWAARTERMIJN_DEFAULTS
from swv_desktop.models.organisatie import DEFAULT_FUNCTIE
from swv_desktop.models.organisatie import DEFAULT_KENMERK_PREFIX
from swv_desktop.models.organisatie import DEFAULT_RECHTSMIDDEL
from swv_desktop.models.organisatie import DEFAULT_REKENING
from swv_desktop.models.organisatie import OFFLINE_SLOT_DAGEN
from swv_desktop.models.organisatie import RECHTSMIDDEL_BEZWAAR
from swv_desktop.models.organisatie import RECHTSMIDDEL_HEROVERWEGING
from swv_desktop.models.organisatie import REGELING_DEFAULTS
from swv_desktop.reports.beschikking_data import Afzender
from swv_desktop.services import invoer
from swv_desktop.services import schooljaren
from swv_desktop.services import scope
from swv_desktop.services import sleutels
from swv_desktop.services.auth import actor_for
from swv_desktop.services.auth import check_password
from swv_desktop.services.auth import check_user_names
from swv_desktop.services.auth import hash_password
from swv_desktop.services.beschikkingen.rechtsmiddel import check_remedy_text
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audit
from swv_desktop.services.common import audited_save
from swv_desktop.services.common import claim_version
from swv_desktop.services.common import plain
from swv_desktop.services.common import snapshot
from swv_desktop.services.schooljaar_regels import BudgetVerlaging
from swv_desktop.services.scope import Recht

FISCALE_BEWAARPLICHT_JAREN = 7
"""The legal minimum for the financial records (art. 52 lid 4 AWR, art. 2:10 lid 3 BW)."""


@dataclass(frozen=True)
class OrganisatieData(Afzender):
    """The SWV's settings as plain data (what the settings form edits): the letterhead
    (``Afzender``, name and address up to the logo) and the rest of the settings."""

    programmadirecteur_naam: str = ""
    programmadirecteur_functie: str = DEFAULT_FUNCTIE
    namens_bestuur_regel: str = ""
    rechtsmiddel_tekst: str = DEFAULT_RECHTSMIDDEL
    rechtsmiddel_soort: str = RECHTSMIDDEL_HEROVERWEGING
    rechtsmiddel_adres: str = ""
    rechtsmiddel_email: str = ""
    mandaatbesluit_op: date | None = None
    kenmerk_prefix: str = DEFAULT_KENMERK_PREFIX
    rekening_iban: str = DEFAULT_REKENING["rekening_iban"]
    rekening_tenaamstelling: str = DEFAULT_REKENING["rekening_tenaamstelling"]
    bewaartermijn_leerling_jaren: int = BEWAARTERMIJN_DEFAULTS["bewaartermijn_leerling_jaren"]
    bewaartermijn_aanvraag_jaren: int = BEWAARTERMIJN_DEFAULTS["bewaartermijn_aanvraag_jaren"]
    bewaartermijn_financieel_jaren: int = BEWAARTERMIJN_DEFAULTS["bewaartermijn_financieel_jaren"]
    bewaartermijn_audit_jaren: int = BEWAARTERMIJN_DEFAULTS["bewaartermijn_audit_jaren"]
    bewaartermijn_reservekopie_maanden: int = BEWAARTERMIJN_DEFAULTS[
        "bewaartermijn_reservekopie_maanden"
    ]
    offline_slot_dagen: int = OFFLINE_SLOT_DAGEN
    """Days a team laptop may go without reaching the server before its replica locks."""
    versie: int | None = None
    """The version the form loaded (``None`` before the settings exist)."""


_ORG_TEXTS = {
    "naam": ("De naam", 200),
    "adres": ("Het adres", 200),
    "postcode": ("De postcode", 10),
    "plaats": ("De plaats", 100),
    "telefoon": ("Het telefoonnummer", 40),
    "website": ("De website", 200),
    "programmadirecteur_naam": ("De naam van de programmadirecteur", 200),
    "programmadirecteur_functie": ("De functie van de programmadirecteur", 200),
    "namens_bestuur_regel": ("De regel 'namens het bestuur'", 300),
    "rechtsmiddel_adres": ("Het adres voor bezwaar of heroverweging", 300),
    "kenmerk_prefix": ("Het kenmerkvoorvoegsel", 20),
    "rekening_tenaamstelling": ("De tenaamstelling van de rekening", 200),
}


def _validate_organisatie(v: Validator, data: OrganisatieData) -> OrganisatieData:
    """The settings checked and cleaned (a copy of ``data``)."""
    if not isinstance(data, OrganisatieData):
        v.add("naam", "De instellingen zijn ongeldig.")
        return OrganisatieData(naam="")
    cleaned: dict[str, object] = {
        name: invoer.text(v, name, label, getattr(data, name), max_len=limit)
        for name, (label, limit) in _ORG_TEXTS.items()
    }
    cleaned["rechtsmiddel_tekst"] = invoer.long_text(
        v, "rechtsmiddel_tekst", "De tekst over bezwaar", data.rechtsmiddel_tekst
    )
    if "rechtsmiddel_tekst" not in {e.field for e in v.errors}:
        problem = check_remedy_text(str(cleaned["rechtsmiddel_tekst"]))
        if problem:
            v.add("rechtsmiddel_tekst", problem)
    cleaned["email"] = invoer.email(v, "email", "Het e-mailadres", data.email)
    cleaned["rechtsmiddel_email"] = invoer.email(
        v, "rechtsmiddel_email", "Het e-mailadres voor bezwaar", data.rechtsmiddel_email
    )
    cleaned["rekening_iban"] = invoer.iban(
        v, "rekening_iban", "Het IBAN van het samenwerkingsverband", data.rekening_iban
    )
    if (
        cleaned["rekening_tenaamstelling"]
        and not cleaned["rekening_iban"]
        and "rekening_iban" not in {e.field for e in v.errors}
    ):
        v.add(
            "rekening_iban",
            "Vul bij de tenaamstelling ook het rekeningnummer (IBAN) van het "
            "samenwerkingsverband in.",
        )
    cleaned["logo_png"] = invoer.logo(v, "logo_png", data.logo_png)
    cleaned["mandaatbesluit_op"] = invoer.day(
        v, "mandaatbesluit_op", "De datum van het mandaatbesluit", data.mandaatbesluit_op
    )
    v.check(
        data.rechtsmiddel_soort in (RECHTSMIDDEL_HEROVERWEGING, RECHTSMIDDEL_BEZWAAR),
        "rechtsmiddel_soort",
        "Kies bezwaar of verzoek om heroverweging.",
    )
    if not cleaned["naam"] and "naam" not in {e.field for e in v.errors}:
        v.add("naam", "Vul de naam van het samenwerkingsverband in.")
    prefix = str(cleaned["kenmerk_prefix"])
    if not prefix and "kenmerk_prefix" not in {e.field for e in v.errors}:
        v.add("kenmerk_prefix", "Vul een kenmerkvoorvoegsel in.")
    elif prefix and not re.fullmatch(r"[A-Za-z0-9-]+", prefix, flags=re.ASCII):
        v.add(
            "kenmerk_prefix",
            "Het kenmerkvoorvoegsel bestaat alleen uit letters (A-Z), cijfers (0-9) en streepjes.",
        )
    for name in (
        "bewaartermijn_leerling_jaren",
        "bewaartermijn_aanvraag_jaren",
        "bewaartermijn_financieel_jaren",
        "bewaartermijn_audit_jaren",
    ):
        value = getattr(data, name)
        ok = type(value) is int and 1 <= value <= 100
        v.check(ok, name, "Een bewaartermijn ligt tussen 1 en 100 jaar.")
        cleaned[name] = value if ok else 1
    financieel = data.bewaartermijn_financieel_jaren
    if type(financieel) is int and 1 <= financieel < FISCALE_BEWAARPLICHT_JAREN:
        v.add(
            "bewaartermijn_financieel_jaren",
            f"Financiële gegevens moeten minstens {FISCALE_BEWAARPLICHT_JAREN} jaar bewaard "
            "blijven (de fiscale bewaarplicht, art. 52 AWR en art. 2:10 BW).",
        )
    months = data.bewaartermijn_reservekopie_maanden
    ok = type(months) is int and 1 <= months <= 24
    v.check(
        ok,
        "bewaartermijn_reservekopie_maanden",
        "Reservekopieën worden tussen 1 en 24 maanden bewaard.",
    )
    cleaned["bewaartermijn_reservekopie_maanden"] = months if ok else 1
    days = data.offline_slot_dagen
    ok = type(days) is int and 1 <= days <= 365
    v.check(
        ok,
        "offline_slot_dagen",
        "Een team-laptop vergrendelt na 1 tot 365 dagen zonder verbinding met de server.",
    )
    cleaned["offline_slot_dagen"] = days if ok else OFFLINE_SLOT_DAGEN
    return replace(data, **cleaned)  # type: ignore[arg-type]


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
    organisatie = _validate_organisatie(v, organisatie)
    gebruikersnaam, volledige_naam = check_user_names(v, gebruikersnaam, volledige_naam)
    check_password(v, wachtwoord)
    schooljaar_label = invoer.text(v, "schooljaar", "Het schooljaar", schooljaar_label, max_len=9)
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
            gebruikersnaam=gebruikersnaam,
            volledige_naam=volledige_naam,
            rol=Rol.BEHEERDER,
            wachtwoord_hash=hash_password(wachtwoord),
            actief=True,
            aangemaakt_op=db.clock(),
        )
        session.add(user)
        jaar = Schooljaar(
            label=schooljaar_label.strip(), start_datum=start, eind_datum=end, **REGELING_DEFAULTS
        )
        schooljaren.evaluatiemomenten(jaar)
        session.add(jaar)
        session.flush()
        actor = actor_for(user)
        now = db.clock()
        audit(session, actor, "organisatie", org.id, "ingericht", None, snapshot(org), now=now)
        audit(session, actor, "schooljaar", jaar.id, "aangemaakt", None, snapshot(jaar), now=now)
        sleutels.store_slot(db, user.gebruikersnaam, wachtwoord)
        sleutels.set_organisation(db, org.naam)
        return actor


def get_settings(db: Database) -> OrganisatieData:
    """The current settings (a default-named set when none exist yet)."""
    with db.read() as session:
        org = session.scalars(select(Organisatie)).first()
        if org is None:
            return OrganisatieData(naam="")
        return plain(OrganisatieData, org)


@command("instellingen.wijzigen", online_only=True)
def update_settings(db: Database, actor: Actor, data: OrganisatieData) -> OrganisatieData:
    """Save the settings (beheerder only)."""
    scope.active(db, actor, Recht.INSTELLINGEN)
    v = Validator()
    data = _validate_organisatie(v, data)
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
        audited_save(session, actor, "organisatie", org, before, now=db.clock(), actie="gewijzigd")
        sleutels.set_organisation(db, data.naam)
        saved = replace(data, versie=org.versie)
    return saved


__all__ = [
    "REGELING_DEFAULTS",
    "BudgetVerlaging",
    "OrganisatieData",
    "first_run",
    "get_settings",
    "needs_first_run",
    "update_settings",
]
