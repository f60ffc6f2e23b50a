"""What each list screen offers: its kind, title, filter choices and who may add a record
(``LIST_CONFIGS``, one entry per list kind the window shows)."""

from __future__ import annotations

from dataclasses import dataclass

from swv_desktop.models import Rol
from swv_desktop.models import Status
from swv_desktop.services.queries import lists as queries


@dataclass(frozen=True)
class ListConfig:
    """What a list screen offers: its kind, title, filters and who may add a record."""

    kind: str
    title: str
    noun_plural: str
    schooljaar: bool = False
    school: bool = False
    bestuur: bool = False
    status: tuple[tuple[str, str], ...] = ()
    contactpersoon: bool = False
    creators: tuple[Rol, ...] = ()
    new_label: str = "Nieuw"
    noun: str = ""
    """The singular, for a count of one ("1 leerling")."""


def _status_choices() -> tuple[tuple[str, str], ...]:
    return tuple((s.value, s.label) for s in Status)


LIST_CONFIGS: dict[str, ListConfig] = {
    "leerling": ListConfig(
        "leerling",
        "Leerlingen",
        "leerlingen",
        noun="leerling",
        schooljaar=True,
        school=True,
        contactpersoon=True,
        creators=(Rol.CONTACTPERSOON, Rol.PROGRAMMADIRECTEUR),
        new_label="Nieuwe leerling",
    ),
    "aanvraag": ListConfig(
        "aanvraag",
        "Aanvragen",
        "aanvragen",
        noun="aanvraag",
        schooljaar=True,
        school=True,
        status=_status_choices(),
        contactpersoon=True,
        creators=(Rol.CONTACTPERSOON, Rol.PROGRAMMADIRECTEUR),
        new_label="Nieuwe aanvraag",
    ),
    "beschikking": ListConfig(
        "beschikking",
        "Beschikkingen",
        "beschikkingen",
        noun="beschikking",
        schooljaar=True,
        school=True,
        status=tuple(queries.BESCHIKKING_STANDEN.items()),
    ),
    "school": ListConfig(
        "school",
        "Scholen",
        "scholen",
        noun="school",
        bestuur=True,
        contactpersoon=True,
        creators=(Rol.SECRETARIAAT, Rol.BEHEERDER),
        new_label="Nieuwe school",
    ),
    "bestuur": ListConfig(
        "bestuur",
        "Besturen",
        "besturen",
        noun="bestuur",
        creators=(Rol.SECRETARIAAT, Rol.BEHEERDER),
        new_label="Nieuw bestuur",
    ),
}
