"""The plan of a DUO import: each board or school of the files with what the import would do
with it (add, change or skip, and why), and the summary the preview shows. Plain data, written
by ``vergelijken`` and carried out by ``importeren``."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from swv_desktop.errors import KnownError
from swv_desktop.errors import ValidationError
from swv_desktop.services.scholen import BestuurInput
from swv_desktop.services.scholen import SchoolInput


class Actie(enum.StrEnum):
    TOEVOEGEN = "toevoegen"
    WIJZIGEN = "wijzigen"
    OVERSLAAN = "overslaan"

    @property
    def label(self) -> str:
        return {"toevoegen": "Toevoegen", "wijzigen": "Wijzigen", "overslaan": "Overslaan"}[self]


@dataclass(frozen=True)
class Wijziging:
    """One field that changes: its Dutch name, the value now and the value from the file."""

    veld: str
    oud: str
    nieuw: str


@dataclass(frozen=True)
class PlanRegel:
    """One board or school of the files and what the import would do with it."""

    soort: str
    """``bestuur`` or ``school``."""
    sleutel: str
    """The bevoegd-gezagnummer or the vestigingsnummer."""
    naam: str
    actie: Actie
    reden: str = ""
    wijzigingen: tuple[Wijziging, ...] = ()
    record_id: int | None = None
    bestuur_data: BestuurInput | None = None
    school_data: SchoolInput | None = None
    bestuur_nummer: str = ""

    @property
    def toelichting(self) -> str:
        """What changes (``veld: oud → nieuw``) or why it is skipped, in one line."""
        if self.wijzigingen:
            return "; ".join(f"{w.veld}: {w.oud or '(leeg)'} → {w.nieuw}" for w in self.wijzigingen)
        data = self.school_data or self.bestuur_data
        if self.actie is Actie.TOEVOEGEN and data is not None:
            adres = ", ".join(
                p for p in (data.adres, f"{data.postcode} {data.plaats}".strip()) if p
            )
            bestuur = f"bestuur {self.bestuur_nummer}" if self.bestuur_nummer else ""
            return " · ".join(p for p in (adres, bestuur) if p) or "Nieuw"
        return self.reden


@dataclass(frozen=True)
class ImportPlan:
    """The preview: every record of the files with its action."""

    regels: tuple[PlanRegel, ...]

    def aantal(self, actie: Actie, soort: str | None = None) -> int:
        return sum(1 for r in self.regels if r.actie is actie and soort in (None, r.soort))

    @property
    def te_doen(self) -> int:
        return sum(1 for r in self.regels if r.actie is not Actie.OVERSLAAN)

    def samenvatting(self) -> str:
        """``2 besturen en 5 scholen toevoegen, 1 school wijzigen, 1.598 overslaan``."""
        parts = []
        for actie, werkwoord in ((Actie.TOEVOEGEN, "toevoegen"), (Actie.WIJZIGEN, "wijzigen")):
            b, s = self.aantal(actie, "bestuur"), self.aantal(actie, "school")
            named = [f"{b} {'bestuur' if b == 1 else 'besturen'}"] * bool(b) + [
                f"{s} {'school' if s == 1 else 'scholen'}"
            ] * bool(s)
            if named:
                parts.append(f"{' en '.join(named)} {werkwoord}")
        overslaan = self.aantal(Actie.OVERSLAAN)
        if overslaan:
            parts.append(f"{overslaan} overslaan")
        return ", ".join(parts) if parts else "Niets te importeren"


def error_text(error: KnownError) -> str:
    """What a rule refused, in one line: the reason of a skipped line or a stopped import."""
    if isinstance(error, ValidationError):
        return " ".join(e.message for e in error.errors)
    return str(error)


__all__ = ["Actie", "ImportPlan", "PlanRegel", "Wijziging", "error_text"]
