"""Small parts of a beschikking built from the settings: the salutation, the signatory, the
remedy clause, the pilot's evaluation moments and the deadlines (moved to the next working day as
the Algemene termijnenwet does)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from datetime import timedelta

from swv_desktop.formatting import long_date
from swv_desktop.models import Organisatie
from swv_desktop.models import Schooljaar
from swv_desktop.models.organisatie import RECHTSMIDDEL_BEZWAAR
from swv_desktop.services.beschikkingen.brieftekst import fill
from swv_desktop.services.termijnen import next_working_day

VERANTWOORDING_TERMIJN_DAGEN = 42
"""The school accounts for the spending within six weeks after the period ends."""

NUMBER_WORDS = [
    "nul",
    "een",
    "twee",
    "drie",
    "vier",
    "vijf",
    "zes",
    "zeven",
    "acht",
    "negen",
    "tien",
    "elf",
    "twaalf",
]

HEROVERWEGING = (
    "Tegen deze beschikking staat naar ons oordeel geen bezwaar open op grond van de Algemene "
    "wet bestuursrecht. Bent u het niet eens met het besluit, dan kunt u binnen zes weken na de "
    "dag waarop deze brief is verzonden schriftelijk en gemotiveerd om heroverweging vragen bij "
    "het bestuur van {organisatie}. Vermeld daarbij kenmerk {kenmerk} en stuur uw verzoek naar "
    "{adres}{per_email}."
)
BEZWAAR = (
    "Bent u het niet eens met dit besluit, dan kunt u op grond van de Algemene wet "
    "bestuursrecht bezwaar maken binnen zes weken na de dag waarop deze brief is verzonden. Het "
    "bezwaarschrift is ondertekend en vermeldt uw naam en adres, de datum, kenmerk {kenmerk} en "
    "de redenen van uw bezwaar. Stuur het aan het bestuur van {organisatie}, {adres}{per_email}."
)

_TITLE = re.compile(
    r"^(?P<title>mevrouw|mevr\.?|mw\.?|de\s+heer|dhr\.?)(?:\s+|(?<=\.)(?=\w))(?P<rest>.*)$",
    re.IGNORECASE,
)
"""A t.a.v. line that starts with a form of address: ``mevrouw``, ``mevr.``, ``mw.``, ``de heer``,
``dhr.`` (any case, the dot optional, a space after it optional: ``dhr.Jansen``)."""
_ACADEMIC = {"drs.", "dr.", "mr.", "ir.", "ing.", "prof.", "bc.", "ds."}
_TUSSENVOEGSELS = {
    "van",
    "de",
    "der",
    "den",
    "het",
    "'t",
    "ter",
    "ten",
    "te",
    "in",
    "op",
    "la",
    "le",
}
_INITIALS = re.compile(r"(\w{1,2}\.)+", re.UNICODE)


def interval_words(months: int) -> str:
    """3 -> ``iedere drie maanden``; 1 -> ``iedere maand``."""
    if months == 1:
        return "iedere maand"
    word = NUMBER_WORDS[months] if 0 <= months < len(NUMBER_WORDS) else str(months)
    return f"iedere {word} maanden"


def salutation(tav: str) -> str:
    """``mevrouw J. Nieuwenhuis`` -> ``Geachte mevrouw Nieuwenhuis,``; ``dhr. R.J. van Dam`` ->
    ``Geachte heer Van Dam,``; ``mevr. drs. Anna de Boer`` -> ``Geachte mevrouw De Boer,``.
    Initials, academic titles and a call name in brackets are left out; what follows initials is
    the whole surname (``mevrouw J. Jansen Bakker`` -> ``Geachte mevrouw Jansen Bakker,``);
    without initials a first name before a tussenvoegsel or before a single surname is left out
    too. Without a form of address (or without a
    name after it): the neutral salutation."""
    match = _TITLE.match(without_call_name(tav))
    if match:
        title = "heer" if match["title"].lower().startswith(("de", "dh")) else "mevrouw"
        given = [w for w in match["rest"].split() if w.lower() not in _ACADEMIC]
        words = [w for w in given if not _INITIALS.fullmatch(w)]
        if len(words) == len(given):  # no initials: a first name may stand before the surname
            words = _surname(words)
        if words:
            surname = " ".join(words)
            return f"Geachte {title} {surname[0].upper()}{surname[1:]},"
    return "Geachte heer, mevrouw,"


def _surname(words: list[str]) -> list[str]:
    """The surname of ``Anna de Boer`` (``de Boer``) or ``Anna Jansen`` (``Jansen``)."""
    if len(words) < 2 or words[0].lower() in _TUSSENVOEGSELS:
        return words
    for i, word in enumerate(words[1:], start=1):
        if word in _TUSSENVOEGSELS:  # lower case: a tussenvoegsel after the first name
            return words[i:]
    return words[1:] if len(words) == 2 else words


def without_call_name(name: str) -> str:
    """``Petra (Pet) Directeur`` -> ``Petra Directeur``: no call name in brackets."""
    return " ".join(re.sub(r"\([^)]*\)", " ", name).split())


def namens(org: Organisatie | None) -> str:
    """The deciding body the programmadirecteur signs for under mandate."""
    if org is None:
        return "namens het bestuur van het samenwerkingsverband"
    return org.namens_bestuur_regel.strip() or f"namens het bestuur van {org.naam}"


def mandaat(org: Organisatie | None) -> str:
    """``krachtens het mandaatbesluit van 1 september 2021`` (empty without a date)."""
    if org is None or org.mandaatbesluit_op is None:
        return ""
    return f"krachtens het mandaatbesluit van {long_date(org.mandaatbesluit_op)}"


def remedy_clause(org: Organisatie | None, values: dict[str, str]) -> str:
    """The remedy clause: the beheerder's own text, or the standard text for bezwaar or a
    verzoek om heroverweging, with where to send it; the term runs from the sending date."""
    if org is None:
        return fill(HEROVERWEGING, {**values, "adres": "het bureau", "per_email": ""})
    adres = org.rechtsmiddel_adres.strip() or ", ".join(
        part for part in (org.adres, f"{org.postcode} {org.plaats}".strip()) if part.strip()
    )
    email = org.rechtsmiddel_email.strip() or org.email.strip()
    extra = {
        "adres": adres or "het bureau",
        "per_email": f", of per e-mail naar {email}" if email else "",
    }
    own = org.rechtsmiddel_tekst.strip()
    if own:
        return fill(own, {**values, **extra})
    template = BEZWAAR if org.rechtsmiddel_soort == RECHTSMIDDEL_BEZWAAR else HEROVERWEGING
    return fill(template, {**values, **extra})


def evaluation_moments(jaren: Iterable[Schooljaar], since: date) -> str:
    """The pilot's evaluations still to come after ``since``, as letter text:
    ``de tussenevaluatie (31 juli 2022) en de eindevaluatie (31 mei 2023) van de pilot``;
    without any: the SWV's regular monitoring (the pilot has become structural)."""
    moments: list[tuple[date, str]] = []
    for jaar in jaren:
        if jaar.tussenevaluatie_op and jaar.tussenevaluatie_op >= since:
            moments.append((jaar.tussenevaluatie_op, "de tussenevaluatie"))
        if jaar.eindevaluatie_op and jaar.eindevaluatie_op >= since:
            moments.append((jaar.eindevaluatie_op, "de eindevaluatie"))
    moments.sort()
    if not moments:
        return "de monitoring en evaluatie van het samenwerkingsverband"
    parts = [f"{name} ({long_date(day)})" for day, name in moments]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
    return f"{joined} van de pilot"


def accounting_deadline(end: date) -> date:
    """Six weeks after the end of the period, on a working day."""
    return next_working_day(end + timedelta(days=VERANTWOORDING_TERMIJN_DAGEN))


def join_dates(days: list[date]) -> str:
    """``[d1, d2, d3]`` -> ``4 januari 2022, 4 april 2022 en 4 juli 2022``."""
    parts = [long_date(d) for d in days]
    if not parts:
        return "het einde van de periode"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
