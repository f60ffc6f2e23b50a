"""How the window shows the team's changes to a person: each command's Dutch name and, for a
refused one, her values beside the server's (the "Niet verwerkt" screen). Qt-free."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from typing import Any

from swv_desktop.formatting import date_time
from swv_desktop.formatting import long_date
from swv_desktop.formatting import money

LABELS: dict[str, str] = {
    "aanvraag.bespreken": "Gesprek over een aanvraag vastleggen",
    "aanvraag.indienen": "Aanvraag indienen",
    "aanvraag.intrekken": "Aanvraag intrekken",
    "aanvraag.maken": "Nieuwe aanvraag",
    "aanvraag.terugsturen": "Aanvraag terugsturen",
    "aanvraag.voorleggen": "Aanvraag ter besluitvorming voorleggen",
    "aanvraag.wijzigen": "Aanvraag wijzigen",
    "beschikking.afgedrukt": "Beschikkingen afgedrukt",
    "beschikking.alle_uitgeven": "Alle beschikkingen uitgeven",
    "beschikking.uitgeven": "Beschikking uitgeven",
    "beschikking.verzonden": "Verzending van beschikkingen",
    "besluit.herzien": "Herziening",
    "besluit.nemen": "Besluit",
    "bestuur.opslaan": "Schoolbestuur opslaan",
    "betaling.vastleggen": "Betaling vastleggen",
    "brieftekst.herstellen": "Standaard brieftekst herstellen",
    "brieftekst.opslaan": "Brieftekst opslaan",
    "budget.bestuur_geinformeerd": "Bestuur geïnformeerd",
    "duo.importeren": "Import van scholen en besturen",
    "evaluatie.antwoorden": "Antwoorden van de evaluatie",
    "evaluatie.conclusies": "Conclusies van de evaluatie",
    "gebruiker.maken": "Nieuwe gebruiker",
    "gebruiker.wijzigen": "Gebruiker wijzigen",
    "gesprek.vastleggen": "Voortgangsgesprek vastleggen",
    "instellingen.wijzigen": "Instellingen opslaan",
    "leerling.opslaan": "Leerling opslaan",
    "opp.toevoegen": "Nieuwe OPP-versie",
    "school.opslaan": "School opslaan",
    "schooljaar.opslaan": "Schooljaar opslaan",
    "terugbetaling.vastleggen": "Terugbetaling vastleggen",
    "uitkomst.vastleggen": "Uitkomst van een leerling vastleggen",
    "vaststelling.maken": "Vaststelling",
    "vaststelling.uitgeven": "Vaststellingsbrief uitgeven",
    "vaststelling.verzonden": "Verzending van een vaststellingsbrief",
    "verantwoording.opslaan": "Verantwoording opslaan",
    "vso_inzet.opslaan": "Inzet van VSO-expertise vastleggen",
    "vso_inzet.verwijderen": "Inzet van VSO-expertise verwijderen",
    "apparaat.intrekken": "Laptop intrekken",
    "apparaat.herstelcode": "Herstelcode maken",
}
"""The Dutch name of every command (a test checks that none is missing)."""

_HIDDEN = frozenset({"versie", "vorige_versie", "id", "wachtwoord", "wachtwoord_hash", "pdf"})


def label(name: str) -> str:
    """The Dutch name of command ``name`` (the name itself for an unknown one)."""
    return LABELS.get(name, name)


def moment(iso: str) -> str:
    """An ISO time stored by the replica as the window shows it (``4 oktober 2021 11:30``)."""
    if not iso:
        return ""
    try:
        return date_time(datetime.fromisoformat(iso))
    except ValueError:
        return iso


@dataclass(frozen=True)
class Verschil:
    """One field of a refused change: her value and the server's ('' where one has none)."""

    veld: str
    mijn: str
    server: str

    @property
    def anders(self) -> bool:
        return self.mijn != self.server


def _flat(values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key in _HIDDEN:
            continue
        if isinstance(value, dict):
            out.update(_flat(value, ""))  # the input dataclass's fields stand for themselves
        elif not isinstance(value, list):
            out[f"{prefix}{key}"] = value
    return out


def _text(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name.endswith("_cents") and type(value) is int:
        return money(value)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return long_date(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def verschillen(mijn: dict[str, Any], server: dict[str, Any]) -> list[Verschil]:
    """Her values beside the server's, field by field (fields that differ first)."""
    left, right = _flat(mijn), _flat(server)
    names = [n for n in left if not n.endswith("_id")] + [
        n for n in right if n in left and n.endswith("_id")
    ]
    rows = [
        Verschil(
            n.removesuffix("_cents").replace("_", " ").capitalize(),
            _text(n, left.get(n)),
            _text(n, right.get(n)),
        )
        for n in names
    ]
    return sorted(rows, key=lambda r: not r.anders)
