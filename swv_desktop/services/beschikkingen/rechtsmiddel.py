"""The beheerder's own remedy clause (bezwaar or verzoek om heroverweging), checked before the
settings are saved: empty means the standard text, anything else must say the term and where to
send the request, with only known placeholders."""

from __future__ import annotations

import re
import string

from swv_desktop.services.beschikkingen.brieftekst import PLACEHOLDERS

REMEDY_PLACEHOLDERS = (*PLACEHOLDERS, "adres", "per_email")
"""What an own remedy clause may use: the letter's placeholders, ``{adres}`` (where to send the
request) and ``{per_email}`` (", of per e-mail naar ..." or nothing)."""

_TERM = re.compile(r"\b(dag|dagen|week|weken|maand|maanden)\b", re.IGNORECASE)
_WHERE = re.compile(r"\{adres\}|\{per_email\}|@|\b\d{4} ?[A-Z]{2}\b|\b[Pp]ostbus\b")


def check_remedy_text(tekst: str) -> str | None:
    """Why an own remedy clause cannot go in a letter (``None`` when it can, or when it is empty:
    then the letter uses the standard text). It must say within which term and where the school
    sends its request, and use only known placeholders."""
    own = tekst.strip()
    if not own:
        return None
    if not any(ch.isalpha() for ch in own):
        return (
            "Vul een tekst over bezwaar of heroverweging in, of laat het veld leeg voor de "
            "standaardtekst."
        )
    try:
        names = {name for _lit, name, _spec, _conv in string.Formatter().parse(own) if name}
    except ValueError:
        return "De tekst bevat een losse accolade. Gebruik accolades alleen rond een invulveld."
    unknown = sorted(names - set(REMEDY_PLACEHOLDERS))
    if unknown:
        return (
            f"Onbekend invulveld {{{unknown[0]}}}. Gebruik bijvoorbeeld {{kenmerk}}, {{adres}} "
            "en {per_email}."
        )
    missing = []
    if not _TERM.search(own):
        missing.append("binnen welke termijn (bijvoorbeeld zes weken)")
    if not _WHERE.search(own):
        missing.append("waarheen (met {adres}, {per_email} of een adres)")
    if missing:
        return (
            "De tekst over bezwaar of heroverweging zegt niet "
            + " en niet ".join(missing)
            + ". Laat het veld leeg voor de standaardtekst."
        )
    return None
