"""Which records have passed their retention term on a given day, by the organisation's terms
(``Organisatie.bewaartermijn_*``). Reads only; ``opschonen`` applies the plan.

The reference date of each kind, from which its term counts:

- **leerling** (pupil, OPP versions, outcomes, group participations): the end of the last
  schooljaar the pupil was involved in (own aanvragen, group plans, outcomes), or the latest
  OPP date, or the day the pupil was entered, whichever is latest;
- **aanvraag** (with conditions, history, talks, decisions): the end of its schooljaar;
- **financieel** (payments, accounts, settlements, repayments, and the awards and letters they
  rest on): the end of the calendar year (boekjaar) of the last of these, at the earliest of
  the aanvraag's schooljaar; budget notes by the boekjaar in which their schooljaar ends;
- **audit** and **toegangslog** (the access log): the moment of the entry; a log row about a
  pupil whose data is deleted loses the pupil (id, leerlingnummer, description) at once.

What passes: a pupil past the pupil term goes, with the aanvragen of that pupil that were never
decided; a decided aanvraag of that pupil stays, pseudonymised, until the aanvraag term (and,
when money moved, the financial term) has passed too. An aanvraag past its term that still
holds financial records is pseudonymised and kept until the financial term has passed.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
from typing import Any

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.models import Aanvraag
from swv_desktop.models import AuditEntry
from swv_desktop.models import Besluit
from swv_desktop.models import Betaling
from swv_desktop.models import BudgetNotitie
from swv_desktop.models import Groepsplan
from swv_desktop.models import GroepsplanLeerling
from swv_desktop.models import Leerling
from swv_desktop.models import LeerlingUitkomst
from swv_desktop.models import Opp
from swv_desktop.models import Organisatie
from swv_desktop.models import Schooljaar
from swv_desktop.models import Terugbetaling
from swv_desktop.models import Toegang
from swv_desktop.models import Vaststelling
from swv_desktop.models import Verantwoording
from swv_desktop.models import VsoInzet
from swv_desktop.models.organisatie import BEWAARTERMIJN_DEFAULTS
from swv_desktop.services.bewaren.handelingen import aanvraag_children
from swv_desktop.services.bewaren.handelingen import chunks
from swv_desktop.services.bewaren.handelingen import ids_where
from swv_desktop.services.bewaren.handelingen import leerling_children


def add_years(day: date, years: int) -> date:
    """``day`` moved by whole years (29 February becomes 28 February)."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


@dataclass(frozen=True)
class Termijnen:
    """The organisation's terms in years."""

    leerling: int = BEWAARTERMIJN_DEFAULTS["bewaartermijn_leerling_jaren"]
    aanvraag: int = BEWAARTERMIJN_DEFAULTS["bewaartermijn_aanvraag_jaren"]
    financieel: int = BEWAARTERMIJN_DEFAULTS["bewaartermijn_financieel_jaren"]
    audit: int = BEWAARTERMIJN_DEFAULTS["bewaartermijn_audit_jaren"]

    @classmethod
    def of(cls, session: Session) -> Termijnen:
        """The terms in the settings (the defaults before the settings exist)."""
        org = session.scalars(select(Organisatie)).first()
        if org is None:
            return cls()
        return cls(
            leerling=org.bewaartermijn_leerling_jaren,
            aanvraag=org.bewaartermijn_aanvraag_jaren,
            financieel=org.bewaartermijn_financieel_jaren,
            audit=org.bewaartermijn_audit_jaren,
        )


REGELS = {
    ("aanvraag", "verwijderd"): "Aanvragen en besluiten: {aanvraag} jaar na het schooljaar; "
    "met geldstromen ook {financieel} jaar na het boekjaar (fiscale bewaarplicht)",
    ("groepsplan_leerling", "verwijderd"): "Leerlinggegevens: {leerling} jaar na het laatste "
    "schooljaar (deelname aan een groepsaanpak; het aantal deelnemers blijft)",
    ("aanvraag", "gepseudonimiseerd"): "Leerling en vrije teksten uit aanvragen die voor de "
    "administratie blijven ({leerling} jaar na de leerling, {aanvraag} jaar na het schooljaar)",
    ("leerling", "verwijderd"): "Leerlinggegevens: {leerling} jaar na het laatste schooljaar "
    "(leerling, OPP-versies, uitkomsten)",
    ("vso_inzet", "verwijderd"): "VSO-expertiseregister: {aanvraag} jaar na het schooljaar",
    ("budget_notitie", "verwijderd"): "Meldingen aan het bestuur: {financieel} jaar na het "
    "boekjaar",
    ("audit_entry", "gepseudonimiseerd"): "Logboek: de vastgelegde inhoud van verwijderde en "
    "gepseudonimiseerde gegevens",
    ("audit_entry", "verwijderd"): "Logboek: {audit} jaar na de vastlegging",
    ("toegangslog", "gepseudonimiseerd"): "Toegangslogboek: het leerlingnummer bij inzagen van "
    "verwijderde leerlingen",
    ("toegangslog", "verwijderd"): "Toegangslogboek: {audit} jaar na de vastlegging",
}
"""The rule of each step in Dutch, as the register records it."""


@dataclass
class Plan:
    """The ids each step of a purge takes (keyed like ``handelingen.HANDELINGEN``), the date
    it was made for and the terms it used."""

    vandaag: date
    termijnen: Termijnen
    ids: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    @property
    def leeg(self) -> bool:
        return not any(self.ids.values())

    def regel(self, key: tuple[str, str]) -> str:
        return REGELS[key].format(**vars(self.termijnen))

    def peildatum(self, key: tuple[str, str]) -> date:
        """The cut-off of the rule behind ``key``: reference dates before it passed."""
        years = {
            "leerling": self.termijnen.leerling,
            "groepsplan_leerling": self.termijnen.leerling,
            "aanvraag": self.termijnen.aanvraag,
            "vso_inzet": self.termijnen.aanvraag,
            "budget_notitie": self.termijnen.financieel,
            "audit_entry": self.termijnen.audit,
            "toegangslog": self.termijnen.audit,
        }[key[0]]
        return add_years(self.vandaag, -years)


def _max_into(target: dict[int, date], rows: Any) -> None:
    for row in rows:
        if row.dag is None:
            continue
        day = row.dag.date() if isinstance(row.dag, datetime) else row.dag
        if row.id in target and day > target[row.id]:
            target[row.id] = day


def _pupil_reference(session: Session) -> dict[int, date]:
    """Per pupil: the last day its record, an OPP, an application or an outcome ran to."""
    ref: dict[int, date] = {
        int(row.id): row.aangemaakt_op.date()
        for row in session.execute(select(Leerling.id, Leerling.aangemaakt_op))
    }
    queries = [
        select(Opp.leerling_id.label("id"), func.max(Opp.vastgesteld_op).label("dag")).group_by(
            Opp.leerling_id
        ),
        select(
            Opp.leerling_id.label("id"), func.max(Opp.laatst_geevalueerd_op).label("dag")
        ).group_by(Opp.leerling_id),
        select(Aanvraag.leerling_id.label("id"), func.max(Schooljaar.eind_datum).label("dag"))
        .join(Schooljaar, Schooljaar.id == Aanvraag.schooljaar_id)
        .where(Aanvraag.leerling_id.is_not(None))
        .group_by(Aanvraag.leerling_id),
        select(
            GroepsplanLeerling.leerling_id.label("id"), func.max(Schooljaar.eind_datum).label("dag")
        )
        .join(Groepsplan, Groepsplan.id == GroepsplanLeerling.groepsplan_id)
        .join(Aanvraag, Aanvraag.id == Groepsplan.aanvraag_id)
        .join(Schooljaar, Schooljaar.id == Aanvraag.schooljaar_id)
        .group_by(GroepsplanLeerling.leerling_id),
        select(
            LeerlingUitkomst.leerling_id.label("id"), func.max(Schooljaar.eind_datum).label("dag")
        )
        .join(Schooljaar, Schooljaar.id == LeerlingUitkomst.schooljaar_id)
        .group_by(LeerlingUitkomst.leerling_id),
    ]
    for query in queries:
        _max_into(ref, session.execute(query))
    return ref


def _money_reference(session: Session) -> dict[int, date]:
    """Per aanvraag with financial records: the last day money or an account moved."""
    ref: dict[int, date] = defaultdict(lambda: date.min)
    queries = [
        select(Betaling.aanvraag_id.label("id"), func.max(Betaling.datum).label("dag")).group_by(
            Betaling.aanvraag_id
        ),
        select(
            Verantwoording.aanvraag_id.label("id"),
            func.max(Verantwoording.ontvangen_op).label("dag"),
        ).group_by(Verantwoording.aanvraag_id),
        select(
            Vaststelling.aanvraag_id.label("id"), func.max(Vaststelling.briefdatum).label("dag")
        ).group_by(Vaststelling.aanvraag_id),
        select(Vaststelling.aanvraag_id.label("id"), func.max(Terugbetaling.datum).label("dag"))
        .join(Terugbetaling, Terugbetaling.vaststelling_id == Vaststelling.id)
        .group_by(Vaststelling.aanvraag_id),
        select(Besluit.aanvraag_id.label("id"), func.max(Besluit.besloten_op).label("dag"))
        .where(Besluit.toegekend_cents > 0)
        .group_by(Besluit.aanvraag_id),
    ]
    for query in queries:
        for row in session.execute(query):
            if row.dag is None:
                continue
            day = row.dag.date() if isinstance(row.dag, datetime) else row.dag
            ref[int(row.id)] = max(ref[int(row.id)], day)
    return dict(ref)


def boekjaar_einde(day: date) -> date:
    """The last day of the calendar year (the SWV's boekjaar) of ``day``."""
    return date(day.year, 12, 31)


def make_plan(session: Session, vandaag: date, termijnen: Termijnen | None = None) -> Plan:
    """What has passed its term on ``vandaag`` (reads only)."""
    t = termijnen or Termijnen.of(session)
    plan = Plan(vandaag=vandaag, termijnen=t)
    cut_leerling = add_years(vandaag, -t.leerling)
    cut_aanvraag = add_years(vandaag, -t.aanvraag)
    cut_financieel = add_years(vandaag, -t.financieel)

    pupils = sorted(i for i, day in _pupil_reference(session).items() if day < cut_leerling)
    pupil_set = set(pupils)
    money = _money_reference(session)
    decided = {int(i) for i in session.scalars(select(Besluit.aanvraag_id).distinct())}

    weg: list[int] = []
    pseudo: list[int] = []
    rows = session.execute(
        select(
            Aanvraag.id, Aanvraag.leerling_id, Aanvraag.gepseudonimiseerd_op, Schooljaar.eind_datum
        ).join(Schooljaar, Schooljaar.id == Aanvraag.schooljaar_id)
    )
    for row in rows:
        aid, eind, leerling_id = int(row.id), row.eind_datum, row.leerling_id
        fin = money.get(aid)
        fin_due = fin is None or boekjaar_einde(max(fin, eind)) < cut_financieel
        if eind < cut_aanvraag and fin_due:
            weg.append(aid)
        elif leerling_id in pupil_set and aid not in decided:
            weg.append(aid)  # never decided: nothing to keep, it goes with the pupil
        elif row.gepseudonimiseerd_op is None and (eind < cut_aanvraag or leerling_id in pupil_set):
            pseudo.append(aid)
    weg_set = set(weg)
    gone_or_pseudo = weg_set | set(pseudo)

    deelnames: list[int] = []
    for deelname in session.execute(
        select(GroepsplanLeerling.id, GroepsplanLeerling.leerling_id, Groepsplan.aanvraag_id).join(
            Groepsplan, Groepsplan.id == GroepsplanLeerling.groepsplan_id
        )
    ):
        if int(deelname.aanvraag_id) in weg_set:
            continue  # goes with its aanvraag
        if deelname.leerling_id in pupil_set or int(deelname.aanvraag_id) in gone_or_pseudo:
            deelnames.append(int(deelname.id))

    vso = [
        int(i)
        for i in session.scalars(
            select(VsoInzet.id)
            .join(Schooljaar, Schooljaar.id == VsoInzet.schooljaar_id)
            .where(Schooljaar.eind_datum < cut_aanvraag)
        )
    ]
    notities = [
        int(row.id)
        for row in session.execute(
            select(BudgetNotitie.id, Schooljaar.eind_datum).join(
                Schooljaar, Schooljaar.id == BudgetNotitie.schooljaar_id
            )
        )
        if boekjaar_einde(row.eind_datum) < cut_financieel
    ]

    cutoff = datetime.combine(add_years(vandaag, -t.audit), time.min, tzinfo=UTC)
    old_audit = [
        int(i) for i in session.scalars(select(AuditEntry.id).where(AuditEntry.op < cutoff))
    ]

    plan.ids = {
        ("aanvraag", "verwijderd"): sorted(weg),
        ("groepsplan_leerling", "verwijderd"): sorted(deelnames),
        ("aanvraag", "gepseudonimiseerd"): sorted(pseudo),
        ("leerling", "verwijderd"): pupils,
        ("vso_inzet", "verwijderd"): vso,
        ("budget_notitie", "verwijderd"): notities,
        ("audit_entry", "verwijderd"): old_audit,
    }
    plan.ids[("audit_entry", "gepseudonimiseerd")] = _audit_to_scrub(session, plan, set(old_audit))
    old_log = [int(i) for i in session.scalars(select(Toegang.id).where(Toegang.op < cutoff))]
    gone = set(old_log)
    plan.ids[("toegangslog", "gepseudonimiseerd")] = sorted(
        set(ids_where(session, Toegang.id, Toegang.leerling_id, pupils)) - gone
    )
    plan.ids[("toegangslog", "verwijderd")] = old_log
    return plan


def _audit_to_scrub(session: Session, plan: Plan, deleted: set[int]) -> list[int]:
    """The audit entries that hold a copy of what the plan deletes or pseudonymises."""
    targets: dict[str, set[int]] = defaultdict(set)
    aanvragen = plan.ids[("aanvraag", "verwijderd")] + plan.ids[("aanvraag", "gepseudonimiseerd")]
    for name, ids in aanvraag_children(session, aanvragen).items():
        targets[name].update(ids)
    for name, ids in leerling_children(session, plan.ids[("leerling", "verwijderd")]).items():
        targets[name].update(ids)
    targets["vso_inzet"].update(plan.ids[("vso_inzet", "verwijderd")])
    targets["budget_notitie"].update(plan.ids[("budget_notitie", "verwijderd")])
    found: set[int] = set()
    for entiteit, wanted in targets.items():
        for part in chunks(wanted):
            found.update(
                int(i)
                for i in session.scalars(
                    select(AuditEntry.id).where(
                        AuditEntry.entiteit == entiteit,
                        AuditEntry.entiteit_id.in_(part),
                        (AuditEntry.voor != "") | (AuditEntry.na != ""),
                    )
                )
            )
    return sorted(found - deleted)
