"""Organisation settings, schooljaren and the first-run set-up of an empty database."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields, replace
from datetime import date

from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.errors import StateError, Validator
from swv_desktop.formatting import schooljaar_bounds
from swv_desktop.models import Gebruiker, Organisatie, Rol, Schooljaar
from swv_desktop.models.organisatie import (
    BEWAARTERMIJN_DEFAULTS,
    DEFAULT_FUNCTIE,
    DEFAULT_KENMERK_PREFIX,
    DEFAULT_RECHTSMIDDEL,
    DEFAULT_REKENING,
    OFFLINE_SLOT_DAGEN,
    RECHTSMIDDEL_BEZWAAR,
    RECHTSMIDDEL_HEROVERWEGING,
    REGELING_DEFAULTS,
)
from swv_desktop.services import invoer, schooljaar_regels, scope, sleutels
from swv_desktop.services.auth import actor_for, check_password, check_user_names, hash_password
from swv_desktop.services.beschikkingen.rechtsmiddel import check_remedy_text
from swv_desktop.services.commands import command
from swv_desktop.services.common import (
    Actor,
    audit,
    audited_save,
    claim_version,
    get_or_404,
    plain,
    snapshot,
)
from swv_desktop.services.scope import Recht

FISCALE_BEWAARPLICHT_JAREN = 7
"""The legal minimum for the financial records (art. 52 lid 4 AWR, art. 2:10 lid 3 BW)."""


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
        _evaluatiemomenten(jaar)
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
        return OrganisatieData(**{f.name: getattr(org, f.name) for f in fields(OrganisatieData)})


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


def list_schooljaren(db: Database) -> list[SchooljaarData]:
    """Every schooljaar, newest first."""
    with db.read() as session:
        rows = session.scalars(select(Schooljaar).order_by(Schooljaar.start_datum.desc())).all()
        return [_jaar(j) for j in rows]


def get_schooljaar(db: Database, schooljaar_id: int) -> SchooljaarData:
    """One schooljaar."""
    with db.read() as session:
        return _jaar(get_or_404(session, Schooljaar, schooljaar_id, "Schooljaar"))


@command("schooljaar.opslaan", online_only=True)
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
    verlaging_reden: str = "",
) -> SchooljaarData:
    """Create or change a schooljaar and its figures (beheerder or programmadirecteur).

    A schooljaar with aanvragen keeps its label and dates; caps cannot go below an award in
    force; a budget below what is awarded needs ``verlaging_reden`` (else ``BudgetVerlaging``)
    and then creates a 'bestuur informeren' note."""
    scope.active(db, actor, Recht.SCHOOLJAREN)
    v = Validator()
    start = end = None
    label = invoer.text(v, "label", "Het schooljaar", label, max_len=9)
    try:
        start, end = schooljaar_bounds(label)
    except ValueError as exc:
        v.add("label", str(exc))
    budget_cents = invoer.cents(
        v, "budget_cents", "Het budget", budget_cents, maximum=invoer.MAX_BUDGET_CENTS
    )
    individueel_max_cents = invoer.cents(
        v, "individueel_max_cents", "Het maximum per leerling", individueel_max_cents
    )
    groep_max_cents = invoer.cents(
        v, "groep_max_cents", "Het maximum voor een groepsaanpak", groep_max_cents
    )
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
    if type(groep_min_leerlingen) is int and groep_min_leerlingen < 2:
        v.add("groep_min_leerlingen", "Een groep heeft minstens 2 leerlingen.")
    else:
        groep_min_leerlingen = invoer.whole(
            v, "groep_min_leerlingen", "Het minimum aantal leerlingen", groep_min_leerlingen, 2, 500
        )
    if type(voortgang_interval_maanden) is int and not 1 <= voortgang_interval_maanden <= 12:
        v.add("voortgang_interval_maanden", "Het voortgangsinterval ligt tussen 1 en 12 maanden.")
    else:
        voortgang_interval_maanden = invoer.whole(
            v,
            "voortgang_interval_maanden",
            "Het voortgangsinterval",
            voortgang_interval_maanden,
            1,
            12,
        )
    verlaging_reden = invoer.long_text(
        v, "verlaging_reden", "De reden voor het verlagen", verlaging_reden
    )
    schooljaar_id = invoer.ident(v, "schooljaar_id", "Het schooljaar", schooljaar_id)
    if v.errors:
        v.raise_if_any()
    with db.transaction() as session:
        clash = session.scalars(select(Schooljaar).where(Schooljaar.label == label)).first()
        v.check(
            clash is None or clash.id == schooljaar_id,
            "label",
            f"Schooljaar {label} bestaat al.",
        )
        jaar = None
        if schooljaar_id is not None:
            jaar = get_or_404(session, Schooljaar, schooljaar_id, "Schooljaar")
            claim_version(
                session, jaar, versie, entiteit="schooljaar", wat=f"schooljaar {jaar.label}"
            )
            schooljaar_regels.check_locked_fields(v, session, jaar, label)
            schooljaar_regels.check_caps(
                v,
                session,
                jaar,
                individueel_max_cents=individueel_max_cents,
                groep_max_cents=groep_max_cents,
                groep_min_leerlingen=groep_min_leerlingen,
            )
        v.raise_if_any()
        assert start is not None and end is not None
        now = db.clock()
        if jaar is None:
            jaar = Schooljaar(label=label, start_datum=start, eind_datum=end)
            session.add(jaar)
            before = None
        else:
            before = snapshot(jaar)
            schooljaar_regels.budget_below_awarded(
                session, actor, jaar, budget_cents, verlaging_reden, now=now
            )
            jaar.label, jaar.start_datum, jaar.eind_datum = label, start, end
        jaar.budget_cents = budget_cents
        jaar.individueel_max_cents = individueel_max_cents
        jaar.groep_max_cents = groep_max_cents
        jaar.groep_min_leerlingen = groep_min_leerlingen
        jaar.voortgang_interval_maanden = voortgang_interval_maanden
        _evaluatiemomenten(jaar)
        audited_save(session, actor, "schooljaar", jaar, before, now=now)
        return _jaar(jaar)


def _jaar(j: Schooljaar) -> SchooljaarData:
    return plain(SchooljaarData, j)


BudgetVerlaging = schooljaar_regels.BudgetVerlaging

__all__ = [
    "REGELING_DEFAULTS",
    "BudgetVerlaging",
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
