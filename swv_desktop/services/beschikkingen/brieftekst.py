"""The editable text blocks of the beschikkingen: defaults in code, the beheerder's versions in the
``BriefTekst`` table, ``{placeholders}`` checked on save and filled in when a letter is built.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.errors import FieldError
from swv_desktop.errors import ValidationError
from swv_desktop.errors import Validator
from swv_desktop.models import BriefTekst
from swv_desktop.services import invoer
from swv_desktop.services import scope
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audited_save
from swv_desktop.services.common import claim_version
from swv_desktop.services.common import snapshot
from swv_desktop.services.common import stale_edit
from swv_desktop.services.common import unknown_version
from swv_desktop.services.scope import Recht

PLACEHOLDERS: dict[str, str] = {
    "organisatie": "naam van het samenwerkingsverband",
    "bestuur": "naam van het schoolbestuur",
    "school": "naam van de school",
    "schooljaar": "schooljaar, bijvoorbeeld 2021-2022",
    "aanvraagnummer": "nummer van de aanvraag",
    "aanvraagdatum": "datum van de aanvraag",
    "kenmerk": "kenmerk van deze beschikking",
    "briefdatum": "dagtekening van deze beschikking",
    "bedrag": "toegekend bedrag",
    "aangevraagd_bedrag": "aangevraagd bedrag",
    "niet_toegekend_bedrag": "aangevraagd maar niet toegekend bedrag",
    "periode_start": "eerste dag van de periode",
    "periode_eind": "laatste dag van de periode",
    "aantal_leerlingen": "aantal leerlingen",
    "contactpersoon": "naam van de contactpersoon van het bureau",
    "doel": "waarvoor het budget wordt ingezet",
    "interval": "hoe vaak de voortgang wordt besproken, bijvoorbeeld iedere drie maanden",
    "interval_maanden": "aantal maanden tussen voortgangsgesprekken, in letters",
    "voortgangsdata": "uiterste data van de voortgangsgesprekken",
    "evaluatiemomenten": "de evaluaties van de pilot die nog komen, met datum",
    "tussenevaluatie": "datum of moment van de tussenevaluatie",
    "eindevaluatie": "datum of moment van de eindevaluatie",
    "verantwoording_uiterlijk": "uiterste datum van de verantwoording",
    "rekening": "rekening (IBAN) van het schoolbestuur, of dat het bestuur die nog opgeeft",
    "email_bureau": "e-mailadres van het bureau",
    "oud_kenmerk": "kenmerk van de beschikking die wordt herzien",
    "oud_briefdatum": "dagtekening van de beschikking die wordt herzien",
    "oud_bedrag": "bedrag van de beschikking die wordt herzien",
    "verschil": "wat de herziening betekent voor de betaling",
    "ingangsdatum": "datum waarop de herziening ingaat",
    "programmadirecteur": "naam van de programmadirecteur",
}
"""Every placeholder a letter text may use, with what it becomes (shown in the editor)."""

DEFAULT_TEKSTEN: dict[str, tuple[str, str]] = {
    "aanhef": ("Aanhef (zonder t.a.v.-persoon)", "Geachte heer, mevrouw,"),
    "inleiding": (
        "Inleiding",
        "U hebt op {aanvraagdatum} voor {school} een maatwerkbudget aangevraagd voor "
        "schooljaar {schooljaar} (aanvraagnummer {aanvraagnummer}). De aanvraag is ingediend "
        "via {contactpersoon}, contactpersoon van ons bureau. In deze brief leest u ons besluit.",
    ),
    "grondslag": (
        "Grondslag",
        "Dit besluit is genomen op grond van de regeling Pilot Maatwerkbudget (september 2021) "
        "en het ondersteuningsplan van {organisatie}. Het maatwerkbudget maakt maatwerk binnen "
        "het regulier voortgezet onderwijs mogelijk, om verwijzing naar het voortgezet speciaal "
        "onderwijs (VSO) te voorkomen. De programmadirecteur Kwaliteit en beleid besluit per "
        "schooljaar over een aanvraag voor een maatwerkbudget, in mandaat namens het bestuur "
        "van {organisatie}.",
    ),
    "besluit_toekenning_individueel": (
        "Besluit: toekenning individueel",
        "Wij kennen {bestuur} voor {school} een individueel maatwerkbudget toe van {bedrag} "
        "voor de leerling die hieronder is vermeld. Het budget is bestemd voor de periode van "
        "{periode_start} tot en met {periode_eind}.",
    ),
    "besluit_toekenning_groep": (
        "Besluit: toekenning groepsaanpak",
        "Wij kennen {bestuur} voor {school} een maatwerkbudget voor een groepsaanpak toe van "
        "{bedrag} voor de {aantal_leerlingen} leerlingen die hieronder zijn vermeld. Het budget "
        "is bestemd voor de periode van {periode_start} tot en met {periode_eind}.",
    ),
    "besluit_gedeeltelijk": (
        "Besluit: gedeeltelijke toekenning",
        "Wij kennen uw aanvraag gedeeltelijk toe. U hebt {aangevraagd_bedrag} aangevraagd; wij "
        "kennen {bestuur} voor {school} {bedrag} toe voor de periode van {periode_start} tot en "
        "met {periode_eind}. Een bedrag van {niet_toegekend_bedrag} kennen wij niet toe; onder "
        "'Motivering' leest u waarom.",
    ),
    "besluit_afwijzing": (
        "Besluit: afwijzing",
        "Wij wijzen uw aanvraag voor een maatwerkbudget van {aangevraagd_bedrag} af. Onder "
        "'Motivering' leest u waarom.",
    ),
    "herziening": (
        "Herziening",
        "Met deze beschikking herzien wij onze beschikking van {oud_briefdatum} met kenmerk "
        "{oud_kenmerk}. Het toegekende bedrag was {oud_bedrag} en wordt {bedrag}. {verschil} "
        "De herziening geldt met ingang van {ingangsdatum}; de periode loopt van "
        "{periode_start} tot en met {periode_eind}. Onder 'Motivering' leest u de reden. Die "
        "eerdere beschikking vervalt; vanaf nu geldt deze beschikking.",
    ),
    "betaling": (
        "Betaling",
        "Wij maken het toegekende bedrag binnen vier weken na de verzending van deze "
        "beschikking in één keer over op {rekening} van {bestuur}, onder vermelding van "
        "kenmerk {kenmerk}.",
    ),
    "voorwaarde_voortgang": (
        "Voorwaarde: voortgangsgesprekken",
        "De school bespreekt de voortgang minstens {interval} met {contactpersoon}, de "
        "contactpersoon van het bureau, te rekenen vanaf het begin van de periode. De "
        "voortgangsgesprekken vinden uiterlijk plaats op {voortgangsdata}.",
    ),
    "voorwaarde_opp_individueel": (
        "Voorwaarde: OPP (individueel)",
        "Het OPP van de leerling vermeldt waarvoor het maatwerkbudget wordt ingezet. Het OPP "
        "wordt minstens eenmaal per jaar met de ouders geëvalueerd.",
    ),
    "voorwaarde_opp_groep": (
        "Voorwaarde: OPP (groepsaanpak)",
        "De inzet van de groepsaanpak wordt opgenomen in het OPP van iedere deelnemende "
        "leerling. Alleen de kosten van de ondersteuning worden vergoed; ontwikkeltijd niet.",
    ),
    "voorwaarde_wijzigingen": (
        "Voorwaarde: wijzigingen melden",
        "Meld het de contactpersoon direct als er iets verandert, bijvoorbeeld als een leerling "
        "de school verlaat of naar het VSO gaat, c.q. als de ondersteuning stopt of anders "
        "wordt ingezet. Wij kunnen de beschikking dan herzien.",
    ),
    "voorwaarde_evaluatie": (
        "Voorwaarde: evaluatie",
        "De inzet en de opbrengst van het maatwerkbudget worden meegenomen in "
        "{evaluatiemomenten}. De school levert daarvoor op verzoek de gegevens aan.",
    ),
    "voorwaarde_verantwoording": (
        "Voorwaarde: verantwoording",
        "Aan het einde van de periode legt de school verantwoording af, uiterlijk op "
        "{verantwoording_uiterlijk}: in een korte schriftelijke rapportage aan de "
        "programmadirecteur (per e-mail aan {email_bureau}) over welke ondersteuning is "
        "geboden, wat die per kostenpost heeft gekost en wat die heeft opgeleverd.",
    ),
    "voorwaarde_niet_besteed": (
        "Voorwaarde: niet-bestede middelen",
        "Het budget is alleen bestemd voor de ondersteuning die in deze beschikking is "
        "toegekend. Niet-bestede middelen betaalt het schoolbestuur aan het einde van de "
        "periode terug aan het samenwerkingsverband; ze kunnen niet worden meegenomen naar "
        "een volgend schooljaar.",
    ),
    "slot": (
        "Slot",
        "Hebt u vragen over deze beschikking? Neem dan contact op met {contactpersoon}, "
        "contactpersoon van het bureau, en vermeld daarbij kenmerk {kenmerk}.",
    ),
}
"""sleutel -> (omschrijving, standaardtekst)."""


@dataclass(frozen=True)
class BriefTekstData:
    """One letter text as the editor shows it."""

    sleutel: str
    omschrijving: str
    tekst: str
    standaard: str
    versie: int = 0
    """The version the editor loaded: 0 while the text was never saved (the default applies),
    else the stored row's version; ``save_letter_text`` and ``reset_letter_text`` save against
    it."""

    @property
    def aangepast(self) -> bool:
        """True when the beheerder changed the default."""
        return self.tekst != self.standaard


MAX_TEXT = 5_000
"""The longest letter text block in characters (a block is a paragraph or two)."""


def check_template(tekst: str, field: str = "tekst") -> list[FieldError]:
    """The problems of a text with placeholders (empty list when it is fine)."""
    errors: list[FieldError] = []
    v = Validator()
    invoer.text(v, field, "De tekst", tekst, max_len=MAX_TEXT, multiline=True)
    if v.errors:
        return v.errors
    if not tekst.strip():
        return [FieldError(field, "Vul een tekst in.")]
    try:
        parsed = list(string.Formatter().parse(tekst))
    except ValueError:
        return [
            FieldError(
                field,
                "De tekst bevat een losse accolade. Gebruik accolades alleen rond een "
                "invulveld, zoals {school}.",
            )
        ]
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            shown = (
                "{"
                + name
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
            errors.append(
                FieldError(
                    field,
                    f"Onbekend invulveld {shown}. Toegestaan zijn: "
                    + ", ".join("{" + p + "}" for p in PLACEHOLDERS)
                    + ".",
                )
            )
    return errors


def fill(tekst: str, values: dict[str, str]) -> str:
    """Fill the placeholders of a (checked) text; unknown names stay visible, never crash."""

    class _Keep(dict[str, str]):
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    try:
        return tekst.format_map(_Keep(values))
    except (ValueError, AttributeError, IndexError, KeyError):
        return tekst


def letter_texts(session: Session) -> dict[str, str]:
    """sleutel -> text in force (the beheerder's version or the default; a row whose text is
    empty was reset to the default)."""
    texts = {key: default for key, (_label, default) in DEFAULT_TEKSTEN.items()}
    for row in session.scalars(select(BriefTekst)):
        if row.sleutel in texts and row.tekst:
            texts[row.sleutel] = row.tekst
    return texts


def get_letter_texts(db: Database) -> list[BriefTekstData]:
    """Every letter text with its description, default and version, in letter order."""
    with db.read() as session:
        current = letter_texts(session)
        versions = {
            row.sleutel: row.versie
            for row in session.execute(select(BriefTekst.sleutel, BriefTekst.versie))
        }
    return [
        BriefTekstData(
            sleutel=key,
            omschrijving=label,
            tekst=current[key],
            standaard=default,
            versie=versions.get(key, 0),
        )
        for key, (label, default) in DEFAULT_TEKSTEN.items()
    ]


def _check_key(sleutel: str) -> None:
    if not isinstance(sleutel, str) or sleutel not in DEFAULT_TEKSTEN:
        raise ValidationError(FieldError("sleutel", f"De brieftekst '{sleutel}' bestaat niet."))


def _store(
    db: Database, actor: Actor, sleutel: str, tekst: str, versie: int | None, actie: str
) -> BriefTekstData:
    """Write ``tekst`` ('' = the default) for ``sleutel`` against the version the editor loaded
    (0 when it showed the never-saved default); a stale one is refused with who and when."""
    label, default = DEFAULT_TEKSTEN[sleutel]
    wat = f"de brieftekst '{label}'"
    with db.transaction() as session:
        row = session.scalars(
            select(BriefTekst).where(BriefTekst.sleutel == sleutel).with_for_update()
        ).first()
        if row is None:
            if versie is None:
                raise unknown_version(wat)
            if versie != 0:  # the editor showed a stored row that is no longer there
                raise stale_edit(session, "brieftekst", None, wat)
            before = None
            row = BriefTekst(sleutel=sleutel, tekst=tekst)
            session.add(row)
        else:
            claim_version(session, row, versie, entiteit="brieftekst", wat=wat)
            before = snapshot(row)
            row.tekst = tekst
        audited_save(session, actor, "brieftekst", row, before, now=db.clock(), actie=actie)
        new_version = row.versie
    return BriefTekstData(
        sleutel=sleutel,
        omschrijving=label,
        tekst=tekst or default,
        standaard=default,
        versie=new_version,
    )


@command("brieftekst.opslaan")
def save_letter_text(
    db: Database, actor: Actor, sleutel: str, tekst: str, *, versie: int | None = None
) -> BriefTekstData:
    """Save the beheerder's version of one letter text (beheerder only), against the version
    the editor loaded (``BriefTekstData.versie``)."""
    scope.active(db, actor, Recht.BRIEVENTEKSTEN)
    _check_key(sleutel)
    errors = check_template(tekst)
    if errors:
        raise ValidationError(errors)
    return _store(db, actor, sleutel, invoer.line_breaks(tekst), versie, "gewijzigd")


@command("brieftekst.herstellen")
def reset_letter_text(
    db: Database, actor: Actor, sleutel: str, *, versie: int | None = None
) -> BriefTekstData:
    """Go back to the default text of one letter text (beheerder only), against the version the
    editor loaded. The row stays (with an empty text), so its version keeps counting and an
    editor that still shows the old text cannot overwrite the reset unseen."""
    scope.active(db, actor, Recht.BRIEVENTEKSTEN)
    _check_key(sleutel)
    return _store(db, actor, sleutel, "", versie, "standaard hersteld")
