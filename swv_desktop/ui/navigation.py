"""Which pages of the main window each role is offered (the services refuse the rest anyway)."""

from __future__ import annotations

from swv_desktop.models import Rol

PAGE_TITLES = {
    "overzicht": "Overzicht",
    "leerlingen": "Leerlingen",
    "aanvragen": "Aanvragen",
    "voortgang": "Voortgang",
    "vso": "VSO-expertise",
    "beschikkingen": "Beschikkingen",
    "rapportages": "Rapportages",
    "scholen": "Scholen & besturen",
    "beheer": "Beheer",
}
"""Every page in navigation order, with its Dutch title."""

PAGES_BY_ROLE: dict[Rol, tuple[str, ...]] = {
    Rol.CONTACTPERSOON: tuple(key for key in PAGE_TITLES if key not in ("rapportages", "beheer")),
    Rol.PROGRAMMADIRECTEUR: tuple(PAGE_TITLES),
    Rol.SECRETARIAAT: ("overzicht", "aanvragen", "beschikkingen", "scholen"),
    Rol.BEHEERDER: ("overzicht", "scholen", "beheer"),
}
"""Pupil data only for those who work with it (contactpersoon, programmadirecteur); the
programmadirecteur has every page, the contactpersoon all but the reports and Beheer. The
programmadirecteur's Beheer holds only the schooljaren (their figures are hers to set)."""


def pages_for(rol: Rol) -> list[str]:
    """The page keys a role is offered, in navigation order."""
    allowed = PAGES_BY_ROLE[rol]
    return [key for key in PAGE_TITLES if key in allowed]


def page_titles_for(rol: Rol) -> list[str]:
    """The Dutch titles of the pages a role is offered."""
    return [PAGE_TITLES[key] for key in pages_for(rol)]
