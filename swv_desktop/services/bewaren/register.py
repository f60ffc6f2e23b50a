"""The deletion register's lines: ids written as ranges, a fingerprint, and the plain rows the
register screen and the restore read (no personal data in any of them)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from datetime import datetime


def ranges(ids: list[int]) -> str:
    """``[1, 2, 3, 7, 9, 10]`` -> ``"1-3,7,9-10"``."""
    out: list[str] = []
    ordered = sorted(set(ids))
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        out.append(str(ordered[i]) if i == j else f"{ordered[i]}-{ordered[j]}")
        i = j + 1
    return ",".join(out)


def parse_ranges(text: str) -> list[int]:
    """The ids of a ``ranges`` text (anything that is not a range is skipped)."""
    ids: list[int] = []
    for part in (text or "").split(","):
        first, _, last = part.strip().partition("-")
        if not first.isdigit() or (last and not last.isdigit()):
            continue
        start, end = int(first), int(last or first)
        ids.extend(range(start, end + 1))
    return ids


def fingerprint(soort: str, handeling: str, ids: list[int]) -> str:
    """sha256 over the record type, the action and the ids (shows a line was not edited)."""
    text = f"{soort}\x00{handeling}\x00{ranges(ids)}"
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class RegisterRegel:
    """One line of the deletion register as plain data."""

    uid: str
    op: datetime
    soort: str
    handeling: str
    aantal: int
    eerste_id: int | None
    laatste_id: int | None
    ids: str
    vingerafdruk: str
    regel: str
    peildatum: date
    door: str

    @property
    def id_list(self) -> list[int]:
        return parse_ranges(self.ids)

    @property
    def intact(self) -> bool:
        """Whether the ids still match the fingerprint written with them."""
        ids = self.id_list
        return len(ids) == self.aantal and fingerprint(self.soort, self.handeling, ids) == (
            self.vingerafdruk
        )


SOORT_LABELS = {
    "leerling": "leerlingen (met OPP-versies en uitkomsten)",
    "aanvraag": "aanvragen",
    "groepsplan_leerling": "deelnames aan een groepsaanpak",
    "vso_inzet": "regels van het VSO-expertiseregister",
    "budget_notitie": "meldingen aan het bestuur",
    "audit_entry": "logboekregels",
    "toegangslog": "regels van het toegangslogboek",
}
"""Record types in Dutch, as the register and the command line show them."""
