"""Building the ``VaststellingData`` of a settlement letter from the database: the same sender,
addressee, signatory and remedy clause as the beschikking it settles."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.models import BestedingSoort
from swv_desktop.models import Organisatie
from swv_desktop.models import Vaststelling
from swv_desktop.models import Verantwoording
from swv_desktop.reports.vaststelling_data import VaststellingData
from swv_desktop.services.beschikkingen.briefgegevens import _afzender
from swv_desktop.services.beschikkingen.briefgegevens import _geadresseerde
from swv_desktop.services.beschikkingen.briefgegevens import _ondertekening
from swv_desktop.services.beschikkingen.onderdelen import remedy_clause
from swv_desktop.services.beschikkingen.onderdelen import salutation
from swv_desktop.services.iban import format_iban
from swv_desktop.services.verantwoording.regels import bedragen


def vaststelling_data(session: Session, row: Vaststelling) -> VaststellingData:
    """Everything the settlement letter of ``row`` shows."""
    org = session.scalars(select(Organisatie)).first()
    aanvraag = row.aanvraag
    school = aanvraag.school
    bestuur = school.bestuur
    besluit = row.besluit
    beschikking = besluit.beschikking
    assert beschikking is not None  # a settlement needs an issued beschikking
    account = session.scalars(
        select(Verantwoording).where(Verantwoording.aanvraag_id == aanvraag.id)
    ).one()
    to, copy_to_board = _geadresseerde(school)
    contact = aanvraag.contactpersoon.volledige_naam
    afschrift = [f"{contact} (contactpersoon)"]
    if copy_to_board:
        afschrift.append(copy_to_board)
    leerling = aanvraag.leerling
    values = {
        "organisatie": org.naam if org else "het samenwerkingsverband",
        "kenmerk": row.kenmerk,
        "briefdatum": long_date(row.briefdatum),
        "bedrag": money(row.vastgesteld_cents),
    }
    return VaststellingData(
        kenmerk=row.kenmerk,
        briefdatum=row.briefdatum,
        schooljaar=aanvraag.schooljaar.label,
        afzender=_afzender(org),
        geadresseerde=to,
        ondertekening=_ondertekening(org),
        beschikking_kenmerk=beschikking.kenmerk,
        beschikking_datum=beschikking.briefdatum,
        aanvraagnummer=aanvraag.nummer,
        contactpersoon=contact,
        bestuur=bestuur.naam,
        school=school.naam,
        periode_start=besluit.periode_start,
        periode_eind=besluit.periode_eind,
        ontvangen_op=account.ontvangen_op,
        **bedragen(row),
        verrekenen=row.afwikkeling.value == "verrekenen",
        terug_uiterlijk=row.terug_uiterlijk,
        bestedingen=tuple((k.label, int(getattr(account, k.column))) for k in BestedingSoort),
        leerling=f"{leerling.initialen} ({leerling.leerlingnummer})" if leerling else "",
        rekening_bestuur=format_iban(bestuur.iban) if bestuur.iban else "",
        rekening_swv=format_iban(org.rekening_iban) if org and org.rekening_iban else "",
        rekening_swv_naam=(org.rekening_tenaamstelling.strip() or org.naam) if org else "",
        aanhef=salutation(to.tav),
        toelichting=row.toelichting,
        rechtsmiddel=remedy_clause(org, values),
        slot=(
            f"Hebt u vragen over deze vaststelling? Neem dan contact op met {contact}, "
            f"contactpersoon van het bureau, en vermeld daarbij kenmerk {row.kenmerk}."
        ),
        afschrift=tuple(afschrift),
    )
